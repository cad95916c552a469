import { FeedFormatError } from './errors';

/**
 * Test helpers for the knowledge parsers (imported by *.test.ts only).
 */

/** A minimal valid NVD `cve` object; `overrides` replace top-level fields (undefined deletes one). */
export function makeCve(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: 'CVE-2024-0001',
    sourceIdentifier: 'cve@mitre.org',
    published: '2024-05-14T15:44:15.573',
    lastModified: '2024-06-01T00:00:00.000',
    vulnStatus: 'Analyzed',
    descriptions: [
      { lang: 'es', value: 'Descripción' },
      { lang: 'en', value: 'English description' },
    ],
    metrics: {},
    references: [],
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) {
      delete base[k];
    } else {
      base[k] = v;
    }
  }
  return base;
}

/** A v3.x metric entry as NVD writes it. */
export function v3(
  version: '3.0' | '3.1',
  vector: string,
  baseScore: number,
  type: 'Primary' | 'Secondary' = 'Primary',
  source = 'nvd@nist.gov'
) {
  return {
    source,
    type,
    cvssData: { version, vectorString: `CVSS:${version}/${vector}`, baseScore, baseSeverity: 'HIGH' },
    exploitabilityScore: 1,
    impactScore: 1,
  };
}

export function v4(
  vector: string,
  baseScore: number,
  type: 'Primary' | 'Secondary' = 'Secondary',
  source = 'cna@example.com'
) {
  return {
    source,
    type,
    cvssData: { version: '4.0', vectorString: `CVSS:4.0/${vector}`, baseScore, baseSeverity: 'HIGH' },
  };
}

export function v2(
  vector: string,
  baseScore: number,
  baseSeverity?: string,
  type: 'Primary' | 'Secondary' = 'Primary'
) {
  return {
    source: 'nvd@nist.gov',
    type,
    cvssData: { version: '2.0', vectorString: vector, baseScore },
    ...(baseSeverity ? { baseSeverity } : {}),
  };
}

/** Runs `fn`, expecting a FeedFormatError; returns it for further assertions. */
export function feedError(fn: () => unknown): FeedFormatError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FeedFormatError) {
      return e;
    }
    throw new Error(`expected a FeedFormatError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  throw new Error('expected a FeedFormatError, but nothing was thrown');
}

export async function feedErrorAsync(p: Promise<unknown>): Promise<FeedFormatError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FeedFormatError) {
      return e;
    }
    throw new Error(`expected a FeedFormatError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  throw new Error('expected a FeedFormatError, but nothing was rejected');
}
