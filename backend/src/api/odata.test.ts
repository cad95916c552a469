import Database from 'better-sqlite3';
import express from 'express';
import request from 'supertest';
import type { SqlValue } from '../store/db';
import { ApiError, errorHandler } from './errors';
import {
  DEFENDER_MAX_TOP,
  DEFENDER_MAX_TOP_VULNERABILITIES,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  MAX_FILTER_TERMS,
  defineFields,
  listQuery,
  nextLink,
  normaliseDateTime,
  odataEnvelope,
  parseFilter,
  parseOrderBy,
  parsePaging,
  type Fields,
  type JsonArrayDialect,
} from './odata';

const machineFields = defineFields({
  id: { sql: 'id', type: 'string' },
  computerDnsName: { sql: 'dns_name', type: 'string' },
  osPlatform: { sql: 'os_platform', type: 'string' },
  exposureLevel: { sql: 'exposure_level', type: 'enum', values: ['None', 'Low', 'Medium', 'High'], ordered: true },
  healthStatus: { sql: 'health_status', type: 'enum', values: ['Active', 'Inactive', 'NoSensorData'] },
  lastSeen: { sql: 'last_seen', type: 'datetime' },
  machineTags: { sql: 'machine_tags', type: 'stringArray' },
  rbacGroupName: { sql: 'rbac_group_name', type: 'string' },
  internetFacing: { sql: 'internet_facing', type: 'boolean' },
  exposureScore: { sql: 'exposure_score', type: 'number' },
});

const vulnerabilityFields = defineFields({
  id: { sql: 'id', type: 'string' },
  name: { sql: 'name', type: 'string' },
  cvssV3: { sql: 'cvss_v3', type: 'number' },
  publishedOn: { sql: 'published_on', type: 'datetime' },
  severity: { sql: 'severity', type: 'enum', values: ['Low', 'Medium', 'High', 'Critical'], ordered: true },
});

const recommendationFields = defineFields({
  id: { sql: 'id', type: 'string' },
  productName: { sql: 'product_name', type: 'string' },
  vendor: { sql: 'vendor', type: 'string' },
  status: { sql: 'status', type: 'enum', values: ['Active', 'Exception'] },
  severityScore: { sql: 'severity_score', type: 'number' },
  recommendationCategory: {
    sql: 'category',
    type: 'enum',
    values: ['Accounts', 'Application', 'Network', 'OS', 'SecurityControls'],
  },
});

type Row = Record<string, SqlValue>;

const machines: Row[] = [
  {
    id: 'm1',
    dns_name: 'ws-001.corp.example',
    os_platform: 'Windows11',
    exposure_level: 'High',
    health_status: 'Active',
    last_seen: '2026-11-20T10:00:00.000Z',
    machine_tags: '["finance","vip"]',
    rbac_group_name: 'Workstations',
    internet_facing: 0,
    exposure_score: 81.5,
  },
  {
    id: 'm2',
    dns_name: 'ws-002.corp.example',
    os_platform: 'Windows10',
    exposure_level: 'Medium',
    health_status: 'Inactive',
    last_seen: '2026-10-15T08:30:00.000Z',
    machine_tags: '["finance"]',
    rbac_group_name: 'Workstations',
    internet_facing: 0,
    exposure_score: 45,
  },
  {
    id: 'm3',
    dns_name: 'SRV-DB-01',
    os_platform: 'WindowsServer2022',
    exposure_level: 'High',
    health_status: 'Active',
    last_seen: '2026-11-02T00:00:00.000Z',
    machine_tags: '["prod","db"]',
    rbac_group_name: 'Servers',
    internet_facing: 1,
    exposure_score: 92,
  },
  {
    id: 'm4',
    dns_name: 'mac-007',
    os_platform: 'macOS',
    exposure_level: 'Low',
    health_status: null,
    last_seen: '2026-11-01T00:00:00.000Z',
    machine_tags: '[]',
    rbac_group_name: 'Workstations',
    internet_facing: 0,
    exposure_score: 10,
  },
  {
    id: 'm5',
    dns_name: 'linux_50%_box',
    os_platform: 'Linux',
    exposure_level: null,
    health_status: 'Active',
    last_seen: null,
    machine_tags: null,
    rbac_group_name: null,
    internet_facing: 1,
    exposure_score: null,
  },
  {
    id: 'm6',
    dns_name: "o'brien-laptop",
    os_platform: 'Windows11',
    exposure_level: 'None',
    health_status: 'Active',
    last_seen: '2025-12-31T23:59:59.999Z',
    machine_tags: '["VIP"]',
    rbac_group_name: 'Workstations',
    internet_facing: 0,
    exposure_score: 0,
  },
];

const vulnerabilities: Row[] = [
  {
    id: 'CVE-2024-0001',
    name: 'Chrome use-after-free',
    cvss_v3: 8.8,
    published_on: '2024-03-01T00:00:00.000Z',
    severity: 'High',
  },
  {
    id: 'CVE-2023-1111',
    name: 'chrome heap overflow',
    cvss_v3: 9.6,
    published_on: '2023-11-20T00:00:00.000Z',
    severity: 'Critical',
  },
  {
    id: 'CVE-2024-2222',
    name: 'OpenSSL timing',
    cvss_v3: 5.3,
    published_on: '2024-06-01T12:00:00.000Z',
    severity: 'Medium',
  },
  {
    id: 'CVE-2025-3333',
    name: 'Kernel privilege escalation',
    cvss_v3: 7,
    published_on: '2025-01-15T00:00:00.000Z',
    severity: 'High',
  },
  {
    id: 'CVE-2024-4444',
    name: 'Edge spoofing',
    cvss_v3: null,
    published_on: '2024-02-01T00:00:00.000Z',
    severity: 'Low',
  },
];

const recommendations: Row[] = [
  {
    id: 'va-_-google-_-chrome',
    product_name: 'chrome',
    vendor: 'google',
    status: 'Active',
    severity_score: 9.1,
    category: 'Application',
  },
  {
    id: 'va-_-microsoft-_-edge',
    product_name: 'edge',
    vendor: 'microsoft',
    status: 'Exception',
    severity_score: 5,
    category: 'Application',
  },
  {
    id: 'sca-_-scid-20000',
    product_name: null,
    vendor: 'microsoft',
    status: 'Active',
    severity_score: 7,
    category: 'Accounts',
  },
  {
    id: 'va-_-oracle-_-jre',
    product_name: 'jre',
    vendor: 'oracle',
    status: null,
    severity_score: 3,
    category: 'Application',
  },
];

let db: Database.Database;

function load(table: string, rows: Row[]): void {
  const cols = Object.keys(rows[0]);
  db.exec(`CREATE TABLE ${table} (${cols.map((c) => `${c}${c === 'id' ? ' TEXT PRIMARY KEY' : ''}`).join(', ')})`);
  const insert = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  for (const row of rows) {
    insert.run(...cols.map((c) => row[c]));
  }
}

beforeAll(() => {
  db = new Database(':memory:');
  load('machines', machines);
  load('vulnerabilities', vulnerabilities);
  load('recommendations', recommendations);
});

afterAll(() => db.close());

const TABLES: Record<string, Fields> = {
  machines: machineFields,
  vulnerabilities: vulnerabilityFields,
  recommendations: recommendationFields,
};

/** Runs the translated filter and returns the ids it selects, sorted. */
function select(table: keyof typeof TABLES, filter: string): string[] {
  const { sql, params } = parseFilter(filter, TABLES[table]);
  const rows = db.prepare(`SELECT id FROM ${table} WHERE ${sql} ORDER BY id`).all(...params) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

function count(table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) {
      return e;
    }
    throw e;
  }
  throw new Error('expected an ApiError');
}

const filterError = (filter: string, fields: Fields = machineFields) => apiError(() => parseFilter(filter, fields));

describe('defineFields', () => {
  it('looks names up case-insensitively and keeps the declared spelling', () => {
    expect(machineFields.get('EXPOSURELEVEL')).toMatchObject({ name: 'exposureLevel', sql: 'exposure_level' });
    expect(machineFields.get('lastseen')?.type).toBe('datetime');
    expect(machineFields.get('nope')).toBeUndefined();
    expect(machineFields.names).toContain('rbacGroupName');
  });

  it('refuses unusable declarations', () => {
    expect(() => defineFields({ 'bad name': { sql: 'x', type: 'string' } })).toThrow(/not a usable field name/);
    expect(() => defineFields({ and: { sql: 'x', type: 'string' } })).toThrow(/not a usable field name/);
    expect(() => defineFields({ a: { sql: 'x', type: 'string' }, A: { sql: 'y', type: 'string' } })).toThrow(
      /declared twice/
    );
    expect(() => defineFields({ level: { sql: 'x', type: 'enum' } })).toThrow(/needs values/);
    expect(() => defineFields({ level: { sql: ' ', type: 'string' } })).toThrow(/no sql/);
    expect(() => defineFields({ n: { sql: 'x', type: 'number', ordered: true } })).toThrow(/only an enum/);
  });
});

describe('parseFilter: translation proven against SQLite', () => {
  const cases: Array<[keyof typeof TABLES, string, string[]]> = [
    // Defender-style machine filters
    ['machines', "exposureLevel eq 'High' and osPlatform in ('Windows10','Windows11')", ['m1']],
    ['machines', "exposureLevel eq 'High' or osPlatform in ('Windows10','Windows11')", ['m1', 'm2', 'm3', 'm6']],
    ['machines', "ExposureLevel EQ 'high'", ['m1', 'm3']],
    ['machines', "exposureLevel ne 'High'", ['m2', 'm4', 'm5', 'm6']],
    ['machines', "not (exposureLevel eq 'High')", ['m2', 'm4', 'm5', 'm6']],
    ['machines', "not exposureLevel eq 'High'", ['m2', 'm4', 'm5', 'm6']],
    ['machines', "not not (exposureLevel eq 'High')", ['m1', 'm3']],
    ['machines', "exposureLevel ge 'Medium'", ['m1', 'm2', 'm3']],
    ['machines', "exposureLevel lt 'Medium'", ['m4', 'm6']],
    ['machines', "exposureLevel gt 'High'", []],
    ['machines', "not (exposureLevel gt 'High')", ['m1', 'm2', 'm3', 'm4', 'm5', 'm6']],
    ['machines', "'High' eq exposureLevel", ['m1', 'm3']],
    ['machines', 'exposureLevel eq null', ['m5']],
    ['machines', 'exposureLevel ne null', ['m1', 'm2', 'm3', 'm4', 'm6']],
    ['machines', "exposureLevel in ('Low', null)", ['m4', 'm5']],
    ['machines', "not (exposureLevel in ('Low', null))", ['m1', 'm2', 'm3', 'm6']],
    ['machines', "healthStatus eq 'Active' and internetFacing eq true", ['m3', 'm5']],
    ['machines', 'internetFacing', ['m3', 'm5']],
    ['machines', 'not internetFacing', ['m1', 'm2', 'm4', 'm6']],
    ['machines', 'internetFacing eq false', ['m1', 'm2', 'm4', 'm6']],
    ['machines', "healthStatus ne 'Active'", ['m2', 'm4']],
    // date-times: unquoted, quoted, date only, Defender's `2018-08-01Z`, offsets, fractions
    ['machines', 'lastSeen gt 2026-11-01T00:00:00Z', ['m1', 'm3']],
    ['machines', 'lastSeen ge 2026-11-01T00:00:00Z', ['m1', 'm3', 'm4']],
    ['machines', "lastSeen ge '2026-11-01T00:00:00Z'", ['m1', 'm3', 'm4']],
    ['machines', 'lastSeen ge 2026-11-01', ['m1', 'm3', 'm4']],
    ['machines', 'lastSeen ge 2026-11-01Z', ['m1', 'm3', 'm4']],
    ['machines', 'lastSeen ge 2026-11-01T00:00:00', ['m1', 'm3', 'm4']],
    ['machines', 'lastSeen eq 2026-11-01T01:00:00+01:00', ['m4']],
    ['machines', 'lastSeen lt 2026-01-01T00:00:00.0000000Z', ['m6']],
    ['machines', 'lastSeen le 2025-12-31T23:59:59.999Z', ['m6']],
    ['machines', 'lastSeen lt 2025-12-31T23:59:59.998Z', []],
    ['machines', 'not (lastSeen gt 2026-11-01T00:00:00Z)', ['m2', 'm4', 'm5', 'm6']],
    ['machines', 'lastSeen eq null', ['m5']],
    // numbers: integers, decimals, negatives, exponents
    ['machines', 'exposureScore gt 80', ['m1', 'm3']],
    ['machines', 'exposureScore ge 81.5', ['m1', 'm3']],
    ['machines', 'exposureScore gt -1', ['m1', 'm2', 'm3', 'm4', 'm6']],
    ['machines', 'exposureScore lt 1e1', ['m6']],
    ['machines', '50 le exposureScore', ['m1', 'm3']],
    ['machines', 'exposureScore ne 45', ['m1', 'm3', 'm4', 'm5', 'm6']],
    // strings and functions
    ['machines', "contains(computerDnsName,'CORP')", ['m1', 'm2']],
    ['machines', "startswith(computerDnsName, 'srv-')", ['m3']],
    ['machines', "endswith(computerDnsName,'.EXAMPLE')", ['m1', 'm2']],
    ['machines', "contains(computerDnsName,'50%_')", ['m5']],
    ['machines', "contains(computerDnsName,'0%')", ['m5']],
    ['machines', "contains(computerDnsName,'_')", ['m5']],
    ['machines', "contains(computerDnsName,'%')", ['m5']],
    ['machines', "contains(computerDnsName,'\\')", []],
    ['machines', "contains(computerDnsName,'o''brien')", ['m6']],
    ['machines', "computerDnsName eq 'o''brien-laptop'", ['m6']],
    ['machines', "not contains(computerDnsName,'corp')", ['m3', 'm4', 'm5', 'm6']],
    ['machines', "contains(computerDnsName,'corp') eq false", ['m3', 'm4', 'm5', 'm6']],
    ['machines', "contains(rbacGroupName,'station') ne true", ['m3', 'm5']],
    ['machines', "rbacGroupName gt 'T'", ['m1', 'm2', 'm4', 'm6']],
    ['machines', "computerDnsName eq 'ws-001.corp.example'", ['m1']],
    ['machines', "computerDnsName eq 'WS-001.corp.example'", []],
    // collections
    ['machines', "machineTags/any(tag: tag eq 'finance')", ['m1', 'm2']],
    ['machines', "machineTags/ANY(t: t eq 'vip' or t eq 'prod')", ['m1', 'm3']],
    ['machines', "machineTags/any(t: contains(t,'vip'))", ['m1', 'm6']],
    ['machines', "machineTags/any(t: startswith(t,'fin') and not (t eq 'vip'))", ['m1', 'm2']],
    ['machines', "machineTags/any(t: t in ('db', 'VIP'))", ['m3', 'm6']],
    ['machines', 'machineTags/any()', ['m1', 'm2', 'm3', 'm6']],
    ['machines', 'not machineTags/any()', ['m4', 'm5']],
    ['machines', "not machineTags/any(t: t eq 'finance')", ['m3', 'm4', 'm5', 'm6']],
    ['machines', "machineTags/all(t: t ne 'finance')", ['m3', 'm4', 'm5', 'm6']],
    ['machines', "machineTags/all(t: startswith(t, 'fin'))", ['m2', 'm4', 'm5']],
    ['machines', "not machineTags/all(t: startswith(t, 'fin'))", ['m1', 'm3', 'm6']],
    ['machines', "machineTags/any(t: t eq 'finance') eq false", ['m3', 'm4', 'm5', 'm6']],
    ['machines', "machineTags eq 'finance'", ['m1', 'm2']],
    ['machines', "machineTags ne 'finance'", ['m3', 'm4', 'm5', 'm6']],
    ['machines', "machineTags in ('prod', 'vip')", ['m1', 'm3']],
    ['machines', 'machineTags eq null', ['m5']],
    ['machines', "machineTags/any(a: a eq 'finance') and machineTags/any(b: b eq 'vip')", ['m1']],
    // precedence: and binds tighter than or; parentheses override
    ['machines', "osPlatform eq 'macOS' or exposureLevel eq 'High' and internetFacing", ['m3', 'm4']],
    ['machines', "(osPlatform eq 'macOS' or exposureLevel eq 'High') and internetFacing", ['m3']],
    ['machines', "((((osPlatform eq 'Linux'))))", ['m5']],
    // vulnerabilities
    ['vulnerabilities', 'cvssV3 ge 7 and publishedOn gt 2024-01-01T00:00:00Z', ['CVE-2024-0001', 'CVE-2025-3333']],
    ['vulnerabilities', "contains(name,'chrome')", ['CVE-2023-1111', 'CVE-2024-0001']],
    ['vulnerabilities', "severity in ('Critical','high')", ['CVE-2023-1111', 'CVE-2024-0001', 'CVE-2025-3333']],
    ['vulnerabilities', "severity ge 'High'", ['CVE-2023-1111', 'CVE-2024-0001', 'CVE-2025-3333']],
    ['vulnerabilities', 'cvssV3 eq null', ['CVE-2024-4444']],
    ['vulnerabilities', 'not (cvssV3 ge 7)', ['CVE-2024-2222', 'CVE-2024-4444']],
    ['vulnerabilities', "id eq 'CVE-2024-2222'", ['CVE-2024-2222']],
    // recommendations
    [
      'recommendations',
      "not (status eq 'Exception')",
      ['sca-_-scid-20000', 'va-_-google-_-chrome', 'va-_-oracle-_-jre'],
    ],
    ['recommendations', "status eq 'Active' and severityScore ge 5", ['sca-_-scid-20000', 'va-_-google-_-chrome']],
    [
      'recommendations',
      "recommendationCategory eq 'Accounts' or vendor eq 'oracle'",
      ['sca-_-scid-20000', 'va-_-oracle-_-jre'],
    ],
    ['recommendations', "productName ne 'chrome'", ['sca-_-scid-20000', 'va-_-microsoft-_-edge', 'va-_-oracle-_-jre']],
    [
      'recommendations',
      "startswith(id,'va-_-')",
      ['va-_-google-_-chrome', 'va-_-microsoft-_-edge', 'va-_-oracle-_-jre'],
    ],
  ];

  it.each(cases)('%s: %s', (table, filter, expected) => {
    expect(select(table, filter)).toEqual(expected);
  });

  it('puts every value into params, none into the SQL text', () => {
    for (const [table, filter] of cases) {
      const { sql, params } = parseFilter(filter, TABLES[table]);
      expect(sql.replace(/ESCAPE '\\'/g, '')).not.toMatch(/['";]|--/);
      expect(sql.split('?').length - 1).toBe(params.length);
    }
  });

  it('translates to readable SQL', () => {
    expect(parseFilter("exposureLevel eq 'High' and osPlatform in ('Windows10','Windows11')", machineFields)).toEqual({
      sql: '(exposure_level = ? AND os_platform IN (?, ?))',
      params: ['High', 'Windows10', 'Windows11'],
    });
    expect(parseFilter("not (status eq 'Exception')", recommendationFields)).toEqual({
      sql: '(status <> ? OR status IS NULL)',
      params: ['Exception'],
    });
    expect(parseFilter("contains(name,'50%_x')", vulnerabilityFields)).toEqual({
      sql: "LOWER(name) LIKE LOWER(?) ESCAPE '\\'",
      params: ['%50\\%\\_x%'],
    });
    expect(parseFilter("machineTags/any(tag: tag eq 'finance')", machineFields)).toEqual({
      sql: 'EXISTS (SELECT 1 FROM (SELECT machine_tags AS arr) AS odata_e0_a, json_each(odata_e0_a.arr) AS odata_e0 WHERE odata_e0.value = ?)',
      params: ['finance'],
    });
    expect(parseFilter('internetFacing eq true and lastSeen gt 2026-11-01T02:00:00+02:00', machineFields)).toEqual({
      sql: '(internet_facing = ? AND last_seen > ?)',
      params: [1, '2026-11-01T00:00:00.000Z'],
    });
  });

  it('filters rows that are themselves JSON objects read with json_each (no `value` shadowing)', () => {
    const jsonFields = defineFields({
      name: { sql: "json_extract(value, '$.name')", type: 'string' },
      tags: { sql: "json_extract(value, '$.tags')", type: 'stringArray' },
      score: { sql: "json_extract(value, '$.score')", type: 'number' },
    });
    const items = JSON.stringify([
      { name: 'a', tags: ['finance', 'vip'], score: 3 },
      { name: 'b', tags: ['x'], score: 5 },
      { name: 'c', score: 7 },
    ]);
    const names = (filter: string) => {
      const { sql, params } = parseFilter(filter, jsonFields);
      const rows = db
        .prepare(`SELECT json_extract(value, '$.name') AS name FROM json_each(?) WHERE ${sql} ORDER BY key`)
        .all(items, ...params) as Array<{ name: string }>;
      return rows.map((r) => r.name);
    };
    expect(names("tags/any(t: t eq 'vip')")).toEqual(['a']);
    expect(names("not tags/any(t: t eq 'vip')")).toEqual(['b', 'c']);
    expect(names("tags/all(t: t ne 'x') and score gt 3")).toEqual(['c']);
    expect(names('tags/any()')).toEqual(['a', 'b']);
    expect(names("tags eq 'x' or name eq 'a'")).toEqual(['a', 'b']);
  });

  it('lets a dialect swap the JSON array translation', () => {
    const pg: JsonArrayDialect = (col, alias) => ({
      from: `jsonb_array_elements_text((${col})::jsonb) AS ${alias}(value)`,
      element: `${alias}.value`,
    });
    expect(parseFilter("machineTags/any(t: t eq 'vip')", machineFields, { jsonArray: pg }).sql).toBe(
      'EXISTS (SELECT 1 FROM jsonb_array_elements_text((machine_tags)::jsonb) AS odata_e0(value) WHERE odata_e0.value = ?)'
    );
  });
});

describe('parseFilter: random filters agree with a reference evaluator', () => {
  type M = (typeof machines)[number];
  type Gen = [text: string, test: (m: M) => boolean];
  let seed = 987654321;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * n);
  };
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)];
  const CMP: Record<string, (a: number | string, b: number | string) => boolean> = {
    eq: (a, b) => a === b,
    ne: (a, b) => a !== b,
    gt: (a, b) => a > b,
    ge: (a, b) => a >= b,
    lt: (a, b) => a < b,
    le: (a, b) => a <= b,
  };
  const LEVELS = ['None', 'Low', 'Medium', 'High'];
  // OData two-valued semantics: a comparison with null is false, except ne (true) when the value is not null.
  const cmp = (v: SqlValue, op: string, x: number | string) =>
    v === null ? op === 'ne' : CMP[op](v as number | string, x);
  const texts: Array<[string, string]> = [
    ['corp', 'corp'],
    ['50%', '50%'],
    ['_', '_'],
    ["O''B", "O'B"],
    ['-0', '-0'],
    ['SRV', 'SRV'],
    ["x'' or 1=1 --", "x' or 1=1 --"],
    ['', ''],
  ];
  const leaf = (): Gen => {
    const op = pick(Object.keys(CMP));
    switch (rand(11)) {
      case 0: {
        const n = pick([-1, 0, 10, 45, 81.5, 92, 100]);
        return [`exposureScore ${op} ${n}`, (m) => cmp(m.exposure_score, op, n)];
      }
      case 1: {
        const l = pick(LEVELS);
        return [
          `exposureLevel ${op} '${l}'`,
          (m) =>
            m.exposure_level === null
              ? op === 'ne'
              : CMP[op](LEVELS.indexOf(m.exposure_level as string), LEVELS.indexOf(l)),
        ];
      }
      case 2: {
        const eq = rand(2) === 0;
        const field = pick(['exposureLevel', 'lastSeen', 'machineTags', 'healthStatus']);
        const col = {
          exposureLevel: 'exposure_level',
          lastSeen: 'last_seen',
          machineTags: 'machine_tags',
          healthStatus: 'health_status',
        }[field]!;
        return [`${field} ${eq ? 'eq' : 'ne'} null`, (m) => (m[col] === null) === eq];
      }
      case 3: {
        const d = pick([
          '2026-11-01T00:00:00.000Z',
          '2026-10-15T08:30:00.000Z',
          '2025-12-31T23:59:59.999Z',
          '2027-01-01T00:00:00.000Z',
        ]);
        return [`lastSeen ${op} ${d}`, (m) => cmp(m.last_seen, op, d)];
      }
      case 4:
      case 5: {
        const fn = pick(['contains', 'startswith', 'endswith'] as const);
        const [lit, raw] = pick(texts);
        const test = (v: string) =>
          fn === 'contains'
            ? v.includes(raw.toLowerCase())
            : fn === 'startswith'
              ? v.startsWith(raw.toLowerCase())
              : v.endsWith(raw.toLowerCase());
        return [
          `${fn}(computerDnsName,'${lit}')`,
          (m) => m.dns_name !== null && test((m.dns_name as string).toLowerCase()),
        ];
      }
      case 6:
        return rand(2)
          ? ['internetFacing', (m) => m.internet_facing === 1]
          : ['internetFacing eq false', (m) => m.internet_facing === 0];
      case 7: {
        const tag = pick(['finance', 'vip', 'VIP', 'prod', 'none']);
        const tags = (m: M): string[] | null => (m.machine_tags === null ? null : JSON.parse(m.machine_tags as string));
        return rand(2)
          ? [`machineTags/any(t: t eq '${tag}')`, (m) => (tags(m) ?? []).includes(tag)]
          : [`machineTags/all(t: t ne '${tag}')`, (m) => !(tags(m) ?? []).includes(tag)];
      }
      case 8: {
        const list = [pick(['Windows11', 'Linux', 'macOS']), pick(['Windows10', 'WindowsServer2022'])];
        return [`osPlatform in ('${list.join("','")}')`, (m) => list.includes(m.os_platform as string)];
      }
      case 9: {
        const s = pick(['Active', 'Inactive']);
        return [
          `healthStatus ${op === 'eq' ? 'eq' : 'ne'} '${s}'`,
          (m) => cmp(m.health_status, op === 'eq' ? 'eq' : 'ne', s),
        ];
      }
      default: {
        const [lit, raw] = pick(texts);
        return [`rbacGroupName ${op} '${lit}'`, (m) => cmp(m.rbac_group_name, op, raw)];
      }
    }
  };
  const gen = (depth: number): Gen => {
    if (depth === 0 || rand(3) === 0) {
      return leaf();
    }
    switch (rand(3)) {
      case 0: {
        const [t, f] = gen(depth - 1);
        return [`not (${t})`, (m) => !f(m)];
      }
      default: {
        const and = rand(2) === 0;
        const parts = Array.from({ length: 2 + rand(2) }, () => gen(depth - 1));
        return [
          `(${parts.map((p) => p[0]).join(and ? ' and ' : ' or ')})`,
          (m) => (and ? parts.every((p) => p[1](m)) : parts.some((p) => p[1](m))),
        ];
      }
    }
  };

  it('selects exactly the rows the reference evaluator selects, for 1,500 random filters', () => {
    for (let n = 0; n < 1500; n++) {
      const [text, test] = gen(4);
      const expected = machines
        .filter(test)
        .map((m) => m.id as string)
        .sort();
      expect({ text, ids: select('machines', text) }).toEqual({ text, ids: expected });
    }
  });
});

describe('parseFilter: injection attempts', () => {
  const before = () => [count('machines'), count('vulnerabilities'), count('recommendations')];

  it('keeps a quote-escaped payload inside its string literal', () => {
    const counts = before();
    expect(select('vulnerabilities', "name eq 'x'' or 1=1 --'")).toEqual([]);
    expect(parseFilter("name eq 'x'' or 1=1 --'", vulnerabilityFields).params).toEqual(["x' or 1=1 --"]);
    expect(select('vulnerabilities', "contains(name,''' OR ''1''=''1')")).toEqual([]);
    // A backslash is no escape in OData: the string ends at the next quote and the rest is refused.
    expect(filterError("name eq 'x\\' or 1=1 or name eq '", vulnerabilityFields).message).toBe(
      "$filter: unexpected character '=' at position 17"
    );
    expect(before()).toEqual(counts);
  });

  it.each([
    ["name eq 'x'; DROP TABLE vulnerabilities", "unexpected character ';' at position 11"],
    ["name eq 'x' -- comment", "unexpected character '-' at position 12"],
    ["name;DROP TABLE vulnerabilities eq 'x'", "unexpected character ';' at position 4"],
    ['"name" eq \'x\'', `unexpected character '"' at position 0`],
    ["name/**/eq 'x'", "unexpected character '*' at position 5"],
    ["name eq 'x' or 1 eq 1", 'a comparison needs a field on one side (at position 17)'],
    ['1=1', "unexpected character '=' at position 1"],
    ['name) or (1 eq 1', "expected a comparison operator (eq, ne, gt, ge, lt, le, in) at position 4, found ')'"],
    ["name eq 'x' union select 1", "expected 'and', 'or' or end of input at position 12, found 'union'"],
    ["sqlite_master eq 'x'", 'unknown field "sqlite_master"'],
    ['name eq char(39)', 'unknown field "char"; filterable fields: id, name, cvssV3, publishedOn, severity'],
    ['char(39) eq name', "unknown function 'char' at position 0"],
  ])('refuses %s', (filter, message) => {
    const counts = before();
    const err = filterError(filter, vulnerabilityFields);
    expect(err).toMatchObject({ status: 400, code: 'InvalidFilter', target: '$filter' });
    expect(err.message).toContain(message);
    expect(before()).toEqual(counts);
  });

  it('never produces SQL that fails or leaks text, over thousands of random filters', () => {
    // A fixed-seed generator over a vocabulary mixing valid pieces and hostile ones.
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const vocab = [
      'exposureLevel',
      'lastSeen',
      'machineTags',
      'internetFacing',
      'exposureScore',
      'computerDnsName',
      'eq',
      'ne',
      'gt',
      'ge',
      'lt',
      'le',
      'and',
      'or',
      'not',
      'in',
      '(',
      ')',
      ',',
      '/',
      ':',
      'any',
      'all',
      "'High'",
      "'x'' or 1=1 --'",
      "'%'",
      "'_'",
      '7',
      '-1.5',
      '1e3',
      'true',
      'false',
      'null',
      '2026-11-01T00:00:00Z',
      '2026-02-30',
      "'2026-11-01'",
      't',
      'contains',
      'startswith',
      'endswith',
      ';',
      '--',
      '"',
      '*',
      '=',
      "'",
      'DROP',
      'TABLE',
      'machines',
    ];
    let accepted = 0;
    for (let n = 0; n < 4000; n++) {
      const len = 1 + rand(10);
      const parts: string[] = [];
      for (let k = 0; k < len; k++) {
        parts.push(vocab[rand(vocab.length)]);
      }
      const filter = parts.join(rand(3) === 0 ? '' : ' ');
      let result;
      try {
        result = parseFilter(filter, machineFields);
      } catch (e) {
        expect(e).toBeInstanceOf(ApiError);
        expect((e as ApiError).status).toBe(400);
        continue;
      }
      accepted++;
      expect(result.sql.replace(/ESCAPE '\\'/g, '')).not.toMatch(/['";]|--/);
      expect(() => db.prepare(`SELECT id FROM machines WHERE ${result.sql}`).all(...result.params)).not.toThrow();
    }
    expect(accepted).toBeGreaterThan(10);
    expect(count('machines')).toBe(machines.length);
  });
});

describe('parseFilter: errors name the problem and its position', () => {
  it.each([
    ['nope eq 1', `$filter: unknown field "nope"; filterable fields: ${machineFields.names.join(', ')}`],
    ["(exposureLevel eq 'High'", "$filter: expected ')' at position 24, found end of input"],
    ["(exposureLevel eq 'High' osPlatform", "$filter: expected ')' at position 25, found 'osPlatform'"],
    ['exposureScore eq', '$filter: expected a field or a value at position 16, found end of input'],
    ['computerDnsName eq 5', '$filter: cannot compare computerDnsName (string) with number 5 at position 19'],
    ["exposureScore gt '7'", "$filter: cannot compare exposureScore (number) with string '7' at position 17"],
    ['internetFacing eq 1', '$filter: cannot compare internetFacing (boolean) with number 1 at position 18'],
    ['internetFacing gt false', '$filter: internetFacing is a boolean: use eq or ne, not gt (at position 15)'],
    [
      "exposureLevel eq 'Severe'",
      "$filter: 'Severe' is not a valid exposureLevel at position 17; allowed values: None, Low, Medium, High",
    ],
    ["healthStatus gt 'Active'", '$filter: healthStatus is an enum: use eq, ne or in, not gt (at position 13)'],
    ["lastSeen gt 'yesterday'", "$filter: lastSeen is a date-time and 'yesterday' is not one"],
    ['lastSeen gt 2026-02-30T00:00:00Z', "$filter: invalid date-time '2026-02-30T00:00:00Z' at position 12"],
    ['lastSeen gt 2026-11-01T24:00:00Z', "$filter: invalid date-time '2026-11-01T24:00:00Z' at position 12"],
    ['lastSeen gt 2026-11-01T', "$filter: invalid number or date-time '2026-11-01T' at position 12"],
    ['lastSeen gt 5', '$filter: cannot compare lastSeen (date-time) with number 5 at position 12'],
    [
      'exposureScore gt null',
      '$filter: null can only be compared with eq or ne (exposureScore gt null at position 14)',
    ],
    ["computerDnsName eq 'abc", '$filter: unterminated string starting at position 19'],
    [
      "tolower(computerDnsName) eq 'x'",
      "$filter: unknown function 'tolower' at position 0; supported: contains, startswith, endswith",
    ],
    ["contains('x', computerDnsName)", '$filter: contains needs a field as its first argument at position 9'],
    ['contains(computerDnsName, 5)', '$filter: contains needs a quoted string as its second argument at position 26'],
    ["contains(exposureScore,'1')", '$filter: contains applies to text fields; exposureScore is a number'],
    ["contains(machineTags,'fin')", "use machineTags/any(t: contains(t,'…'))"],
    ["machineTags gt 'a'", "$filter: machineTags is a collection: use machineTags/any(t: t eq 'x')"],
    ["osPlatform/any(t: t eq 'x')", '$filter: osPlatform is not a collection; any applies to: machineTags'],
    ["machineTags/count(t: t eq 'x')", "$filter: expected any or all after '/' at position 12, found 'count'"],
    ['machineTags/all()', '$filter: all needs a condition'],
    ["machineTags/any(t t eq 'x')", "$filter: expected ':' after the lambda variable at position 18, found 't'"],
    [
      "machineTags/any(t: t eq 'x' and osPlatform eq 'y')",
      'inside a lambda only its variable t can be used, not osPlatform',
    ],
    ["t eq 'x'", '$filter: unknown field "t"'],
    ['osPlatform in ()', "$filter: expected a field or a value at position 15, found ')'"],
    ["osPlatform in 'a'", "$filter: expected '(' to open the in list at position 14, found string 'a'"],
    ["osPlatform in ('a' 'b')", "$filter: expected ',' or ')' at position 19, found string 'b'"],
    [
      "osPlatform in ('a', exposureLevel)",
      '$filter: an in list holds values, not fields (exposureLevel at position 20)',
    ],
    ['exposureScore eq exposureScore', '$filter: comparing two fields is not supported'],
    [
      'exposureScore',
      '$filter: expected a comparison operator (eq, ne, gt, ge, lt, le, in) at position 13, found end of input',
    ],
    ['not', '$filter: expected a field or a value at position 3, found end of input'],
    ["exposureLevel eq 'High' and", '$filter: expected a field or a value at position 27, found end of input'],
    ['exposureScore gt 1.', "$filter: invalid number or date-time '1.' at position 17"],
    ['exposureScore gt 7abc', "$filter: invalid number or date-time '7abc' at position 17"],
    ['exposureScore gt 1e999', "$filter: number '1e999' out of range at position 17"],
    ['   ', '$filter: is empty'],
  ])('%s', (filter, message) => {
    const err = filterError(filter);
    expect(err).toMatchObject({ status: 400, code: 'InvalidFilter', target: '$filter' });
    expect(err.message).toContain(message);
  });

  it('limits length, nesting and terms', () => {
    const long = `computerDnsName eq '${'a'.repeat(MAX_FILTER_LENGTH)}'`;
    expect(filterError(long).message).toBe(`$filter: longer than 4000 characters (${long.length})`);

    const nested = (n: number) => `${'('.repeat(n)}exposureScore gt 1${')'.repeat(n)}`;
    expect(select('machines', nested(MAX_FILTER_DEPTH))).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(filterError(nested(MAX_FILTER_DEPTH + 1)).message).toBe(
      '$filter: nested deeper than 32 levels at position 32'
    );
    expect(filterError(`${'not '.repeat(900)}internetFacing`).message).toBe(
      '$filter: nested deeper than 32 levels at position 128'
    );

    const terms = (n: number) => Array.from({ length: n }, (_, i) => `id eq 'm${i}'`).join(' or ');
    expect(terms(MAX_FILTER_TERMS + 1).length).toBeLessThan(MAX_FILTER_LENGTH);
    expect(select('machines', terms(MAX_FILTER_TERMS))).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    expect(filterError(terms(MAX_FILTER_TERMS + 1)).message).toMatch(
      /^\$filter: more than 200 terms \(at position \d+\)/
    );
  });
});

describe('normaliseDateTime', () => {
  it.each([
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    ['2018-08-01Z', '2018-08-01T00:00:00.000Z'],
    ['2026-11-01T10:20Z', '2026-11-01T10:20:00.000Z'],
    ['2026-11-01T10:20:30', '2026-11-01T10:20:30.000Z'],
    ['2026-11-01T10:20:30.1234567Z', '2026-11-01T10:20:30.123Z'],
    ['2026-11-01T00:30:00+01:00', '2026-10-31T23:30:00.000Z'],
    ['2026-11-01T23:30:00-05:30', '2026-11-02T05:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0050-01-01T00:00:00Z', '0050-01-01T00:00:00.000Z'],
  ])('%s → %s', (input, output) => {
    expect(normaliseDateTime(input)).toBe(output);
  });

  it.each([
    '2025-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-11-31',
    '2026-11-01T23:60:00Z',
    '2026-11-01T10:00:61Z',
    'soon',
    '9999-12-31T23:00:00-02:00',
    '2026-11-01T00:00:00+24:00',
  ])('refuses %s', (input) => {
    expect(normaliseDateTime(input)).toBeUndefined();
  });
});

describe('parseOrderBy', () => {
  const ordered = (orderBy: string) =>
    (
      db.prepare(`SELECT id FROM machines ORDER BY ${parseOrderBy(orderBy, machineFields)}`).all() as Array<{
        id: string;
      }>
    ).map((r) => r.id);

  it('translates to sort keys with OData null ordering', () => {
    expect(parseOrderBy('lastSeen desc, computerDnsName', machineFields)).toBe(
      'last_seen DESC NULLS LAST, dns_name ASC NULLS FIRST'
    );
    expect(ordered('lastSeen desc')).toEqual(['m1', 'm3', 'm4', 'm2', 'm6', 'm5']);
    expect(ordered('LASTSEEN ASC')).toEqual(['m5', 'm6', 'm2', 'm4', 'm3', 'm1']);
    expect(ordered('rbacGroupName desc, exposureScore')).toEqual(['m6', 'm4', 'm2', 'm1', 'm3', 'm5']);
  });

  it.each([
    [
      'nope',
      `$orderby: unknown field "nope"; sortable fields: ${machineFields.names.filter((n) => n !== 'machineTags').join(', ')}`,
    ],
    ['machineTags', '$orderby: cannot sort by the collection machineTags'],
    ['lastSeen down', "$orderby: expected asc, desc or ',' at position 9, found 'down'"],
    ['lastSeen,', '$orderby: expected a field name at position 9, found end of input'],
    ['lastSeen desc id', "$orderby: expected ',' or end of input at position 14, found 'id'"],
    ['lastSeen; DROP TABLE machines', "$orderby: unexpected character ';' at position 8"],
    ['', '$orderby: expected a field name at position 0, found end of input'],
  ])('refuses %s', (text, message) => {
    const err = apiError(() => parseOrderBy(text, machineFields));
    expect(err).toMatchObject({ status: 400, code: 'InvalidOrderBy', target: '$orderby' });
    expect(err.message).toContain(message);
  });
});

describe('parsePaging', () => {
  const opts = { defaultTop: 50, maxTop: DEFENDER_MAX_TOP };

  it('reads $top and $skip, with defaults', () => {
    expect(parsePaging({}, opts)).toEqual({ top: 50, skip: 0 });
    expect(parsePaging({ $top: '10000', $skip: '20000' }, opts)).toEqual({ top: 10000, skip: 20000 });
    expect(parsePaging({ $top: '0', $skip: '007' }, opts)).toEqual({ top: 0, skip: 7 });
    expect(parsePaging({ $top: '', $skip: ' ' }, opts)).toEqual({ top: 50, skip: 0 });
  });

  it.each([
    [{ $top: 'abc' }, '$top', '$top: must be a non-negative integer; got "abc"'],
    [{ $top: '-1' }, '$top', '$top: must be a non-negative integer; got "-1"'],
    [{ $top: '1.5' }, '$top', '$top: must be a non-negative integer; got "1.5"'],
    [{ $top: '+5' }, '$top', '$top: must be a non-negative integer; got "+5"'],
    [{ $top: '1e3' }, '$top', '$top: must be a non-negative integer; got "1e3"'],
    [{ $skip: '-10' }, '$skip', '$skip: must be a non-negative integer; got "-10"'],
    [{ $skip: '99999999999999999999' }, '$skip', '$skip: must be at most 9007199254740991; got "99999999999999999999"'],
    [
      { $top: '10001' },
      '$top',
      '$top: 10001 exceeds the maximum of 10000 for this endpoint; page through with $skip or @odata.nextLink',
    ],
  ])('refuses %j', (query, target, message) => {
    const err = apiError(() => parsePaging(query, opts));
    expect(err).toMatchObject({ status: 400, code: 'InvalidPaging', target, message });
  });

  it('applies the vulnerabilities ceiling of 8,000', () => {
    const vulnOpts = { defaultTop: 8000, maxTop: DEFENDER_MAX_TOP_VULNERABILITIES };
    expect(parsePaging({ $top: '8000' }, vulnOpts).top).toBe(8000);
    expect(apiError(() => parsePaging({ $top: '8001' }, vulnOpts)).message).toContain('maximum of 8000');
  });

  it('refuses invalid options as a programming error', () => {
    expect(() => parsePaging({}, { defaultTop: 20, maxTop: 10 })).toThrow(/invalid options/);
  });
});

describe('listQuery', () => {
  const opts = { defaultTop: 2, maxTop: 100 };
  const run = (query: Record<string, unknown>, options: Parameters<typeof listQuery>[2] = opts) => {
    const q = listQuery(query, machineFields, options);
    const rows = db
      .prepare(`SELECT id FROM machines WHERE 1 = 1 ${q.where} ORDER BY ${q.orderBy || 'id'} LIMIT ? OFFSET ?`)
      .all(...q.params, q.top, q.skip) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  };

  it('combines filter, order and paging', () => {
    const q = listQuery(
      { $filter: "exposureLevel ne 'None'", $orderby: 'exposureScore desc', $top: '3', $skip: '1', rbacGroupName: 'x' },
      machineFields,
      opts
    );
    expect(q).toEqual({
      where: 'AND ((exposure_level <> ? OR exposure_level IS NULL))',
      params: ['None'],
      orderBy: 'exposure_score DESC NULLS LAST',
      top: 3,
      skip: 1,
    });
    expect(run({ $filter: "exposureLevel ne 'None'", $orderby: 'exposureScore desc', $top: '3', $skip: '1' })).toEqual([
      'm1',
      'm2',
      'm4',
    ]);
  });

  it('defaults: no filter, default top, default order as tie-breaker', () => {
    expect(listQuery({}, machineFields, opts)).toEqual({ where: '', params: [], orderBy: '', top: 2, skip: 0 });
    const withDefault = { ...opts, defaultOrderBy: 'id DESC' };
    expect(listQuery({}, machineFields, withDefault).orderBy).toBe('id DESC');
    expect(listQuery({ $orderby: 'rbacGroupName' }, machineFields, withDefault).orderBy).toBe(
      'rbac_group_name ASC NULLS FIRST, id DESC'
    );
    expect(run({ $orderby: 'rbacGroupName', $top: '3' }, withDefault)).toEqual(['m5', 'm3', 'm6']);
    expect(run({ $filter: '  ', $orderby: '' })).toEqual(['m1', 'm2']);
  });

  it('accepts option names in any case', () => {
    expect(run({ $FILTER: 'internetFacing', $Top: '5' })).toEqual(['m3', 'm5']);
  });

  it('rejects unsupported and repeated options', () => {
    expect(apiError(() => listQuery({ $expand: 'x', $select: 'id', $top: '1' }, machineFields, opts))).toMatchObject({
      status: 400,
      code: 'InvalidQueryOption',
      target: '$expand',
      message: 'unsupported query options $expand, $select; supported: $filter, $top, $skip, $orderby',
    });
    expect(apiError(() => listQuery({ $count: 'true' }, machineFields, opts)).message).toBe(
      'unsupported query option $count; supported: $filter, $top, $skip, $orderby'
    );
    expect(apiError(() => listQuery({ $top: '1', $TOP: '2' }, machineFields, opts))).toMatchObject({
      code: 'InvalidQueryOption',
      message: '$top given more than once',
    });
    expect(apiError(() => listQuery({ $top: ['1', '2'] }, machineFields, opts))).toMatchObject({
      code: 'InvalidPaging',
      message: '$top: given more than once',
    });
    expect(apiError(() => listQuery({ $filter: ['a', 'b'] }, machineFields, opts))).toMatchObject({
      code: 'InvalidFilter',
      message: '$filter: given more than once',
    });
    expect(apiError(() => listQuery({ $orderby: { a: 1 } }, machineFields, opts))).toMatchObject({
      code: 'InvalidOrderBy',
      message: '$orderby: must be a string',
    });
    expect(apiError(() => listQuery({ $top: '101' }, machineFields, opts)).message).toContain('maximum of 100');
  });
});

describe('nextLink and odataEnvelope', () => {
  const req = (originalUrl: string) => ({ protocol: 'https', host: 'tvm.example:8443', originalUrl });

  it('advances $skip and keeps every other parameter, encoded', () => {
    const url =
      "/api/machines?$filter=contains(computerDnsName,'a%26b')%20and%20x%20eq%20'1%2B1'&$top=2&rbacGroupName=Servers";
    const link = nextLink(req(url), 2, 0, 2);
    expect(link).toBe(
      "https://tvm.example:8443/api/machines?$filter=contains(computerDnsName%2C'a%26b')%20and%20x%20eq%20'1%2B1'&$top=2&rbacGroupName=Servers&$skip=2"
    );
    const parsed = new URL(link!);
    expect(parsed.searchParams.get('$filter')).toBe("contains(computerDnsName,'a&b') and x eq '1+1'");
    expect(parsed.searchParams.get('$skip')).toBe('2');
  });

  it('replaces the existing $skip in place, whatever its case', () => {
    expect(nextLink(req('/api/machines?$SKIP=4&$top=2&$skip=9'), 2, 4, 2)).toBe(
      'https://tvm.example:8443/api/machines?$skip=6&$top=2'
    );
    expect(nextLink(req('/api/machines'), 100, 0, 100)).toBe('https://tvm.example:8443/api/machines?$skip=100');
  });

  it('is undefined on the last page', () => {
    expect(nextLink(req('/api/machines'), 10, 0, 9)).toBeUndefined();
    expect(nextLink(req('/api/machines'), 10, 0, 0)).toBeUndefined();
    expect(nextLink(req('/api/machines'), 0, 0, 0)).toBeUndefined();
    expect(nextLink(req('/api/machines'), 10, 10, 10, 20)).toBeUndefined();
    expect(nextLink(req('/api/machines'), 10, 10, 10, 21)).toBe('https://tvm.example:8443/api/machines?$skip=20');
  });

  it('accepts an absolute URL string and never lets the path change the host', () => {
    expect(nextLink('https://grafana.example/api/plugins/tvm/resources/machines?$top=5', 5, 0, 5)).toBe(
      'https://grafana.example/api/plugins/tvm/resources/machines?$top=5&$skip=5'
    );
    expect(nextLink(req('//evil.example/api/machines?$top=1'), 1, 0, 1)).toBe(
      'https://tvm.example:8443/evil.example/api/machines?$top=1&$skip=1'
    );
  });

  it('wraps a page in the OData envelope', () => {
    expect(odataEnvelope('https://tvm.example/api/$metadata#Machines', [{ id: 'm1' }])).toEqual({
      '@odata.context': 'https://tvm.example/api/$metadata#Machines',
      value: [{ id: 'm1' }],
    });
    const env = odataEnvelope('ctx', [1, 2], 'https://tvm.example/api/machines?$skip=2');
    expect(Object.keys(env)).toEqual(['@odata.context', 'value', '@odata.nextLink']);
    expect(env['@odata.nextLink']).toBe('https://tvm.example/api/machines?$skip=2');
  });

  it('pages through a whole filtered list over HTTP by following @odata.nextLink', async () => {
    const app = express();
    app.get('/api/machines', (req, res) => {
      const q = listQuery(req.query as Record<string, unknown>, machineFields, {
        defaultTop: 2,
        maxTop: 10,
        defaultOrderBy: 'id',
      });
      const value = db
        .prepare(`SELECT id FROM machines WHERE 1 = 1 ${q.where} ORDER BY ${q.orderBy} LIMIT ? OFFSET ?`)
        .all(...q.params, q.top, q.skip);
      const { n } = db.prepare(`SELECT COUNT(*) AS n FROM machines WHERE 1 = 1 ${q.where}`).get(...q.params) as {
        n: number;
      };
      res.json(odataEnvelope('ctx', value, nextLink(req, q.top, q.skip, value.length, n)));
    });
    app.use(errorHandler({ error: () => undefined }));

    const seen: string[] = [];
    let path: string | undefined =
      `/api/machines?$filter=${encodeURIComponent("exposureLevel ne 'High'")}&$orderby=lastSeen desc`;
    let pages = 0;
    while (path) {
      const res = await request(app).get(path);
      expect(res.status).toBe(200);
      seen.push(...res.body.value.map((r: { id: string }) => r.id));
      const link: string | undefined = res.body['@odata.nextLink'];
      expect(link === undefined || link.startsWith('http://127.0.0.1:')).toBe(true);
      path = link ? link.replace(/^http:\/\/[^/]+/, '') : undefined;
      pages++;
    }
    expect(seen).toEqual(['m4', 'm2', 'm6', 'm5']);
    expect(pages).toBe(2);

    const bad = await request(app).get(`/api/machines?$filter=${encodeURIComponent("exposureLevel eq 'Severe'")}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({
      code: 'InvalidFilter',
      message: "$filter: 'Severe' is not a valid exposureLevel at position 17; allowed values: None, Low, Medium, High",
      target: '$filter',
    });
    const expand = await request(app).get('/api/machines?$expand=software');
    expect(expand.status).toBe(400);
    expect(expand.body.error.code).toBe('InvalidQueryOption');
  });
});
