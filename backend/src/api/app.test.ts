import fs from 'fs';
import zlib from 'zlib';
import request from 'supertest';
import { createApp } from './app';
import { MIGRATIONS } from '../store/migrations';
import { testContext, storeFingerprint } from '../test-support/context';
import { describeWithSharedData, readSharedJson, sharedDataPath } from '../test-support/sharedData';

type Ctx = Awaited<ReturnType<typeof testContext>>;

const goodDevice = (over: Record<string, unknown> = {}) => ({
  reportId: 'rep-1',
  id: 'ws-0001',
  computerDnsName: 'ws-0001.corp.example',
  osPlatform: 'Windows11',
  lastSeen: '2026-11-20T10:00:00Z',
  rbacGroupName: 'Workstations',
  software: [{ vendor: 'google', name: 'chrome', version: '124.0.6367.91' }],
  ...over,
});

describe('HTTP API', () => {
  let ctx: Ctx;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    ctx = await testContext();
    app = createApp(ctx);
  });
  afterEach(async () => ctx.db.close());

  it('serves /health without a token', async () => {
    const res = await request(app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      store: { dialect: 'sqlite', schemaVersion: MIGRATIONS[MIGRATIONS.length - 1].version },
      devices: 0,
    });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(app).get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NotFound');
  });

  it('ingests a batch and reports the outcome of each report', async () => {
    const res = await request(app)
      .post('/api/ingest/devices')
      .send({ devices: [goodDevice()] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      applied: 1,
      reports: [{ reportId: 'rep-1', deviceId: 'ws-0001', outcome: 'applied' }],
    });
    const again = await request(app)
      .post('/api/ingest/devices')
      .send({ devices: [goodDevice()] });
    expect(again.body).toMatchObject({ applied: 0, duplicates: 1 });
    const conflict = await request(app)
      .post('/api/ingest/devices')
      .send({ devices: [goodDevice({ software: [] })] });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.target).toBe('devices[0].reportId');
  });

  describe('rejects bad device batches with a 4xx naming the field, storing nothing', () => {
    const long = 'x'.repeat(300);
    const cases: Array<[string, unknown, number, RegExp]> = [
      ['not an object', [goodDevice()], 400, /\(body\)|devices/],
      ['no devices', { devices: [] }, 400, /devices/],
      ['missing id', { devices: [goodDevice({ id: undefined })] }, 400, /devices\[0\]\.id/],
      ['missing reportId', { devices: [goodDevice({ reportId: undefined })] }, 400, /devices\[0\]\.reportId/],
      ['wrong type', { devices: [goodDevice({ internetFacing: 'yes' })] }, 400, /devices\[0\]\.internetFacing/],
      ['software not an array', { devices: [goodDevice({ software: 'chrome' })] }, 400, /devices\[0\]\.software/],
      [
        'software item without name',
        { devices: [goodDevice({ software: [{ version: '1.0' }] })] },
        400,
        /devices\[0\]\.software\[0\]\.name/,
      ],
      [
        'absurd version',
        { devices: [goodDevice({ software: [{ name: 'chrome', version: '1.'.repeat(200) }] })] },
        400,
        /software\[0\]\.version/,
      ],
      [
        'control characters in a version',
        { devices: [goodDevice({ software: [{ name: 'chrome', version: '1.0\u0000' }] })] },
        400,
        /software\[0\]\.version/,
      ],
      ['bad date', { devices: [goodDevice({ lastSeen: 'yesterday' })] }, 400, /devices\[0\]\.lastSeen/],
      ['bad device value', { devices: [goodDevice({ deviceValue: 'Critical' })] }, 400, /devices\[0\]\.deviceValue/],
      ['unknown field', { devices: [goodDevice({ sofware: [] })] }, 400, /devices\[0\]/],
      [
        'bad configuration status',
        { devices: [goodDevice({ configurations: [{ id: 'scid-1', status: 'ok' }] })] },
        400,
        /configurations\[0\]\.status/,
      ],
      [
        'bad CPE',
        { devices: [goodDevice({ software: [{ name: 'x', cpe: 'cpe:/a:foo:bar' }] })] },
        400,
        /software\[0\]\.cpe/,
      ],
      ['overlong group name', { devices: [goodDevice({ rbacGroupName: long })] }, 400, /rbacGroupName/],
      [
        'duplicate reportId in a batch',
        { devices: [goodDevice(), goodDevice({ id: 'ws-0002' })] },
        400,
        /devices\[1\]\.reportId/,
      ],
      [
        'duplicate device id in a batch',
        { devices: [goodDevice(), goodDevice({ reportId: 'rep-2' })] },
        400,
        /devices\[1\]\.id/,
      ],
      [
        'second report bad, first good',
        { devices: [goodDevice(), goodDevice({ reportId: 'rep-2', id: 'ws-0002', software: [{ name: 7 }] })] },
        400,
        /devices\[1\]\.software\[0\]\.name/,
      ],
    ];

    it.each(cases)('%s', async (_name, body, status, target) => {
      await request(app)
        .post('/api/ingest/devices')
        .send({ devices: [goodDevice({ reportId: 'seed', id: 'seed-device' })] });
      const before = await storeFingerprint(ctx);
      const res = await request(app)
        .post('/api/ingest/devices')
        .send(body as object);
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe('InvalidInput');
      expect(`${res.body.error.target} ${res.body.error.message}`).toMatch(target);
      expect(res.body.error.message).toMatch(/Nothing was stored/);
      expect(await storeFingerprint(ctx)).toEqual(before);
    });

    it('injection strings are stored as plain data, never executed', async () => {
      const evil = "'; DROP TABLE device; --";
      const res = await request(app)
        .post('/api/ingest/devices')
        .send({
          devices: [
            goodDevice({
              id: evil,
              computerDnsName: evil,
              software: [{ name: evil, version: '1.0', publisher: '<script>' }],
            }),
          ],
        });
      expect(res.status).toBe(200);
      const row = await ctx.db.get<{ id: string }>('SELECT id FROM device WHERE id = ?', [evil]);
      expect(row?.id).toBe(evil);
    });

    it('malformed JSON is a 400', async () => {
      const before = await storeFingerprint(ctx);
      const res = await request(app)
        .post('/api/ingest/devices')
        .set('content-type', 'application/json')
        .send('{"devices": [');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('InvalidJson');
      expect(await storeFingerprint(ctx)).toEqual(before);
    });

    it('a body over the size limit is a 413', async () => {
      const small = createApp({ ...ctx, limits: { ingestBytes: 1024, importBytes: 1024 } });
      const devices = Array.from({ length: 50 }, (_, i) => goodDevice({ reportId: `r${i}`, id: `d${i}` }));
      const res = await request(small).post('/api/ingest/devices').send({ devices });
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PayloadTooLarge');
    });
  });

  it('requires a token with the right scope once tokens exist', async () => {
    const secured = await testContext({ adminToken: 'a-very-long-admin-token' });
    try {
      const a = createApp(secured);
      expect((await request(a).get('/health')).status).toBe(200);
      expect(
        (
          await request(a)
            .post('/api/ingest/devices')
            .send({ devices: [goodDevice()] })
        ).status
      ).toBe(401);
      expect(
        (
          await request(a)
            .post('/api/ingest/devices')
            .set('authorization', 'Bearer wrong-token')
            .send({ devices: [goodDevice()] })
        ).status
      ).toBe(401);
      const ok = await request(a)
        .post('/api/ingest/devices')
        .set('authorization', 'Bearer a-very-long-admin-token')
        .send({ devices: [goodDevice()] });
      expect(ok.status).toBe(200);
      const stored = await secured.db.get<{ token_hash: string }>('SELECT token_hash FROM api_token');
      expect(stored?.token_hash).not.toContain('a-very-long-admin-token');
    } finally {
      await secured.db.close();
    }
  });
});

describeWithSharedData('HTTP import and ingest over the real data', () => {
  let ctx: Ctx;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    ctx = await testContext();
    app = createApp(ctx);
  });
  afterEach(async () => ctx.db.close());

  it('imports NVD (a page, gzipped), KEV and EPSS, and /health shows each feed', async () => {
    const page = {
      resultsPerPage: 2,
      startIndex: 0,
      totalResults: 2,
      format: 'NVD_CVE',
      version: '2.0',
      timestamp: '2026-11-20T00:00:00.000',
      vulnerabilities: ['CVE-2024-4671.json', 'CVE-2025-0411.json'].map((f) => ({
        cve: readSharedJson('nvd-cve-api-2.0', f),
      })),
    };
    const nvd = await request(app)
      .post('/api/import/nvd')
      .set('content-type', 'application/octet-stream')
      .send(zlib.gzipSync(Buffer.from(JSON.stringify(page))));
    expect(nvd.status).toBe(200);
    expect(nvd.body).toMatchObject({ feed: 'nvd', inserted: 2 });

    const kev = await request(app)
      .post('/api/import/kev')
      .set('content-type', 'application/json')
      .send(fs.readFileSync(sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities.json'), 'utf8'));
    expect(kev.status).toBe(200);
    expect(kev.body).toMatchObject({ entries: 1404, joinedToCves: 2 });

    const epss = await request(app)
      .post('/api/import/epss')
      .set('content-type', 'text/csv')
      .send(fs.readFileSync(sharedDataPath('epss', 'epss_scores-head-sample.csv'), 'utf8'));
    expect(epss.status).toBe(200);

    const health = await request(app).get('/health');
    expect(health.body.feeds.map((f: { feed: string }) => f.feed)).toEqual(['epss', 'kev', 'nvd']);
    expect(health.body.cves).toBe(2);
  });

  it.each([
    ['nvd', '{"vulnerabilities": [{"cve": {"id": "CVE-2024-1\'; DROP TABLE cve;--"}}]}'],
    ['nvd', '{"vulnerabilities": ['],
    ['kev', '{"title":"x","catalogVersion":"1","dateReleased":"2025-01-01T00:00:00Z","count":2,"vulnerabilities":[]}'],
    [
      'epss',
      '#model_version:v2025.03.14,score_date:2025-03-14T00:00:00Z\ncve,epss,percentile\nCVE-2024-0001,1.5,0.2\n',
    ],
  ])('rejects a broken %s feed as a whole (400, knowledge unchanged)', async (feed, body) => {
    await request(app)
      .post('/api/import/nvd')
      .set('content-type', 'application/json')
      .send(fs.readFileSync(sharedDataPath('nvd-cve-api-2.0', 'CVE-2025-0411.json'), 'utf8'));
    const before = await storeFingerprint(ctx);
    const res = await request(app)
      .post(`/api/import/${feed}`)
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from(body));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidFeed');
    expect(res.body.error.message).toMatch(/previous knowledge is unchanged/);
    expect(await storeFingerprint(ctx)).toEqual(before);
  });

  it('an empty feed body and an unknown feed are refused', async () => {
    expect((await request(app).post('/api/import/kev').set('content-type', 'application/json').send('')).status).toBe(
      400
    );
    expect((await request(app).post('/api/import/osv-nope').send('x')).status).toBe(404);
  });

  it('ingests Trivy, Grype, osquery and CycloneDX documents as devices', async () => {
    const trivy = await request(app)
      .post('/api/ingest/trivy?device=buster')
      .send(readSharedJson('trivy-reports', 'debian-buster.trivy.json') as object);
    expect(trivy.status).toBe(200);
    expect(trivy.body.applied).toBe(1);
    const grype = await request(app)
      .post('/api/ingest/grype?device=img')
      .send(readSharedJson('grype', 'TestJsonDirsPresenter.grype.json') as object);
    expect(grype.status).toBe(200);
    const osq = await request(app)
      .post('/api/ingest/osquery?device=centos6&group=Servers')
      .send(readSharedJson('osquery', 'derived-rpm_packages-centos-6.json') as object);
    expect(osq.status).toBe(200);
    const cdx = await request(app)
      .post('/api/ingest/cyclonedx?device=shop')
      .send(readSharedJson('cyclonedx-bom-examples', 'sbom', 'juice-shop-11.1.2.cdx-1.2.json') as object);
    expect(cdx.status).toBe(200);
    const devices = await ctx.db.all<{ computer_dns_name: string; rbac_group_name: string | null }>(
      'SELECT computer_dns_name, rbac_group_name FROM device ORDER BY computer_dns_name'
    );
    expect(devices.map((d) => d.computer_dns_name)).toEqual(['buster', 'centos6', 'img', 'shop']);
    expect(devices.find((d) => d.computer_dns_name === 'centos6')?.rbac_group_name).toBe('Servers');

    const wrong = await request(app).post('/api/ingest/trivy?device=x').send({ hello: 'world' });
    expect(wrong.status).toBe(400);
  });

  it('gives the read token (TVM_READ_TOKEN) reads and nothing else', async () => {
    const secured = await testContext({ adminToken: 'a-very-long-admin-token', readToken: 'a-very-long-read-token' });
    try {
      const a = createApp(secured);
      const read = (path: string) => request(a).get(path).set('authorization', 'Bearer a-very-long-read-token');
      expect((await read('/api/exposureScore')).status).toBe(200);
      expect((await read('/metrics')).status).toBe(200);
      const write = await request(a)
        .post('/api/ingest/devices')
        .set('authorization', 'Bearer a-very-long-read-token')
        .send({ devices: [goodDevice()] });
      expect(write.status).toBe(403);
      expect(await secured.db.get('SELECT 1 AS one FROM device')).toBeUndefined();
    } finally {
      await secured.db.close();
    }
  });

  it('refuses a short read token at start, naming the variable', async () => {
    await expect(testContext({ readToken: 'short' })).rejects.toThrow(
      'TVM_READ_TOKEN must be at least 16 characters long'
    );
  });
});
