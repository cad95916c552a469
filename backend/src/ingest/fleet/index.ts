import type { CpeRuleSet } from '../../domain/normalizer';
import { deviceReportSchema, type DeviceReport } from '../deviceReport';
import { defaultReportId, ImportFormatError, type ImportOptions, isObject } from './common';
import { cyclonedxToDeviceReport } from './cyclonedx';
import { grypeToDeviceReport } from './grype';
import { osqueryToDeviceReport, type OsquerySoftwareTable } from './osquery';
import { shippedRules } from './shippedRules';
import { trivyToDeviceReport } from './trivy';

export { ImportFormatError, type ImportOptions } from './common';
export { cyclonedxToDeviceReport } from './cyclonedx';
export { grypeToDeviceReport } from './grype';
export { detectOsqueryTable, osqueryToDeviceReport, type OsqueryImportOptions } from './osquery';
export { trivyToDeviceReport } from './trivy';
export { rulesWithUserFile, shippedRules, SHIPPED_RULES_PATH } from './shippedRules';

export const FLEET_FORMATS = ['native', 'osquery', 'cyclonedx', 'trivy', 'grype'] as const;
export type FleetFormat = (typeof FLEET_FORMATS)[number];

export interface ToDeviceReportOptions extends ImportOptions {
  /** osquery: name→CPE rules used while the row context is at hand (default: the shipped rules). */
  rules?: CpeRuleSet;
  /** osquery: the table of rows whose columns do not say it. */
  table?: OsquerySoftwareTable;
  /** osquery: Linux distro for package URLs, e.g. "ubuntu-18.04". */
  distro?: string;
}

function looksLikeOsqueryLogLine(v: unknown): boolean {
  return isObject(v) && ('columns' in v || 'snapshot' in v || 'diffResults' in v);
}

/** Which importer fits a parsed document (or the raw text of an osquery result log). */
export function detectFormat(parsed: unknown): FleetFormat {
  if (typeof parsed === 'string') {
    const text = parsed.trim();
    if (text.startsWith('<')) {
      throw new ImportFormatError('XML input is not supported: export the BOM/report as JSON');
    }
    try {
      return detectFormat(JSON.parse(text));
    } catch (e) {
      if (e instanceof ImportFormatError) {
        throw e;
      }
    }
    const first = text.split(/\r?\n/).find((l) => l.trim());
    let line: unknown;
    try {
      line = first ? JSON.parse(first) : undefined;
    } catch {
      line = undefined;
    }
    if (looksLikeOsqueryLogLine(line)) {
      return 'osquery';
    }
    throw new ImportFormatError('not JSON, and not an osquery result log (one JSON object per line)');
  }
  if (Array.isArray(parsed)) {
    const first = parsed[0];
    if (isObject(first) && ('Target' in first || 'Vulnerabilities' in first) && !('name' in first)) {
      return 'trivy'; // SchemaVersion 1: the Trivy importer explains what to do
    }
    return 'osquery';
  }
  if (!isObject(parsed)) {
    throw new ImportFormatError('unrecognised input: expected a JSON object or array');
  }
  if (
    parsed.bomFormat === 'CycloneDX' ||
    (typeof parsed.specVersion === 'string' && 'components' in parsed && 'metadata' in parsed)
  ) {
    return 'cyclonedx';
  }
  if ('SchemaVersion' in parsed && ('Results' in parsed || 'ArtifactName' in parsed)) {
    return 'trivy';
  }
  if (Array.isArray(parsed.matches)) {
    return 'grype';
  }
  if (looksLikeOsqueryLogLine(parsed) || Array.isArray(parsed.rows)) {
    return 'osquery';
  }
  if (Array.isArray(parsed.devices)) {
    throw new ImportFormatError(
      'a batch of device reports ({devices: [...]}): ingest it as a batch, not as one device'
    );
  }
  if ('id' in parsed && ('software' in parsed || 'reportId' in parsed)) {
    return 'native';
  }
  throw new ImportFormatError(
    'unrecognised input: expected a native device report, osquery results, a CycloneDX BOM, Trivy JSON or Grype JSON'
  );
}

function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  }
  return out;
}

function validate(report: unknown, format: FleetFormat): DeviceReport {
  const r = deviceReportSchema.safeParse(report);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 5).map((i) => `${formatIssuePath(i.path) || '(report)'}: ${i.message}`);
    throw new ImportFormatError(`the ${format} input does not make a valid device report: ${issues.join('; ')}`);
  }
  return r.data;
}

function nativeReport(input: unknown, opts: ToDeviceReportOptions): unknown {
  if (!isObject(input)) {
    throw new ImportFormatError('a native device report must be a JSON object');
  }
  const out: Record<string, unknown> = { ...input };
  if (opts.deviceId) {
    out.id = opts.deviceId;
  }
  if (opts.deviceName) {
    out.computerDnsName = opts.deviceName;
  }
  if (opts.rbacGroupName) {
    out.rbacGroupName = opts.rbacGroupName;
  }
  if (opts.osPlatform) {
    out.osPlatform = opts.osPlatform;
  }
  if (opts.reportId) {
    out.reportId = opts.reportId;
  } else if (out.reportId === undefined && typeof out.id === 'string') {
    out.reportId = defaultReportId('native', input, out.id);
  }
  return out;
}

/**
 * Imports one device's data in the given format and returns a validated native device report
 * (deviceReportSchema). Throws ImportFormatError naming what is wrong and where.
 */
export function toDeviceReport(format: FleetFormat, parsed: unknown, opts: ToDeviceReportOptions = {}): DeviceReport {
  let input = parsed;
  if (typeof parsed === 'string' && format !== 'osquery') {
    try {
      input = JSON.parse(parsed);
    } catch (e) {
      throw new ImportFormatError(`not valid JSON: ${(e as Error).message}`);
    }
  }
  switch (format) {
    case 'native':
      return validate(nativeReport(input, opts), format);
    case 'osquery':
      return validate(osqueryToDeviceReport(input, { ...opts, rules: opts.rules ?? shippedRules() }), format);
    case 'cyclonedx':
      return validate(cyclonedxToDeviceReport(input, opts), format);
    case 'trivy':
      return validate(trivyToDeviceReport(input, opts), format);
    case 'grype':
      return validate(grypeToDeviceReport(input, opts), format);
    default:
      throw new ImportFormatError(`unknown format ${JSON.stringify(format)} (expected ${FLEET_FORMATS.join(', ')})`);
  }
}
