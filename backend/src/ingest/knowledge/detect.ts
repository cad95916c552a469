import zlib from 'zlib';
import type { KnowledgeFeed } from './errors';
import { isGzip } from './input';

/** How much of a document detection looks at (decompressed). */
const HEAD_BYTES = 64 * 1024;

/** The first HEAD_BYTES of the document, decompressing only what that needs (a truncated gzip is fine). */
function head(buffer: Uint8Array): string {
  let bytes: Uint8Array = buffer;
  if (isGzip(buffer)) {
    try {
      // Z_SYNC_FLUSH: decompress what the prefix holds instead of failing on the missing end.
      bytes = zlib.gunzipSync(buffer.subarray(0, HEAD_BYTES), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch {
      return '';
    }
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, HEAD_BYTES)).toString('utf8');
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trimStart();
}

function fromFilename(filename: string | undefined): KnowledgeFeed | null {
  const base = (filename ?? '').split(/[\\/]/).pop()?.toLowerCase() ?? '';
  if (base === '') {
    return null;
  }
  if (base.includes('known_exploited') || /(^|[^a-z])kev([^a-z]|$)/.test(base)) {
    return 'kev';
  }
  if (base.includes('epss')) {
    return 'epss';
  }
  if (base.includes('nvd') || /^cve-\d{4}-\d{4,}/.test(base)) {
    return 'nvd';
  }
  return null;
}

/**
 * Which knowledge feed a document is — NVD CVE API 2.0 JSON, CISA KEV (JSON or CSV) or EPSS CSV — from its
 * first 64 KiB (gunzipped when needed); the file name only settles documents the content leaves ambiguous.
 * null when it is none of them. Detection is a hint: the parser still validates everything.
 */
export function detectKnowledgeFeed(buffer: Uint8Array | string, filename?: string): KnowledgeFeed | null {
  const text =
    typeof buffer === 'string'
      ? buffer
          .slice(0, HEAD_BYTES)
          .replace(/^\uFEFF/, '')
          .trimStart()
      : head(buffer);
  if (text === '') {
    return null;
  }
  const firstLine = text.slice(0, text.search(/\r?\n|$/)).trim();
  const firstLower = firstLine.toLowerCase();

  if (text.startsWith('{') || text.startsWith('[')) {
    // Keys with the value types of the feeds themselves (a JSON Schema names the same keys with objects).
    if (/"catalogVersion"\s*:\s*"|"cveID"\s*:\s*"CVE-|"knownRansomwareCampaignUse"\s*:\s*"/.test(text)) {
      return 'kev';
    }
    if (
      /"format"\s*:\s*"NVD_CVE"|"vulnStatus"\s*:\s*"|"sourceIdentifier"\s*:\s*"|"cvssMetricV(?:2|30|31|40)"\s*:\s*\[/.test(
        text
      )
    ) {
      return 'nvd';
    }
    const byName = fromFilename(filename);
    return byName === 'epss' ? null : byName;
  }
  if (firstLower.startsWith('#model_version') || firstLower.startsWith('#score_date')) {
    return 'epss';
  }
  const columns = firstLower.split(',').map((c) => c.trim());
  if (columns[0] === 'cveid' && columns.includes('vendorproject') && columns.includes('duedate')) {
    return 'kev';
  }
  if (columns[0] === 'cve' && columns.includes('epss')) {
    return 'epss';
  }
  return null;
}
