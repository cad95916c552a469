/**
 * The OpenAPI 3.1 document of the service, served at GET /api/openapi.json. Its schemas are checked
 * against real responses in the API tests, so it cannot drift from what the service returns.
 */
import { EXCEPTION_SCOPES, EXCEPTION_STATUSES, EXPIRY_PRESETS, JUSTIFICATIONS } from '../domain/exceptions';
import {
  COMPLETION_METHODS,
  DELIVERY_STATUSES,
  PRIORITIES,
  REMEDIATION_TYPES,
  TASK_STATUSES,
} from '../domain/remediation';
import { SCORING_MODEL } from '../domain/scoring';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../engine/audit';
import { EVENT_TYPES } from '../engine/history';

type Schema = Record<string, unknown>;

const str = { type: 'string' };
const strN = { type: ['string', 'null'] };
const num = { type: 'number' };
const numN = { type: ['number', 'null'] };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const dateTime = { type: 'string', format: 'date-time' };
const dateTimeN = { type: ['string', 'null'], format: 'date-time' };
const strArr = { type: 'array', items: str };
const level = { type: 'string', enum: ['None', 'Low', 'Medium', 'High'] };
const oneOf = (values: readonly string[]) => ({ type: 'string', enum: [...values] });
const oneOfN = (values: readonly string[]) => ({ type: ['string', 'null'], enum: [...values, null] });

function obj(properties: Record<string, unknown>, required: string[] = Object.keys(properties)): Schema {
  return { type: 'object', properties, required, additionalProperties: false };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const odataList = (item: string): Schema => ({
  type: 'object',
  properties: { '@odata.context': str, value: { type: 'array', items: ref(item) }, '@odata.nextLink': str },
  required: ['@odata.context', 'value'],
  additionalProperties: false,
});
const odataEntity = (name: string): Schema => ({ allOf: [ref(name)], properties: { '@odata.context': str } });

export const SCHEMAS: Record<string, Schema> = {
  Error: obj({ error: obj({ code: str, message: str, target: str }, ['code', 'message']) }),
  ExposureScore: {
    ...obj(
      {
        '@odata.context': str,
        time: dateTime,
        score: numN,
        level,
        activeDevices: int,
        scoringModel: str,
        rbacGroupName: str,
        rbacGroupId: str,
      },
      ['time', 'score', 'level', 'activeDevices', 'scoringModel']
    ),
  },
  ConfigurationScore: obj(
    {
      '@odata.context': str,
      time: dateTime,
      score: num,
      maxScore: num,
      percent: num,
      categories: { type: 'array', items: obj({ category: str, score: num, maxScore: num, percent: num }) },
    },
    ['time', 'score', 'maxScore', 'percent', 'categories']
  ),
  HistoryPoint: obj(
    {
      time: dateTime,
      exposureScore: numN,
      secureScore: numN,
      secureMax: numN,
      score: numN,
      maxScore: numN,
      devicesTotal: int,
      devicesActive: int,
      levels: obj({ None: int, Low: int, Medium: int, High: int }),
      findingsOpen: int,
      critical: int,
      high: int,
      medium: int,
      low: int,
      knownExploited: int,
      exposedCves: int,
    },
    ['time', 'exposureScore', 'secureScore', 'devicesTotal', 'devicesActive', 'levels', 'findingsOpen']
  ),
  ExposureDistribution: obj({ rbacGroupName: str, None: int, Low: int, Medium: int, High: int, total: int }, [
    'None',
    'Low',
    'Medium',
    'High',
    'total',
  ]),
  Recommendation: obj(
    {
      '@odata.context': str,
      id: str,
      productName: str,
      recommendationName: str,
      weaknesses: int,
      vendor: str,
      recommendedVersion: str,
      recommendedProgram: str,
      recommendedVendor: str,
      recommendationCategory: {
        type: 'string',
        enum: ['Application', 'OS', 'Network', 'Accounts', 'SecurityControls'],
      },
      subCategory: str,
      severityScore: num,
      publicExploit: bool,
      activeAlert: bool,
      knownExploited: bool,
      highEpss: bool,
      maxEpss: numN,
      associatedThreats: strArr,
      remediationType: { type: 'string', enum: ['ConfigurationChange', 'Update', 'Upgrade', 'Uninstall'] },
      status: { type: 'string', enum: ['Active', 'Exception'] },
      statusDetail: { type: 'string', enum: ['Active', 'PartialException', 'FullException'] },
      exceptionIds: strArr,
      activeRemediationTasks: int,
      configScoreImpact: num,
      configScoreImpactAfterExceptions: num,
      exposureImpact: num,
      exposureImpactAfterExceptions: num,
      totalMachineCount: int,
      exposedMachinesCount: int,
      exposedMachinesCountAfterExceptions: int,
      nonProductivityImpactedAssets: int,
      relatedComponent: str,
      tags: strArr,
      exposedCriticalDevices: int,
      productKey: str,
      checkId: str,
      note: str,
    },
    [
      'id',
      'productName',
      'recommendationName',
      'weaknesses',
      'vendor',
      'recommendedVersion',
      'recommendationCategory',
      'severityScore',
      'publicExploit',
      'activeAlert',
      'remediationType',
      'status',
      'statusDetail',
      'exceptionIds',
      'activeRemediationTasks',
      'configScoreImpact',
      'configScoreImpactAfterExceptions',
      'exposureImpact',
      'exposureImpactAfterExceptions',
      'totalMachineCount',
      'exposedMachinesCount',
      'exposedMachinesCountAfterExceptions',
      'tags',
    ]
  ),
  Vulnerability: obj(
    {
      '@odata.context': str,
      id: str,
      name: str,
      description: str,
      severity: str,
      cvssV3: numN,
      cvssVector: str,
      cvssVersion: strN,
      exposedMachines: int,
      publishedOn: dateTimeN,
      updatedOn: dateTimeN,
      ageDays: { type: ['integer', 'null'] },
      publicExploit: bool,
      exploitVerified: bool,
      exploitInKit: bool,
      exploitTypes: strArr,
      exploitUris: strArr,
      cveSupportability: str,
      epss: numN,
      epssPercentile: numN,
      knownExploited: bool,
      kevDateAdded: strN,
      kevDueDate: strN,
      knownRansomwareCampaignUse: bool,
      vulnStatus: strN,
      cwes: strArr,
      relatedSoftware: strArr,
      productVersion: str,
      fixedIn: strN,
      firstDetected: dateTime,
      detectionSource: str,
    },
    ['id', 'name', 'severity', 'cvssV3', 'exposedMachines', 'publishedOn', 'publicExploit', 'epss', 'knownExploited']
  ),
  Software: obj(
    {
      '@odata.context': str,
      id: str,
      name: str,
      vendor: str,
      displayName: str,
      weaknesses: { type: ['integer', 'null'] },
      publicExploit: bool,
      activeAlert: bool,
      knownExploited: bool,
      exposedMachines: { type: ['integer', 'null'] },
      installedMachines: int,
      impactScore: num,
      versions: int,
      supported: bool,
      productKey: str,
    },
    ['id', 'name', 'vendor', 'weaknesses', 'publicExploit', 'activeAlert', 'exposedMachines', 'impactScore']
  ),
  MachineSoftware: obj({
    id: str,
    name: str,
    vendor: str,
    displayName: str,
    version: str,
    weaknesses: { type: ['integer', 'null'] },
    supported: bool,
    unsupportedReason: strN,
    firstSeen: dateTime,
    lastSeen: dateTime,
  }),
  Distribution: obj({ version: str, installations: int, vulnerabilities: int }),
  MachineRef: obj({ id: str, computerDnsName: str, osPlatform: strN, rbacGroupName: strN }),
  Machine: obj(
    {
      '@odata.context': str,
      id: str,
      computerDnsName: str,
      osPlatform: strN,
      version: strN,
      osArchitecture: strN,
      rbacGroupName: strN,
      rbacGroupId: strN,
      machineTags: strArr,
      deviceValue: { type: 'string', enum: ['Low', 'Normal', 'High'] },
      internetFacing: bool,
      firstSeen: dateTime,
      lastSeen: dateTime,
      healthStatus: { type: 'string', enum: ['Active', 'Inactive'] },
      exposureScore: numN,
      exposureLevel: level,
      riskScore: { type: 'string', enum: ['None', 'Informational', 'Low', 'Medium', 'High'] },
      vulnerabilities: int,
      criticalVulnerabilities: int,
      highVulnerabilities: int,
      mediumVulnerabilities: int,
      lowVulnerabilities: int,
      knownExploitedVulnerabilities: int,
    },
    [
      'id',
      'computerDnsName',
      'osPlatform',
      'rbacGroupName',
      'machineTags',
      'deviceValue',
      'lastSeen',
      'exposureScore',
      'exposureLevel',
      'riskScore',
    ]
  ),
  ExposureBreakdown: obj(
    {
      '@odata.context': str,
      deviceId: str,
      scoringModel: str,
      time: dateTime,
      active: bool,
      exposureScore: numN,
      exposureLevel: level,
      alertPressure: num,
      products: { type: 'array', items: obj({ productKey: str, cveCount: int, scoreWithout: num, contribution: num }) },
      findings: {
        type: 'array',
        items: obj({
          cveId: str,
          productKey: str,
          risk: num,
          mitigated: bool,
          signals: obj({
            cvss: numN,
            severity: strN,
            knownExploited: bool,
            knownRansomware: bool,
            epss: numN,
            publicExploit: bool,
          }),
        }),
      },
    },
    ['deviceId', 'scoringModel', 'exposureScore', 'exposureLevel', 'products', 'findings']
  ),
  Event: obj(
    {
      id: str,
      time: dateTime,
      type: oneOf(EVENT_TYPES),
      title: str,
      cveId: strN,
      productKey: strN,
      checkId: strN,
      cves: strArr,
      originallyImpactedDevices: int,
      originallyImpactedPercent: num,
      currentlyImpactedDevices: { type: ['integer', 'null'] },
      currentlyImpactedPercent: numN,
      scoreBefore: numN,
      scoreAfter: numN,
      detail: { type: 'object' },
    },
    ['id', 'time', 'type', 'title', 'originallyImpactedDevices']
  ),
  VulnerableDevicesReport: obj(
    {
      '@odata.context': str,
      time: dateTime,
      vulnerableDevices: int,
      bySeverity: obj({ Critical: int, High: int, Medium: int, Low: int, Unknown: int }),
      byExploitability: obj({ KnownExploited: int, PublicExploit: int, NoKnownExploit: int }),
      byAge: obj({ '0-30 days': int, '31-90 days': int, '91-180 days': int, 'over 180 days': int }),
    },
    ['time', 'vulnerableDevices', 'bySeverity', 'byExploitability', 'byAge']
  ),
  RemediationTask: obj(
    {
      '@odata.context': str,
      id: str,
      title: str,
      description: str,
      category: { type: 'string', enum: ['Software', 'Security configuration'] },
      type: oneOf(REMEDIATION_TYPES),
      relatedComponent: str,
      recommendationId: str,
      productId: strN,
      vendorId: strN,
      nameId: strN,
      recommendedVersion: strN,
      recommendedVendor: strN,
      recommendedProgram: strN,
      scid: strN,
      priority: oneOf(PRIORITIES),
      dueOn: dateTimeN,
      createdOn: dateTime,
      requesterId: str,
      requesterEmail: strN,
      requesterNotes: strN,
      status: oneOf(TASK_STATUSES),
      statusLastModifiedOn: dateTime,
      overdue: bool,
      targetDevices: int,
      fixedDevices: int,
      exposedDevices: int,
      progressPercent: num,
      rbacGroupNames: strArr,
      allDeviceGroups: bool,
      productivityImpactRemediationType: str,
      completionMethod: oneOfN(COMPLETION_METHODS),
      completerId: strN,
      completerEmail: strN,
      completedOn: dateTimeN,
      statusComment: strN,
      deliveryStatus: oneOf(DELIVERY_STATUSES),
      deliveryAttempts: int,
      deliveryLastError: strN,
      deliveryLastAttemptOn: dateTimeN,
      deliveredOn: dateTimeN,
      deliveryDevicesSent: { type: ['integer', 'null'] },
    },
    [
      'id',
      'title',
      'category',
      'type',
      'recommendationId',
      'priority',
      'dueOn',
      'createdOn',
      'requesterId',
      'status',
      'statusLastModifiedOn',
      'overdue',
      'targetDevices',
      'fixedDevices',
      'progressPercent',
      'rbacGroupNames',
      'completionMethod',
      'deliveryStatus',
    ]
  ),
  RemediationMachineRef: obj({
    id: str,
    computerDnsName: str,
    osPlatform: strN,
    rbacGroupName: strN,
    status: { type: 'string', enum: ['Exposed', 'Fixed'] },
    fixedOn: dateTimeN,
  }),
  Exception: obj(
    {
      '@odata.context': str,
      id: str,
      type: { type: 'string', enum: ['Recommendation', 'Cve'] },
      recommendationId: strN,
      cveId: strN,
      productKey: strN,
      checkId: strN,
      title: str,
      justification: oneOf(JUSTIFICATIONS),
      context: strN,
      scope: oneOf(EXCEPTION_SCOPES),
      rbacGroupNames: strArr,
      groups: {
        type: 'array',
        items: obj({
          rbacGroupName: str,
          status: oneOf(EXCEPTION_STATUSES),
          canceledOn: dateTimeN,
          canceledBy: strN,
          exposedDevicesAtCreation: int,
        }),
      },
      status: oneOf(EXCEPTION_STATUSES),
      suspended: bool,
      suspendedBy: strN,
      effective: bool,
      scoreEffect: { type: 'string', enum: ['Mitigated', 'None'] },
      createdOn: dateTime,
      createdBy: str,
      createdByEmail: strN,
      expiresOn: dateTime,
      canceledOn: dateTimeN,
      canceledBy: strN,
      resurfacedOn: dateTimeN,
      exposedDevicesAtCreation: int,
    },
    [
      'id',
      'type',
      'recommendationId',
      'cveId',
      'title',
      'justification',
      'scope',
      'rbacGroupNames',
      'groups',
      'status',
      'suspended',
      'effective',
      'scoreEffect',
      'createdOn',
      'createdBy',
      'expiresOn',
    ]
  ),
  AuditEntry: obj({
    id: str,
    time: dateTime,
    actor: str,
    actorToken: strN,
    action: oneOf(AUDIT_ACTIONS),
    entityType: oneOf(AUDIT_ENTITY_TYPES),
    entityId: str,
    summary: str,
    detail: { type: 'object' },
  }),
  RemediationSla: obj(
    {
      '@odata.context': str,
      time: dateTime,
      activities: obj({
        active: int,
        overdue: int,
        dueSoon: int,
        dueSoonDays: int,
        completed: int,
        canceled: int,
        meanDaysToComplete: numN,
        byPriority: obj(
          Object.fromEntries(PRIORITIES.map((p) => [p, obj({ active: int, overdue: int, dueSoon: int })]))
        ),
      }),
      completedPerWeek: { type: 'array', items: obj({ weekStart: dateTime, completed: int }) },
      meanTimeToRemediate: obj({
        windowDays: int,
        bySeverity: obj(
          Object.fromEntries(
            ['Critical', 'High', 'Medium', 'Low', 'Unknown'].map((sev) => [sev, obj({ fixed: int, meanDays: numN })])
          )
        ),
        overall: obj({ fixed: int, meanDays: numN }),
      }),
    },
    ['time', 'activities', 'completedPerWeek', 'meanTimeToRemediate']
  ),
};

const scopeParams = [
  {
    name: 'rbacGroupName',
    in: 'query',
    schema: str,
    description: 'Device group(s) to scope to; repeat it or separate names with commas.',
  },
];
const listParams = [
  ...scopeParams,
  {
    name: '$filter',
    in: 'query',
    schema: str,
    description: 'OData filter: eq ne gt ge lt le, and/or/not, in (...), contains/startswith/endswith, any().',
  },
  { name: '$top', in: 'query', schema: int },
  { name: '$skip', in: 'query', schema: int },
  { name: '$orderby', in: 'query', schema: str },
];
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: str });

function op(summary: string, schema: Schema, params: unknown[] = scopeParams) {
  return {
    summary,
    parameters: params,
    responses: {
      200: { description: 'OK', content: { 'application/json': { schema } } },
      default: { description: 'Error', content: { 'application/json': { schema: ref('Error') } } },
    },
  };
}

/** Paths whose responses the schemas describe: [path, schema name, list?]. */
export const READ_PATHS: Record<string, Schema> = {
  '/api/exposureScore': { get: op('Organization (or device-group) exposure score, 0-100', ref('ExposureScore')) },
  '/api/exposureScore/ByMachineGroups': { get: op('Exposure score per device group', odataList('ExposureScore')) },
  '/api/exposureScore/history': {
    get: op('Exposure score over time', odataList('HistoryPoint'), [
      ...scopeParams,
      { name: 'from', in: 'query', schema: dateTime },
      { name: 'to', in: 'query', schema: dateTime },
      { name: 'interval', in: 'query', schema: { type: 'string', enum: ['1m', '5m', '15m', '1h', '6h', '1d', '1w'] } },
    ]),
  },
  '/api/configurationScore': {
    get: op('Secure score for devices (points, maximum, percent, per category)', ref('ConfigurationScore')),
  },
  '/api/configurationScore/history': {
    get: op('Secure score over time', odataList('HistoryPoint'), [
      ...scopeParams,
      { name: 'from', in: 'query', schema: dateTime },
      { name: 'to', in: 'query', schema: dateTime },
      { name: 'interval', in: 'query', schema: str },
    ]),
  },
  '/api/exposureDistribution': {
    get: op('Devices per exposure level', odataList('ExposureDistribution'), [
      ...scopeParams,
      { name: 'byGroup', in: 'query', schema: { type: 'string', enum: ['true', 'false'] } },
    ]),
  },
  '/api/recommendations': { get: op('Security recommendations, by impact', odataList('Recommendation'), listParams) },
  '/api/recommendations/{id}': {
    get: op('One recommendation', odataEntity('Recommendation'), [...scopeParams, idParam('id')]),
  },
  '/api/recommendations/{id}/machineReferences': {
    get: op('Exposed devices of a recommendation', odataList('MachineRef'), [...scopeParams, idParam('id')]),
  },
  '/api/recommendations/{id}/vulnerabilities': {
    get: op('CVEs a recommendation remediates', odataList('Vulnerability'), [...scopeParams, idParam('id')]),
  },
  '/api/recommendations/{id}/software': {
    get: op('The software of a recommendation', odataEntity('Software'), [...scopeParams, idParam('id')]),
  },
  '/api/vulnerabilities': { get: op('Weaknesses: CVEs exposing devices', odataList('Vulnerability'), listParams) },
  '/api/vulnerabilities/{cveId}': {
    get: op('One CVE', odataEntity('Vulnerability'), [...scopeParams, idParam('cveId')]),
  },
  '/api/vulnerabilities/{cveId}/machineReferences': {
    get: op('Devices exposed to a CVE', odataList('MachineRef'), [...scopeParams, idParam('cveId')]),
  },
  '/api/Software': { get: op('Software inventory', odataList('Software'), listParams) },
  '/api/Software/{id}': { get: op('One software product', odataEntity('Software'), [...scopeParams, idParam('id')]) },
  '/api/Software/{id}/distributions': {
    get: op('Installed versions of a product', odataList('Distribution'), [...scopeParams, idParam('id')]),
  },
  '/api/Software/{id}/machineReferences': {
    get: op('Devices with a product installed', odataList('MachineRef'), [...scopeParams, idParam('id')]),
  },
  '/api/Software/{id}/vulnerabilities': {
    get: op('CVEs of a product', odataList('Vulnerability'), [...scopeParams, idParam('id')]),
  },
  '/api/machines': { get: op('Devices', odataList('Machine'), listParams) },
  '/api/machines/{id}': { get: op('One device', odataEntity('Machine'), [idParam('id')]) },
  '/api/machines/{id}/software': {
    get: op('Software installed on a device', odataList('MachineSoftware'), [idParam('id')]),
  },
  '/api/machines/{id}/vulnerabilities': {
    get: op('Open CVEs on a device', odataList('Vulnerability'), [idParam('id')]),
  },
  '/api/machines/{id}/recommendations': {
    get: op('Recommendations that apply to a device', odataList('Recommendation'), [idParam('id')]),
  },
  '/api/machines/{id}/exposureBreakdown': {
    get: op(
      "Why a device scores what it scores: each product's and finding's contribution",
      odataEntity('ExposureBreakdown'),
      [idParam('id')]
    ),
  },
  '/api/events': {
    get: op('The event timeline', odataList('Event'), [
      { name: 'from', in: 'query', schema: dateTime },
      { name: 'to', in: 'query', schema: dateTime },
      { name: 'type', in: 'query', schema: str },
      { name: '$top', in: 'query', schema: int },
      { name: '$skip', in: 'query', schema: int },
    ]),
  },
  '/api/reports/vulnerableDevices': {
    get: op('Vulnerable devices by severity, exploitability and age', odataEntity('VulnerableDevicesReport')),
  },
  '/api/remediationTasks': {
    get: op(
      'Remediation activities (finished ones are kept 180 days by default)',
      odataList('RemediationTask'),
      listParams
    ),
  },
  '/api/remediationTasks/{id}': {
    get: op('One remediation activity', odataEntity('RemediationTask'), [idParam('id')]),
  },
  '/api/remediationTasks/{id}/machineReferences': {
    get: op("An activity's target devices (default: those still exposed)", odataList('RemediationMachineRef'), [
      idParam('id'),
      { name: 'status', in: 'query', schema: { type: 'string', enum: ['Exposed', 'Fixed', 'All'] } },
    ]),
  },
  '/api/exceptions': {
    get: op('Exceptions for recommendations and CVEs, newest first', odataList('Exception'), listParams),
  },
  '/api/exceptions/{id}': { get: op('One exception', odataEntity('Exception'), [idParam('id')]) },
  '/api/audit': {
    get: op(
      'The audit log: every remediation, exception and device-value change, newest first',
      odataList('AuditEntry'),
      listParams.filter((p) => p.name !== 'rbacGroupName')
    ),
  },
  '/api/remediation/sla': {
    get: op(
      'Remediation SLA figures: past due, due soon, completions per week, mean time to remediate',
      odataEntity('RemediationSla'),
      [
        ...scopeParams,
        { name: 'dueSoonDays', in: 'query', schema: int },
        { name: 'mttrDays', in: 'query', schema: int },
        { name: 'weeks', in: 'query', schema: int },
      ]
    ),
  },
};

const csvResponse = (summary: string, params: unknown[]) => ({
  get: {
    summary,
    parameters: params,
    responses: {
      200: {
        description:
          'RFC 4180 CSV, UTF-8 with a byte-order mark, CRLF line ends; text cells starting with = + - @ get a leading apostrophe',
        content: { 'text/csv': { schema: str } },
      },
      default: { description: 'Error', content: { 'application/json': { schema: ref('Error') } } },
    },
  },
});

const writeOp = (summary: string, body: Schema | null, status: 200 | 201, schema: Schema, params: unknown[] = []) => ({
  post: {
    summary: `${summary} (admin scope; the actor is X-TVM-User, else the token's name)`,
    parameters: [...params, { name: 'X-TVM-User', in: 'header', schema: str }],
    ...(body ? { requestBody: { required: status === 201, content: { 'application/json': { schema: body } } } } : {}),
    responses: {
      [status]: { description: status === 201 ? 'Created' : 'OK', content: { 'application/json': { schema } } },
      default: { description: 'Error', content: { 'application/json': { schema: ref('Error') } } },
    },
  },
});

/** The write paths of remediation and exceptions, and the CSV exports. */
export const REMEDIATION_WRITE_PATHS: Record<string, Schema> = {
  '/api/remediationTasks': writeOp(
    'Request remediation of a recommendation',
    obj(
      {
        recommendationId: str,
        remediationType: oneOf(REMEDIATION_TYPES),
        priority: oneOf(PRIORITIES),
        dueOn: { type: 'string', description: 'ISO-8601 date or date-time; not for AttentionRequired' },
        requesterNotes: str,
        rbacGroupNames: strArr,
      },
      ['recommendationId', 'priority']
    ),
    201,
    odataEntity('RemediationTask')
  ),
  '/api/remediationTasks/{id}/complete': writeOp(
    'Mark an active activity as completed',
    obj({ comment: str }, []),
    200,
    odataEntity('RemediationTask'),
    [idParam('id')]
  ),
  '/api/remediationTasks/{id}/cancel': writeOp(
    'Cancel an active activity',
    obj({ comment: str }, []),
    200,
    odataEntity('RemediationTask'),
    [idParam('id')]
  ),
  '/api/exceptions': writeOp(
    'Create an exception for a recommendation or a CVE',
    obj(
      {
        recommendationId: str,
        cveId: str,
        justification: oneOf(JUSTIFICATIONS),
        context: str,
        scope: oneOf(EXCEPTION_SCOPES),
        rbacGroupNames: strArr,
        expiresOn: { type: 'string', description: 'ISO-8601 date or date-time, in the future, at most 2 years ahead' },
        expiresIn: oneOf(Object.keys(EXPIRY_PRESETS)),
      },
      ['justification']
    ),
    201,
    odataEntity('Exception')
  ),
  '/api/exceptions/{id}/cancel': writeOp(
    'Cancel an exception for all its groups, or (rbacGroupName) for one',
    obj({ rbacGroupName: str }, []),
    200,
    odataEntity('Exception'),
    [idParam('id')]
  ),
  '/api/remediationTasks/export.csv': csvResponse('Remediation activities as CSV', [
    ...scopeParams,
    { name: '$filter', in: 'query', schema: str },
  ]),
  '/api/remediationTasks/{id}/machineReferences/export.csv': csvResponse("An activity's devices as CSV", [
    idParam('id'),
    { name: 'status', in: 'query', schema: { type: 'string', enum: ['Exposed', 'Fixed', 'All'] } },
  ]),
  '/api/exceptions/export.csv': csvResponse('Exceptions as CSV, one row per exception', [
    ...scopeParams,
    { name: '$filter', in: 'query', schema: str },
  ]),
};

export function openApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'TVM service',
      version,
      description: `Threat & vulnerability management for Grafana. Read paths follow the Microsoft Defender for Endpoint vulnerability-management API (paths, field names, OData envelopes, $filter/$top/$skip). Scoring model: ${SCORING_MODEL}.`,
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: SCHEMAS,
    },
    security: [{ bearer: [] }],
    paths: {
      '/health': {
        get: {
          summary: 'Liveness, store and feed status (no token)',
          security: [],
          responses: { 200: { description: 'OK' } },
        },
      },
      '/metrics': {
        get: {
          summary:
            'Prometheus metrics (text exposition format 0.0.4): scores, devices per level, open findings, recommendations, remediation, exceptions, data freshness; read scope. The README lists them.',
          responses: {
            200: { description: 'The exposition', content: { 'text/plain': { schema: str } } },
            default: { description: 'Error', content: { 'application/json': { schema: ref('Error') } } },
          },
        },
      },
      '/api/ingest/devices': {
        post: {
          summary: 'Ingest device reports ({"devices": [...]}), all or nothing',
          responses: { 200: { description: 'Outcome per report' }, 400: { description: 'Invalid input' } },
        },
      },
      '/api/ingest/{format}': {
        post: {
          summary: 'Ingest one osquery / CycloneDX / Trivy / Grype document as a device report',
          parameters: [
            idParam('format'),
            { name: 'device', in: 'query', schema: str },
            { name: 'group', in: 'query', schema: str },
          ],
          responses: { 200: { description: 'Outcome' } },
        },
      },
      '/api/import/{feed}': {
        post: {
          summary: 'Import an NVD, KEV or EPSS feed (the raw file as the body)',
          parameters: [idParam('feed')],
          responses: { 200: { description: 'Import result' } },
        },
      },
      '/api/recompute': {
        post: { summary: 'Re-match and re-score everything now', responses: { 200: { description: 'Done' } } },
      },
      '/api/machines/{id}/setDeviceValue': {
        post: {
          summary: 'Set a device value (Low, Normal, High)',
          parameters: [idParam('id')],
          requestBody: {
            content: {
              'application/json': { schema: obj({ DeviceValue: { type: 'string', enum: ['Low', 'Normal', 'High'] } }) },
            },
          },
          responses: {
            200: { description: 'The machine', content: { 'application/json': { schema: odataEntity('Machine') } } },
          },
        },
      },
      ...mergePaths(READ_PATHS, REMEDIATION_WRITE_PATHS),
    },
  };
}

function mergePaths(...sets: Array<Record<string, Schema>>): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const set of sets) {
    for (const [path, ops] of Object.entries(set)) {
      out[path] = { ...(out[path] ?? {}), ...ops };
    }
  }
  return out;
}
