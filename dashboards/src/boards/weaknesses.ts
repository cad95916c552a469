/**
 * Weaknesses (defender-tvm.md §2.5) with the vulnerable-devices report (§2.8): every CVE exposing a
 * device, and the selected CVE's details and exposed devices.
 */
import { REPORT_DIMENSIONS, type ReportDimension } from '../../../src/datasource/types';
import { columns, hidden, machine, SEVERITY_MAPPING, vulnerability, withStyle } from '../columns';
import { barchart, dashboard, table, thresholdColor, valueMap, type PanelSpec } from '../grafana';
import { drill, TITLES } from '../links';
import { $, cveVariable, groupVariable, severityVariable } from '../variables';

const group = $('group');
const selected = $('cve');

const REPORT_TITLES: Record<ReportDimension, string> = {
  severity: 'Vulnerable devices by highest severity',
  exploitability: 'Vulnerable devices by exploitability',
  age: 'Vulnerable devices by oldest vulnerability',
};

const BUCKET_MAPPINGS = [
  SEVERITY_MAPPING,
  valueMap({
    KnownExploited: { text: 'Known exploited', color: 'red' },
    PublicExploit: { text: 'Public exploit', color: 'orange' },
    NoKnownExploit: { text: 'No known exploit', color: 'green' },
    '0-30 days': { color: 'yellow' },
    '31-90 days': { color: 'orange' },
    '91-180 days': { color: 'red' },
    'over 180 days': { color: 'dark-red' },
  }),
];

/** Each device counted once per chart: at its most severe CVE, its highest exploit level, its oldest CVE. */
const report = (dimension: ReportDimension): PanelSpec =>
  barchart({
    title: REPORT_TITLES[dimension],
    queries: [{ queryType: 'vulnerableDevicesReport', deviceGroup: group, dimension }],
    xField: 'bucket',
    // The bucket's mapped colour paints its bar.
    xStyle: { mappings: BUCKET_MAPPINGS, color: thresholdColor },
    colorByField: 'bucket',
    fields: columns({ devices: { displayName: 'Devices' } }),
    orientation: 'vertical',
    showValue: 'always',
    style: { unit: 'none', decimals: 0, noValue: 'No vulnerable devices' },
  });

const list = table({
  title: 'Weaknesses',
  description:
    'CVEs found on devices of the selected groups, the most widespread first. A row shows the CVE and its exposed devices below.',
  queries: [
    {
      queryType: 'vulnerabilities',
      deviceGroup: group,
      severity: $('severity'),
      limit: 5000,
      orderBy: 'exposedMachines',
      orderDirection: 'desc',
    },
  ],
  pagination: true,
  noValue: 'No vulnerabilities match these filters',
  columns: withStyle(
    columns({
      id: vulnerability.id,
      severity: vulnerability.severity,
      cvssV3: vulnerability.cvssV3,
      epss: vulnerability.epss,
      knownExploited: vulnerability.knownExploited,
      publicExploit: vulnerability.publicExploit,
      relatedSoftware: vulnerability.relatedSoftware,
      exposedMachines: vulnerability.exposedMachines,
      ageDays: vulnerability.ageDays,
      publishedOn: vulnerability.publishedOn,
      updatedOn: vulnerability.updatedOn,
    }),
    { id: { links: [drill.cve()] } }
  ),
});

const details = table({
  title: '$cve',
  description: 'The selected CVE as NVD, CISA KEV and FIRST EPSS describe it.',
  queries: [{ queryType: 'vulnerabilities', deviceGroup: group, filter: `id eq '${selected}'`, limit: 1 }],
  noValue: 'Pick a CVE in the list above',
  // Its related software and exposed devices are in the list row and the panel beside.
  columns: columns({
    description: { ...vulnerability.description, minWidth: 380 },
    severity: vulnerability.severity,
    cvssV3: vulnerability.cvssV3,
    epss: vulnerability.epss,
    knownExploited: vulnerability.knownExploited,
    kevDueDate: vulnerability.kevDueDate,
    publishedOn: vulnerability.publishedOn,
  }),
  cellHeight: 'lg',
});

const exposedDevices = table({
  title: 'Exposed devices',
  description:
    'Devices exposed to the selected CVE (devices a CVE exception covers are not listed). A row opens the device.',
  queries: [{ queryType: 'vulnerabilityDevices', deviceGroup: group, cveId: selected, limit: 5000 }],
  noValue: 'No exposed devices',
  columns: withStyle(
    columns({
      computerDnsName: machine.computerDnsName,
      osPlatform: machine.osPlatform,
      rbacGroupName: machine.rbacGroupName,
      id: hidden,
    }),
    { computerDnsName: { links: [drill.device()] } }
  ),
});

export const weaknesses = () =>
  dashboard({
    key: 'weaknesses',
    title: TITLES.weaknesses,
    description: 'CVEs exposing devices, with severity, CVSS, EPSS, known exploitation and exposed devices.',
    variables: [groupVariable(), severityVariable(), cveVariable()],
    panels: [
      { h: 7, cells: REPORT_DIMENSIONS.map((d): [number, PanelSpec] => [8, report(d)]) },
      { h: 15, cells: [[24, list]] },
      { row: 'Selected CVE: $cve' },
      {
        h: 9,
        cells: [
          [15, details],
          [9, exposedDevices],
        ],
      },
    ],
  });
