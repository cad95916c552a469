/**
 * The device inventory (defender-tvm.md §2.7) and the device page: exposure score and level, why it
 * scores what it scores, and its recommendations, software and vulnerabilities.
 */
import {
  columns,
  EXPOSURE_SCORE_STEPS,
  hidden,
  LEVEL_MAPPING,
  machine,
  recommendation,
  software,
  vulnerability,
  withStyle,
} from '../columns';
import { bargauge, dashboard, fixedColor, stat, table, thresholdColor } from '../grafana';
import { drill, TITLES } from '../links';
import { $, deviceVariable, groupVariable, levelVariable, osVariable } from '../variables';
import { exposureDistributionCard } from './overview';

const group = $('group');
const selected = $('device');

const scoreByGroup = bargauge({
  title: 'Exposure score by device group',
  description: 'The exposure score of each device group.',
  queries: [{ queryType: 'exposureScore', deviceGroup: group, breakdown: 'deviceGroup' }],
  labelField: 'rbacGroupName',
  valueField: 'score',
  style: {
    unit: 'none',
    decimals: 0,
    min: 0,
    max: 100,
    thresholds: EXPOSURE_SCORE_STEPS,
    color: thresholdColor,
    noValue: 'No device groups',
  },
  // Up to a dozen short group names: beside their bars, in a size that stays readable.
  namePlacement: 'left',
  textSize: { title: 13, value: 14 },
});

const levelsByGroup = table({
  title: 'Devices per exposure level and group',
  queries: [{ queryType: 'exposureDistribution', deviceGroup: group, breakdown: 'deviceGroup' }],
  noValue: 'No device groups',
  columns: columns({
    rbacGroupName: { displayName: 'Device group', minWidth: 130 },
    High: { displayName: 'High', color: fixedColor('red'), cell: { type: 'color-text' }, width: 75 },
    Medium: { displayName: 'Medium', color: fixedColor('orange'), cell: { type: 'color-text' }, width: 75 },
    Low: { displayName: 'Low', color: fixedColor('green'), cell: { type: 'color-text' }, width: 75 },
    None: { displayName: 'No data', width: 75 },
    total: { displayName: 'Total', width: 75 },
  }),
  sortBy: { field: 'High', desc: true },
});

const deviceList = table({
  title: 'Devices',
  description:
    'Devices of the selected groups, exposure levels and OS platforms, the most exposed first. A row opens the device page.',
  queries: [
    {
      queryType: 'devices',
      deviceGroup: group,
      exposureLevel: $('level'),
      osPlatform: $('os'),
      limit: 5000,
      orderBy: 'exposureScore',
      orderDirection: 'desc',
    },
  ],
  pagination: true,
  noValue: 'No devices match these filters',
  // Risk level and sensor health are Defender's alerting, not vulnerability management: the device page has them.
  columns: withStyle(
    columns({
      computerDnsName: machine.computerDnsName,
      exposureScore: machine.exposureScore,
      exposureLevel: machine.exposureLevel,
      osPlatform: machine.osPlatform,
      version: machine.version,
      rbacGroupName: machine.rbacGroupName,
      deviceValue: machine.deviceValue,
      internetFacing: machine.internetFacing,
      vulnerabilities: machine.vulnerabilities,
      knownExploitedVulnerabilities: machine.knownExploitedVulnerabilities,
      lastSeen: machine.lastSeen,
      machineTags: machine.machineTags,
      id: hidden,
    }),
    { computerDnsName: { links: [drill.device()] } }
  ),
});

export const devices = () =>
  dashboard({
    key: 'devices',
    title: TITLES.devices,
    description: 'Devices with exposure score and level, risk level, OS, group, value and last seen.',
    variables: [groupVariable(), levelVariable(), osVariable()],
    panels: [
      {
        // Room for a row per device group (a fleet has about eight) without scrolling.
        h: 11,
        cells: [
          [7, exposureDistributionCard()],
          [8, scoreByGroup],
          [9, levelsByGroup],
        ],
      },
      { h: 18, cells: [[24, deviceList]] },
    ],
  });

// -------------------------------------------------------------------------------------- device page

const thisDevice = { queryType: 'devices', filter: `id eq '${selected}'`, limit: 1 } as const;

const score = stat({
  title: 'Exposure score',
  queries: [thisDevice],
  field: 'exposureScore',
  colorMode: 'background',
  style: {
    unit: 'none',
    decimals: 0,
    min: 0,
    max: 100,
    thresholds: EXPOSURE_SCORE_STEPS,
    noValue: 'Pick a device',
  },
});

const level = stat({
  title: 'Exposure level',
  queries: [thisDevice],
  field: 'exposureLevel',
  text: true,
  colorMode: 'value',
  style: { mappings: [LEVEL_MAPPING], noValue: '—' },
});

const counts = stat({
  title: 'Open vulnerabilities',
  queries: [thisDevice],
  field: ['vulnerabilities', 'criticalVulnerabilities', 'highVulnerabilities', 'knownExploitedVulnerabilities'],
  textMode: 'value_and_name',
  colorMode: 'value',
  style: { unit: 'none', decimals: 0, noValue: '—' },
  fields: columns({
    vulnerabilities: { displayName: 'All', color: fixedColor('text') },
    criticalVulnerabilities: { displayName: 'Critical', color: fixedColor('dark-red') },
    highVulnerabilities: { displayName: 'High', color: fixedColor('red') },
    knownExploitedVulnerabilities: { displayName: 'Known exploited', color: fixedColor('red') },
  }),
});

const facts = table({
  title: '${device:text}',
  queries: [thisDevice],
  noValue: 'Pick a device above, or open one from any device list',
  columns: columns({
    computerDnsName: { displayName: 'Device' },
    osPlatform: machine.osPlatform,
    version: machine.version,
    rbacGroupName: machine.rbacGroupName,
    deviceValue: machine.deviceValue,
    riskScore: machine.riskScore,
    internetFacing: machine.internetFacing,
    healthStatus: machine.healthStatus,
    lastSeen: machine.lastSeen,
    machineTags: machine.machineTags,
  }),
});

const breakdown = bargauge({
  title: 'What drives the score',
  description:
    "Each product's contribution: how many points the device's exposure score would drop without that product's vulnerabilities.",
  queries: [{ queryType: 'deviceExposureBreakdown', deviceId: selected, level: 'product' }],
  labelField: 'productKey',
  valueField: 'contribution',
  style: {
    unit: 'none',
    decimals: 1,
    min: 0,
    color: fixedColor('orange'),
    noValue: 'No vulnerable software on this device',
  },
  displayMode: 'basic',
  // Grafana sizes bars and text to the panel, which with three products is headline-sized.
  textSize: { title: 14, value: 18 },
  maxBarHeight: 32,
});

const itsRecommendations = table({
  title: 'Security recommendations',
  description: 'Recommendations that apply to this device. A row opens the recommendation.',
  queries: [{ queryType: 'deviceRecommendations', deviceId: selected, limit: 500 }],
  sortBy: { field: 'exposureImpact', desc: true },
  noValue: 'No security recommendations for this device',
  // Both impacts: software updates lower the exposure score, configuration changes raise the secure score.
  columns: withStyle(
    columns({
      recommendationName: recommendation.name,
      weaknesses: recommendation.weaknesses,
      knownExploited: recommendation.knownExploited,
      remediationType: { ...recommendation.remediationType, width: 150 },
      exposureImpact: recommendation.exposureImpact,
      configScoreImpact: recommendation.configScoreImpact,
      id: hidden,
    }),
    { recommendationName: { links: [drill.recommendation()] } }
  ),
});

const itsSoftware = table({
  title: 'Software inventory',
  description:
    'Software installed on this device, with its version and open weaknesses. A row opens the software page.',
  queries: [{ queryType: 'deviceSoftware', deviceId: selected, limit: 2000 }],
  sortBy: { field: 'weaknesses', desc: true },
  noValue: 'No software reported by this device',
  columns: withStyle(
    columns({
      displayName: { ...software.displayName, minWidth: 180 },
      version: software.version,
      // Sorted: room for the arrow.
      weaknesses: { ...software.weaknesses, width: 115 },
      supported: { ...software.supported, width: 110 },
      id: hidden,
    }),
    { displayName: { links: [drill.software()] } }
  ),
});

const itsVulnerabilities = table({
  title: 'Discovered vulnerabilities',
  description:
    'Open CVEs on this device, with the vulnerable version and the version that fixes it. A row opens the CVE.',
  queries: [{ queryType: 'deviceVulnerabilities', deviceId: selected, limit: 2000 }],
  sortBy: { field: 'cvssV3', desc: true },
  noValue: 'No open vulnerabilities on this device',
  columns: withStyle(
    columns({
      id: vulnerability.id,
      severity: vulnerability.severity,
      cvssV3: vulnerability.cvssV3,
      epss: vulnerability.epss,
      knownExploited: vulnerability.knownExploited,
      relatedSoftware: vulnerability.relatedSoftware,
      productVersion: { ...vulnerability.productVersion, width: 110 },
      fixedIn: { ...vulnerability.fixedIn, width: 110 },
    }),
    { id: { links: [drill.cve()] } }
  ),
});

export const devicePage = () =>
  dashboard({
    key: 'device',
    title: TITLES.device,
    description:
      "One device: exposure score and level, what drives it, and the device's recommendations, software and vulnerabilities.",
    variables: [groupVariable(), deviceVariable()],
    panels: [
      {
        h: 5,
        cells: [
          [5, score],
          [5, level],
          [14, counts],
        ],
      },
      { h: 4, cells: [[24, facts]] },
      {
        h: 10,
        cells: [
          [9, breakdown],
          [15, itsRecommendations],
        ],
      },
      {
        h: 11,
        cells: [
          [10, itsSoftware],
          [14, itsVulnerabilities],
        ],
      },
    ],
  });
