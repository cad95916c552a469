import zlib from 'zlib';
import { parseFeedBuffer } from '../knowledgeFeed';
import { FeedFormatError } from './errors';
import {
  FEED_URLS,
  FeedFetchError,
  fetchFeed,
  fetchNvd,
  httpGet,
  isFeedUrl,
  NVD_MAX_RANGE_DAYS,
  nvdWindows,
  RateLimiter,
  redactUrl,
  type NvdWindowResult,
} from './fetch';
import { cveObject, fakeTime, localServer, nvdApi, nvdPage } from './fetchServer.testutil';

async function all(gen: AsyncGenerator<NvdWindowResult>): Promise<NvdWindowResult[]> {
  const out: NvdWindowResult[] = [];
  for await (const w of gen) {
    out.push(w);
  }
  return out;
}

describe('fetching the NVD CVE API', () => {
  it('pages with startIndex and resultsPerPage until totalResults, sending the API key as the apiKey header', async () => {
    const records = [1, 2, 3, 4, 5].map((n) => cveObject(n));
    const srv = await localServer(nvdApi(records));
    try {
      const time = fakeTime();
      const [w] = await all(
        fetchNvd({ url: `${srv.base}/rest/json/cves/2.0`, resultsPerPage: 2, apiKey: 'secret-key', ...time })
      );
      expect(w.records.map((r) => r.id)).toEqual(records.map((r) => r.id));
      expect(w.pages).toBe(3);
      expect(
        srv.requests.map((r) => [r.url.searchParams.get('startIndex'), r.url.searchParams.get('resultsPerPage')])
      ).toEqual([
        ['0', '2'],
        ['2', '2'],
        ['4', '2'],
      ]);
      expect(srv.requests.every((r) => r.headers.apikey === 'secret-key')).toBe(true);
      srv.requests.length = 0;
      await all(fetchNvd({ url: `${srv.base}/rest/json/cves/2.0`, ...time }));
      expect(srv.requests[0].headers.apikey).toBeUndefined();
    } finally {
      await srv.close();
    }
  });

  it('asks for last-modified windows of at most 120 days, oldest first, ending at until', async () => {
    const srv = await localServer(nvdApi([cveObject(1)]));
    try {
      const windows = await all(
        fetchNvd({
          url: `${srv.base}/rest/json/cves/2.0`,
          since: '2025-01-01T00:00:00.000Z',
          until: '2025-09-08T00:00:00.000Z',
          ...fakeTime(),
        })
      );
      expect(windows).toHaveLength(3);
      const asked = srv.requests.map((r) => [
        r.url.searchParams.get('lastModStartDate'),
        r.url.searchParams.get('lastModEndDate'),
      ]);
      expect(asked[0][0]).toBe('2025-01-01T00:00:00.000Z');
      expect(asked[2][1]).toBe('2025-09-08T00:00:00.000Z');
      for (const [start, end] of asked) {
        expect(Date.parse(end ?? '') - Date.parse(start ?? '')).toBeLessThanOrEqual(NVD_MAX_RANGE_DAYS * 86_400_000);
      }
      expect(asked[1][0]).toBe(asked[0][1]);
      // A URL with filters of its own (a CVE, a KEV-only query) is fetched as it is, paged.
      srv.requests.length = 0;
      await all(
        fetchNvd({ url: `${srv.base}/rest/json/cves/2.0?cveId=CVE-2025-1001`, since: '2025-01-01', ...fakeTime() })
      );
      expect(srv.requests[0].url.searchParams.get('cveId')).toBe('CVE-2025-1001');
      expect(srv.requests[0].url.searchParams.has('lastModStartDate')).toBe(false);
    } finally {
      await srv.close();
    }
    expect(() => nvdWindows('2025-05-01', '2025-01-01')).toThrow('--since (2025-05-01) is after --until (2025-01-01)');
    expect(() => nvdWindows('yesterday', '2025-01-01')).toThrow('must be ISO-8601 dates');
  });

  it('keeps to 5 requests per 30 s without a key and 50 with one', async () => {
    const records = [1, 2, 3, 4, 5, 6, 7].map((n) => cveObject(n));
    const srv = await localServer(nvdApi(records));
    try {
      const slow = fakeTime();
      const at: number[] = [];
      await all(
        fetchNvd({
          url: `${srv.base}/rest/json/cves/2.0`,
          resultsPerPage: 1,
          ...slow,
          onPage: () => at.push(slow.clock()),
        })
      );
      expect(srv.requests).toHaveLength(7);
      // The sixth request waits until the first leaves the 30-second window.
      expect(at[5] - at[0]).toBeGreaterThanOrEqual(30_000);
      expect(at[4] - at[0]).toBe(0);
      const fast = fakeTime();
      await all(fetchNvd({ url: `${srv.base}/rest/json/cves/2.0`, resultsPerPage: 1, apiKey: 'k', ...fast }));
      expect(fast.sleeps).toEqual([]);
    } finally {
      await srv.close();
    }
  });

  it('fails on an empty page that is not the end, instead of returning part of the answer', async () => {
    const srv = await localServer((_req, res, url) => {
      const start = Number(url.searchParams.get('startIndex'));
      res.writeHead(200).end(JSON.stringify(nvdPage(start === 0 ? [cveObject(1)] : [], start, 3)));
    });
    try {
      await expect(all(fetchNvd({ url: `${srv.base}/x`, resultsPerPage: 1, ...fakeTime() }))).rejects.toThrow(
        /empty page at startIndex 1 of 3 results/
      );
      await expect(all(fetchNvd({ url: `${srv.base}/x`, ...fakeTime() }))).rejects.toBeInstanceOf(FeedFormatError);
    } finally {
      await srv.close();
    }
  });
});

describe('HTTP errors', () => {
  it('retries a rate-limited answer after its Retry-After, then succeeds', async () => {
    let calls = 0;
    const srv = await localServer((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(403, { 'retry-after': '2', message: 'rate limit exceeded' }).end();
      } else {
        res.writeHead(200).end('ok');
      }
    });
    try {
      const time = fakeTime();
      expect((await httpGet(`${srv.base}/f`, time)).toString()).toBe('ok');
      expect(time.sleeps).toEqual([2000]);
    } finally {
      await srv.close();
    }
  });

  it('says what failed and what to do: a 404 at once, a failing server after its retries, a closed port', async () => {
    const srv = await localServer((req, res) => {
      res.writeHead(req.url === '/missing' ? 404 : req.url === '/limited' ? 403 : 503).end('down for maintenance');
    });
    try {
      const time = fakeTime();
      await expect(httpGet(`${srv.base}/missing`, time)).rejects.toThrow(
        new RegExp(`GET ${srv.base}/missing failed: HTTP 404 Not Found \\(down for maintenance\\)\\. Check the URL\\.`)
      );
      expect(srv.requests).toHaveLength(1);
      const err = await httpGet(`${srv.base}/busy`, { ...time, attempts: 3 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FeedFetchError);
      expect((err as FeedFetchError).status).toBe(503);
      expect((err as Error).message).toMatch(/HTTP 503 Service Unavailable.*retry later/);
      expect(srv.requests.filter((r) => r.url.pathname === '/busy')).toHaveLength(3);
      await expect(httpGet(`${srv.base}/limited`, { ...time, attempts: 1, nvd: true })).rejects.toThrow(
        /HTTP 403 Forbidden.*NVD rate-limits requests \(5 per 30 s without a key, 50 with one\): set NVD_API_KEY/
      );
    } finally {
      await srv.close();
    }
    // The server is gone: the port refuses connections.
    await expect(httpGet(`${srv.base}/f`, { ...fakeTime(), attempts: 2 })).rejects.toThrow(
      /network error: ECONNREFUSED/
    );
  });

  it('hides credentials and API keys from messages and logs', () => {
    expect(redactUrl('https://user:pw@example.org/f?apiKey=abc&cveId=CVE-1')).toBe(
      'https://example.org/f?apiKey=redacted&cveId=CVE-1'
    );
    expect(isFeedUrl(FEED_URLS.nvd)).toBe(true);
    expect(isFeedUrl('var/nvd.json')).toBe(false);
  });
});

describe('fetching KEV and EPSS files', () => {
  it('fetches a gzipped EPSS file and a KEV catalog that the feed parsers accept', async () => {
    const csv =
      '#model_version:v2025.03.14,score_date:2025-09-01T00:00:00Z\ncve,epss,percentile\nCVE-2025-1001,0.5,0.9\n';
    const kev = {
      title: 'CISA Catalog of Known Exploited Vulnerabilities',
      catalogVersion: '2025.09.01',
      dateReleased: '2025-09-01T12:00:00.000Z',
      count: 0,
      vulnerabilities: [],
    };
    const srv = await localServer((req, res) => {
      if (req.url === '/epss_scores-current.csv.gz') {
        res.writeHead(200, { 'content-type': 'application/gzip' }).end(zlib.gzipSync(csv));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(kev));
      }
    });
    try {
      const epss = parseFeedBuffer('epss', await fetchFeed(`${srv.base}/epss_scores-current.csv.gz`), 'test');
      expect(epss.feed === 'epss' && epss.file.scores).toEqual([
        { cveId: 'CVE-2025-1001', epss: 0.5, percentile: 0.9 },
      ]);
      const catalog = parseFeedBuffer('kev', await fetchFeed(`${srv.base}/kev.json`), 'test');
      expect(catalog.feed === 'kev' && catalog.catalog.catalogVersion).toBe('2025.09.01');
    } finally {
      await srv.close();
    }
  });
});

describe('RateLimiter', () => {
  it('lets `max` through per rolling window and waits exactly until the oldest leaves it', async () => {
    const time = fakeTime(0);
    const limiter = new RateLimiter(2, 1000, time.clock, time.sleep);
    await limiter.acquire();
    await time.sleep(400);
    await limiter.acquire();
    await limiter.acquire();
    // The first left the window at t=1000 (+50 ms margin).
    expect(time.clock()).toBe(1050);
    expect(time.sleeps).toEqual([400, 650]);
  });
});
