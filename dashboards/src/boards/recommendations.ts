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
  columns: withStyle(
    columns({
      recommendationName: recommendation.name,
      recommendationCategory: recommendation.category,
      relatedComponent: recommendation.relatedComponent,
      weaknesses: recommendation.weaknesses,
      knownExploited: recommendation.knownExploited,
      publicExploit: recommendation.publicExploit,
      activeAlert: recommendation.activeAlert,
      exposedMachinesCount: recommendation.exposedMachinesCount,
      totalMachineCount: recommendation.totalMachineCount,
      statusDetail: recommendation.statusDetail,
      remediationType: recommendation.remediationType,
      activeRemediationTasks: recommendation.activeRemediationTasks,
      exposureImpact: recommendation.exposureImpact,
      configScoreImpact: recommendation.configScoreImpact,
      tags: recommendation.tags,
      id: hidden,
    }),
    { recommendationName: { links: [drill.recommendation()] } }
  ),
});

const selectedFigures = stat({
  title: 'Recommendation $recommendation',
  description:
    'The selected recommendation; exceptions with a score effect are counted in the "after exceptions" figures.',
  queries: [{ queryType: 'recommendations', deviceGroup: group, filter: `id eq '${selected}'`, limit: 1 }],
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
  style: { decimals: 2, noValue: 'Pick a recommendation in the list' },
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
  columns: withStyle(
    columns({
      id: vulnerability.id,
      severity: vulnerability.severity,
      cvssV3: vulnerability.cvssV3,
      epss: vulnerability.epss,
      knownExploited: vulnerability.knownExploited,
      exposedMachines: vulnerability.exposedMachines,
    }),
    { id: { links: [drill.cve()] } }
  ),
});

const itsSoftware = table({
  title: 'Software',
  description: 'The product the selected recommendation updates (none for a configuration change). A row opens it.',
  queries: [{ queryType: 'recommendationSoftware', deviceGroup: group, recommendationId: selected }],
  columns: withStyle(
    columns({
      displayName: software.displayName,
      installedMachines: software.installedMachines,
      exposedMachines: software.exposedMachines,
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
  columns: withStyle(
    columns({
      title: remediation.title,
      status: remediation.status,
      priority: remediation.priority,
      progressPercent: remediation.progressPercent,
      dueOn: remediation.dueOn,
      createdOn: remediation.createdOn,
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
      { row: 'Selected recommendation: $recommendation' },
      { h: 5, cells: [[24, selectedFigures]] },
      {
        h: 10,
        cells: [
          [8, exposedDevices],
          [10, fixedCves],
          [6, itsSoftware],
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
