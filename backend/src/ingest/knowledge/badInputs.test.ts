import { describeWithSharedData, readSharedJson } from '../../test-support/sharedData';
import { FeedFormatError } from './errors';
import { parseEpssCsv } from './epss';
import { parseKevCatalog } from './kev';
import { MAX_DESCRIPTION_LENGTH, parseNvdDocument } from './nvd';
import { feedError, makeCve } from './testHelpers';

/**
 * The battery of bad inputs: each is rejected as a whole with a FeedFormatError whose message names the
 * problem (and, where there is one, the path or line).
 */

const EPSS_HEAD = '#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z\ncve,epss,percentile\n';
const validPage = (cves: unknown[]) => ({
  resultsPerPage: cves.length,
  startIndex: 0,
  totalResults: cves.length,
  format: 'NVD_CVE',
  version: '2.0',
  vulnerabilities: cves.map((cve) => ({ cve })),
});

interface Case {
  name: string;
  run: () => unknown;
  feed: 'nvd' | 'kev' | 'epss';
  message: RegExp;
  path?: string;
}

const cases: Case[] = [
  // Malformed / empty documents.
  {
    name: 'NVD: malformed JSON text',
    feed: 'nvd',
    run: () => parseNvdDocument('{"id": "CVE-2024-0001",', 'x'),
    message: /malformed JSON/,
  },
  {
    name: 'NVD: empty file (bytes)',
    feed: 'nvd',
    run: () => parseNvdDocument(Buffer.alloc(0), 'x'),
    message: /empty document/,
  },
  {
    name: 'NVD: empty file (whitespace text)',
    feed: 'nvd',
    run: () => parseNvdDocument(' \n\t', 'x'),
    message: /empty document/,
  },
  {
    name: 'NVD: JSON null',
    feed: 'nvd',
    run: () => parseNvdDocument(null, 'x'),
    message: /not an NVD CVE API 2\.0 document/,
  },
  {
    name: 'NVD: unrelated object',
    feed: 'nvd',
    run: () => parseNvdDocument({ hello: 'world' }, 'x'),
    message: /not an NVD CVE API 2\.0 document/,
  },
  {
    name: 'NVD: array of numbers',
    feed: 'nvd',
    run: () => parseNvdDocument([1], 'x'),
    message: /not an NVD CVE item/,
    path: '[0]',
  },
  // Wrong types and missing fields.
  {
    name: 'NVD: published: 5',
    feed: 'nvd',
    run: () => parseNvdDocument(makeCve({ published: 5 }), 'x'),
    message: /expected string, received number/,
    path: 'published',
  },
  {
    name: 'NVD: missing id',
    feed: 'nvd',
    run: () => parseNvdDocument({ cve: makeCve({ id: undefined }) }, 'x'),
    message: /expected string, received undefined/,
    path: 'cve.id',
  },
  {
    name: 'NVD: missing published',
    feed: 'nvd',
    run: () => parseNvdDocument(makeCve({ published: undefined }), 'x'),
    message: /expected string/,
    path: 'published',
  },
  {
    name: 'NVD: missing vulnStatus',
    feed: 'nvd',
    run: () => parseNvdDocument(makeCve({ vulnStatus: undefined }), 'x'),
    message: /expected string/,
    path: 'vulnStatus',
  },
  {
    name: 'NVD: descriptions not an array',
    feed: 'nvd',
    run: () => parseNvdDocument(makeCve({ descriptions: 'text' }), 'x'),
    message: /expected array/,
    path: 'descriptions',
  },
  // Ids.
  {
    name: 'NVD: bad CVE id',
    feed: 'nvd',
    run: () => parseNvdDocument(makeCve({ id: 'CVE-24-0001' }), 'x'),
    message: /must be a CVE id/,
    path: 'id',
  },
  {
    name: 'NVD: lower-case id',
    feed: 'nvd',
    run: () => parseNvdDocument(makeCve({ id: 'cve-2024-0001' }), 'x'),
    message: /must be a CVE id/,
    path: 'id',
  },
  {
    name: 'NVD: SQL injection in the id',
    feed: 'nvd',
    run: () => parseNvdDocument(validPage([makeCve(), makeCve({ id: "CVE-2024-1'; DROP TABLE cve;--" })]), 'x'),
    message: /must be a CVE id/,
    path: 'vulnerabilities[1].cve.id',
  },
  {
    name: 'NVD: id with a newline',
    feed: 'nvd',
    run: () => parseNvdDocument(makeCve({ id: 'CVE-2024-0001\n' }), 'x'),
    message: /must be a CVE id/,
    path: 'id',
  },
  // Metrics and configurations.
  {
    name: 'NVD: CVSS score 11',
    feed: 'nvd',
    run: () =>
      parseNvdDocument(
        makeCve({
          metrics: {
            cvssMetricV31: [
              {
                source: 's',
                type: 'Primary',
                cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:N', baseScore: 11 },
              },
            ],
          },
        }),
        'x'
      ),
    message: /Too big/i,
    path: 'metrics.cvssMetricV31[0].cvssData.baseScore',
  },
  {
    name: 'NVD: CVSS version mismatch',
    feed: 'nvd',
    run: () =>
      parseNvdDocument(
        makeCve({
          metrics: {
            cvssMetricV31: [
              {
                source: 's',
                type: 'Primary',
                cvssData: { version: '3.0', vectorString: 'CVSS:3.0/AV:N', baseScore: 5 },
              },
            ],
          },
        }),
        'x'
      ),
    message: /expected "3\.1"/,
    path: 'metrics.cvssMetricV31[0].cvssData.version',
  },
  {
    name: 'NVD: metric type Tertiary',
    feed: 'nvd',
    run: () =>
      parseNvdDocument(
        makeCve({
          metrics: {
            cvssMetricV2: [
              { source: 's', type: 'Tertiary', cvssData: { version: '2.0', vectorString: 'AV:N', baseScore: 5 } },
            ],
          },
        }),
        'x'
      ),
    message: /Invalid option/i,
    path: 'metrics.cvssMetricV2[0].type',
  },
  {
    name: 'NVD: configuration node with a CPE that is not CPE 2.3',
    feed: 'nvd',
    run: () =>
      parseNvdDocument(
        validPage([
          makeCve({
            configurations: [
              {
                nodes: [
                  { operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:x:y:*:*:*:*:*:*:*:*' }] },
                  { operator: 'OR', cpeMatch: [{ vulnerable: true, criteria: 'cpe:/a:x:y' }] },
                ],
              },
            ],
          }),
        ]),
        'x'
      ),
    message: /CPE 2\.3 formatted string/,
    path: 'vulnerabilities[0].cve.configurations[0].nodes[1].cpeMatch[0].criteria',
  },
  {
    name: 'NVD: vulnerable as a string',
    feed: 'nvd',
    run: () =>
      parseNvdDocument(
        makeCve({
          configurations: [
            {
              nodes: [
                { operator: 'OR', cpeMatch: [{ vulnerable: 'true', criteria: 'cpe:2.3:a:x:y:*:*:*:*:*:*:*:*' }] },
              ],
            },
          ],
        }),
        'x'
      ),
    message: /expected boolean/,
    path: 'configurations[0].nodes[0].cpeMatch[0].vulnerable',
  },
  {
    name: 'NVD: configuration without nodes',
    feed: 'nvd',
    run: () => parseNvdDocument(makeCve({ configurations: [{ nodes: [] }] }), 'x'),
    message: /at least one node/,
    path: 'configurations[0].nodes',
  },
  {
    name: 'NVD: bad cisaExploitAdd',
    feed: 'nvd',
    run: () => parseNvdDocument(makeCve({ cisaExploitAdd: '2024-13-01' }), 'x'),
    message: /YYYY-MM-DD/,
    path: 'cisaExploitAdd',
  },
  {
    name: 'NVD: page with a wrong format',
    feed: 'nvd',
    run: () => parseNvdDocument({ ...validPage([makeCve()]), format: 'NVD_CPE' }, 'x'),
    message: /expected "NVD_CVE"/,
    path: 'format',
  },
  {
    name: 'NVD: page without totalResults',
    feed: 'nvd',
    run: () => parseNvdDocument({ ...validPage([makeCve()]), totalResults: undefined }, 'x'),
    message: /expected number/,
    path: 'totalResults',
  },
  // Sizes.
  {
    name: 'NVD: a 10 MB description',
    feed: 'nvd',
    run: () => parseNvdDocument(makeCve({ descriptions: [{ lang: 'en', value: 'A'.repeat(10 * 1024 * 1024) }] }), 'x'),
    message: new RegExp(`at most ${MAX_DESCRIPTION_LENGTH} characters`),
    path: 'descriptions[0].value',
  },
  {
    name: 'NVD: a 1 MB reference URL',
    feed: 'nvd',
    run: () =>
      parseNvdDocument(makeCve({ references: [{ url: `https://x.example/${'a'.repeat(1024 * 1024)}` }] }), 'x'),
    message: /at most 8192 characters/,
    path: 'references[0].url',
  },
  {
    name: 'NVD: a 1 MB version bound',
    feed: 'nvd',
    run: () =>
      parseNvdDocument(
        makeCve({
          configurations: [
            {
              nodes: [
                {
                  operator: 'OR',
                  cpeMatch: [
                    {
                      vulnerable: true,
                      criteria: 'cpe:2.3:a:x:y:*:*:*:*:*:*:*:*',
                      versionEndExcluding: '1'.repeat(1 << 20),
                    },
                  ],
                },
              ],
            },
          ],
        }),
        'x'
      ),
    message: /at most 256 characters/,
    path: 'configurations[0].nodes[0].cpeMatch[0].versionEndExcluding',
  },
  // KEV.
  {
    name: 'KEV: malformed JSON text',
    feed: 'kev',
    run: () => parseKevCatalog('{"catalogVersion": "2025.08.25", "count": 1, "vulnerabilities": [', 'x'),
    message: /malformed JSON/,
  },
  { name: 'KEV: empty file', feed: 'kev', run: () => parseKevCatalog(Buffer.alloc(0), 'x'), message: /empty document/ },
  {
    name: 'KEV: count as text',
    feed: 'kev',
    run: () =>
      parseKevCatalog(
        { catalogVersion: '1', dateReleased: '2025-08-25T17:04:19Z', count: '0', vulnerabilities: [] },
        'x'
      ),
    message: /expected number/,
    path: 'count',
  },
  {
    name: 'KEV: bad dateReleased',
    feed: 'kev',
    run: () => parseKevCatalog({ catalogVersion: '1', dateReleased: 'yesterday', count: 0, vulnerabilities: [] }, 'x'),
    message: /ISO-8601/,
    path: 'dateReleased',
  },
  // EPSS.
  {
    name: 'EPSS: value 1.5',
    feed: 'epss',
    run: () => parseEpssCsv(`${EPSS_HEAD}CVE-1999-0001,1.5,0.88255\n`, 'x'),
    message: /"1\.5" is not a number in \[0, 1\]/,
    path: 'line 3, column epss',
  },
  {
    name: 'EPSS: truncated last line',
    feed: 'epss',
    run: () => parseEpssCsv(`${EPSS_HEAD}CVE-1999-0001,0.03351,0.88255\nCVE-1999-0002,0.27`, 'x'),
    message: /expected 3 columns, found 2 \(truncated or malformed row\)/,
    path: 'line 4',
  },
  {
    name: 'EPSS: bad header',
    feed: 'epss',
    run: () => parseEpssCsv('cve,probability,rank\nCVE-1999-0001,0.1,0.2\n', 'x'),
    message: /bad header/,
    path: 'line 1',
  },
  { name: 'EPSS: empty file', feed: 'epss', run: () => parseEpssCsv('', 'x'), message: /empty file/ },
  {
    name: 'EPSS: injection in the id',
    feed: 'epss',
    run: () => parseEpssCsv(`${EPSS_HEAD}CVE-2024-1'; DROP TABLE epss;--,0.1,0.2\n`, 'x'),
    message: /is not a CVE id/,
    path: 'line 3, column cve',
  },
  {
    name: 'EPSS: JSON instead of CSV',
    feed: 'epss',
    run: () => parseEpssCsv('{"status":"OK","data":[]}', 'x'),
    message: /bad header|malformed CSV/,
  },
  {
    name: 'EPSS: a 10 MB line',
    feed: 'epss',
    run: () => parseEpssCsv(`${EPSS_HEAD}CVE-1999-0001,0.${'1'.repeat(10 * 1024 * 1024)},0.2\n`, 'x'),
    message: /line 3, column epss: "0\.1{38}" is not a number in \[0, 1\]/,
  },
];

describe('bad inputs are rejected with a FeedFormatError naming the problem', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const err = feedError(c.run);
    expect(err).toBeInstanceOf(FeedFormatError);
    expect(err.feed).toBe(c.feed);
    expect(err.origin).toBe('x');
    expect(err.message).toMatch(c.message);
    if (c.path !== undefined) {
      expect(err.path).toBe(c.path);
      expect(err.message).toContain(`: ${c.path}: `);
    }
    // Messages stay short even for huge inputs.
    expect(err.message.length).toBeLessThan(500);
  });
});

describeWithSharedData('bad inputs built from real documents', () => {
  it('KEV: a truncated catalog and a duplicate cveID', () => {
    const raw = readSharedJson<{ count: number; vulnerabilities: unknown[] }>(
      'cisa-kev',
      'known_exploited_vulnerabilities.json'
    );
    const truncated = { ...raw, vulnerabilities: raw.vulnerabilities.slice(0, -1) };
    expect(feedError(() => parseKevCatalog(truncated, 'x')).message).toMatch(/partial or truncated/);
    const duplicated = {
      ...raw,
      count: raw.count + 1,
      vulnerabilities: [...raw.vulnerabilities, raw.vulnerabilities[0]],
    };
    expect(feedError(() => parseKevCatalog(duplicated, 'x')).message).toMatch(/duplicate cveID CVE-2025-48384/);
  });

  it('NVD: one malformed record in a page of real records rejects the page', () => {
    const good = readSharedJson<Record<string, unknown>>('nvd-cve-api-2.0', 'CVE-2024-4671.json');
    const bad = {
      ...readSharedJson<Record<string, unknown>>('nvd-cve-api-2.0', 'CVE-2023-38831.json'),
      lastModified: '2024-02-30T00:00:00.000',
    };
    const err = feedError(() => parseNvdDocument(validPage([good, good, bad]), 'x'));
    expect(err.path).toBe('vulnerabilities[2].cve.lastModified');
  });
});
