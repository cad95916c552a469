/**
 * The TVM dashboard (Defender's "Threat & Vulnerability Management dashboard", defender-tvm.md §2.1):
 * the three score cards on top, the top-N lists below, then the trends.
 */
import { PLUGIN_IDS, VARIABLES } from '../../../src/constants';
import type { DeviceExposureOptions } from '../../../src/panels/deviceexposure/types';
import type { ExposureScoreOptions } from '../../../src/panels/exposurescore/types';
import type { SecureScoreOptions } from '../../../src/panels/securescore/types';
import {
  columns,
  EXPOSURE_SCORE_STEPS,
  event,
  hidden,
  machine,
  recommendation,
  remediation,
  software,
  withStyle,
} from '../columns';
import { dashboard, fixedColor, table, timeseries, tvmPanel, type Column, type PanelSpec } from '../grafana';
import { dashboardUrl, drill, TITLES } from '../links';
import { $, groupVariable } from '../variables';

const group = $('group');

/** Options of the app's panels, typed by the panels' own option interfaces. */
export const exposureScoreOptions = (link: boolean): ExposureScoreOptions => ({
  showBand: true,
  showTrend: true,
  showChange: true,
  decimals: 0,
  // No link on a wall display: nobody clicks a kiosk.
  linkText: link ? 'Improve your score: view recommendations by impact' : '',
  linkUrl: dashboardUrl('recommendations'),
});

const secureScoreOptions: SecureScoreOptions = {
  showCategories: true,
  showTrend: true,
  showChange: true,
  decimals: 0,
  // `${category}` is the panel's placeholder for the bar clicked, not a dashboard variable.
  categoryUrl: dashboardUrl('recommendations', { [VARIABLES.category]: '${category}' }),
};

const deviceExposureOptions: DeviceExposureOptions = {
  legendPlacement: 'right',
  showNoData: true,
  // `${level}` is the panel's placeholder for the slice clicked.
  levelUrl: dashboardUrl('devices', { [VARIABLES.level]: '${level}' }),
};

export const exposureScoreCard = (title = 'Exposure score', link = true): PanelSpec =>
  tvmPanel(PLUGIN_IDS.exposureScorePanel, {
    title,
    description:
      'How exposed the devices are, 0–100, lower is better: low below 30, medium below 70, high from 70. The line is its trend over the time range.',
    queries: [
      { queryType: 'exposureScore', deviceGroup: group },
      { queryType: 'exposureScoreHistory', deviceGroup: group },
    ],
    options: { ...exposureScoreOptions(link) },
  });

export const secureScoreCard = (title = 'Secure score for devices'): PanelSpec =>
  tvmPanel(PLUGIN_IDS.secureScorePanel, {
    title,
    description:
      'Points earned by compliant configurations out of the maximum, per category; a bar opens the recommendations of its category.',
    queries: [
      { queryType: 'secureScore', breakdown: 'overall', deviceGroup: group },
      { queryType: 'secureScore', breakdown: 'category', deviceGroup: group },
      { queryType: 'secureScoreHistory', deviceGroup: group },
    ],
    options: { ...secureScoreOptions },
  });

export const exposureDistributionCard = (title = 'Device exposure distribution'): PanelSpec =>
  tvmPanel(PLUGIN_IDS.deviceExposurePanel, {
    title,
    description: 'Devices per exposure level; a slice opens the device list at that level.',
    queries: [{ queryType: 'exposureDistribution', deviceGroup: group }],
    options: { ...deviceExposureOptions },
  });

/*
 * The top-N cards show what Defender's cards show (defender-tvm.md §2.1), no more: each table fits its panel
 * at 1600 px, and the full lists are one click away.
 */

/** The recommendation columns a top-N list shows: Defender's card (name, exposed devices, threats, impact). */
export const topRecommendationColumns = (): Column[] =>
  withStyle(
    columns({
      recommendationName: recommendation.name,
      exposedMachinesCount: recommendation.exposedMachinesCount,
      knownExploited: recommendation.knownExploited,
      publicExploit: recommendation.publicExploit,
      activeAlert: recommendation.activeAlert,
      exposureImpact: recommendation.exposureImpact,
      id: hidden,
    }),
    { recommendationName: { links: [drill.recommendation()] } }
  );

const topRecommendations = table({
  title: 'Top security recommendations',
  description: 'The ten recommendations that lower the exposure score most. A row opens the recommendation.',
  noValue: 'No security recommendations in these device groups',
  queries: [
    { queryType: 'recommendations', deviceGroup: group, limit: 10, orderBy: 'exposureImpact', orderDirection: 'desc' },
  ],
  columns: topRecommendationColumns(),
});

const topSoftware = table({
  title: 'Top vulnerable software',
  description: 'Software whose patching lowers the exposure score most. A row opens the software page.',
  noValue: 'No vulnerable software in these device groups',
  queries: [{ queryType: 'software', deviceGroup: group, limit: 10, orderBy: 'impactScore', orderDirection: 'desc' }],
  // Defender's card: software, weaknesses, threats, exposed devices (ranked by impact, which it does not show).
  columns: withStyle(
    columns({
      displayName: { ...software.displayName, minWidth: 160 },
      weaknesses: software.weaknesses,
      knownExploited: software.knownExploited,
      publicExploit: software.publicExploit,
      activeAlert: software.activeAlert,
      exposedMachines: software.exposedMachines,
      id: hidden,
    }),
    { displayName: { links: [drill.software()] } }
  ),
});

export const topDeviceColumns = (): Column[] =>
  withStyle(
    columns({
      computerDnsName: machine.computerDnsName,
      exposureLevel: machine.exposureLevel,
      id: hidden,
    }),
    { computerDnsName: { links: [drill.device()] } }
  );

const topDevices = table({
  title: 'Top exposed devices',
  description: 'The devices with the highest exposure score. A row opens the device page.',
  noValue: 'No devices in these device groups',
  queries: [{ queryType: 'devices', deviceGroup: group, limit: 10, orderBy: 'exposureScore', orderDirection: 'desc' }],
  columns: topDeviceColumns(),
});

const topRemediation = table({
  title: 'Top remediation activities',
  description: 'The newest active remediation activities and their progress. A row opens its recommendation.',
  noValue: 'No active remediation activities',
  queries: [
    {
      queryType: 'remediationActivities',
      deviceGroup: group,
      status: 'Active',
      limit: 10,
      orderBy: 'createdOn',
      orderDirection: 'desc',
    },
  ],
  columns: withStyle(
    columns({
      title: { ...remediation.title, minWidth: 200 },
      progressPercent: { ...remediation.progressPercent, width: 130 },
      dueOn: { ...remediation.dueOn, width: 100 },
      recommendationId: hidden,
    }),
    { title: { links: [drill.recommendation('recommendationId')] } }
  ),
});

export const topEventColumns = (): Column[] =>
  withStyle(
    columns({
      time: { ...event.time, unit: 'time:MMM D', width: 70 },
      title: { ...event.title, minWidth: 200 },
      originallyImpactedDevices: { ...event.originallyImpactedDevices, displayName: 'Devices', width: 90 },
      cveId: hidden,
    }),
    {
      title: {
        links: [{ title: `Open the ${TITLES.events.toLowerCase()}`, url: dashboardUrl('events') }, drill.cve('cveId')],
      },
    }
  );

const topEvents = table({
  title: 'Top events (last 7 days)',
  description: 'The events of the last seven days that touched the most devices. A row opens the event timeline.',
  noValue: 'No events in the last 7 days',
  timeFrom: '7d',
  queries: [{ queryType: 'events', limit: 500 }],
  columns: topEventColumns(),
  sortBy: { field: 'originallyImpactedDevices', desc: true },
});

export const exposureTrend = (title = 'Exposure score over time'): PanelSpec =>
  timeseries({
    title,
    description: 'The organization exposure score of the selected device groups; the bands are the levels.',
    queries: [{ queryType: 'exposureScoreHistory', deviceGroup: group }],
    fields: columns({ exposureScore: { displayName: 'Exposure score' } }),
    style: { unit: 'none', decimals: 1, min: 0, max: 100, thresholds: EXPOSURE_SCORE_STEPS, color: fixedColor('text') },
    thresholdsStyle: 'area',
    fillOpacity: 0,
    legend: 'hidden',
  });

const levelsTrend = timeseries({
  title: 'Devices by exposure level over time',
  description: 'Active devices per exposure level at each snapshot.',
  queries: [{ queryType: 'exposureScoreHistory', deviceGroup: group }],
  fields: columns({
    High: { displayName: 'High', color: fixedColor('red') },
    Medium: { displayName: 'Medium', color: fixedColor('orange') },
    Low: { displayName: 'Low', color: fixedColor('green') },
    None: { displayName: 'No data', color: fixedColor('#8e8e8e') },
  }),
  style: { unit: 'none', decimals: 0, min: 0 },
  stacking: 'normal',
  fillOpacity: 60,
});

export const overview = () =>
  dashboard({
    key: 'overview',
    title: TITLES.overview,
    description:
      'Exposure score, secure score for devices, device exposure distribution and the top recommendations, software, devices, remediation activities and events.',
    variables: [groupVariable()],
    panels: [
      {
        h: 9,
        cells: [
          [8, exposureScoreCard()],
          [8, secureScoreCard()],
          [8, exposureDistributionCard()],
        ],
      },
      {
        h: 13,
        cells: [
          [13, topRecommendations],
          [11, topSoftware],
        ],
      },
      {
        h: 12,
        cells: [
          [8, topDevices],
          [8, topRemediation],
          [8, topEvents],
        ],
      },
      {
        h: 8,
        cells: [
          [12, exposureTrend()],
          [12, levelsTrend],
        ],
      },
    ],
  });
