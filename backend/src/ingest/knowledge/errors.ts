/** The knowledge feeds this folder parses. */
export type KnowledgeFeed = 'nvd' | 'kev' | 'epss';

/**
 * A knowledge feed document that is not what it claims to be (malformed JSON/CSV, wrong types, bad ids,
 * truncated, duplicated…). Parsers never return part of a bad document: one bad record rejects the whole
 * feed, so callers keep the previous good import.
 *
 * `path` locates the problem: a JSON path such as `vulnerabilities[12].cve.configurations[0].nodes[1]`
 * for JSON feeds, `line 57` / `line 57, column epss` for CSV feeds, '' when it concerns the whole document.
 * `message` always names the feed, the origin and the path, followed by the problem (`reason`).
 */
export class FeedFormatError extends Error {
  override readonly name = 'FeedFormatError';
  readonly feed: KnowledgeFeed;
  /** Where the document came from: a file path, a URL or a label given by the caller. */
  readonly origin: string;
  readonly path: string;
  /** The problem alone, without feed/origin/path. */
  readonly reason: string;
  /** 1-based line number for CSV feeds. */
  readonly line?: number;

  constructor(
    feed: KnowledgeFeed,
    origin: string,
    path: string,
    reason: string,
    options?: { line?: number; cause?: unknown }
  ) {
    super(
      `${feed} feed ${origin}: ${path ? `${path}: ` : ''}${reason}`,
      options?.cause === undefined ? undefined : { cause: options.cause }
    );
    this.feed = feed;
    this.origin = origin;
    this.path = path;
    this.reason = reason;
    if (options?.line !== undefined) {
      this.line = options.line;
    }
  }
}

/** `['vulnerabilities', 12, 'cve', 'id']` → `vulnerabilities[12].cve.id` (appended to `prefix`). */
export function formatPath(prefix: string, segments: readonly PropertyKey[]): string {
  let out = prefix;
  for (const s of segments) {
    if (typeof s === 'number') {
      out += `[${s}]`;
    } else {
      const key = String(s);
      out += out === '' ? key : `.${key}`;
    }
  }
  return out;
}
