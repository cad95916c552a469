import fs from 'fs';
import type { ServiceContext } from '../api/app';
import { ingestDeviceReports } from '../engine/fleet';
import { importEpssFile, importKevCatalog, importNvdRecords } from '../engine/knowledge';
import { deviceReportSchema, type DeviceReport, type DeviceReportInput } from '../ingest/deviceReport';
import { toDeviceReport } from '../ingest/fleet';
import { readNvdPath } from '../ingest/knowledge';
import { parseFeedBuffer } from '../ingest/knowledgeFeed';
import { readSharedJson, sharedDataPath } from './sharedData';

/** Knowledge from ../shared/data: the NVD records, the full KEV catalog and the EPSS scores. */
export async function importSharedKnowledge(ctx: ServiceContext): Promise<void> {
  const now = ctx.clock().toISOString();
  const { records } = await readNvdPath(sharedDataPath('nvd-cve-api-2.0'));
  await importNvdRecords(ctx.db, records, 'test', now, undefined, ctx.settings);
  const kev = parseFeedBuffer(
    'kev',
    fs.readFileSync(sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities.json')),
    'test'
  );
  if (kev.feed === 'kev') {
    await importKevCatalog(ctx.db, kev.catalog, 'test', now, ctx.settings);
  }
  const epss = parseFeedBuffer('epss', fs.readFileSync(sharedDataPath('epss', 'kev_epss_cvss_jgamblin.csv')), 'test');
  if (epss.feed === 'epss') {
    await importEpssFile(ctx.db, epss.file, 'test', now, ctx.settings);
  }
}

type Software = NonNullable<DeviceReportInput['software']>;

const chrome = (version: string) => ({ name: 'Google Chrome', publisher: 'Google LLC', version, source: 'programs' });
const firefoxEsr = (version: string) => ({
  name: 'Mozilla Firefox ESR (x64 en-US)',
  publisher: 'Mozilla',
  version,
  source: 'programs',
});
const reader = (version: string) => ({
  name: 'Adobe Acrobat Reader DC',
  publisher: 'Adobe',
  version,
  source: 'programs',
});
const sevenZip = (version: string) => ({
  name: `7-Zip ${version} (x64)`,
  publisher: 'Igor Pavlov',
  version,
  source: 'programs',
});
const winrar = (version: string) => ({
  name: `WinRAR ${version} (64-bit)`,
  publisher: 'win.rar GmbH',
  version: `${version}.0`,
  source: 'programs',
});
const git = (version: string) => ({
  name: 'Git',
  publisher: 'The Git Development Community',
  version,
  source: 'programs',
});
const office = { name: 'office', version: '2007', cpe: 'cpe:2.3:a:microsoft:office:2007:sp3:*:*:*:*:*:*' };
const notepad = { name: 'Notepad++ (64-bit x64)', publisher: 'Notepad++ Team', version: '8.6.2', source: 'programs' };
const lob = { name: 'Contoso Line-of-Business Client', publisher: 'Contoso', version: '3.2', source: 'programs' };

export interface DeviceSpec {
  id: string;
  group: string;
  os?: string;
  value?: 'Low' | 'Normal' | 'High';
  software: Software;
  configurations?: DeviceReportInput['configurations'];
  alerts?: DeviceReportInput['alerts'];
  lastSeen?: string;
  internetFacing?: boolean;
  tags?: string[];
}

/**
 * A small fleet over the products of the real NVD records, in three device groups, with versions on
 * both sides of the ranges, configuration results, an alert, and one device gone quiet for 60 days.
 */
export function sharedFleet(now: string): DeviceSpec[] {
  const recent = (hoursAgo: number) => new Date(Date.parse(now) - hoursAgo * 3600_000).toISOString();
  const cfg = (compliant: string[], noncompliant: string[]) => [
    ...compliant.map((id) => ({ id, status: 'compliant' as const })),
    ...noncompliant.map((id) => ({ id, status: 'noncompliant' as const })),
  ];
  return [
    {
      id: 'ws-001',
      group: 'Workstations',
      software: [chrome('124.0.6367.91'), firefoxEsr('115.16.0'), sevenZip('24.08'), notepad, lob],
      configurations: cfg(['scid-2010'], ['scid-2011']),
      tags: ['finance'],
    },
    {
      id: 'ws-002',
      group: 'Workstations',
      software: [chrome('120.0.6099.109'), reader('22.003.20282'), winrar('6.22')],
      configurations: cfg(['scid-2010', 'scid-2011'], []),
    },
    {
      id: 'ws-003',
      group: 'Workstations',
      value: 'High',
      software: [chrome('131.0.6778.85'), git('2.45.1'), office],
      alerts: [
        {
          id: 'alert-1',
          severity: 'High',
          title: 'Suspicious Office child process',
          status: 'New',
          createdOn: recent(5),
          cves: ['CVE-2017-11882'],
        },
      ],
      configurations: cfg([], ['scid-2010', 'scid-2011']),
    },
    {
      id: 'ws-004',
      group: 'Workstations',
      value: 'Low',
      software: [chrome('131.0.6778.85'), sevenZip('24.09'), notepad],
    },
    {
      id: 'srv-001',
      group: 'Servers',
      os: 'Linux',
      internetFacing: true,
      software: [{ vendor: 'apache', name: 'http_server', version: '2.4.49' }, git('2.43.0')],
    },
    {
      id: 'srv-002',
      group: 'Servers',
      os: 'Linux',
      software: [{ vendor: 'apache', name: 'http_server', version: '2.4.58' }],
    },
    {
      id: 'fin-001',
      group: 'Finance',
      software: [reader('22.003.20282'), chrome('124.0.6367.91'), winrar('6.23')],
      tags: ['finance', 'vip'],
    },
    { id: 'old-001', group: 'Workstations', software: [chrome('100.0.4896.60')], lastSeen: recent(24 * 60) },
  ];
}

export function reportOf(spec: DeviceSpec, reportId: string, lastSeen: string): DeviceReport {
  return deviceReportSchema.parse({
    reportId,
    id: spec.id,
    computerDnsName: `${spec.id}.corp.example`,
    osPlatform: spec.os ?? 'Windows11',
    osVersion: spec.os === 'Linux' ? '6.1' : '10.0.22631',
    lastSeen: spec.lastSeen ?? lastSeen,
    rbacGroupName: spec.group,
    machineTags: spec.tags ?? [],
    deviceValue: spec.value ?? 'Normal',
    internetFacing: spec.internetFacing ?? false,
    software: spec.software,
    configurations: spec.configurations,
    alerts: spec.alerts,
  });
}

export async function ingestSharedFleet(ctx: ServiceContext): Promise<DeviceSpec[]> {
  const now = ctx.clock().toISOString();
  const fleet = sharedFleet(now);
  await ingestDeviceReports(
    ctx.db,
    fleet.map((d) => reportOf(d, `${d.id}-r1`, now)),
    ctx.rules,
    now,
    ctx.settings
  );
  // A container image scanned by Trivy, in the Servers group.
  const trivy = toDeviceReport('trivy', readSharedJson('trivy-reports', 'debian-buster.trivy.json'), {
    deviceName: 'img-buster',
    rbacGroupName: 'Servers',
  });
  await ingestDeviceReports(ctx.db, [{ ...trivy, lastSeen: now }], ctx.rules, now, ctx.settings);
  return fleet;
}
