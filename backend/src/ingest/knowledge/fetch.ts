/**
 * Fetching the knowledge feeds from their publishers over HTTP(S): the NVD CVE API 2.0 (paged, rate
 * limited, incremental by last-modified window), the CISA KEV catalog and the FIRST EPSS daily file
 * (gzip). Bodies are handed to the same parsers as files, so a URL import is all or nothing too.
 *
 * Everything time-related is injectable (fetch, clock, sleep) so tests run against a local server
 * without waiting.
 */
import type { CveRecord } from '../../domain/types';
import { FeedFormatError, type KnowledgeFeed } from './errors';
import { MAX_DOCUMENT_BYTES, parseJsonInput } from './input';
import { nvdPageInfo, parseNvdDocumentDetailed, type NvdWarning } from './nvd';

/** Where the feeds are published (vulnerability-data.md §1.1, §1.3, §1.4). */
export const FEED_URLS: Readonly<Record<KnowledgeFeed, string>> = {
  nvd: 'https://services.nvd.nist.gov/rest/json/cves/2.0',
  kev: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
  epss: 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz',
};

/** NVD's public rate limits: requests per rolling 30 seconds, without and with an API key. */
export const NVD_RATE_LIMIT = { windowMs: 30_000, withoutKey: 5, withKey: 50 } as const;
/** The NVD API accepts last-modified ranges of at most 120 consecutive days. */
export const NVD_MAX_RANGE_DAYS = 120;
/** NVD's maximum page size. */
export const NVD_MAX_PAGE = 2000;

const DAY_MS = 86_400_000;
const RETRYABLE = new Set([403, 429, 500, 502, 503, 504]);

/** A feed that could not be fetched: the URL, what went wrong, and what to do about it. */
export class FeedFetchError extends Error {
  override readonly name = 'FeedFetchError';
  constructor(
    readonly url: string,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown }
  ) {
    super(message, options);
  }
}

export interface FetchDeps {
  fetch?: typeof fetch;
  /** Milliseconds since the epoch (rate limiting, the end of the last window). */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Per request. */
  timeoutMs?: number;
  /** Attempts per request when the server is busy or the network fails. */
  attempts?: number;
}

export const isFeedUrl = (s: string): boolean => /^https?:\/\//i.test(s.trim());

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The URL without credentials or an API key (for logs and the feed state). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    for (const key of [...u.searchParams.keys()]) {
      if (/key|token|secret/i.test(key)) {
        u.searchParams.set(key, 'redacted');
      }
    }
    return u.toString();
  } catch {
    return url;
  }
}

function hint(status: number, nvd: boolean): string {
  if (status === 404) {
    return nvd
      ? ' Check the URL (the CVE API is https://services.nvd.nist.gov/rest/json/cves/2.0) and NVD_API_KEY: NVD answers 404 to an unknown key.'
      : ' Check the URL.';
  }
  if (status === 403 || status === 429) {
    return nvd
      ? ' NVD rate-limits requests (5 per 30 s without a key, 50 with one): set NVD_API_KEY (free at https://nvd.nist.gov/developers/request-an-api-key) or retry later.'
      : ' The server refused the request: retry later.';
  }
  if (status === 401) {
    return ' The server asks for credentials.';
  }
  return status >= 500 ? ' The server is failing: retry later.' : '';
}

/** Reads a response body with a size limit (a gzip bomb is stopped later, by the parsers). */
async function readBody(res: Response, url: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_DOCUMENT_BYTES) {
    throw new FeedFetchError(
      url,
      `GET ${redactUrl(url)}: the body is ${declared} bytes, more than the ${MAX_DOCUMENT_BYTES} accepted`
    );
  }
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > MAX_DOCUMENT_BYTES) {
    throw new FeedFetchError(
      url,
      `GET ${redactUrl(url)}: the body is larger than the ${MAX_DOCUMENT_BYTES} bytes accepted`
    );
  }
  return body;
}

interface GetOptions extends FetchDeps {
  headers?: Record<string, string>;
  nvd?: boolean;
  /** Called before every attempt (the NVD rate limiter waits here). */
  beforeAttempt?: () => Promise<void>;
}

/**
 * GETs a URL: retries busy answers (403/429/5xx, honouring Retry-After) and network failures with
 * exponential backoff, then fails with a FeedFetchError saying what happened and what to do.
 */
export async function httpGet(url: string, opts: GetOptions = {}): Promise<Buffer> {
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? defaultSleep;
  const attempts = Math.max(1, opts.attempts ?? 4);
  let lastError = '';
  let lastStatus: number | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await opts.beforeAttempt?.();
    let res: Response;
    try {
      res = await doFetch(url, {
        headers: { 'User-Agent': 'grafana-tvm', Accept: '*/*', ...opts.headers },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000),
        redirect: 'follow',
      });
    } catch (err) {
      const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
      lastError = `${(err as Error).name === 'TimeoutError' ? 'timed out' : 'network error'}: ${cause?.code ?? cause?.message ?? (err as Error).message}`;
      lastStatus = undefined;
      if (attempt < attempts) {
        await sleep(Math.min(60_000, 2000 * 2 ** (attempt - 1)));
      }
      continue;
    }
    if (res.ok) {
      return readBody(res, url);
    }
    lastStatus = res.status;
    // NVD explains refusals in a `message` header; other servers in a short body.
    const detail = res.headers.get('message') ?? (await res.text().catch(() => '')).trim().slice(0, 200);
    lastError = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${detail ? ` (${detail})` : ''}`;
    if (!RETRYABLE.has(res.status) || attempt === attempts) {
      break;
    }
    const retryAfter = Number(res.headers.get('retry-after'));
    await sleep(
      Number.isFinite(retryAfter) && retryAfter > 0
        ? Math.min(retryAfter, 300) * 1000
        : Math.min(60_000, 6000 * 2 ** (attempt - 1))
    );
  }
  throw new FeedFetchError(
    url,
    `GET ${redactUrl(url)} failed: ${lastError}.${lastStatus !== undefined ? hint(lastStatus, opts.nvd === true) : ' Check the network and proxy settings (HTTPS_PROXY is not used by Node).'}`,
    lastStatus
  );
}

/** Fetches a KEV or EPSS file (or an NVD document at a plain URL) as bytes, plain or gzipped. */
export function fetchFeed(url: string, deps: FetchDeps = {}): Promise<Buffer> {
  return httpGet(url, deps);
}

/**
 * A rolling-window limiter: at most `max` acquisitions in any `windowMs`; `acquire` waits (with the
 * injected sleep) until one is free.
 */
export class RateLimiter {
  private readonly times: number[] = [];
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep
  ) {}

  async acquire(): Promise<void> {
    for (;;) {
      const t = this.now();
      while (this.times.length && this.times[0] <= t - this.windowMs) {
        this.times.shift();
      }
      if (this.times.length < this.max) {
        this.times.push(t);
        return;
      }
      await this.sleep(this.times[0] + this.windowMs - t + 50);
    }
  }
}

/** Whether an NVD API URL carries filters of its own (cveId, hasKev, pubStartDate…), beyond paging. */
export function hasOwnFilters(url: string): boolean {
  return [...new URL(url).searchParams.keys()].some((k) => !['resultsPerPage', 'startIndex'].includes(k));
}

export interface NvdWindow {
  /** lastModStartDate / lastModEndDate of the window; null for a request with its own filters. */
  start: string | null;
  end: string | null;
}

export interface NvdFetchOptions extends FetchDeps {
  /** The CVE API URL; query parameters of its own (cveId, hasKev, pubStartDate…) are kept. */
  url?: string;
  apiKey?: string;
  /** Fetch records modified since then (split into windows of at most 120 days), up to `until`. */
  since?: string | null;
  until?: string;
  resultsPerPage?: number;
  /** Pages fetched so far in the current window, and the window's total results. */
  onPage?: (fetched: number, total: number, window: NvdWindow) => void;
}

export interface NvdWindowResult {
  window: NvdWindow;
  records: CveRecord[];
  warnings: NvdWarning[];
  pages: number;
}

/** [since, until] in windows of at most 120 days, oldest first (NVD rejects longer ranges). */
export function nvdWindows(since: string, until: string): NvdWindow[] {
  const from = Date.parse(since);
  const to = Date.parse(until);
  if (Number.isNaN(from) || Number.isNaN(to)) {
    throw new Error(`--since/--until must be ISO-8601 dates, not "${since}" / "${until}"`);
  }
  if (from > to) {
    throw new Error(`--since (${since}) is after --until (${until})`);
  }
  const out: NvdWindow[] = [];
  for (let start = from; ; start += NVD_MAX_RANGE_DAYS * DAY_MS) {
    const end = Math.min(to, start + NVD_MAX_RANGE_DAYS * DAY_MS);
    out.push({ start: new Date(start).toISOString(), end: new Date(end).toISOString() });
    if (end >= to) {
      return out;
    }
  }
}

/**
 * Fetches the NVD CVE API 2.0 window by window, each window page by page (startIndex /
 * resultsPerPage), within NVD's rate limit, and yields each window's records once all its pages are in:
 * the caller imports a window whole or not at all. Without `since` (and without filters in the URL)
 * it downloads every record in one window.
 */
export async function* fetchNvd(opts: NvdFetchOptions = {}): AsyncGenerator<NvdWindowResult> {
  const base = new URL(opts.url ?? FEED_URLS.nvd);
  const pageSize = Math.min(NVD_MAX_PAGE, Math.max(1, opts.resultsPerPage ?? NVD_MAX_PAGE));
  const now = opts.clock ?? Date.now;
  const limiter = new RateLimiter(
    opts.apiKey ? NVD_RATE_LIMIT.withKey : NVD_RATE_LIMIT.withoutKey,
    NVD_RATE_LIMIT.windowMs,
    now,
    opts.sleep ?? defaultSleep
  );
  const windows: NvdWindow[] =
    hasOwnFilters(base.toString()) || !opts.since
      ? [{ start: null, end: null }]
      : nvdWindows(opts.since, opts.until ?? new Date(now()).toISOString());
  for (const window of windows) {
    const records: CveRecord[] = [];
    const warnings: NvdWarning[] = [];
    let startIndex = 0;
    let total = Infinity;
    let pages = 0;
    while (startIndex < total) {
      const u = new URL(base);
      if (window.start && window.end) {
        u.searchParams.set('lastModStartDate', window.start);
        u.searchParams.set('lastModEndDate', window.end);
      }
      u.searchParams.set('resultsPerPage', String(pageSize));
      u.searchParams.set('startIndex', String(startIndex));
      const url = u.toString();
      const body = await httpGet(url, {
        ...opts,
        nvd: true,
        headers: opts.apiKey ? { apiKey: opts.apiKey } : {},
        beforeAttempt: () => limiter.acquire(),
      });
      const origin = redactUrl(url);
      const doc = parseJsonInput(body, 'nvd', origin);
      const info = nvdPageInfo(doc);
      if (!info) {
        throw new FeedFormatError(
          'nvd',
          origin,
          '',
          'not an NVD CVE API 2.0 response page (no totalResults/vulnerabilities)'
        );
      }
      const page = parseNvdDocumentDetailed(doc, origin);
      pages++;
      records.push(...page.records);
      warnings.push(...page.warnings);
      total = info.totalResults;
      if (page.records.length === 0 && startIndex < total) {
        throw new FeedFormatError(
          'nvd',
          origin,
          '',
          `empty page at startIndex ${startIndex} of ${total} results: the answer is incomplete; retry later`
        );
      }
      startIndex += page.records.length;
      opts.onPage?.(startIndex, total, window);
    }
    yield { window, records, warnings, pages };
  }
}
