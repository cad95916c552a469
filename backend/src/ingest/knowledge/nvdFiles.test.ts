import fs from 'fs';
import os from 'os';
import path from 'path';
import zlib from 'zlib';
import { describeWithSharedData, sharedDataPath } from '../../test-support/sharedData';
import { parseNvdDocument } from './nvd';
import { listNvdFiles, readNvdPath } from './nvdFiles';
import { feedErrorAsync } from './testHelpers';

describeWithSharedData('readNvdPath', () => {
  const NVD_DIR = sharedDataPath('nvd-cve-api-2.0');
  const real = (name: string) => fs.readFileSync(path.join(NVD_DIR, name));
  let tmp: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tvm-nvd-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads a directory of real records, sorted, reporting progress', async () => {
    const progress: Array<[number, number]> = [];
    const { records, files, warnings } = await readNvdPath(NVD_DIR, (done, total) => progress.push([done, total]));
    expect(files).toBe(13);
    expect(records.map((r) => r.id)).toEqual(
      fs
        .readdirSync(NVD_DIR)
        .sort()
        .map((f) => f.replace(/\.json$/, ''))
    );
    expect(progress).toEqual(Array.from({ length: 13 }, (_, i) => [i + 1, 13]));
    expect(warnings).toEqual([]);
  });

  it('reads a gzip of a real record, the same as the plain file', async () => {
    const gz = path.join(tmp, 'CVE-2024-4671.json.gz');
    fs.writeFileSync(gz, zlib.gzipSync(real('CVE-2024-4671.json')));
    const { records, files } = await readNvdPath(gz);
    expect(files).toBe(1);
    expect(records).toEqual(parseNvdDocument(JSON.parse(real('CVE-2024-4671.json').toString('utf8')), 'x'));
    expect(records[0].cvss?.baseScore).toBe(9.6);
  });

  it('walks sub-directories, takes .json and .json.gz only, skips dot entries, sorts by path', async () => {
    fs.mkdirSync(path.join(tmp, 'CVE-2024', 'CVE-2024-46xx'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'CVE-2017'), { recursive: true });
    fs.mkdirSync(path.join(tmp, '.git'), { recursive: true });
    fs.writeFileSync(
      path.join(tmp, 'CVE-2024', 'CVE-2024-46xx', 'CVE-2024-4671.json.gz'),
      zlib.gzipSync(real('CVE-2024-4671.json'))
    );
    fs.copyFileSync(path.join(NVD_DIR, 'CVE-2017-11882.json'), path.join(tmp, 'CVE-2017', 'CVE-2017-11882.json'));
    fs.copyFileSync(path.join(NVD_DIR, 'CVE-2025-0411.json'), path.join(tmp, 'CVE-2025-0411.JSON'));
    fs.writeFileSync(path.join(tmp, 'README.md'), '# not a feed');
    fs.writeFileSync(path.join(tmp, 'notes.txt'), '{}');
    fs.writeFileSync(path.join(tmp, '.git', 'config.json'), 'not json at all');
    fs.writeFileSync(path.join(tmp, '._CVE-2017-11882.json'), 'resource fork junk');

    const files = await listNvdFiles(tmp);
    expect(files.map((f) => path.relative(tmp, f))).toEqual([
      path.join('CVE-2017', 'CVE-2017-11882.json'),
      path.join('CVE-2024', 'CVE-2024-46xx', 'CVE-2024-4671.json.gz'),
      'CVE-2025-0411.JSON',
    ]);
    const { records } = await readNvdPath(tmp);
    expect(records.map((r) => r.id)).toEqual(['CVE-2017-11882', 'CVE-2024-4671', 'CVE-2025-0411']);
  });

  it('reads a file holding an NVD API page', async () => {
    const cves = ['CVE-2024-4671.json', 'CVE-2023-38831.json'].map((f) => JSON.parse(real(f).toString('utf8')));
    const page = {
      resultsPerPage: 2,
      startIndex: 0,
      totalResults: 2,
      format: 'NVD_CVE',
      version: '2.0',
      vulnerabilities: cves.map((cve) => ({ cve })),
    };
    const file = path.join(tmp, 'nvdcve-2.0-page.json');
    fs.writeFileSync(file, JSON.stringify(page));
    const { records, files } = await readNvdPath(file);
    expect(files).toBe(1);
    expect(records.map((r) => r.id)).toEqual(['CVE-2024-4671', 'CVE-2023-38831']);
  });

  it('rejects the whole import when one file is bad, naming that file', async () => {
    fs.copyFileSync(path.join(NVD_DIR, 'CVE-2024-4671.json'), path.join(tmp, 'a.json'));
    const bad = JSON.parse(real('CVE-2025-0411.json').toString('utf8'));
    bad.published = 5;
    fs.writeFileSync(path.join(tmp, 'b.json'), JSON.stringify(bad));
    const err = await feedErrorAsync(readNvdPath(tmp));
    expect(err.origin).toBe(path.join(tmp, 'b.json'));
    expect(err.message).toContain(path.join(tmp, 'b.json'));
    expect(err.path).toBe('published');
  });

  it('rejects a truncated gzip and a truncated JSON file', async () => {
    const gz = zlib.gzipSync(real('CVE-2024-4671.json'));
    fs.writeFileSync(path.join(tmp, 'x.json.gz'), gz.subarray(0, gz.length - 20));
    const e1 = await feedErrorAsync(readNvdPath(path.join(tmp, 'x.json.gz')));
    expect(e1.message).toMatch(/corrupt or truncated gzip/);

    const text = real('CVE-2024-4671.json');
    fs.writeFileSync(path.join(tmp, 'y.json'), text.subarray(0, text.length / 2));
    const e2 = await feedErrorAsync(readNvdPath(path.join(tmp, 'y.json')));
    expect(e2.message).toMatch(/malformed JSON/);
    expect(e2.origin).toBe(path.join(tmp, 'y.json'));
  });

  it("rejects grype's test-data directory as a whole: it holds a fixture with a made-up CVE id", async () => {
    const err = await feedErrorAsync(readNvdPath(sharedDataPath('grype', 'nvd-testdata')));
    expect(err.origin).toMatch(/jvm-packages\.json$/);
  });

  it('a missing path is an I/O error, not a format error', async () => {
    await expect(readNvdPath(path.join(tmp, 'nope'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('an empty directory gives no records', async () => {
    expect(await readNvdPath(tmp)).toEqual({ records: [], files: 0, warnings: [] });
  });
});
