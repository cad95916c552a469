import fs from 'fs';
import { deviceReportSchema, type DeviceReport, type DeviceReportInput } from '../ingest/deviceReport';
import { toDeviceReport } from '../ingest/fleet';
import { readNvdPath } from '../ingest/knowledge';
import { parseFeedBuffer } from '../ingest/knowledgeFeed';
import { describeWithSharedData, readSharedJson, sharedDataPath } from '../test-support/sharedData';
import { testContext } from '../test-support/context';
import type { ServiceContext } from '../api/app';
import { ingestDeviceReports, ReportConflictError } from './fleet';
import { importEpssFile, importKevCatalog, importNvdRecords, recomputeAll } from './knowledge';

type Ctx = Awaited<ReturnType<typeof testContext>>;

function report(input: DeviceReportInput): DeviceReport {
  return deviceReportSchema.parse(input);
}

async function openFindings(ctx: ServiceContext, deviceId?: string) {
  return ctx.db.all<{
    device_id: string;
    product_key: string;
    cve_id: string;
    version: string;
    fixed_in: string | null;
    source: string;
  }>(
    `SELECT device_id, product_key, cve_id, version, fixed_in, source FROM finding WHERE status = 'open' ${deviceId ? 'AND device_id = ?' : ''}
     ORDER BY device_id, cve_id, product_key`,
    deviceId ? [deviceId] : []
  );
}

async function cvesOn(ctx: ServiceContext, deviceId: string): Promise<string[]> {
  return [...new Set((await openFindings(ctx, deviceId)).map((f) => f.cve_id))].sort();
}

async function importNvdSample(ctx: ServiceContext) {
  const { records } = await readNvdPath(sharedDataPath('nvd-cve-api-2.0'));
  return importNvdRecords(ctx.db, records, 'test', ctx.clock().toISOString());
}

let seq = 0;
/** One device with one product: does this version of this product have this CVE here? */
async function probe(ctx: Ctx, software: DeviceReportInput['software'], osPlatform = 'Windows11'): Promise<string[]> {
  seq++;
  const id = `probe-${seq}`;
  await ingestDeviceReports(
    ctx.db,
    [report({ reportId: `probe-r-${seq}`, id, osPlatform, software })],
    ctx.rules,
    ctx.clock().toISOString()
  );
  return cvesOn(ctx, id);
}

describeWithSharedData('knowledge import over the real feeds', () => {
  let ctx: Ctx;
  beforeEach(async () => {
    ctx = await testContext();
  });
  afterEach(async () => ctx.db.close());

  it('imports every NVD record of the data set, idempotently and incrementally by lastModified', async () => {
    const files = fs.readdirSync(sharedDataPath('nvd-cve-api-2.0')).filter((f) => f.endsWith('.json'));
    const first = await importNvdSample(ctx);
    expect(first.inserted).toBe(files.length);
    const again = await importNvdSample(ctx);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: files.length });

    const { records } = await readNvdPath(sharedDataPath('nvd-cve-api-2.0', 'CVE-2025-0411.json'));
    const older = { ...records[0], lastModified: '2020-01-01T00:00:00.000Z', description: 'older copy' };
    expect(await importNvdRecords(ctx.db, [older], 'test', ctx.clock().toISOString())).toMatchObject({
      unchanged: 1,
      updated: 0,
    });
    const newer = { ...records[0], lastModified: '2030-01-01T00:00:00.000Z', description: 'newer copy' };
    expect(await importNvdRecords(ctx.db, [newer], 'test', ctx.clock().toISOString())).toMatchObject({ updated: 1 });
    const row = await ctx.db.get<{ description: string }>('SELECT description FROM cve WHERE id = ?', [
      'CVE-2025-0411',
    ]);
    expect(row?.description).toBe('newer copy');
  });

  it('imports the full KEV catalog and the EPSS files and joins them to the CVEs', async () => {
    await importNvdSample(ctx);
    const kev = parseFeedBuffer(
      'kev',
      fs.readFileSync(sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities.json')),
      'test'
    );
    if (kev.feed !== 'kev') {
      throw new Error('expected kev');
    }
    const k = await importKevCatalog(ctx.db, kev.catalog, 'test', ctx.clock().toISOString());
    expect(k.entries).toBe(1404);
    // The NVD records of the data set that carry cisa* fields are exactly the ones KEV lists.
    const { records } = await readNvdPath(sharedDataPath('nvd-cve-api-2.0'));
    const inKev = new Set(kev.catalog.entries.map((e) => e.cveId));
    expect(k.joinedToCves).toBe(records.filter((r) => inKev.has(r.id)).length);
    expect(records.filter((r) => r.cisa).every((r) => inKev.has(r.id))).toBe(true);
    expect(k.joinedToCves).toBeGreaterThanOrEqual(8);
    // Re-import is a no-op diff.
    expect(await importKevCatalog(ctx.db, kev.catalog, 'test', ctx.clock().toISOString())).toMatchObject({
      added: 0,
      removed: 0,
    });

    const epss = parseFeedBuffer('epss', fs.readFileSync(sharedDataPath('epss', 'kev_epss_cvss_jgamblin.csv')), 'test');
    if (epss.feed !== 'epss') {
      throw new Error('expected epss');
    }
    const e = await importEpssFile(ctx.db, epss.file, 'test', ctx.clock().toISOString());
    expect(e.scores).toBe(1556);
    const joined = await ctx.db.get<{ epss: number; ransomware: number }>(
      `SELECT e.epss, k.known_ransomware AS ransomware FROM cve c JOIN epss e ON e.cve_id = c.id JOIN kev k ON k.cve_id = c.id WHERE c.id = 'CVE-2023-38831'`
    );
    expect(joined?.epss).toBeCloseTo(0.97811, 5);
    const native = parseFeedBuffer(
      'epss',
      fs.readFileSync(sharedDataPath('epss', 'epss_scores-head-sample.csv')),
      'test'
    );
    if (native.feed !== 'epss') {
      throw new Error('expected epss');
    }
    await importEpssFile(ctx.db, native.file, 'test', ctx.clock().toISOString());
    const state = await ctx.db.get<{ version: string }>("SELECT version FROM feed_state WHERE feed = 'epss'");
    expect(state?.version).toBe('v2026.06.15');
  });

  it('rejects a broken feed as a whole and keeps the previous knowledge', async () => {
    await importNvdSample(ctx);
    const before = await ctx.db.all('SELECT id, last_modified FROM cve ORDER BY id');
    const page = {
      resultsPerPage: 2,
      startIndex: 0,
      totalResults: 2,
      format: 'NVD_CVE',
      version: '2.0',
      vulnerabilities: [
        {
          cve: {
            ...readSharedJson<Record<string, unknown>>('nvd-cve-api-2.0', 'CVE-2025-0411.json'),
            lastModified: '2031-01-01T00:00:00.000',
          },
        },
        { cve: { id: 'CVE-2099-0001', published: 5 } },
      ],
    };
    expect(() => parseFeedBuffer('nvd', Buffer.from(JSON.stringify(page)), 'test')).toThrow(/vulnerabilities\[1\]/);
    expect(await ctx.db.all('SELECT id, last_modified FROM cve ORDER BY id')).toEqual(before);
  });
});

describeWithSharedData('matching devices against the real NVD records', () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await testContext();
    await importNvdSample(ctx);
  });
  afterAll(async () => ctx.db.close());

  const cases: Array<[string, DeviceReportInput['software'], string, string[]]> = [
    // Chrome: versionEndExcluding 124.0.6367.201 (4-part versions).
    [
      'Chrome just inside',
      [{ vendor: 'google', name: 'chrome', version: '124.0.6367.200' }],
      'Windows11',
      ['CVE-2024-4671'],
    ],
    [
      'Chrome inside both ranges',
      [{ vendor: 'google', name: 'chrome', version: '120.0.6099.128' }],
      'Windows11',
      ['CVE-2023-7024', 'CVE-2024-4671'],
    ],
    [
      'Chrome at the first fix',
      [{ vendor: 'google', name: 'chrome', version: '120.0.6099.129' }],
      'Windows11',
      ['CVE-2024-4671'],
    ],
    ['Chrome at the fix', [{ vendor: 'google', name: 'chrome', version: '124.0.6367.201' }], 'Windows11', []],
    [
      'Chrome by display name',
      [{ name: 'Google Chrome', publisher: 'Google LLC', version: '124.0.6367.91', source: 'programs' }],
      'Windows11',
      ['CVE-2024-4671'],
    ],
    // Firefox vs Firefox ESR (sw_edition) in CVE-2024-9680.
    [
      'Firefox ESR just inside',
      [{ vendor: 'mozilla', name: 'firefox', edition: 'esr', version: '115.16.0' }],
      'Windows11',
      ['CVE-2024-9680'],
    ],
    [
      'Firefox ESR at the fix',
      [{ vendor: 'mozilla', name: 'firefox', edition: 'esr', version: '115.16.1' }],
      'Windows11',
      [],
    ],
    [
      'Firefox ESR 128.3.1',
      [{ vendor: 'mozilla', name: 'firefox', edition: 'esr', version: '128.3.1' }],
      'Windows11',
      [],
    ],
    ['Firefox 131.0.1', [{ vendor: 'mozilla', name: 'firefox', version: '131.0.1' }], 'Windows11', ['CVE-2024-9680']],
    ['Firefox 131.0.2', [{ vendor: 'mozilla', name: 'firefox', version: '131.0.2' }], 'Windows11', []],
    [
      'Thunderbird exactly 131.0',
      [{ vendor: 'mozilla', name: 'thunderbird', version: '131.0' }],
      'Windows11',
      ['CVE-2024-9680'],
    ],
    ['Thunderbird 131.0.1', [{ vendor: 'mozilla', name: 'thunderbird', version: '131.0.1' }], 'Windows11', []],
    // Acrobat Reader DC: AND configuration with Windows/macOS platforms, zero-padded, versionEndIncluding.
    [
      'Reader DC on Windows at the last affected',
      [{ name: 'Adobe Acrobat Reader DC', publisher: 'Adobe', version: '22.003.20282' }],
      'Windows11',
      ['CVE-2023-21608'],
    ],
    [
      'Reader DC on Windows, unpadded',
      [{ name: 'Adobe Acrobat Reader DC', publisher: 'Adobe', version: '22.3.20282' }],
      'Windows11',
      ['CVE-2023-21608'],
    ],
    [
      'Reader DC on Windows just after',
      [{ name: 'Adobe Acrobat Reader DC', publisher: 'Adobe', version: '22.003.20283' }],
      'Windows11',
      [],
    ],
    [
      'Reader DC on macOS',
      [{ name: 'Adobe Acrobat Reader DC', publisher: 'Adobe', version: '22.003.20281' }],
      'macOS',
      ['CVE-2023-21608'],
    ],
    [
      'Reader DC 22.003.20282 on macOS (only ≤ 20281 there)',
      [{ name: 'Adobe Acrobat Reader DC', publisher: 'Adobe', version: '22.003.20282' }],
      'macOS',
      [],
    ],
    [
      'Reader DC on Linux',
      [{ name: 'Adobe Acrobat Reader DC', publisher: 'Adobe', version: '22.003.20282' }],
      'Linux',
      [],
    ],
    // 7-Zip < 24.09, with Windows' extra version parts.
    ['7-Zip 24.08', [{ vendor: '7-zip', name: '7-zip', version: '24.08' }], 'Windows11', ['CVE-2025-0411']],
    ['7-Zip 24.09.0.0', [{ vendor: '7-zip', name: '7-zip', version: '24.09.0.0' }], 'Windows11', []],
    // httpd: exact version only.
    ['httpd 2.4.49', [{ vendor: 'apache', name: 'http_server', version: '2.4.49' }], 'Linux', ['CVE-2021-41773']],
    ['httpd 2.4.48', [{ vendor: 'apache', name: 'http_server', version: '2.4.48' }], 'Linux', []],
    ['httpd 2.4.50', [{ vendor: 'apache', name: 'http_server', version: '2.4.50' }], 'Linux', []],
    // Office 2007 SP3: the CPE update attribute.
    [
      'Office 2007 sp3',
      [{ name: 'office', version: '2007', cpe: 'cpe:2.3:a:microsoft:office:2007:sp3:*:*:*:*:*:*' }],
      'Windows10',
      ['CVE-2017-11882'],
    ],
    [
      'Office 2007 sp2',
      [{ name: 'office', version: '2007', cpe: 'cpe:2.3:a:microsoft:office:2007:sp2:*:*:*:*:*:*' }],
      'Windows10',
      [],
    ],
    // Escaped CPE characters (CVE-2022-21449) given as a CPE.
    [
      'NetApp SolidFire & HCI storage node (escaped CPE)',
      [
        {
          name: 'storage node',
          version: '-',
          cpe: 'cpe:2.3:a:netapp:solidfire\\,_enterprise_sds_\\&_hci_storage_node:-:*:*:*:*:*:*:*',
        },
      ],
      'Linux',
      ['CVE-2022-21449'],
    ],
    // Zoom: the record has no configurations (Awaiting Analysis): nothing can match.
    [
      'Zoom (record without configurations)',
      [{ name: 'Zoom', publisher: 'Zoom Video Communications, Inc.', version: '5.16.0' }],
      'Windows11',
      [],
    ],
    // WinRAR < 6.23.
    [
      'WinRAR 6.22',
      [{ name: 'WinRAR 6.22 (64-bit)', publisher: 'win.rar GmbH', version: '6.22.0' }],
      'Windows11',
      ['CVE-2023-38831'],
    ],
    ['WinRAR 6.23', [{ name: 'WinRAR 6.23 (64-bit)', publisher: 'win.rar GmbH', version: '6.23.0' }], 'Windows11', []],
  ];

  it.each(cases)('%s', async (_name, software, os, expected) => {
    expect(await probe(ctx, software, os)).toEqual(expected);
  });

  it('matches each of the eight disjoint Git ranges of CVE-2025-48384 and nothing between them', async () => {
    const record = readSharedJson<{
      configurations: Array<{ nodes: Array<{ cpeMatch: Array<Record<string, string>> }> }>;
    }>('nvd-cve-api-2.0', 'CVE-2025-48384.json');
    const ranges = record.configurations
      .flatMap((c) => c.nodes.flatMap((n) => n.cpeMatch))
      .filter((m) => m.criteria.includes(':git-scm:git:') && m.versionEndExcluding);
    expect(ranges.length).toBe(8);
    for (const r of ranges) {
      const fixed = r.versionEndExcluding;
      const parts = fixed.split('.').map(Number);
      const inside = parts[2] > 0 ? `${parts[0]}.${parts[1]}.${parts[2] - 1}` : `${parts[0]}.${parts[1]}.0-rc0`;
      expect({ fixed, cves: await probe(ctx, [{ vendor: 'git-scm', name: 'git', version: inside }]) }).toEqual({
        fixed,
        cves: ['CVE-2025-48384'],
      });
      expect({ fixed, cves: await probe(ctx, [{ vendor: 'git-scm', name: 'git', version: fixed }]) }).toEqual({
        fixed,
        cves: [],
      });
    }
  });
});

describeWithSharedData('fleet snapshots, idempotency and findings over time', () => {
  let ctx: Ctx;
  beforeEach(async () => {
    ctx = await testContext();
    await importNvdSample(ctx);
  });
  afterEach(async () => ctx.db.close());

  const chromeDevice = (reportId: string, version: string, lastSeen: string): DeviceReport =>
    report({
      reportId,
      id: 'ws-0042',
      computerDnsName: 'ws-0042.corp.example',
      osPlatform: 'Windows11',
      lastSeen,
      rbacGroupName: 'Workstations',
      software: [
        { vendor: 'google', name: 'chrome', version },
        { vendor: '7-zip', name: '7-zip', version: '24.08' },
      ],
    });

  it('closes a finding as fixed when the device reports the fixed version, keeping first/last seen', async () => {
    ctx.setNow('2026-11-01T00:00:00Z');
    await ingestDeviceReports(
      ctx.db,
      [chromeDevice('a', '124.0.6367.91', '2026-11-01T00:00:00Z')],
      ctx.rules,
      '2026-11-01T00:00:00.000Z'
    );
    expect(await cvesOn(ctx, 'ws-0042')).toEqual(['CVE-2024-4671', 'CVE-2025-0411']);

    const res = await ingestDeviceReports(
      ctx.db,
      [chromeDevice('b', '131.0.6778.85', '2026-11-05T00:00:00Z')],
      ctx.rules,
      '2026-11-05T00:00:00.000Z'
    );
    expect(res).toMatchObject({ applied: 1, findingsClosed: 1 });
    expect(await cvesOn(ctx, 'ws-0042')).toEqual(['CVE-2025-0411']);
    const fixed = await ctx.db.get<{ first_detected: string; fixed_at: string; status: string }>(
      "SELECT first_detected, fixed_at, status FROM finding WHERE cve_id = 'CVE-2024-4671'"
    );
    expect(fixed).toEqual({
      first_detected: '2026-11-01T00:00:00.000Z',
      fixed_at: '2026-11-05T00:00:00.000Z',
      status: 'fixed',
    });
    const chrome = await ctx.db.all<{
      version: string;
      first_seen: string;
      last_seen: string;
      uninstalled_at: string | null;
    }>(
      "SELECT version, first_seen, last_seen, uninstalled_at FROM device_software WHERE product_key = 'a:google:chrome:' ORDER BY first_seen"
    );
    expect(chrome).toEqual([
      {
        version: '124.0.6367.91',
        first_seen: '2026-11-01T00:00:00.000Z',
        last_seen: '2026-11-01T00:00:00.000Z',
        uninstalled_at: '2026-11-05T00:00:00.000Z',
      },
      {
        version: '131.0.6778.85',
        first_seen: '2026-11-05T00:00:00.000Z',
        last_seen: '2026-11-05T00:00:00.000Z',
        uninstalled_at: null,
      },
    ]);
  });

  it('skips a re-sent report, refuses a reused reportId with another body, and does not apply a stale report', async () => {
    await ingestDeviceReports(
      ctx.db,
      [chromeDevice('a', '131.0.6778.85', '2026-11-05T00:00:00Z')],
      ctx.rules,
      '2026-11-05T00:00:00.000Z'
    );
    const again = await ingestDeviceReports(
      ctx.db,
      [chromeDevice('a', '131.0.6778.85', '2026-11-05T00:00:00Z')],
      ctx.rules,
      '2026-11-06T00:00:00.000Z'
    );
    expect(again).toMatchObject({ applied: 0, duplicates: 1 });
    await expect(
      ingestDeviceReports(
        ctx.db,
        [chromeDevice('a', '124.0.6367.91', '2026-11-05T00:00:00Z')],
        ctx.rules,
        '2026-11-06T00:00:00.000Z'
      )
    ).rejects.toBeInstanceOf(ReportConflictError);
    const stale = await ingestDeviceReports(
      ctx.db,
      [chromeDevice('old', '124.0.6367.91', '2026-11-01T00:00:00Z')],
      ctx.rules,
      '2026-11-06T00:00:00.000Z'
    );
    expect(stale).toMatchObject({ applied: 0, stale: 1 });
    expect(await cvesOn(ctx, 'ws-0042')).toEqual(['CVE-2025-0411']);
  });

  it('a batch is all or nothing: a conflict in its last report stores none of it', async () => {
    await ingestDeviceReports(
      ctx.db,
      [chromeDevice('a', '131.0.6778.85', '2026-11-05T00:00:00Z')],
      ctx.rules,
      '2026-11-05T00:00:00.000Z'
    );
    const before = await ctx.db.all('SELECT * FROM device_software ORDER BY product_key, version');
    const other = report({
      reportId: 'x',
      id: 'ws-9',
      software: [{ vendor: 'google', name: 'chrome', version: '120.0.1' }],
    });
    await expect(
      ingestDeviceReports(
        ctx.db,
        [other, chromeDevice('a', '124.0.6367.91', '2026-11-05T00:00:00Z')],
        ctx.rules,
        '2026-11-06T00:00:00.000Z'
      )
    ).rejects.toBeInstanceOf(ReportConflictError);
    expect(await ctx.db.get("SELECT id FROM device WHERE id = 'ws-9'")).toBeUndefined();
    expect(await ctx.db.all('SELECT * FROM device_software ORDER BY product_key, version')).toEqual(before);
  });

  it('finds vulnerabilities on devices that reported before the knowledge arrived, and recompute changes nothing', async () => {
    const fresh = await testContext();
    try {
      await ingestDeviceReports(
        fresh.db,
        [chromeDevice('a', '124.0.6367.91', '2026-11-01T00:00:00Z')],
        fresh.rules,
        '2026-11-01T00:00:00.000Z'
      );
      expect(await cvesOn(fresh, 'ws-0042')).toEqual([]);
      const imported = await importNvdSample(fresh);
      expect(imported.findingsOpened).toBe(2);
      expect(await cvesOn(fresh, 'ws-0042')).toEqual(['CVE-2024-4671', 'CVE-2025-0411']);
      const before = await openFindings(fresh);
      expect(await recomputeAll(fresh.db, '2026-11-02T00:00:00.000Z')).toMatchObject({ opened: 0, closed: 0 });
      expect(await openFindings(fresh)).toEqual(before);
    } finally {
      await fresh.db.close();
    }
  });

  it('keeps unidentifiable software as unsupported, never dropping it', async () => {
    await ingestDeviceReports(
      ctx.db,
      [
        report({
          reportId: 'u',
          id: 'ws-7',
          software: [{ name: 'Contoso Line-of-Business Client', publisher: 'Contoso', version: '3.2' }],
        }),
      ],
      ctx.rules,
      ctx.clock().toISOString()
    );
    const row = await ctx.db.get<{ supported: number; unsupported_reason: string; display_name: string }>(
      "SELECT supported, unsupported_reason, display_name FROM device_software WHERE device_id = 'ws-7'"
    );
    expect(row).toMatchObject({ supported: 0, display_name: 'Contoso Line-of-Business Client' });
    expect(row?.unsupported_reason).toMatch(/Contoso/);
  });
});

describeWithSharedData('inventories from osquery, CycloneDX, Trivy and Grype', () => {
  let ctx: Ctx;
  beforeEach(async () => {
    ctx = await testContext();
    await importNvdSample(ctx);
  });
  afterEach(async () => ctx.db.close());

  async function ingestFile(format: 'osquery' | 'cyclonedx' | 'trivy' | 'grype', file: string[], device: string) {
    const doc = readSharedJson(...file);
    const r = toDeviceReport(format, doc, { deviceName: device });
    const res = await ingestDeviceReports(ctx.db, [deviceReportSchema.parse(r)], ctx.rules, ctx.clock().toISOString());
    expect(res.applied).toBe(1);
    return { report: r, device: r.id };
  }

  it('osquery deb_packages and rpm_packages become devices with every package', async () => {
    const deb = await ingestFile('osquery', ['osquery', 'derived-deb_packages-ubuntu-18.04.json'], 'ubuntu-1804');
    const rpm = await ingestFile('osquery', ['osquery', 'derived-rpm_packages-centos-6.json'], 'centos-6');
    for (const [{ device }, rows] of [
      [deb, readSharedJson<unknown[]>('osquery', 'derived-deb_packages-ubuntu-18.04.json')],
      [rpm, readSharedJson<unknown[]>('osquery', 'derived-rpm_packages-centos-6.json')],
    ] as const) {
      const n = await ctx.db.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM device_software WHERE device_id = ? AND uninstalled_at IS NULL',
        [device]
      );
      expect(Number(n?.n)).toBeGreaterThan(0);
      expect(Number(n?.n)).toBeLessThanOrEqual(rows.length);
    }
    const bash = await ctx.db.get<{ version: string; product_key: string }>(
      "SELECT version, product_key FROM device_software WHERE device_id = ? AND display_name = 'bash'",
      [deb.device]
    );
    expect(bash).toEqual({ version: '4.4.18-2ubuntu1', product_key: 'a:gnu:bash:' });
  });

  it('Trivy and Grype reports store their findings as the scanner states them', async () => {
    const trivy = await ingestFile('trivy', ['trivy-reports', 'debian-buster.trivy.json'], 'buster-image');
    const doc = readSharedJson<{
      Results: Array<{ Vulnerabilities?: Array<{ VulnerabilityID: string; PkgName: string }> }>;
    }>('trivy-reports', 'debian-buster.trivy.json');
    const expected = new Set(
      doc.Results.flatMap((r) => (r.Vulnerabilities ?? []).map((v) => `${v.PkgName} ${v.VulnerabilityID}`))
    );
    const stored = await ctx.db.all<{ product_key: string; cve_id: string }>(
      "SELECT product_key, cve_id FROM finding WHERE device_id = ? AND source = 'trivy' AND status = 'open'",
      [trivy.device]
    );
    expect(new Set(stored.map((f) => `${f.product_key.replace(/^pkg:/, '')} ${f.cve_id}`))).toEqual(expected);

    const grype = await ingestFile('grype', ['grype', 'TestJsonImgsPresenter.grype.json'], 'grype-image');
    const g = await ctx.db.all("SELECT cve_id FROM finding WHERE device_id = ? AND source = 'grype'", [grype.device]);
    expect(g.length).toBe(
      readSharedJson<{ matches: unknown[] }>('grype', 'TestJsonImgsPresenter.grype.json').matches.length
    );
  });

  it('a CycloneDX SBOM becomes a device with its components; VEX not_affected findings are suppressed', async () => {
    const sbom = await ingestFile(
      'cyclonedx',
      ['cyclonedx-bom-examples', 'sbom', 'laravel-7.12.0.cdx-1.4.json'],
      'laravel-app'
    );
    const n = await ctx.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM device_software WHERE device_id = ?', [
      sbom.device,
    ]);
    expect(Number(n?.n)).toBe(sbom.report.software.length);
    expect(sbom.report.software.length).toBeGreaterThan(50);

    const trivyCdx = await ingestFile('cyclonedx', ['trivy-reports', 'npm.trivy.cdx-1.7.json'], 'npm-app');
    const f = await ctx.db.all("SELECT cve_id, status FROM finding WHERE device_id = ? AND source = 'cyclonedx'", [
      trivyCdx.device,
    ]);
    expect(f.length).toBeGreaterThan(0);
  });
});
