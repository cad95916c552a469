/**
 * Remediation (defender-tvm.md §2.3): SLA figures, the activities with their progress, what is overdue,
 * and the exceptions tab.
 */
import { columns, exception, hidden, remediation, SEVERITY_MAPPING, withStyle } from '../columns';
import {
  barchart,
  dashboard,
  fixedColor,
  stat,
  steps,
  table,
  thresholdColor,
  type PanelSpec,
  type QuerySpec,
  type StatSpec,
} from '../grafana';
import { drill, TITLES } from '../links';
import { $, groupVariable } from '../variables';

const group = $('group');

/** The frames of a remediationSla query (src/datasource/frames.ts, remediationSlaFrames). */
export const SLA_FRAMES = {
  summary: 'Remediation SLA',
  byPriority: 'Activities by priority',
  perWeek: 'Completed per week',
  bySeverity: 'Mean time to remediate by severity',
} as const;

const sla: QuerySpec = { queryType: 'remediationSla', deviceGroup: group };

const slaStat = (title: string, field: string, extra: Partial<StatSpec> = {}): PanelSpec =>
  stat({ title, queries: [sla], frame: SLA_FRAMES.summary, field, colorMode: 'value', ...extra });

const count = { unit: 'none', decimals: 0 };
const slaStats: Array<[number, PanelSpec]> = [
  [4, slaStat('Active activities', 'active', { style: { ...count, thresholds: steps('blue') } })],
  [
    4,
    slaStat('Past due', 'overdue', {
      description: 'Active activities whose due date has passed.',
      colorMode: 'background',
      style: { ...count, thresholds: steps('green', [1, 'red']) },
    }),
  ],
  [
    4,
    slaStat('Due soon', 'dueSoon', {
      description: 'Active activities due within the next days.',
      style: { ...count, thresholds: steps('text', [1, 'orange']) },
    }),
  ],
  [4, slaStat('Completed', 'completed', { style: { ...count, thresholds: steps('green') } })],
  [
    4,
    slaStat('Mean time to complete', 'meanDaysToComplete', {
      description: 'From request to completion, over the completed activities.',
      style: { unit: 'd', decimals: 1, thresholds: steps('text'), noValue: 'No completions yet' },
    }),
  ],
  [
    4,
    slaStat('Mean time to remediate', 'meanTimeToRemediate', {
      description: 'From first detection to fix, over the findings fixed recently.',
      style: { unit: 'd', decimals: 1, thresholds: steps('text'), noValue: 'No fixes yet' },
    }),
  ],
];

const byPriority = barchart({
  title: 'Active activities by priority',
  queries: [sla],
  frame: SLA_FRAMES.byPriority,
  xField: 'priority',
  fields: columns({
    active: { displayName: 'Active', color: fixedColor('blue') },
    dueSoon: { displayName: 'Due soon', color: fixedColor('orange') },
    overdue: { displayName: 'Past due', color: fixedColor('red') },
  }),
  orientation: 'horizontal',
  style: { ...count, noValue: 'No active activities' },
});

const perWeek = barchart({
  title: 'Completed per week',
  queries: [sla],
  frame: SLA_FRAMES.perWeek,
  xField: 'weekStart',
  xStyle: { unit: 'time:MMM D' },
  fields: columns({ completed: { displayName: 'Completed', color: fixedColor('green') } }),
  style: { ...count, noValue: 'No completions yet' },
  xTickLabelSpacing: 60,
});

const mttr = barchart({
  title: 'Mean time to remediate by severity',
  description: 'Days from first detection to fix, per CVE severity, over the findings fixed recently.',
  queries: [sla],
  frame: SLA_FRAMES.bySeverity,
  xField: 'severity',
  xStyle: { mappings: [SEVERITY_MAPPING], color: thresholdColor },
  colorByField: 'severity',
  fields: columns({ meanDays: { displayName: 'Mean days' } }),
  style: { unit: 'd', decimals: 1, noValue: 'No fixes yet' },
});

const activityColumns = () =>
  withStyle(
    // Defender's activity columns that fit 1600 px: progress stands for target and fixed devices, the title
    // ("Update …", "Disable …") for the remediation type.
    columns({
      title: remediation.title,
      relatedComponent: { ...remediation.relatedComponent, width: 180 },
      priority: remediation.priority,
      status: remediation.status,
      progressPercent: { ...remediation.progressPercent, width: 130 },
      dueOn: { ...remediation.dueOn, width: 100 },
      overdue: { ...remediation.overdue, width: 80 },
      createdOn: { ...remediation.createdOn, width: 100 },
      requesterEmail: { ...remediation.requesterEmail, width: 195 },
      completerEmail: { ...remediation.completerEmail, width: 195 },
      recommendationId: hidden,
    }),
    { title: { links: [drill.recommendation('recommendationId')] } }
  );

const activities = table({
  title: 'Remediation activities',
  description:
    'Every activity, newest first; completed ones are kept 180 days. Progress is fixed devices of the target devices. A row opens its recommendation.',
  queries: [
    {
      queryType: 'remediationActivities',
      deviceGroup: group,
      limit: 2000,
      orderBy: 'createdOn',
      orderDirection: 'desc',
    },
  ],
  pagination: true,
  noValue: 'No remediation activities in these device groups',
  columns: activityColumns(),
});

const overdue = table({
  title: 'Past due',
  description: 'Active activities past their due date, the longest overdue first.',
  queries: [
    {
      queryType: 'remediationActivities',
      deviceGroup: group,
      status: 'Active',
      filter: 'overdue eq true',
      limit: 500,
      orderBy: 'dueOn',
      orderDirection: 'asc',
    },
  ],
  noValue: 'Nothing is past due',
  columns: withStyle(
    columns({
      title: remediation.title,
      priority: remediation.priority,
      dueOn: remediation.dueOn,
      exposedDevices: remediation.exposedDevices,
      progressPercent: remediation.progressPercent,
      requesterEmail: remediation.requesterEmail,
      recommendationId: hidden,
    }),
    { title: { links: [drill.recommendation('recommendationId')] } }
  ),
});

const exceptions = table({
  title: 'Exceptions',
  description: 'Exceptions for recommendations and CVEs, newest first. The recommendation or CVE column opens it.',
  queries: [{ queryType: 'exceptions', deviceGroup: group, limit: 2000, orderBy: 'createdOn', orderDirection: 'desc' }],
  pagination: true,
  noValue: 'No exceptions in these device groups',
  // Which of the recommendation and CVE columns is filled says the type; the device groups say the scope.
  columns: withStyle(
    columns({
      title: exception.title,
      justification: exception.justification,
      scoreEffect: { ...exception.scoreEffect, width: 150 },
      rbacGroupNames: { ...exception.rbacGroupNames, width: 150 },
      status: exception.status,
      createdBy: { ...exception.createdBy, width: 195 },
      createdOn: { ...exception.createdOn, width: 100 },
      expiresOn: { ...exception.expiresOn, width: 100 },
      recommendationId: { ...exception.recommendationId, width: 180 },
      cveId: { ...exception.cveId, width: 130 },
    }),
    {
      recommendationId: { links: [drill.recommendation('recommendationId')] },
      cveId: { links: [drill.cve('cveId')] },
    }
  ),
});

export const remediationBoard = () =>
  dashboard({
    key: 'remediation',
    title: TITLES.remediation,
    description: 'Remediation activities with progress and due dates, SLA figures, and exceptions.',
    variables: [groupVariable()],
    panels: [
      { h: 4, cells: slaStats },
      {
        h: 7,
        cells: [
          [8, byPriority],
          [8, perWeek],
          [8, mttr],
        ],
      },
      { h: 13, cells: [[24, activities]] },
      { h: 8, cells: [[24, overdue]] },
      { h: 11, cells: [[24, exceptions]] },
    ],
  });
