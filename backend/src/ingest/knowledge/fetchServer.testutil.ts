/** A local HTTP server speaking the feeds' protocols, and a fake clock: for the URL-import tests. */
import http from 'http';
import type { AddressInfo } from 'net';

/** A minimal valid NVD `cve` object. */
export function cveObject(n: number, lastModified = '2025-03-01T00:00:00.000') {
  return {
    id: `CVE-2025-${String(1000 + n)}`,
    published: '2025-02-01T00:00:00.000',
    lastModified,
    vulnStatus: 'Analyzed',
    descriptions: [{ lang: 'en', value: `test record ${n}` }],
  };
}

export function nvdPage(records: unknown[], startIndex: number, total: number) {
  return {
    resultsPerPage: records.length,
    startIndex,
    totalResults: total,
    format: 'NVD_CVE',
    version: '2.0',
    timestamp: '2025-03-01T00:00:00.000',
    vulnerabilities: records.map((cve) => ({ cve })),
  };
}

export interface Recorded {
  url: URL;
  headers: http.IncomingHttpHeaders;
}

/** A local HTTP server; `handle` answers each request (the default: 404). */
export async function localServer(
  handle: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void
): Promise<{ base: string; requests: Recorded[]; close: () => Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ url, headers: req.headers });
    handle(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Serves `records` as the CVE API at /rest/json/cves/2.0, paged by startIndex/resultsPerPage. */
export function nvdApi(records: unknown[]) {
  return (_req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    if (url.pathname !== '/rest/json/cves/2.0') {
      res.writeHead(404).end('not found');
      return;
    }
    const start = Number(url.searchParams.get('startIndex') ?? 0);
    const size = Number(url.searchParams.get('resultsPerPage') ?? 2000);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(nvdPage(records.slice(start, start + size), start, records.length)));
  };
}

/** A clock that only moves when the code sleeps: rate-limit waits are measured, not waited. */
export function fakeTime(start = Date.parse('2025-09-08T00:00:00Z')) {
  let t = start;
  const sleeps: number[] = [];
  return {
    clock: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}
