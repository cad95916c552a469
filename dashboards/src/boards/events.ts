/**
 * Event timeline (defender-tvm.md §2.6): the events of the time range, their impact then and now and
 * the score trend, and the same events as annotations on the exposure-score graph.
 */
import type { EventType } from '../../../src/datasource/types';
import { columns, event, hidden, withStyle } from '../columns';
import { dashboard, stat, steps, table, tvmAnnotation, type PanelSpec } from '../grafana';
import { drill, TITLES } from '../links';
import { groupVariable } from '../variables';
import { exposureTrend } from './overview';

const headline = (title: string, description: string, eventTypes: EventType[], color: string): PanelSpec =>
  stat({
    title,
    description,
    queries: [{ queryType: 'events', eventTypes, limit: 10000 }],
    field: 'id',
    text: true,
    calc: 'count',
    colorMode: 'value',
    // A count of no events is 0, not "No data".
    style: { unit: 'none', decimals: 0, thresholds: steps(color), noValue: '0' },
  });

const headlines: Array<[number, PanelSpec]> = [
  [6, headline('New vulnerabilities', 'New-vulnerability events in the time range.', ['NewVulnerability'], 'orange')],
  [
    6,
    headline(
      'Newly exploited',
      'Events of the time range where a CVE on the fleet entered CISA KEV or its EPSS jumped.',
      ['KnownExploited', 'EpssIncrease'],
      'red'
    ),
  ],
  [
    6,
    headline(
      'Remediations completed',
      'Remediation activities completed in the time range.',
      ['RemediationCompleted'],
      'green'
    ),
  ],
  [
    6,
    headline(
      'New configuration assessments',
      'Configuration checks added to the assessment in the time range.',
      ['NewConfigurationAssessment'],
      'blue'
    ),
  ],
];

/**
 * Grafana's calculateField finds a binary operand by the field's display name, not its name, and the data
 * source names its fields: these are the display names of scoreAfter and scoreBefore in
 * src/datasource/columns.ts (which cannot be imported here: it loads @grafana/data, which needs a browser).
 * dashboards.test.ts checks them against that file.
 */
const operand = (displayName: string) => ({ matcher: { id: 'byName', options: displayName } });

const timeline = table({
  title: 'Events',
  description:
    'What changed the organization’s exposure, newest first. Impacted devices are counted when the event happened and now; the score trend is the exposure-score change across the event. A CVE opens it.',
  queries: [{ queryType: 'events', limit: 5000 }],
  pagination: true,
  noValue: 'No events in this time range',
  calculate: [
    {
      id: 'calculateField',
      options: {
        mode: 'binary',
        binary: {
          left: operand('Score after'),
          operator: '-',
          right: operand('Score before'),
        },
        alias: 'scoreChange',
        replaceFields: false,
      },
    },
  ],
  columns: withStyle(
    columns({
      time: event.time,
      type: event.type,
      title: event.title,
      productKey: event.productKey,
      cveId: event.cveId,
      originallyImpactedDevices: event.originallyImpactedDevices,
      originallyImpactedPercent: event.originallyImpactedPercent,
      currentlyImpactedDevices: event.currentlyImpactedDevices,
      currentlyImpactedPercent: event.currentlyImpactedPercent,
      scoreChange: event.scoreChange,
      id: hidden,
    }),
    { cveId: { links: [drill.cve('cveId')] } }
  ),
});

export const eventTimeline = () =>
  dashboard({
    key: 'events',
    title: TITLES.events,
    description:
      'The risk news feed: new vulnerabilities, new exploitation, configuration assessments, score changes, completed remediation and expired exceptions.',
    variables: [groupVariable()],
    annotations: [
      tvmAnnotation('TVM events', 'orange', {
        queryType: 'events',
        eventTypes: [
          'NewVulnerability',
          'KnownExploited',
          'EpssIncrease',
          'NewConfigurationAssessment',
          'ExposureScoreChange',
        ],
        limit: 500,
      }),
    ],
    panels: [
      { h: 4, cells: headlines },
      { h: 8, cells: [[24, exposureTrend('Exposure score and events')]] },
      { h: 16, cells: [[24, timeline]] },
    ],
  });
