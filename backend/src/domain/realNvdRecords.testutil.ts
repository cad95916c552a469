/**
 * Test support (not production code): the real NVD records of ../shared/data, read in place.
 * Used by cpe.test.ts and nvdMatch.test.ts; only call these inside describeWithSharedData.
 */
import fs from 'fs';

import { readSharedJson, sharedDataPath } from '../test-support/sharedData';
import type { Configuration, CpeMatchCriterion } from './types';

export interface RealRecord {
  /** Path under shared/data, e.g. `nvd-cve-api-2.0/CVE-2024-4671.json`. */
  file: string;
  id: string;
  configurations: Configuration[];
}

export const NVD_DIR = 'nvd-cve-api-2.0';
export const GRYPE_DIR = 'grype/nvd-testdata';

/** The one criteria string of the data set that is not a CPE 2.3 formatted string (unquoted `::`). */
export const INVALID_CRITERIA = 'cpe:2.3:a:soap::lite_project:soap::lite:*:*:*:*:*:perl:*:*';

/** Every record of both directories: bare `cve` objects and `{cve: {...}}` wrappers alike. */
export function realRecords(): RealRecord[] {
  const out: RealRecord[] = [];
  for (const dir of [NVD_DIR, GRYPE_DIR]) {
    for (const name of fs
      .readdirSync(sharedDataPath(dir))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const json = readSharedJson<{
        cve?: { id: string; configurations?: Configuration[] };
        id?: string;
        configurations?: Configuration[];
      }>(dir, name);
      const cve = (json.cve ?? json) as { id: string; configurations?: Configuration[] };
      out.push({ file: `${dir}/${name}`, id: cve.id, configurations: cve.configurations ?? [] });
    }
  }
  return out;
}

export function realRecord(file: string): RealRecord {
  const r = realRecords().find((x) => x.file === file || x.file.endsWith(`/${file}`));
  if (!r) {
    throw new Error(`no shared record ${file}`);
  }
  return r;
}

/** Every cpeMatch entry of a record, with where it sits. */
export function entriesOf(r: RealRecord): Array<{ entry: CpeMatchCriterion; config: number; node: number }> {
  const out: Array<{ entry: CpeMatchCriterion; config: number; node: number }> = [];
  r.configurations.forEach((c, ci) =>
    c.nodes.forEach((n, ni) => n.cpeMatch.forEach((entry) => out.push({ entry, config: ci, node: ni })))
  );
  return out;
}
