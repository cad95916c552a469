import { z } from 'zod';

/**
 * The native device report (DESIGN §4): a full snapshot of one device. Every importer
 * (osquery, CycloneDX, Trivy, Grype) produces this shape, so the engine has one ingest path.
 */

const MAX_TEXT = 512;
const text = (max = MAX_TEXT) => z.string().trim().min(1).max(max);
const isoDate = z
  .string()
  .max(64)
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO-8601 date-time' });

export const DEVICE_VALUES = ['Low', 'Normal', 'High'] as const;
export const CONFIG_STATUSES = ['compliant', 'noncompliant', 'notApplicable'] as const;
export const SEVERITIES = ['Critical', 'High', 'Medium', 'Low', 'Informational'] as const;
export const SCANNERS = ['trivy', 'grype', 'cyclonedx'] as const;

/** Version strings longer than this are not versions (protects the comparator and the indexes). */
export const MAX_VERSION_LENGTH = 128;
export const MAX_SOFTWARE_PER_DEVICE = 20000;

export const softwareItemSchema = z
  .object({
    /** CPE vendor (e.g. "google"); with `name` it identifies the product without a full CPE. */
    vendor: text(128).optional(),
    /** Product name: a CPE product ("chrome") or a display name ("Google Chrome"). */
    name: text(),
    version: z
      .string()
      .trim()
      .max(MAX_VERSION_LENGTH, `must be at most ${MAX_VERSION_LENGTH} characters`)
      .regex(/^[\x20-\x7e]*$/, 'must be printable ASCII')
      .default(''),
    cpe: z
      .string()
      .trim()
      .max(1024)
      .regex(/^cpe:2\.3:[aoh]:/i, 'must be a CPE 2.3 formatted string (cpe:2.3:a|o|h:...)')
      .optional(),
    purl: z.string().trim().max(2048).regex(/^pkg:/, 'must be a package URL (pkg:type/...)').optional(),
    displayName: text().optional(),
    publisher: text().optional(),
    /** CPE sw_edition, e.g. "esr" for Firefox ESR. */
    edition: text(64).optional(),
    /** Where the item came from: programs, deb_packages, rpm_packages, apps, cyclonedx, trivy, ... */
    source: text(64).optional(),
    arch: text(64).optional(),
  })
  .strict();

export const configurationResultSchema = z
  .object({
    id: text(128),
    status: z.enum(CONFIG_STATUSES),
  })
  .strict();

export const alertSchema = z
  .object({
    id: text(256),
    severity: z.enum(SEVERITIES),
    title: text(1024),
    status: z.enum(['New', 'InProgress', 'Resolved']).default('New'),
    createdOn: isoDate,
    cves: z
      .array(z.string().regex(/^CVE-\d{4}-\d{4,}$/, 'must be a CVE id'))
      .max(1000)
      .default([]),
  })
  .strict();

/** A finding a scanner (Trivy, Grype, CycloneDX VEX) already made: taken as it is, not re-matched. */
export const scannerFindingSchema = z
  .object({
    scanner: z.enum(SCANNERS),
    /** CVE-… when there is one, else the advisory id (GHSA-…, ALAS-…). */
    vulnerabilityId: text(128),
    aliases: z.array(text(128)).max(100).default([]),
    packageName: text(),
    installedVersion: z.string().max(MAX_VERSION_LENGTH).default(''),
    fixedVersion: z.string().max(1024).optional(),
    purl: z.string().max(2048).optional(),
    severity: z.enum([...SEVERITIES, 'Unknown']).default('Unknown'),
    cvssScore: z.number().min(0).max(10).optional(),
    cvssVector: z.string().max(256).optional(),
    title: z.string().max(4096).optional(),
    /** VEX: not_affected / false_positive findings are kept but suppressed. */
    suppressed: z.boolean().default(false),
  })
  .strict();

export const deviceReportSchema = z
  .object({
    reportId: text(128),
    id: text(256).regex(/^[^\u0000-\u001f]+$/, 'must not contain control characters'),
    computerDnsName: text(253).optional(),
    osPlatform: text(64).optional(),
    osVersion: text(128).optional(),
    osArchitecture: text(32).optional(),
    lastSeen: isoDate.optional(),
    rbacGroupName: text(256).optional(),
    machineTags: z.array(text(128)).max(100).default([]),
    deviceValue: z.enum(DEVICE_VALUES).optional(),
    internetFacing: z.boolean().optional(),
    software: z.array(softwareItemSchema).max(MAX_SOFTWARE_PER_DEVICE).default([]),
    configurations: z.array(configurationResultSchema).max(5000).optional(),
    alerts: z.array(alertSchema).max(5000).optional(),
    findings: z.array(scannerFindingSchema).max(100000).optional(),
  })
  .strict();

export const MAX_DEVICES_PER_BATCH = 5000;

export const deviceBatchSchema = z
  .object({
    devices: z.array(deviceReportSchema).min(1, 'must hold at least one device report').max(MAX_DEVICES_PER_BATCH),
  })
  .strict()
  .superRefine((batch, ctx) => {
    const seenReports = new Map<string, number>();
    const seenDevices = new Map<string, number>();
    batch.devices.forEach((d, i) => {
      const r = seenReports.get(d.reportId);
      if (r !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['devices', i, 'reportId'],
          message: `duplicates devices[${r}].reportId`,
        });
      }
      seenReports.set(d.reportId, i);
      const dv = seenDevices.get(d.id);
      if (dv !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['devices', i, 'id'],
          message: `duplicates devices[${dv}].id: one snapshot per device per batch`,
        });
      }
      seenDevices.set(d.id, i);
    });
  });

export type SoftwareItem = z.infer<typeof softwareItemSchema>;
export type ConfigurationResult = z.infer<typeof configurationResultSchema>;
export type DeviceAlert = z.infer<typeof alertSchema>;
export type ScannerFinding = z.infer<typeof scannerFindingSchema>;
export type DeviceReport = z.infer<typeof deviceReportSchema>;
export type DeviceReportInput = z.input<typeof deviceReportSchema>;
export type DeviceBatch = z.infer<typeof deviceBatchSchema>;
