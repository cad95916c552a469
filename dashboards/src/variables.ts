/** The template variables the TVM dashboards share; names come from src/constants.ts. */
import { VARIABLES } from '../../src/constants';
import { EXPOSURE_LEVELS, RECOMMENDATION_CATEGORIES } from '../../src/datasource/types';
import { customVariable, queryVariable, textVariable, VariableHide } from './grafana';

export const $ = (name: keyof typeof VARIABLES) => `$${VARIABLES[name]}`;

/** Device groups: on every dashboard, every scoped query reads it; "All" means no scope. */
export const groupVariable = (hide = VariableHide.dontHide) =>
  queryVariable({
    name: VARIABLES.group,
    label: 'Device groups',
    description: 'Scope every card and list to these device groups.',
    query: { kind: 'deviceGroups' },
    multi: true,
    includeAll: true,
    hide,
  });

export const osVariable = () =>
  queryVariable({
    name: VARIABLES.os,
    label: 'OS platform',
    query: { kind: 'osPlatforms' },
    multi: true,
    includeAll: true,
  });

export const severityVariable = () =>
  queryVariable({
    name: VARIABLES.severity,
    label: 'Severity',
    query: { kind: 'severities' },
    multi: true,
    includeAll: true,
  });

export const deviceVariable = () =>
  queryVariable({
    name: VARIABLES.device,
    label: 'Device',
    description: 'Devices of the selected device groups.',
    query: { kind: 'devices', deviceGroup: $('group') },
  });

export const softwareVariable = () =>
  queryVariable({
    name: VARIABLES.software,
    label: 'Software',
    description: 'Software installed in the selected device groups.',
    query: { kind: 'software', deviceGroup: $('group') },
  });

const LEVEL_TEXT: Record<(typeof EXPOSURE_LEVELS)[number], string> = {
  None: 'No data',
  Low: 'Low',
  Medium: 'Medium',
  High: 'High',
};

export const levelVariable = () =>
  customVariable({
    name: VARIABLES.level,
    label: 'Exposure level',
    values: EXPOSURE_LEVELS.map((value) => ({ value, text: LEVEL_TEXT[value] })),
  });

const CATEGORY_TEXT: Record<(typeof RECOMMENDATION_CATEGORIES)[number], string> = {
  Application: 'Application',
  OS: 'Operating system',
  Network: 'Network',
  Accounts: 'Accounts',
  SecurityControls: 'Security controls',
};

export const categoryVariable = () =>
  customVariable({
    name: VARIABLES.category,
    label: 'Category',
    values: RECOMMENDATION_CATEGORIES.map((value) => ({ value, text: CATEGORY_TEXT[value] })),
  });

export const cveVariable = () =>
  textVariable({
    name: VARIABLES.cve,
    label: 'CVE',
    description: 'A CVE id, e.g. CVE-2024-3094; a click on a CVE in any list fills it in.',
  });

export const recommendationVariable = () =>
  textVariable({
    name: VARIABLES.recommendation,
    label: 'Recommendation',
    description:
      'A recommendation id (va-_-vendor-_-product or sca-_-scid-N); a click on a recommendation fills it in.',
  });
