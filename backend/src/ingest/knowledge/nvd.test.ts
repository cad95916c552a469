import fs from 'fs';
import zlib from 'zlib';
import type { CveRecord } from '../../domain/types';
import { describeWithSharedData, readSharedJson, sharedDataPath } from '../../test-support/sharedData';
import { FeedFormatError } from './errors';
import { nvdPageInfo, parseNvdDocument, parseNvdDocumentDetailed } from './nvd';
import { feedError, makeCve, v2, v3, v4 } from './testHelpers';

const NVD_DIR = 'nvd-cve-api-2.0';
const GRYPE_DIR = 'grype/nvd-testdata';

/** grype's fixture with the made-up id `CVE-2023-JVM-TEST`: rejected by the CVE id format, on purpose. */
const INVALID_ID_FIXTURE = 'jvm-packages.json';

function listJson(dir: string): string[] {
  return fs
    .readdirSync(sharedDataPath(dir))
    .filter((f) => f.endsWith('.json'))
    .sort();
}

const CPE_MATCH_FIELDS = [
  'vulnerable',
  'criteria',
  'versionStartIncluding',
  'versionStartExcluding',
  'versionEndIncluding',
  'versionEndExcluding',
  'matchCriteriaId',
];

/** Raw NVD configurations restricted to the fields the domain model has. */
function nvdFieldsOnly(configurations: unknown): unknown {
  const pick = (o: Record<string, unknown>, keys: string[]) =>
    Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
  return (configurations as Array<Record<string, unknown>>).map((c) => ({
    ...pick(c, ['operator', 'negate']),
    nodes: (c.nodes as Array<Record<string, unknown>>).map((n) => ({
      ...pick(n, ['operator', 'negate']),
      cpeMatch: (n.cpeMatch as Array<Record<string, unknown>>).map((m) => pick(m, CPE_MATCH_FIELDS)),
    })),
  }));
}

function one(file: string, dir = NVD_DIR): CveRecord {
  const records = parseNvdDocument(readSharedJson(dir, file), file);
  expect(records).toHaveLength(1);
  return records[0];
}

describeWithSharedData('parseNvdDocument on real NVD records', () => {
  const nvdFiles = listJson(NVD_DIR);
  const grypeFiles = listJson(GRYPE_DIR);

  it('finds the sample files', () => {
    expect(nvdFiles).toHaveLength(13);
    expect(grypeFiles).toHaveLength(19);
  });

  it.each(nvdFiles)('parses %s (bare cve object) with CVSS vectors that agree with the recorded scores', (file) => {
    const raw = readSharedJson<Record<string, unknown>>(NVD_DIR, file);
    const { records, warnings } = parseNvdDocumentDetailed(raw, file);
    expect(records).toHaveLength(1);
    const r = records[0];
    expect(`${r.id}.json`).toBe(file);
    expect(r.published).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(r.lastModified).toMatch(/Z$/);
    expect(r.published).toBe(new Date(`${raw.published as string}Z`).toISOString());
    expect(r.vulnStatus).toBe(raw.vulnStatus);
    expect(r.description.length).toBeGreaterThan(0);
    // Configurations are kept structurally verbatim (the samples carry no other fields).
    expect(r.configurations).toEqual(raw.configurations ?? []);
    expect(warnings).toEqual([]);
  });

  it.each(grypeFiles.filter((f) => f !== INVALID_ID_FIXTURE))('parses grype fixture %s ({cve} wrapper)', (file) => {
    const raw = readSharedJson<{ cve: Record<string, unknown> }>(GRYPE_DIR, file);
    const { records, warnings } = parseNvdDocumentDetailed(raw, file);
    expect(records).toHaveLength(1);
    expect(records[0].id).toBe(raw.cve.id);
    // grype adds its own `fix` objects to cpeMatch entries; only the NVD fields are kept.
    expect(records[0].configurations).toEqual(nvdFieldsOnly(raw.cve.configurations ?? []));
    expect(warnings).toEqual([]);
  });

  it(`rejects grype's ${INVALID_ID_FIXTURE}: its id CVE-2023-JVM-TEST is not a CVE id`, () => {
    const err = feedError(() => parseNvdDocument(readSharedJson(GRYPE_DIR, INVALID_ID_FIXTURE), INVALID_ID_FIXTURE));
    expect(err.path).toBe('cve.id');
    expect(err.message).toMatch(/must be a CVE id/);
  });

  it('CVE-2024-4671: NVD v3.1 Primary 9.6 Critical, KEV facts, English description, dates in UTC', () => {
    const r = one('CVE-2024-4671.json');
    expect(r.cvss).toEqual({
      version: '3.1',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H',
      baseScore: 9.6,
      severity: 'Critical',
      source: 'nvd@nist.gov',
      type: 'Primary',
    });
    expect(r.severity).toBe('Critical');
    expect(r.cvssAll.map((c) => `${c.version}/${c.type}`)).toEqual(['3.1/Primary', '3.1/Secondary']);
    expect(r.published).toBe('2024-05-14T15:44:15.573Z');
    expect(r.description).toMatch(/^Use after free in Visuals in Google Chrome/);
    expect(r.cisa).toEqual({
      exploitAdd: '2024-05-13',
      actionDue: '2024-06-03',
      requiredAction: expect.stringMatching(/Apply mitigations/),
      vulnerabilityName: expect.stringMatching(/Google Chromium/),
    });
    expect(r.cwes).toEqual(['CWE-416']);
    expect(r.publicExploit).toBe(false);
  });

  it('CVE-2017-11882: v2 9.3 and v3.1 7.8 → v3.1 chosen; v2 stays High (no Critical in v2)', () => {
    const r = one('CVE-2017-11882.json');
    expect(r.vulnStatus).toBe('Deferred');
    expect(r.cvss).toMatchObject({ version: '3.1', baseScore: 7.8, severity: 'High', type: 'Primary' });
    const v2Score = r.cvssAll.find((c) => c.version === '2.0');
    expect(v2Score).toMatchObject({ baseScore: 9.3, severity: 'High', vector: 'AV:N/AC:M/Au:N/C:C/I:C/A:C' });
    expect(r.cvssAll.map((c) => c.version)).toEqual(['3.1', '3.1', '2.0']);
    expect(r.cwes).toEqual(['CWE-119']);
    expect(r.cisa?.exploitAdd).toBe('2021-11-03');
  });

  it('CVE-2025-48384: CNA-only CVSS (v3.1 Secondary from GitHub) is chosen', () => {
    const r = one('CVE-2025-48384.json');
    expect(r.cvss).toMatchObject({
      version: '3.1',
      type: 'Secondary',
      baseScore: 8,
      severity: 'High',
      source: 'security-advisories@github.com',
    });
    expect(r.cvssAll).toHaveLength(1);
    expect(r.cwes).toEqual(['CWE-59', 'CWE-436']);
    expect(r.cisa?.exploitAdd).toBe('2025-08-25');
  });

  it('CVE-2024-24691: Awaiting Analysis, no configurations, CNA CVSS only', () => {
    const r = one('CVE-2024-24691.json');
    expect(r.vulnStatus).toBe('Awaiting Analysis');
    expect(r.configurations).toEqual([]);
    expect(r.cvss).toMatchObject({
      type: 'Secondary',
      source: 'security@zoom.us',
      baseScore: 9.6,
      severity: 'Critical',
    });
    expect(r.cisa).toBeNull();
  });

  it('CVE-2025-0411: v3.1 Primary chosen over v3.0 Secondary; NVD-CWE-noinfo dropped', () => {
    const r = one('CVE-2025-0411.json');
    expect(r.cvss).toMatchObject({ version: '3.1', baseScore: 7 });
    expect(r.cvssAll.map((c) => c.version)).toEqual(['3.1', '3.0']);
    expect(r.cwes).toEqual(['CWE-693']);
  });

  it('CVE-2022-21449: two v3.1 Secondary entries → the first; NVD-CWE-noinfo → no CWE; escaped CPE strings verbatim', () => {
    const raw = readSharedJson<{ configurations: Array<{ nodes: Array<{ cpeMatch: Array<{ criteria: string }> }> }> }>(
      NVD_DIR,
      'CVE-2022-21449.json'
    );
    const r = one('CVE-2022-21449.json');
    expect(r.cvss).toMatchObject({ version: '3.1', type: 'Secondary', source: 'secalert_us@oracle.com' });
    expect(r.cwes).toEqual([]);
    const criteria = (cs: typeof raw.configurations) =>
      cs.flatMap((c) => c.nodes.flatMap((n) => n.cpeMatch.map((m) => m.criteria)));
    const ours = criteria(r.configurations);
    expect(ours).toEqual(criteria(raw.configurations));
    expect(ours).toContain('cpe:2.3:a:netapp:solidfire\\,_enterprise_sds_\\&_hci_storage_node:-:*:*:*:*:*:*:*');
    expect(ours).toContain('cpe:2.3:a:netapp:solidfire_\\&_hci_management_node:-:*:*:*:*:*:*:*');
  });

  it('CVE-2023-38831: public exploit (Exploit-tagged references), KEV facts', () => {
    const r = one('CVE-2023-38831.json');
    expect(r.publicExploit).toBe(true);
    expect(r.cisa?.exploitAdd).toBe('2023-08-24');
    expect(r.cwes).toEqual(['CWE-345', 'CWE-351']);
  });

  it('public exploits by tag or by exploit-db / Packet Storm / Metasploit URL', () => {
    expect(one('CVE-2021-41773.json').publicExploit).toBe(true);
    expect(one('cve-2022-0543.json', GRYPE_DIR).publicExploit).toBe(true);
    expect(one('CVE-2024-9680.json').publicExploit).toBe(false);
  });

  it('every KEV record of the sample carries cisa facts, the others none', () => {
    const kev = [
      'CVE-2024-4671',
      'CVE-2023-7024',
      'CVE-2024-9680',
      'CVE-2023-21608',
      'CVE-2025-0411',
      'CVE-2023-38831',
      'CVE-2017-11882',
      'CVE-2021-41773',
      'CVE-2025-48384',
    ];
    for (const file of nvdFiles) {
      const r = one(file);
      expect({ id: r.id, kev: r.cisa !== null }).toEqual({ id: r.id, kev: kev.includes(r.id) });
      if (r.cisa) {
        expect(r.cisa.exploitAdd).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(r.cisa.actionDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it('references: one entry per URL with the union of its tags', () => {
    const raw = readSharedJson<{ references: Array<{ url: string; tags?: string[] }> }>(NVD_DIR, 'CVE-2024-4671.json');
    const r = one('CVE-2024-4671.json');
    const urls = [...new Set(raw.references.map((x) => x.url))];
    expect(r.references.map((x) => x.url)).toEqual(urls);
    expect(raw.references.length).toBeGreaterThan(urls.length);
  });

  it('fix-version.json (CVE-2018-5487): v4.0 Secondary beats v3.0 Primary and v2', () => {
    const r = one('fix-version.json', GRYPE_DIR);
    expect(r.cvss).toMatchObject({ version: '4.0', baseScore: 7.5, severity: 'High', source: 'security@zabbix.com' });
    expect(r.cvssAll.map((c) => c.version)).toEqual(['4.0', '3.0', '2.0']);
  });

  it('compound-pkg.json: v3.0 chosen over v2', () => {
    expect(one('compound-pkg.json', GRYPE_DIR).cvss).toMatchObject({
      version: '3.0',
      baseScore: 7.5,
      severity: 'High',
    });
  });

  it('no CVSS at all (empty cvssMetricV2, empty metrics) → cvss null, severity Unknown', () => {
    for (const file of ['CVE-2008-3442.json', 'CVE-2004-0377.json']) {
      const r = one(file, GRYPE_DIR);
      expect(r.cvss).toBeNull();
      expect(r.cvssAll).toEqual([]);
      expect(r.severity).toBe('Unknown');
    }
    expect(one('CVE-2004-0377.json', GRYPE_DIR).cwes).toEqual([]); // NVD-CWE-Other dropped
  });

  it('an NVD API page of all the samples gives the same records as the files one by one, and its paging facts', () => {
    const cves = nvdFiles.map((f) => readSharedJson(NVD_DIR, f));
    const page = {
      resultsPerPage: cves.length,
      startIndex: 2000,
      totalResults: 5000,
      format: 'NVD_CVE',
      version: '2.0',
      timestamp: '2025-08-26T10:00:00.000',
      vulnerabilities: cves.map((cve) => ({ cve })),
    };
    const fromPage = parseNvdDocument(page, 'page');
    expect(fromPage).toEqual(nvdFiles.map((f) => one(f)));
    expect(nvdPageInfo(page)).toEqual({ totalResults: 5000, startIndex: 2000, resultsPerPage: cves.length });
    expect(nvdPageInfo(JSON.stringify(page))).toEqual({
      totalResults: 5000,
      startIndex: 2000,
      resultsPerPage: cves.length,
    });
    expect(nvdPageInfo(cves[0])).toBeNull();
    expect(nvdPageInfo('not json')).toBeNull();
    // Arrays of bare objects / wrappers, JSON text, bytes and gzip give the same.
    expect(parseNvdDocument(cves, 'array')).toEqual(fromPage);
    expect(parseNvdDocument(page.vulnerabilities, 'array')).toEqual(fromPage);
    expect(parseNvdDocument(JSON.stringify(page), 'text')).toEqual(fromPage);
    expect(parseNvdDocument(Buffer.from(JSON.stringify(page)), 'bytes')).toEqual(fromPage);
    expect(parseNvdDocument(zlib.gzipSync(JSON.stringify(page)), 'gzip')).toEqual(fromPage);
  });

  it('a malformed record inside a page names its path', () => {
    const cves = nvdFiles.map((f) => readSharedJson<Record<string, unknown>>(NVD_DIR, f));
    const bad = JSON.parse(JSON.stringify(cves[2])) as {
      configurations: Array<{ nodes: Array<Record<string, unknown>> }>;
    };
    bad.configurations[0].nodes[0].operator = 'XOR';
    cves[2] = bad as unknown as Record<string, unknown>;
    const page = {
      resultsPerPage: 13,
      startIndex: 0,
      totalResults: 13,
      format: 'NVD_CVE',
      version: '2.0',
      vulnerabilities: cves.map((cve) => ({ cve })),
    };
    const err = feedError(() =>
      parseNvdDocument(page, 'https://services.nvd.nist.gov/rest/json/cves/2.0?startIndex=0')
    );
    expect(err.path).toBe('vulnerabilities[2].cve.configurations[0].nodes[0].operator');
    expect(err.message).toContain('https://services.nvd.nist.gov/rest/json/cves/2.0?startIndex=0');
    expect(err.feed).toBe('nvd');
  });
});

describe('parseNvdDocument rules (synthetic records)', () => {
  const parse1 = (cve: Record<string, unknown>) => parseNvdDocument(cve, 'test')[0];

  it('normalises zone-less NVD dates as UTC, whatever the host time zone; keeps explicit zones', () => {
    const r = parse1(makeCve({ published: '2024-05-14T15:44:15.573', lastModified: '2024-06-01T00:00:00' }));
    expect(r.published).toBe('2024-05-14T15:44:15.573Z');
    expect(r.lastModified).toBe('2024-06-01T00:00:00.000Z');
    expect(parse1(makeCve({ published: '2024-05-14T17:44:15.573+02:00' })).published).toBe('2024-05-14T15:44:15.573Z');
  });

  it.each([
    ['2024-02-30T00:00:00.000', 'impossible calendar day'],
    ['2024-13-01T00:00:00', 'month 13'],
    ['14/05/2024', 'not ISO'],
    ['2024-05-14T25:00:00', 'hour 25'],
  ])('rejects the date %s (%s)', (published) => {
    const err = feedError(() => parse1(makeCve({ published })));
    expect(err.path).toBe('published');
    expect(err.message).toMatch(/ISO-8601/);
  });

  it('chooses v3.1 Primary → v3.1 Secondary → v4.0 (Primary, Secondary) → v3.0 → v2', () => {
    const V31 = 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
    const V40 = 'AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    const all = {
      cvssMetricV2: [v2('AV:N/AC:L/Au:N/C:C/I:C/A:C', 10, 'HIGH')],
      cvssMetricV30: [v3('3.0', V31, 9.8)],
      cvssMetricV40: [v4(V40, 9.3, 'Secondary'), v4(V40, 9.3, 'Primary', 'nvd@nist.gov')],
      cvssMetricV31: [v3('3.1', V31, 9.8, 'Secondary', 'cna@example.com'), v3('3.1', V31, 9.8, 'Primary')],
    };
    const chosen = (metrics: Record<string, unknown>) => {
      const c = parse1(makeCve({ metrics })).cvss;
      return c ? `${c.version} ${c.type}` : null;
    };
    expect(chosen(all)).toBe('3.1 Primary');
    expect(chosen({ ...all, cvssMetricV31: [all.cvssMetricV31[0]] })).toBe('3.1 Secondary');
    expect(chosen({ ...all, cvssMetricV31: undefined })).toBe('4.0 Primary');
    expect(chosen({ ...all, cvssMetricV31: undefined, cvssMetricV40: [all.cvssMetricV40[0]] })).toBe('4.0 Secondary');
    expect(chosen({ cvssMetricV30: all.cvssMetricV30, cvssMetricV2: all.cvssMetricV2 })).toBe('3.0 Primary');
    expect(chosen({ cvssMetricV2: all.cvssMetricV2 })).toBe('2.0 Primary');
    expect(chosen({})).toBeNull();
    const r = parse1(makeCve({ metrics: all }));
    expect(r.cvssAll.map((c) => `${c.version} ${c.type}`)).toEqual([
      '3.1 Primary',
      '3.1 Secondary',
      '4.0 Primary',
      '4.0 Secondary',
      '3.0 Primary',
      '2.0 Primary',
    ]);
  });

  it.each([
    [10, 'Critical'],
    [9, 'Critical'],
    [8.9, 'High'],
    [7, 'High'],
    [6.9, 'Medium'],
    [4, 'Medium'],
    [3.9, 'Low'],
    [0.1, 'Low'],
    [0, 'None'],
  ])('v3.1 base score %d → %s (from the score, not the recorded baseSeverity)', (score, severity) => {
    const r = parse1(
      makeCve({ metrics: { cvssMetricV31: [v3('3.1', 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score)] } })
    );
    expect(r.cvss?.severity).toBe(severity);
    expect(r.severity).toBe(severity);
  });

  it('v2 severity: its baseSeverity (outside cvssData), else High/Medium/Low bands — never Critical', () => {
    const sev = (m: unknown) => parse1(makeCve({ metrics: { cvssMetricV2: [m] } })).severity;
    expect(sev(v2('AV:N/AC:L/Au:N/C:C/I:C/A:C', 10, 'HIGH'))).toBe('High');
    expect(sev(v2('AV:N/AC:L/Au:N/C:C/I:C/A:C', 10))).toBe('High');
    expect(sev(v2('AV:N/AC:M/Au:N/C:P/I:N/A:N', 4.3, 'MEDIUM'))).toBe('Medium');
    expect(sev(v2('AV:L/AC:L/Au:N/C:P/I:N/A:N', 2.1))).toBe('Low');
  });

  it('keeps the recorded base score when the computed one disagrees, with a warning', () => {
    const { records, warnings } = parseNvdDocumentDetailed(
      makeCve({ metrics: { cvssMetricV31: [v3('3.1', 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 5)] } }),
      'test'
    );
    expect(records[0].cvss?.baseScore).toBe(5);
    expect(records[0].severity).toBe('Medium');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ cveId: 'CVE-2024-0001', path: 'metrics.cvssMetricV31[0].cvssData' });
    expect(warnings[0].message).toMatch(/computed base score 9\.8 differs from the recorded 5/);
  });

  it('a difference within 0.1 is not reported', () => {
    const { warnings } = parseNvdDocumentDetailed(
      makeCve({ metrics: { cvssMetricV31: [v3('3.1', 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.7)] } }),
      't'
    );
    expect(warnings).toEqual([]);
  });

  it('keeps the record numbers when a vector cannot be parsed (unknown value, wrong version prefix, missing metrics)', () => {
    const bad = [
      v3('3.1', 'AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 7.5),
      {
        ...v3('3.1', 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 7.5),
        cvssData: { version: '3.1', vectorString: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 7.5 },
      },
      v3('3.1', 'AV:N', 7.5),
    ];
    const { records, warnings } = parseNvdDocumentDetailed(makeCve({ metrics: { cvssMetricV31: bad } }), 't');
    expect(records[0].cvssAll.map((c) => c.baseScore)).toEqual([7.5, 7.5, 7.5]);
    expect(records[0].severity).toBe('High');
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/could not be parsed/),
      expect.stringMatching(/not a CVSS 3\.1 vector/),
      expect.stringMatching(/lacks base metrics/),
    ]);
  });

  it('English description (else the first one); CWEs deduplicated, NVD-CWE-* dropped', () => {
    const r = parse1(
      makeCve({
        weaknesses: [
          {
            source: 'nvd@nist.gov',
            type: 'Primary',
            description: [
              { lang: 'en', value: 'CWE-79' },
              { lang: 'en', value: 'NVD-CWE-noinfo' },
            ],
          },
          {
            source: 'cna',
            type: 'Secondary',
            description: [
              { lang: 'en', value: 'CWE-79' },
              { lang: 'en', value: 'NVD-CWE-Other' },
              { lang: 'en', value: 'CWE-89' },
            ],
          },
        ],
      })
    );
    expect(r.description).toBe('English description');
    expect(r.cwes).toEqual(['CWE-79', 'CWE-89']);
    expect(parse1(makeCve({ descriptions: [{ lang: 'es', value: 'solo' }] })).description).toBe('solo');
    expect(parse1(makeCve({ descriptions: [] })).description).toBe('');
  });

  it('cveTags flattened from NVD [{sourceIdentifier, tags}]; absent → []', () => {
    const r = parse1(
      makeCve({
        cveTags: [
          { sourceIdentifier: 'a', tags: ['disputed'] },
          { sourceIdentifier: 'b', tags: ['disputed', 'unsupported-when-assigned'] },
        ],
      })
    );
    expect(r.cveTags).toEqual(['disputed', 'unsupported-when-assigned']);
    expect(parse1(makeCve()).cveTags).toEqual([]);
  });

  it('public exploit flag from the Exploit tag or exploit URLs; non-web reference URLs are dropped with a warning', () => {
    const refs = (urls: Array<[string, string[]?]>) =>
      urls.map(([url, tags]) => ({ url, source: 's', ...(tags ? { tags } : {}) }));
    const flag = (urls: Array<[string, string[]?]>) => parse1(makeCve({ references: refs(urls) })).publicExploit;
    expect(flag([['https://example.com/a', ['Patch']]])).toBe(false);
    expect(flag([['https://example.com/poc', ['Exploit', 'Third Party Advisory']]])).toBe(true);
    expect(flag([['https://www.exploit-db.com/exploits/51234']])).toBe(true);
    expect(flag([['http://packetstormsecurity.com/files/1/x.html']])).toBe(true);
    expect(flag([['https://github.com/rapid7/metasploit-framework/blob/master/modules/exploits/x.rb']])).toBe(true);
    expect(flag([['https://github.com/rapid7/other']])).toBe(false);
    expect(flag([['https://exploit-db.com.evil.example/x']])).toBe(false);

    const { records, warnings } = parseNvdDocumentDetailed(
      makeCve({
        references: refs([
          ['javascript:alert(1)', ['Exploit']],
          ['https://ok.example/', ['Patch']],
        ]),
      }),
      't'
    );
    expect(records[0].references).toEqual([{ url: 'https://ok.example/', tags: ['Patch'] }]);
    expect(records[0].publicExploit).toBe(false);
    expect(warnings).toEqual([expect.objectContaining({ path: 'references[0].url' })]);
  });

  it('returns Rejected records with their vulnStatus (the caller drops them from matching)', () => {
    const r = parse1(
      makeCve({ vulnStatus: 'Rejected', descriptions: [{ lang: 'en', value: 'Rejected reason: duplicate.' }] })
    );
    expect(r.vulnStatus).toBe('Rejected');
  });

  it('builds configurations without undefined keys', () => {
    const configurations = [
      {
        operator: 'AND',
        nodes: [
          {
            operator: 'OR',
            negate: false,
            cpeMatch: [
              {
                vulnerable: true,
                criteria: 'cpe:2.3:a:adobe:acrobat:*:*:*:*:*:*:*:*',
                versionEndIncluding: '22.003.20282',
                matchCriteriaId: 'X',
              },
            ],
          },
          {
            operator: 'OR',
            cpeMatch: [{ vulnerable: false, criteria: 'cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*' }],
          },
        ],
      },
    ];
    const r = parse1(makeCve({ configurations }));
    // toStrictEqual: a key holding `undefined` would not match an absent key.
    expect(r.configurations).toStrictEqual(configurations);
  });

  it('accepts an empty page and an empty array', () => {
    expect(
      parseNvdDocument(
        { resultsPerPage: 0, startIndex: 0, totalResults: 0, format: 'NVD_CVE', version: '2.0', vulnerabilities: [] },
        'p'
      )
    ).toEqual([]);
    expect(parseNvdDocument([], 'a')).toEqual([]);
  });

  it('FeedFormatError carries feed, origin, path and the problem', () => {
    const err = feedError(() => parseNvdDocument({ cve: makeCve({ id: 'CVE-24-1' }) }, '/data/x.json'));
    expect(err).toBeInstanceOf(FeedFormatError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('FeedFormatError');
    expect(err.feed).toBe('nvd');
    expect(err.origin).toBe('/data/x.json');
    expect(err.path).toBe('cve.id');
    expect(err.reason).toMatch(/must be a CVE id/);
    expect(err.message).toBe(`nvd feed /data/x.json: cve.id: ${err.reason}`);
  });
});
