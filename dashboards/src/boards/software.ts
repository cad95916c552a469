/**
 * Software inventory and the software page (defender-tvm.md §2.4).
 */
import { columns, hidden, machine, recommendation, software, vulnerability, withStyle } from '../columns';
import { barchart, dashboard, fixedColor, stat, table, text } from '../grafana';
import { drill, TITLES } from '../links';
import { $, groupVariable, softwareVariable } from '../variables';

const group = $('group');
const selected = $('software');

const inventoryColumns = () =>
  withStyle(
    columns({
      displayName: software.displayName,
      vendor: software.vendor,
      versions: software.versions,
      installedMachines: software.installedMachines,
      exposedMachines: software.exposedMachines,
      weaknesses: software.weaknesses,
      knownExploited: software.knownExploited,
      publicExploit: software.publicExploit,
      activeAlert: software.activeAlert,
      impactScore: software.impactScore,
      id: hidden,
    }),
    { displayName: { links: [drill.software()] } }
  );

const inventory = table({
  title: 'Software inventory',
  description:
    'Software identified by a product code (CPE or package), so its vulnerabilities are assessed; ordered by exposure impact. A row opens the software page.',
  queries: [
    {
      queryType: 'software',
      deviceGroup: group,
      filter: 'supported eq true',
      limit: 5000,
      orderBy: 'impactScore',
      orderDirection: 'desc',
    },
  ],
  pagination: true,
  noValue: 'No assessed software in these device groups',
  columns: inventoryColumns(),
});

const unsupported = table({
  title: 'Not supported: no product code',
  description:
    'Installed software that could not be identified as a CPE or package: it is listed, but no vulnerability can be matched. Add a normalizer rule to assess it.',
  queries: [
    {
      queryType: 'software',
      deviceGroup: group,
      filter: 'supported eq false',
      limit: 5000,
      orderBy: 'installedMachines',
      orderDirection: 'desc',
    },
  ],
  pagination: true,
  noValue: 'Every installed product has a product code',
  columns: withStyle(
    columns({
      displayName: software.displayName,
      vendor: software.vendor,
      versions: software.versions,
      installedMachines: software.installedMachines,
      id: hidden,
    }),
    { displayName: { links: [drill.software()] } }
  ),
});

export const softwareInventory = () =>
  dashboard({
    key: 'softwareInventory',
    title: TITLES.softwareInventory,
    description: 'Installed software with weaknesses, threats, exposed devices and exposure impact.',
    variables: [groupVariable()],
    panels: [
      { h: 18, cells: [[24, inventory]] },
      { h: 9, cells: [[24, unsupported]] },
    ],
  });

// ------------------------------------------------------------------------------------ software page

const hint = text(
  'How to use this page',
  'Pick a product in **Software** above, or click a software name in any list. The page shows its installed versions, the devices it is installed on, the CVEs found in it and its security recommendation.'
);

const figures = stat({
  title: '${software:text}',
  description:
    'Installations, exposed devices, weaknesses and the exposure-score reduction if every device is patched.',
  queries: [{ queryType: 'software', deviceGroup: group, filter: `id eq '${selected}'`, limit: 1 }],
  field: ['installedMachines', 'exposedMachines', 'weaknesses', 'versions', 'impactScore'],
  textMode: 'value_and_name',
  colorMode: 'none',
  // Short: five figures share the panel; the installed-devices panel says why they are empty.
  style: { decimals: 0, noValue: '—' },
  fields: columns({
    installedMachines: { displayName: software.installedMachines.displayName },
    exposedMachines: { displayName: software.exposedMachines.displayName },
    weaknesses: { displayName: software.weaknesses.displayName },
    versions: { displayName: software.versions.displayName },
    impactScore: { displayName: software.impactScore.displayName, decimals: 2 },
  }),
});

const versions = barchart({
  title: 'Version distribution',
  description: 'Installations and vulnerabilities per installed version.',
  queries: [{ queryType: 'softwareVersions', deviceGroup: group, softwareId: selected, limit: 200 }],
  xField: 'version',
  fields: columns({
    installations: { displayName: 'Installations', color: fixedColor('blue') },
    vulnerabilities: { displayName: 'Vulnerabilities', color: fixedColor('orange') },
  }),
  orientation: 'horizontal',
  style: { unit: 'none', decimals: 0, noValue: 'Not installed in these device groups' },
});

const itsRecommendation = table({
  title: 'Security recommendation',
  description: 'The update that fixes the vulnerabilities found in this product. A row opens it.',
  queries: [{ queryType: 'recommendations', deviceGroup: group, filter: `id eq 'va-_-${selected}'`, limit: 1 }],
  noValue: 'No security recommendation: no known vulnerability in the installed versions',
  columns: withStyle(
    columns({
      recommendationName: recommendation.name,
      weaknesses: recommendation.weaknesses,
      exposedMachinesCount: recommendation.exposedMachinesCount,
      statusDetail: recommendation.statusDetail,
      exposureImpact: recommendation.exposureImpact,
      id: hidden,
    }),
    { recommendationName: { links: [drill.recommendation()] } }
  ),
});

const cves = table({
  title: 'Discovered vulnerabilities',
  description: 'CVEs found in the installed versions of this product. A row opens the CVE.',
  queries: [
    {
      queryType: 'softwareVulnerabilities',
      deviceGroup: group,
      softwareId: selected,
      limit: 2000,
    },
  ],
  sortBy: { field: 'cvssV3', desc: true },
  noValue: 'No known vulnerabilities in the installed versions',
  columns: withStyle(
    columns({
      id: vulnerability.id,
      description: { ...vulnerability.description, wrapText: false, minWidth: 300 },
      severity: vulnerability.severity,
      cvssV3: vulnerability.cvssV3,
      epss: vulnerability.epss,
      knownExploited: vulnerability.knownExploited,
      publicExploit: vulnerability.publicExploit,
      exposedMachines: vulnerability.exposedMachines,
      publishedOn: vulnerability.publishedOn,
    }),
    { id: { links: [drill.cve()] } }
  ),
});

const installedDevices = table({
  title: 'Installed devices',
  description: 'Devices with this product installed. A row opens the device page.',
  queries: [{ queryType: 'softwareDevices', deviceGroup: group, softwareId: selected, limit: 5000 }],
  noValue: 'Not installed in these device groups',
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

export const softwarePage = () =>
  dashboard({
    key: 'software',
    title: TITLES.software,
    description:
      'One software product: versions, installed devices, discovered vulnerabilities and its recommendation.',
    variables: [groupVariable(), softwareVariable()],
    panels: [
      {
        h: 5,
        cells: [
          [18, figures],
          [6, hint],
        ],
      },
      { h: 4, cells: [[24, itsRecommendation]] },
      {
        h: 10,
        cells: [
          [12, versions],
          [12, installedDevices],
        ],
      },
      { h: 11, cells: [[24, cves]] },
    ],
  });
