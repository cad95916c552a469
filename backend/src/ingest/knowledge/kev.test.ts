import fs from 'fs';
import zlib from 'zlib';
import { describeWithSharedData, readSharedJson, sharedDataPath } from '../../test-support/sharedData';
import { KEV_TITLE, parseKevCatalog, parseKevCsv } from './kev';
import { feedError } from './testHelpers';

interface RawKev {
  title: string;
  catalogVersion: string;
  dateReleased: string;
  count: number;
  vulnerabilities: Array<Record<string, unknown>>;
}

const readRaw = () => readSharedJson<RawKev>('cisa-kev', 'known_exploited_vulnerabilities.json');
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describeWithSharedData('parseKevCatalog on the real catalog', () => {
  it('parses the full JSON catalog', () => {
    const raw = readRaw();
    const cat = parseKevCatalog(raw, 'known_exploited_vulnerabilities.json');
    expect(cat.title).toBe('CISA Catalog of Known Exploited Vulnerabilities');
    expect(cat.catalogVersion).toBe('2025.08.25');
    expect(cat.dateReleased).toBe('2025-08-25T17:04:19.9796Z');
    expect(cat.entries).toHaveLength(1404);
    const known = raw.vulnerabilities.filter((v) => v.knownRansomwareCampaignUse === 'Known').length;
    expect(known).toBe(293);
    expect(cat.entries.filter((e) => e.knownRansomwareCampaignUse === 'Known')).toHaveLength(known);
    expect(cat.entries.filter((e) => e.knownRansomwareCampaignUse === 'Unknown')).toHaveLength(1404 - known);
    expect(cat.entries[0]).toEqual({
      cveId: 'CVE-2025-48384',
      vendorProject: 'Git',
      product: 'Git',
      vulnerabilityName: 'Git Link Following Vulnerability',
      dateAdded: '2025-08-25',
      shortDescription: expect.stringMatching(/^Git contains a link following vulnerability that stems from Git’s/),
      requiredAction: expect.stringMatching(/^Apply mitigations per vendor instructions/),
      dueDate: '2025-09-15',
      knownRansomwareCampaignUse: 'Unknown',
      notes: expect.stringContaining('https://nvd.nist.gov/vuln/detail/CVE-2025-48384'),
      cwes: ['CWE-59', 'CWE-436'],
    });
    // Entries map field for field (cveID → cveId), text verbatim (not trimmed).
    cat.entries.forEach((e, i) => {
      const { cveID, ...rest } = raw.vulnerabilities[i];
      expect({ cveId: e.cveId, ...rest }).toEqual({ ...e });
      expect(cveID).toBe(e.cveId);
    });
    expect(cat.entries.find((e) => e.cveId === 'CVE-2023-38831')?.dateAdded).toBe('2023-08-24');
  });

  it('parses JSON given as text, bytes and gzip the same', () => {
    const text = fs.readFileSync(sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities.json'));
    const expected = parseKevCatalog(readRaw(), 'x');
    expect(parseKevCatalog(text.toString('utf8'), 'x')).toEqual(expected);
    expect(parseKevCatalog(text, 'x')).toEqual(expected);
    expect(parseKevCatalog(zlib.gzipSync(text), 'x')).toEqual(expected);
  });

  it('the KEV CSV gives the same entries as the JSON, and its version from the newest dateAdded', () => {
    const csv = fs.readFileSync(sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities.csv'));
    const fromCsv = parseKevCatalog(csv, 'known_exploited_vulnerabilities.csv');
    const fromJson = parseKevCatalog(readRaw(), 'json');
    expect(fromCsv.entries).toHaveLength(1404);
    expect(fromCsv.entries).toEqual(fromJson.entries);
    expect(fromCsv.catalogVersion).toBe('2025.08.25');
    expect(fromCsv.dateReleased).toBe('2025-08-25T00:00:00.000Z');
    expect(fromCsv.title).toBe(KEV_TITLE);
    expect(
      parseKevCsv(csv.toString('utf8'), 'csv', { catalogVersion: 'v', dateReleased: 'd', title: 't' })
    ).toMatchObject({
      catalogVersion: 'v',
      dateReleased: 'd',
      title: 't',
    });
    // Quoted fields with embedded quotes are in the real file.
    expect(fromCsv.entries.some((e) => e.shortDescription.includes('"'))).toBe(true);
  });

  describe('rejects', () => {
    it('a truncated catalog (count ≠ number of entries)', () => {
      const raw = readRaw();
      raw.vulnerabilities = raw.vulnerabilities.slice(0, 1000);
      const err = feedError(() => parseKevCatalog(raw, 'kev.json'));
      expect(err.feed).toBe('kev');
      expect(err.path).toBe('count');
      expect(err.message).toMatch(
        /count is 1404 but the catalog has 1000 vulnerabilities \(partial or truncated catalog\)/
      );
    });

    it('a duplicate cveID', () => {
      const raw = readRaw();
      raw.vulnerabilities.push(clone(raw.vulnerabilities[5]));
      raw.count++;
      const err = feedError(() => parseKevCatalog(raw, 'kev.json'));
      expect(err.path).toBe('vulnerabilities[1404].cveID');
      expect(err.message).toMatch(/duplicate cveID CVE-\d{4}-\d+ \(first at vulnerabilities\[5\]\.cveID\)/);
    });

    it('a JSON text cut short', () => {
      const text = fs.readFileSync(sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities.json'), 'utf8');
      expect(feedError(() => parseKevCatalog(text.slice(0, 100_000), 'kev.json')).message).toMatch(/malformed JSON/);
    });

    it.each([
      ['cveID', 'CVE-2024-1', /must be a CVE id/],
      ['cveID', "CVE-2024-1'; DROP TABLE kev;--", /must be a CVE id/],
      ['dateAdded', '2025-02-30', /YYYY-MM-DD/],
      ['dueDate', '08/25/2025', /YYYY-MM-DD/],
      ['knownRansomwareCampaignUse', 'Maybe', /"Known" or "Unknown"/],
      ['cwes', ['CWE-79', 'XSS'], /CWE id/],
      ['vendorProject', 42, /expected string/],
      ['shortDescription', 'x'.repeat(20_000), /at most 8192 characters/],
    ])('a bad %s (%p)', (field, value, message) => {
      const raw = readRaw();
      raw.vulnerabilities[7][field] = value;
      const err = feedError(() => parseKevCatalog(raw, 'kev.json'));
      expect(err.path.startsWith(`vulnerabilities[7].${field}`)).toBe(true);
      expect(err.message).toMatch(message);
    });

    it.each([
      'cveID',
      'vendorProject',
      'product',
      'vulnerabilityName',
      'dateAdded',
      'shortDescription',
      'requiredAction',
      'dueDate',
    ])('an entry without the required %s', (field) => {
      const raw = readRaw();
      delete raw.vulnerabilities[3][field];
      const err = feedError(() => parseKevCatalog(raw, 'kev.json'));
      expect(err.path).toBe(`vulnerabilities[3].${field}`);
      expect(err.message).toMatch(/expected string, received undefined/);
    });

    it.each(['catalogVersion', 'dateReleased', 'count', 'vulnerabilities'])('a catalog without %s', (field) => {
      const raw = readRaw() as unknown as Record<string, unknown>;
      delete raw[field];
      expect(feedError(() => parseKevCatalog(raw, 'kev.json')).path).toBe(field);
    });

    it('a catalog that is not an object', () => {
      expect(feedError(() => parseKevCatalog([], 'kev.json')).message).toMatch(/not a KEV catalog/);
      expect(feedError(() => parseKevCatalog('[1,2]', 'kev.json')).message).toMatch(/not a KEV catalog/);
    });

    it('a CSV with a duplicate, a truncated last row, a bad header or a bad value — naming the line', () => {
      const text = fs.readFileSync(sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities.csv'), 'utf8');
      const lines = text.split('\n');
      const dup = feedError(() => parseKevCsv(`${text}${lines[1]}\n`, 'kev.csv'));
      expect(dup.message).toMatch(/duplicate cveID CVE-2025-48384 \(first at line 2\)/);

      const cut = text.slice(0, text.lastIndexOf('2022-05-03,Unknown'));
      const truncated = feedError(() => parseKevCsv(cut, 'kev.csv'));
      expect(truncated.line).toBe(1405);
      expect(truncated.message).toMatch(/line 1405: expected 11 columns, found 8 \(truncated or malformed row\)/);

      const midQuote = feedError(() => parseKevCsv(text.slice(0, text.indexOf('Git’s')), 'kev.csv'));
      expect(midQuote.message).toMatch(/line 2: malformed CSV: unterminated quoted field/);

      const header = feedError(() => parseKevCsv(text.replace('dueDate', 'due'), 'kev.csv'));
      expect(header.message).toMatch(/line 1: bad header: missing column\(s\) dueDate/);

      const badDate = feedError(() =>
        parseKevCsv(text.replace('2025-08-25,"Git contains', '2025-8-25,"Git contains'), 'kev.csv')
      );
      expect(badDate.path).toBe('line 2, column dateAdded');

      expect(feedError(() => parseKevCsv(`${lines[0]}\n`, 'kev.csv')).message).toMatch(/no vulnerabilities/);
    });
  });
});

describe('parseKevCsv (synthetic)', () => {
  const header =
    'cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate,knownRansomwareCampaignUse,notes,cwes';

  it('handles quoted commas, quotes and line breaks; empty cwes; CRLF; columns in any order', () => {
    const csv = [
      header,
      'CVE-2024-0001,Acme,"Widget, Pro","Acme ""Widget"" Bug",2024-01-02,"multi\nline",Patch.,2024-01-23,Known,"a ; b",""',
      'CVE-2024-0002,Acme,W,N,2024-01-03,d,r,2024-01-24,Unknown,,"CWE-79, CWE-89"',
    ].join('\r\n');
    const cat = parseKevCsv(csv, 't');
    expect(cat.entries[0]).toEqual({
      cveId: 'CVE-2024-0001',
      vendorProject: 'Acme',
      product: 'Widget, Pro',
      vulnerabilityName: 'Acme "Widget" Bug',
      dateAdded: '2024-01-02',
      shortDescription: 'multi\nline',
      requiredAction: 'Patch.',
      dueDate: '2024-01-23',
      knownRansomwareCampaignUse: 'Known',
      notes: 'a ; b',
      cwes: [],
    });
    expect(cat.entries[1].cwes).toEqual(['CWE-79', 'CWE-89']);
    expect(cat.catalogVersion).toBe('2024.01.03');

    const reordered =
      'dueDate,cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction\n2024-01-23,CVE-2024-0003,A,P,N,2024-01-02,D,R\n';
    expect(parseKevCsv(reordered, 't').entries[0]).toEqual({
      cveId: 'CVE-2024-0003',
      vendorProject: 'A',
      product: 'P',
      vulnerabilityName: 'N',
      dateAdded: '2024-01-02',
      shortDescription: 'D',
      requiredAction: 'R',
      dueDate: '2024-01-23',
      knownRansomwareCampaignUse: 'Unknown',
      notes: '',
      cwes: [],
    });
  });

  it('a JSON catalog without title, ransomware flag, notes or cwes gets the defaults', () => {
    const cat = parseKevCatalog(
      {
        catalogVersion: '2024.01.03',
        dateReleased: '2024-01-03T12:00:00Z',
        count: 1,
        vulnerabilities: [
          {
            cveID: 'CVE-2024-0003',
            vendorProject: 'A',
            product: 'P',
            vulnerabilityName: 'N',
            dateAdded: '2024-01-02',
            shortDescription: 'D',
            requiredAction: 'R',
            dueDate: '2024-01-23',
          },
        ],
      },
      't'
    );
    expect(cat.title).toBe(KEV_TITLE);
    expect(cat.entries[0]).toMatchObject({ knownRansomwareCampaignUse: 'Unknown', notes: '', cwes: [] });
  });
});
