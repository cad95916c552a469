import { execFile } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import zlib from 'zlib';
import pino from 'pino';
import { cveObject, fakeTime, localServer, nvdApi, nvdPage } from '../ingest/knowledge/fetchServer.testutil';
import { parseFeedBuffer } from '../ingest/knowledgeFeed';
import { feedRefreshFromEnv, scheduleFeedRefresh } from '../service';
import { storeFingerprint, testContext } from '../test-support/context';
import { importEpssFile, importNvdFromUrl, refreshFeeds, type FeedRefreshOutcome } from './knowledge';

jest.setTimeout(60_000);

const KEV = {
  title: 'CISA Catalog of Known Exploited Vulnerabilities',
  catalogVersion: '2025.09.01',
  dateReleased: '2025-09-01T12:00:00.000Z',
  count: 1,
  vulnerabilities: [
    {
      cveID: 'CVE-2025-1001',
      vendorProject: 'Example',
      product: 'Example',
      vulnerabilityName: 'Example Vulnerability',
      dateAdded: '2025-09-01',
      shortDescription: 'An example.',
      requiredAction: 'Apply updates.',
      dueDate: '2025-09-22',
      knownRansomwareCampaignUse: 'Unknown',
      notes: '',
      cwes: [],
    },
  ],
};
const EPSS_CSV =
  '#model_version:v2025.03.14,score_date:2025-09-01T00:00:00Z\ncve,epss,percentile\nCVE-2025-1001,0.42,0.97\n';

describe('importing NVD from the CVE API', () => {
  it('imports every window, then resumes from the newest record stored', async () => {
    const ctx = await testContext();
    const srv = await localServer(nvdApi([1, 2, 3].map((n) => cveObject(n, `2025-03-0${n}T10:00:00.000`))));
    try {
      const url = `${srv.base}/rest/json/cves/2.0`;
      const first = await importNvdFromUrl(ctx.db, {
        url,
        now: ctx.clock().toISOString(),
        resultsPerPage: 2,
        ...fakeTime(),
      });
      expect(first).toMatchObject({ feed: 'nvd', windows: 1, pages: 2, since: null, records: 3, inserted: 3 });
      expect(srv.requests[0].url.searchParams.has('lastModStartDate')).toBe(false);
      srv.requests.length = 0;
      const again = await importNvdFromUrl(ctx.db, {
        url,
        now: ctx.clock().toISOString(),
        ...fakeTime(Date.parse('2025-03-10T00:00:00Z')),
      });
      expect(again).toMatchObject({ since: '2025-03-03T10:00:00.000Z', inserted: 0, unchanged: 3 });
      expect(srv.requests[0].url.searchParams.get('lastModStartDate')).toBe('2025-03-03T10:00:00.000Z');
      const feed = await ctx.db.get<{ origin: string }>("SELECT origin FROM feed_state WHERE feed = 'nvd'");
      expect(feed?.origin).toBe(url);
    } finally {
      await srv.close();
      await ctx.db.close();
    }
  });

  it('keeps the previous knowledge when a page fails: nothing of the failing window is stored', async () => {
    const ctx = await testContext();
    const srv = await localServer((req, res, url) => {
      const start = Number(url.searchParams.get('startIndex'));
      if (start > 0) {
        res.writeHead(500).end('internal error');
        return;
      }
      res.writeHead(200).end(JSON.stringify(nvdPage([cveObject(1)], 0, 2)));
    });
    try {
      const before = await storeFingerprint(ctx);
      await expect(
        importNvdFromUrl(ctx.db, {
          url: `${srv.base}/rest/json/cves/2.0`,
          now: ctx.clock().toISOString(),
          resultsPerPage: 1,
          attempts: 2,
          ...fakeTime(),
        })
      ).rejects.toThrow(/HTTP 500 Internal Server Error/);
      expect(await storeFingerprint(ctx)).toEqual(before);
    } finally {
      await srv.close();
      await ctx.db.close();
    }
  });

  it('keeps the windows imported before a failing one, so the next import resumes after them', async () => {
    const ctx = await testContext();
    const srv = await localServer((req, res, url) => {
      if (url.searchParams.get('lastModStartDate')?.startsWith('2025-01')) {
        res.writeHead(200).end(JSON.stringify(nvdPage([cveObject(1, '2025-02-01T00:00:00.000')], 0, 1)));
      } else {
        res.writeHead(404).end();
      }
    });
    try {
      await expect(
        importNvdFromUrl(ctx.db, {
          url: `${srv.base}/rest/json/cves/2.0`,
          since: '2025-01-01T00:00:00.000Z',
          until: '2025-09-01T00:00:00.000Z',
          now: ctx.clock().toISOString(),
          ...fakeTime(),
        })
      ).rejects.toThrow(/HTTP 404/);
      const stored = await ctx.db.get<{ n: number; m: string }>(
        'SELECT COUNT(*) AS n, MAX(last_modified) AS m FROM cve'
      );
      expect(stored).toEqual({ n: 1, m: '2025-02-01T00:00:00.000Z' });
    } finally {
      await srv.close();
      await ctx.db.close();
    }
  });
});

describe('refreshing the feeds (TVM_FEED_REFRESH)', () => {
  it('refreshes each feed on its own: one that fails keeps its previous knowledge, the others import', async () => {
    const ctx = await testContext();
    const srv = await localServer((req, res, url) => {
      if (url.pathname === '/kev.json') {
        res.writeHead(200).end(JSON.stringify(KEV));
      } else if (url.pathname === '/rest/json/cves/2.0') {
        nvdApi([cveObject(1)])(req, res, url);
      } else {
        res.writeHead(404).end();
      }
    });
    try {
      // Yesterday's EPSS scores are in the store; today's file is not at its URL.
      const old = parseFeedBuffer('epss', Buffer.from(EPSS_CSV), 'old');
      await importEpssFile(
        ctx.db,
        old.feed === 'epss' ? old.file : (undefined as never),
        'old',
        ctx.clock().toISOString()
      );
      const outcomes = await refreshFeeds(ctx.db, {
        urls: { nvd: `${srv.base}/rest/json/cves/2.0`, kev: `${srv.base}/kev.json`, epss: `${srv.base}/epss.csv.gz` },
        now: () => ctx.clock().toISOString(),
        settings: ctx.settings,
        ...fakeTime(),
      });
      expect(outcomes.map((o) => [o.feed, o.ok])).toEqual([
        ['kev', true],
        ['epss', false],
        ['nvd', true],
      ]);
      expect(outcomes[1]).toMatchObject({ error: expect.stringContaining('HTTP 404 Not Found') });
      const epss = await ctx.db.all('SELECT cve_id, epss, model_version FROM epss');
      expect(epss).toEqual([{ cve_id: 'CVE-2025-1001', epss: 0.42, model_version: 'v2025.03.14' }]);
      const kev = await ctx.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM kev');
      expect(Number(kev?.n)).toBe(1);
    } finally {
      await srv.close();
      await ctx.db.close();
    }
  });

  it('runs at start and logs each outcome; a failure is an error line naming the feed', async () => {
    const lines: string[] = [];
    const ctx = await testContext();
    ctx.log = pino({ level: 'info' }, { write: (l: string) => lines.push(l) });
    const srv = await localServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/gzip' }).end(zlib.gzipSync(EPSS_CSV));
    });
    try {
      const done = new Promise<FeedRefreshOutcome[]>((resolve) => {
        const stop = scheduleFeedRefresh(
          ctx,
          {
            intervalMs: 3600_000,
            urls: { nvd: null, kev: `${srv.base}/nothing-here`, epss: `${srv.base}/epss.csv.gz` },
          },
          (outcomes) => {
            stop();
            resolve(outcomes);
          }
        );
      });
      const outcomes = await done;
      expect(outcomes.map((o) => o.ok)).toEqual([false, true]);
      const logged = lines.map((l) => JSON.parse(l) as { level: number; msg: string });
      expect(logged.find((l) => l.level === 50)?.msg).toMatch(
        /^kev feed refresh failed, the previous knowledge stays: kev feed/
      );
      expect(logged.find((l) => l.level === 30)?.msg).toBe('epss feed refreshed');
    } finally {
      await srv.close();
      await ctx.db.close();
    }
  });

  it('reads TVM_FEED_REFRESH, the feed URLs and NVD_API_KEY, refusing what would hammer the publishers', () => {
    expect(feedRefreshFromEnv({})).toBeNull();
    const s = feedRefreshFromEnv({
      TVM_FEED_REFRESH: '24h',
      TVM_EPSS_URL: 'off',
      NVD_API_KEY: 'k1',
      TVM_KEV_URL: 'https://mirror.example/kev.json',
    });
    expect(s).toEqual({
      intervalMs: 86_400_000,
      urls: {
        nvd: 'https://services.nvd.nist.gov/rest/json/cves/2.0',
        kev: 'https://mirror.example/kev.json',
        epss: null,
      },
      apiKey: 'k1',
    });
    expect(feedRefreshFromEnv({ TVM_FEED_REFRESH: '1d' })?.intervalMs).toBe(86_400_000);
    expect(feedRefreshFromEnv({ TVM_FEED_REFRESH: '90m' })?.intervalMs).toBe(5_400_000);
    expect(() => feedRefreshFromEnv({ TVM_FEED_REFRESH: '10m' })).toThrow(
      'TVM_FEED_REFRESH must be an interval of at least 1h'
    );
    expect(() => feedRefreshFromEnv({ TVM_FEED_REFRESH: 'daily' })).toThrow('not "daily"');
    expect(() => feedRefreshFromEnv({ TVM_FEED_REFRESH: '6h', TVM_NVD_URL: 'ftp://x' })).toThrow(
      'TVM_NVD_URL must be an http(s) URL or "off"'
    );
  });
});

describe('tvm import <feed> <url> (the built command)', () => {
  const BIN = path.resolve(__dirname, '../../bin/tvm.js');
  const run = promisify(execFile);

  it('imports KEV, EPSS and NVD from URLs and explains a failed download', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tvm-url-'));
    const srv = await localServer((req, res, url) => {
      if (url.pathname === '/kev.json') {
        res.writeHead(200).end(JSON.stringify(KEV));
      } else if (url.pathname === '/epss.csv.gz') {
        res.writeHead(200).end(zlib.gzipSync(EPSS_CSV));
      } else if (url.pathname === '/rest/json/cves/2.0') {
        nvdApi([cveObject(1), cveObject(2)])(req, res, url);
      } else {
        res.writeHead(404).end();
      }
    });
    const env = { ...process.env, TVM_DB: path.join(dir, 'db.sqlite'), TVM_ADMIN_TOKEN: '', TVM_LOG_LEVEL: 'warn' };
    try {
      const kev = JSON.parse((await run('node', [BIN, 'import', 'kev', `${srv.base}/kev.json`], { env })).stdout);
      expect(kev).toMatchObject({ feed: 'kev', catalogVersion: '2025.09.01', entries: 1 });
      const epss = JSON.parse((await run('node', [BIN, 'import', 'epss', `${srv.base}/epss.csv.gz`], { env })).stdout);
      expect(epss).toMatchObject({ feed: 'epss', scores: 1, joinedToCves: 0 });
      const nvd = JSON.parse(
        (
          await run(
            'node',
            [BIN, 'import', 'nvd', `${srv.base}/rest/json/cves/2.0`, '--since', '2025-01-01', '--until', '2025-06-01'],
            { env }
          )
        ).stdout
      );
      expect(nvd).toMatchObject({ feed: 'nvd', windows: 2, records: 4, inserted: 2 });
      await expect(run('node', [BIN, 'import', 'kev', `${srv.base}/gone.json`], { env })).rejects.toMatchObject({
        stderr: expect.stringContaining(`GET ${srv.base}/gone.json failed: HTTP 404 Not Found. Check the URL.`),
      });
    } finally {
      await srv.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
