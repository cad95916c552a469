/**
 * The OpenAPI 3.1 document of the service, served at GET /api/openapi.json. Its schemas are checked
 * against real responses in the API tests, so it cannot drift from what the service returns.
 */
import { SCORING_MODEL } from '../domain/scoring';

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
      configScoreImpact: num,
      exposureImpact: num,
      totalMachineCount: int,
      exposedMachinesCount: int,
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
      'configScoreImpact',
      'exposureImpact',
      'totalMachineCount',
      'exposedMachinesCount',
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
      type: {
        type: 'string',
        enum: [
          'NewVulnerability',
          'KnownExploited',
          'EpssIncrease',
          'NewConfigurationAssessment',
          'ExposureScoreChange',
        ],
      },
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
      ...READ_PATHS,
    },
  };
}
