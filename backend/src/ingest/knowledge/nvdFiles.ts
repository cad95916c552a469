import fs from 'fs';
import path from 'path';
import type { CveRecord } from '../../domain/types';
import { FeedFormatError } from './errors';
import { MAX_DOCUMENT_BYTES } from './input';
import { parseNvdDocumentDetailed, type NvdWarning } from './nvd';

/**
 * Reads NVD CVE API 2.0 JSON from disk: one `.json` / `.json.gz` file, or a directory searched recursively
 * for such files (an fkie-cad/nvd-json-data-feeds checkout, a folder of API pages or of NVD's yearly
 * `nvdcve-2.0-YYYY.json.gz` feeds). Files are read in sorted path order so imports are deterministic.
 * Entries whose name starts with `.` (`.git`, `._foo.json`) are skipped; symbolic links are followed
 * (each real directory once). `.json.xz` is not supported (Node has no xz decoder).
 *
 * All or nothing: the first bad file throws a FeedFormatError whose origin is that file, and the caller
 * rejects the whole import. The same CVE may appear in several files; every copy is returned (the store
 * keeps the newest lastModified).
 */

export interface NvdPathResult {
  records: CveRecord[];
  files: number;
  /** Non-fatal findings (CVSS cross-checks, dropped non-web links), with `path` prefixed by the file. */
  warnings: NvdWarning[];
}

function isNvdFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.json') || lower.endsWith('.json.gz');
}

async function collectFiles(dir: string, seen: Set<string>, out: string[]): Promise<void> {
  const real = await fs.promises.realpath(dir);
  if (seen.has(real)) {
    return;
  }
  seen.add(real);
  const entries = await fs.promises.readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (e.name.startsWith('.')) {
      continue;
    }
    const full = path.join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      const st = await fs.promises.stat(full).catch(() => null);
      isDir = st?.isDirectory() ?? false;
      isFile = st?.isFile() ?? false;
    }
    if (isDir) {
      await collectFiles(full, seen, out);
    } else if (isFile && isNvdFileName(e.name)) {
      out.push(full);
    }
  }
}

/** The `.json` / `.json.gz` files `target` designates, sorted (code-unit order, not locale order). */
export async function listNvdFiles(target: string): Promise<string[]> {
  const st = await fs.promises.stat(target);
  if (st.isFile()) {
    return [target];
  }
  if (!st.isDirectory()) {
    throw new Error(`${target} is neither a file nor a directory`);
  }
  const files: string[] = [];
  await collectFiles(target, new Set(), files);
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function readNvdPath(
  target: string,
  onProgress?: (done: number, total: number) => void
): Promise<NvdPathResult> {
  const files = await listNvdFiles(target);
  const records: CveRecord[] = [];
  const warnings: NvdWarning[] = [];
  let done = 0;
  for (const file of files) {
    const st = await fs.promises.stat(file);
    if (st.size > MAX_DOCUMENT_BYTES) {
      throw new FeedFormatError('nvd', file, '', `file is larger than ${MAX_DOCUMENT_BYTES} bytes`);
    }
    const bytes = await fs.promises.readFile(file);
    // parseNvdDocumentDetailed gunzips by magic number and throws FeedFormatError with `file` as origin.
    const result = parseNvdDocumentDetailed(bytes, file);
    for (const r of result.records) {
      records.push(r);
    }
    for (const w of result.warnings) {
      warnings.push({ ...w, path: `${file}: ${w.path}` });
    }
    done++;
    onProgress?.(done, files.length);
  }
  return { records, files: files.length, warnings };
}
