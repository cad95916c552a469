import fs from 'fs';
import zlib from 'zlib';
import { describeWithSharedData, sharedDataPath } from '../../test-support/sharedData';
import { detectKnowledgeFeed } from './detect';

describeWithSharedData('detectKnowledgeFeed on real files', () => {
  const files: Array<[string, 'nvd' | 'kev' | 'epss' | null]> = [
    ['nvd-cve-api-2.0/CVE-2024-4671.json', 'nvd'],
    ['nvd-cve-api-2.0/CVE-2022-21449.json', 'nvd'],
    ['grype/nvd-testdata/cve-2022-0543.json', 'nvd'],
    ['cisa-kev/known_exploited_vulnerabilities.json', 'kev'],
    ['cisa-kev/known_exploited_vulnerabilities.csv', 'kev'],
    ['epss/epss_scores-head-sample.csv', 'epss'],
    ['epss/kev_epss_cvss_jgamblin.csv', 'epss'],
    ['cisa-kev/known_exploited_vulnerabilities_schema.json', null],
    ['osv/osv-schema-v1.json', null],
    ['trivy-reports/npm.trivy.json', null],
  ];

  it.each(files)('%s → %s (plain and gzipped, name withheld)', (file, feed) => {
    const bytes = fs.readFileSync(sharedDataPath(...file.split('/')));
    expect(detectKnowledgeFeed(bytes)).toBe(feed);
    expect(detectKnowledgeFeed(zlib.gzipSync(bytes))).toBe(feed);
    expect(detectKnowledgeFeed(bytes.toString('utf8'))).toBe(feed);
  });

  it('an NVD API page built from a real record', () => {
    const cve = JSON.parse(fs.readFileSync(sharedDataPath('nvd-cve-api-2.0', 'CVE-2024-4671.json'), 'utf8'));
    const page = JSON.stringify({
      resultsPerPage: 1,
      startIndex: 0,
      totalResults: 1,
      format: 'NVD_CVE',
      version: '2.0',
      vulnerabilities: [{ cve }],
    });
    expect(detectKnowledgeFeed(Buffer.from(page))).toBe('nvd');
  });
});

describe('detectKnowledgeFeed (synthetic)', () => {
  it('recognises the EPSS comment line and headers, the KEV CSV header, with a BOM or CRLF', () => {
    expect(
      detectKnowledgeFeed(
        Buffer.from('#model_version:v2023.03.01,score_date:2023-03-07T00:00:00+0000\ncve,epss,percentile\n')
      )
    ).toBe('epss');
    expect(detectKnowledgeFeed(Buffer.from('\uFEFFcve,epss,percentile\r\nCVE-2023-0001,0.1,0.2\r\n'))).toBe('epss');
    expect(
      detectKnowledgeFeed(
        Buffer.from(
          'cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate\r\n'
        )
      )
    ).toBe('kev');
  });

  it('a large gzip is sniffed from its first bytes only', () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => `CVE-2024-${String(i).padStart(6, '0')},0.0001,0.5`).join(
      '\n'
    );
    const gz = zlib.gzipSync(
      `#model_version:v2025.03.14,score_date:2025-03-17T00:00:00Z\ncve,epss,percentile\n${rows}\n`
    );
    expect(detectKnowledgeFeed(gz)).toBe('epss');
  });

  it('JSON that names nothing falls back to the file name (never to EPSS: EPSS is CSV)', () => {
    const json = Buffer.from('[]');
    expect(detectKnowledgeFeed(json)).toBeNull();
    expect(detectKnowledgeFeed(json, '/feeds/nvdcve-2.0-2024.json')).toBe('nvd');
    expect(detectKnowledgeFeed(json, 'CVE-2024-4671.json')).toBe('nvd');
    expect(detectKnowledgeFeed(json, 'known_exploited_vulnerabilities.json')).toBe('kev');
    expect(detectKnowledgeFeed(json, 'epss.json')).toBeNull();
  });

  it('null for empty, binary, corrupt gzip and unrelated text', () => {
    expect(detectKnowledgeFeed(Buffer.alloc(0))).toBeNull();
    expect(detectKnowledgeFeed(Buffer.from([0x1f, 0x8b, 0x00, 0x01, 0x02]))).toBeNull();
    expect(detectKnowledgeFeed(Buffer.from([0x00, 0xff, 0x10, 0x20]))).toBeNull();
    expect(detectKnowledgeFeed(Buffer.from('name,version\nfoo,1.0\n'))).toBeNull();
    expect(detectKnowledgeFeed(Buffer.from('hello'), 'notes.txt')).toBeNull();
  });
});
