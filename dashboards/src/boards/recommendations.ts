/**
 * Security recommendations (defender-tvm.md §2.2): the full list, filterable by category; a click on a
 * recommendation shows its exposed devices, the CVEs it fixes, its software, activities and exceptions.
 */
import {
  columns,
  exception,
  hidden,
  machine,
  recommendation,
  remediation,
  software,
  vulnerability,
  withStyle,
} from '../columns';
import { dashboard, stat, table } from '../grafana';
import { dashboardUrl, drill, TITLES } from '../links';
import { $, categoryVariable, groupVariable, recommendationVariable } from '../variables';

const group = $('group');
const selected = $('recommendation');

const list = table({
  title: 'Security recommendations',
  description:
    'Every recommendation in the selected device groups, ordered by how much it lowers the exposure score. A row opens it below.',
  queries: [
    {
      queryType: 'recommendations',
      deviceGroup: group,
      category: $('category'),
      limit: 2000,
      orderBy: 'exposureImpact',
      orderDirection: 'desc',
    },
  ],
  pagination: true,
  noValue: 'No security recommendations match these filters',
  // Defender's columns that fit 1600 px; the category is the filter above, the rest is in the details below.
  columns: withStyle(
    columns({
      recommendationName: recommendation.name,
      relatedComponent: { ...recommendation.relatedComponent, width: 150 },
      weaknesses: recommendation.weaknesses,
      knownExploited: recommendation.knownExploited,
      publicExploit: recommendation.publicExploit,
      activeAlert: recommendation.activeAlert,
      exposedMachinesCount: recommendation.exposedMachinesCount,
      statusDetail: { ...recommendation.statusDetail, width: 120 },
      remediationType: { ...recommendation.remediationType, width: 150 },
      activeRemediationTasks: recommendation.activeRemediationTasks,
      exposureImpact: recommendation.exposureImpact,
      configScoreImpact: recommendation.configScoreImpact,
      id: hidden,
    }),
    { recommendationName: { links: [drill.recommendation()] } }
  ),
});

const thisRecommendation = {
  queryType: 'recommendations',
  deviceGroup: group,
  filter: `id eq '${selected}'`,
  limit: 1,
} as const;

const selectedFacts = table({
  title: 'Selected recommendation',
  description: 'The recommendation picked in the list above (or opened from another page).',
  queries: [thisRecommendation],
  noValue: 'Pick a recommendation in the list above',
  columns: columns({
    recommendationName: { displayName: 'Security recommendation', minWidth: 260 },
    recommendationCategory: recommendation.category,
    relatedComponent: { ...recommendation.relatedComponent, width: 160 },
    remediationType: { ...recommendation.remediationType, width: 150 },
    statusDetail: { ...recommendation.statusDetail, width: 120 },
    knownExploited: recommendation.knownExploited,
    publicExploit: recommendation.publicExploit,
    activeAlert: recommendation.activeAlert,
  }),
});

const selectedFigures = stat({
  title: 'Exposure and impact',
  description:
    'The selected recommendation; exceptions with a score effect are counted in the "after exceptions" figures.',
  queries: [thisRecommendation],
  field: [
    'weaknesses',
    'exposedMachinesCount',
    'exposedMachinesCountAfterExceptions',
    'totalMachineCount',
    'exposureImpact',
    'exposureImpactAfterExceptions',
    'configScoreImpact',
  ],
  textMode: 'value_and_name',
  colorMode: 'none',
  // Short: seven figures share the panel, and the panel above says what to pick.
  style: { decimals: 2, noValue: '—' },
  fields: columns({
    weaknesses: { ...recommendation.weaknesses, decimals: 0 },
    exposedMachinesCount: { ...recommendation.exposedMachinesCount, decimals: 0 },
    exposedMachinesCountAfterExceptions: { ...recommendation.exposedMachinesCountAfterExceptions, decimals: 0 },
    totalMachineCount: { ...recommendation.totalMachineCount, decimals: 0 },
    exposureImpact: { displayName: recommendation.exposureImpact.displayName },
    exposureImpactAfterExceptions: { displayName: recommendation.exposureImpactAfterExceptions.displayName },
    configScoreImpact: { displayName: recommendation.configScoreImpact.displayName },
  }),
});

const exposedDevices = table({
  title: 'Exposed devices',
  description: 'Devices the selected recommendation applies to. A row opens the device page.',
  queries: [{ queryType: 'recommendationDevices', deviceGroup: group, recommendationId: selected, limit: 1000 }],
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

const fixedCves = table({
  title: 'Vulnerabilities it fixes',
  description: 'CVEs of the selected software recommendation (none for a configuration change). A row opens the CVE.',
  queries: [
    {
      queryType: 'recommendationVulnerabilities',
      deviceGroup: group,
      recommendationId: selected,
      limit: 1000,
      orderBy: 'cvssV3',
      orderDirection: 'desc',
    },
  ],
  noValue: 'No vulnerabilities (a configuration change fixes none)',
  columns: withStyle(
    columns({
      id: vulnerability.id,
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

const itsSoftware = table({
  title: 'Software',
  description: 'The product the selected recommendation updates (none for a configuration change). A row opens it.',
  queries: [{ queryType: 'recommendationSoftware', deviceGroup: group, recommendationId: selected }],
  noValue: 'No software (a configuration change has none)',
  // Its installation and exposure counts are in the figures: the panel is the way to the software page.
  columns: withStyle(
    columns({
      displayName: { ...software.displayName, minWidth: 180 },
      vendor: { ...software.vendor, width: 130 },
      id: hidden,
    }),
    { displayName: { links: [drill.software()] } }
  ),
});

const activities = table({
  title: 'Remediation activities',
  description: 'Remediation requested for the selected recommendation.',
  queries: [
    {
      queryType: 'remediationActivities',
      deviceGroup: group,
      filter: `recommendationId eq '${selected}'`,
      limit: 100,
      orderBy: 'createdOn',
      orderDirection: 'desc',
    },
  ],
  noValue: 'No remediation activity for this recommendation',
  columns: withStyle(
    columns({
      title: remediation.title,
      status: remediation.status,
      priority: remediation.priority,
      progressPercent: { ...remediation.progressPercent, width: 130 },
      dueOn: remediation.dueOn,
    }),
    { title: { links: [{ title: 'Open the remediation page', url: dashboardUrl('remediation') }] } }
  ),
});

const exceptions = table({
  title: 'Exceptions',
  description: 'Exceptions filed for the selected recommendation.',
  queries: [
    {
      queryType: 'exceptions',
      deviceGroup: group,
      filter: `recommendationId eq '${selected}'`,
      limit: 100,
      orderBy: 'createdOn',
      orderDirection: 'desc',
    },
  ],
  noValue: 'No exception for this recommendation',
  columns: withStyle(
    columns({
      justification: exception.justification,
      status: exception.status,
      rbacGroupNames: exception.rbacGroupNames,
      expiresOn: exception.expiresOn,
      createdBy: exception.createdBy,
    }),
    {
      justification: {
        links: [{ title: 'Open the exceptions on the remediation page', url: dashboardUrl('remediation') }],
      },
    }
  ),
});

export const recommendations = () =>
  dashboard({
    key: 'recommendations',
    title: TITLES.recommendations,
    description:
      'Security recommendations ranked by exposure impact, with threats, exposed devices, status and remediation type; the selected one in detail.',
    variables: [groupVariable(), categoryVariable(), recommendationVariable()],
    panels: [
      { h: 15, cells: [[24, list]] },
      { row: 'Selected recommendation' },
      {
        h: 4,
        cells: [
          [18, selectedFacts],
          [6, itsSoftware],
        ],
      },
      // Five rows: each figure's name above its value (at four, Grafana puts tiny names beside them).
      { h: 5, cells: [[24, selectedFigures]] },
      {
        h: 10,
        cells: [
          [10, exposedDevices],
          [14, fixedCves],
        ],
      },
      {
        h: 7,
        cells: [
          [12, activities],
          [12, exceptions],
        ],
      },
    ],
  });
