/**
 * The wall display for a NOC screen in kiosk mode (1920×1080, no scrolling, no controls):
 * open `/d/tvm-wall/wall-display?orgId=1&kiosk&autofitpanels&refresh=1m`.
 * 26 grid rows of 30 px plus 8 px gutters are 980 px, which leaves room for kiosk padding.
 */
import { DashboardCursorSync } from '@grafana/schema';
import { columns, EXPOSURE_SCORE_STEPS, event } from '../columns';
import { bargauge, dashboard, fixedColor, table, thresholdColor, VariableHide } from '../grafana';
import { TITLES } from '../links';
import { $, groupVariable } from '../variables';
import { exposureDistributionCard, exposureScoreCard, secureScoreCard } from './overview';

const group = $('group');
const LARGE = { title: 22, value: 28 };

const topRecommendations = bargauge({
  title: 'Top 5 security recommendations',
  description: 'Exposure-score reduction if remediated.',
  queries: [
    { queryType: 'recommendations', deviceGroup: group, limit: 5, orderBy: 'exposureImpact', orderDirection: 'desc' },
  ],
  labelField: 'recommendationName',
  valueField: 'exposureImpact',
  style: { unit: 'none', decimals: 2, min: 0, color: fixedColor('orange'), noValue: 'No security recommendations' },
  displayMode: 'basic',
  textSize: LARGE,
});

const topDevices = bargauge({
  title: 'Top 5 exposed devices',
  queries: [{ queryType: 'devices', deviceGroup: group, limit: 5, orderBy: 'exposureScore', orderDirection: 'desc' }],
  labelField: 'computerDnsName',
  valueField: 'exposureScore',
  style: {
    unit: 'none',
    decimals: 0,
    min: 0,
    max: 100,
    thresholds: EXPOSURE_SCORE_STEPS,
    color: thresholdColor,
    noValue: 'No devices',
  },
  displayMode: 'basic',
  textSize: LARGE,
});

const topEvents = table({
  title: 'Top events (last 7 days)',
  timeFrom: '7d',
  queries: [{ queryType: 'events', limit: 500 }],
  cellHeight: 'lg',
  noValue: 'No events in the last 7 days',
  columns: columns({
    time: { ...event.time, unit: 'time:MMM D', width: 80 },
    title: { displayName: 'Event' },
    originallyImpactedDevices: { ...event.originallyImpactedDevices, displayName: 'Devices', width: 90 },
  }),
  sortBy: { field: 'originallyImpactedDevices', desc: true },
});

export const wall = () =>
  dashboard({
    key: 'wall',
    title: TITLES.wall,
    description:
      'Kiosk view of the exposure score, secure score, device exposure and the top recommendations, devices and events.',
    // Present so data links and the score cards' links can carry it, but never shown on the wall.
    variables: [groupVariable(VariableHide.hideVariable)],
    refresh: '1m',
    hideTimePicker: true,
    graphTooltip: DashboardCursorSync.Off,
    panels: [
      {
        h: 11,
        cells: [
          [8, exposureScoreCard('Exposure score', false)],
          [8, secureScoreCard()],
          [8, exposureDistributionCard()],
        ],
      },
      {
        h: 15,
        cells: [
          [10, topRecommendations],
          [7, topDevices],
          [7, topEvents],
        ],
      },
    ],
  });
