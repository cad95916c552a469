import zlib from 'zlib';
import { z } from 'zod';
import { FeedFormatError, formatPath, type KnowledgeFeed } from './errors';

/**
 * Decoding shared by the knowledge parsers: raw bytes (plain or gzipped) → text → JSON, and zod issues →
 * FeedFormatError.
 */

/**
 * Largest decompressed document accepted (bytes). V8 cannot hold a longer string anyway (its limit is
 * ~512 MiB of UTF-16), and this stops a gzip bomb before it exhausts memory.
 */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

export function gunzip(buf: Uint8Array, feed: KnowledgeFeed, origin: string): Buffer {
  try {
    return zlib.gunzipSync(buf, { maxOutputLength: MAX_DOCUMENT_BYTES });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (e instanceof RangeError || /maxOutputLength|buffer.*(larger|exceed)/i.test(msg)) {
      throw new FeedFormatError(feed, origin, '', `decompressed document exceeds ${MAX_DOCUMENT_BYTES} bytes`, {
        cause: e,
      });
    }
    throw new FeedFormatError(feed, origin, '', `corrupt or truncated gzip data: ${msg}`, { cause: e });
  }
}

/** Bytes (gunzipped when they start with the gzip magic) or a string → text without a BOM. */
export function toText(input: string | Uint8Array, feed: KnowledgeFeed, origin: string): string {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    const bytes = isGzip(input) ? gunzip(input, feed, origin) : input;
    if (bytes.length > MAX_DOCUMENT_BYTES) {
      throw new FeedFormatError(feed, origin, '', `document exceeds ${MAX_DOCUMENT_BYTES} bytes`);
    }
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function isBytes(input: unknown): input is Uint8Array {
  return input instanceof Uint8Array;
}

/** JSON text/bytes → value; anything else is taken as already-parsed JSON. */
export function parseJsonInput(input: unknown, feed: KnowledgeFeed, origin: string): unknown {
  if (typeof input !== 'string' && !isBytes(input)) {
    return input;
  }
  const text = toText(input, feed, origin);
  if (text.trim() === '') {
    throw new FeedFormatError(feed, origin, '', 'empty document');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new FeedFormatError(feed, origin, '', `malformed JSON: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
}

/** The first zod issue as a FeedFormatError (with the count of further issues, if any). */
export function zodError(feed: KnowledgeFeed, origin: string, prefix: string, error: z.ZodError): FeedFormatError {
  const [first] = error.issues;
  const more = error.issues.length - 1;
  const path = formatPath(prefix, first?.path ?? []);
  const reason = `${first?.message ?? 'invalid'}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`;
  return new FeedFormatError(feed, origin, path, reason, { cause: error });
}

/** `YYYY-MM-DD` that is a real calendar date (Date.parse alone rolls 2024-02-30 over to March). */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) {
    return false;
  }
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** zod: a `YYYY-MM-DD` calendar date. */
export const ymdDate = z
  .string()
  .max(10)
  .refine(
    (s) => {
      const m = DATE_RE.exec(s);
      return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
    },
    { message: 'must be a YYYY-MM-DD date' }
  );

const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An ISO-8601 date-time → ISO UTC with `Z` (`toISOString`, millisecond precision), or null when it is not
 * one. Without a zone the time is taken as UTC (NVD's convention), never as the host's local time.
 */
export function normaliseDateTime(s: string): string | null {
  const m = DATE_TIME_RE.exec(s);
  if (!m) {
    return null;
  }
  const [, y, mo, d, h, mi, sec = '00', frac = '', zone] = m;
  if (!isCalendarDate(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) {
    return null;
  }
  let z = zone ?? 'Z';
  if (/^[+-]\d{4}$/.test(z)) {
    z = `${z.slice(0, 3)}:${z.slice(3)}`;
  }
  const ms = frac === '' ? '' : `.${frac.slice(1, 4).padEnd(3, '0')}`;
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}${ms}${z.toUpperCase()}`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** zod: an ISO-8601 date-time (zone optional, UTC when absent), kept as given. */
export const isoDateTime = z
  .string()
  .max(64)
  .refine((s) => normaliseDateTime(s) !== null, {
    message: 'must be an ISO-8601 date-time (YYYY-MM-DDTHH:MM:SS[.fff][Z|±hh:mm])',
  });

export const CVE_ID_RE = /^CVE-\d{4}-\d{4,19}$/;

/** zod: a CVE id, CVE-YYYY-NNNN with 4 to 19 digits (CISA's schema pattern). */
export const cveIdSchema = z
  .string()
  .max(32, 'must be a CVE id like CVE-2024-12345')
  .regex(CVE_ID_RE, 'must be a CVE id like CVE-2024-12345');
