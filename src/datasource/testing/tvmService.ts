import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';

/**
 * The real TVM service, in-process on an ephemeral port, over a fleet built from ../shared/data: what the
 * contract test and the fixture recorder talk to.
 *
 * The backend is loaded with `require` from a computed path on purpose: the plugin's tsconfig has
 * `rootDir: src`, so a static import of backend/ would make `tsc` reject the whole plugin. The few backend
 * functions used are typed here by hand.
 */
const REPO_ROOT = path.resolve(__dirname, '../../..');

function backend<T>(module: string): T {
  return require(path.join(REPO_ROOT, 'backend', 'src', module)) as T;
}

interface ServiceContext {
  clock: () => Date;
  db: { close(): Promise<void> | void };
  setNow: (iso: string) => void;
}

interface Backend {
  testContext(opts: { adminToken?: string; start?: string }): Promise<ServiceContext>;
  createApp(ctx: ServiceContext): http.RequestListener;
  importSharedKnowledge(ctx: ServiceContext): Promise<void>;
  ingestSharedFleet(ctx: ServiceContext): Promise<unknown>;
  describeWithSharedData(name: string, fn: () => void): void;
  sharedDataDir: string;
}

export function loadBackend(): Backend {
  const context = backend<{ testContext: Backend['testContext'] }>('test-support/context');
  const app = backend<{ createApp: Backend['createApp'] }>('api/app');
  const fleet = backend<Pick<Backend, 'importSharedKnowledge' | 'ingestSharedFleet'>>('test-support/fleet');
  const shared = backend<{ describeWithSharedData: Backend['describeWithSharedData']; SHARED_DATA_DIR: string }>(
    'test-support/sharedData'
  );
  return {
    testContext: context.testContext,
    createApp: app.createApp,
    importSharedKnowledge: fleet.importSharedKnowledge,
    ingestSharedFleet: fleet.ingestSharedFleet,
    describeWithSharedData: shared.describeWithSharedData,
    sharedDataDir: shared.SHARED_DATA_DIR,
  };
}

export interface RunningService {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  adminToken: string;
  ctx: ServiceContext;
  /** An authenticated JSON request straight to the service (setup, not the data source). */
  request<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** The clock the shared fleet is built at (its devices report "now"). */
export const FLEET_START = '2026-11-20T12:00:00Z';

export async function startTvmService(adminToken: string): Promise<RunningService> {
  const b = loadBackend();
  const ctx = await b.testContext({ adminToken, start: FLEET_START });
  await b.importSharedKnowledge(ctx);
  await b.ingestSharedFleet(ctx);
  const server = http.createServer(b.createApp(ctx));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    adminToken,
    ctx,
    request: (method, p, body) => jsonRequest(`${url}${p}`, method, { Authorization: `Bearer ${adminToken}` }, body),
    close: async () => {
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      await ctx.db.close();
    },
  };
}

/** A JSON request with Node's http client (jsdom has no usable fetch for a local server). */
export function jsonRequest<T = unknown>(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown
): Promise<{ status: number; statusText: string; body: T }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        headers: {
          Accept: 'application/json',
          ...headers,
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON (a CSV or an HTML error page): handed over as text.
          }
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', body: parsed as T });
        });
        res.on('error', reject);
      }
    );
    req.on('error', reject);
    if (payload) {
      req.write(payload);
    }
    req.end();
  });
}

/**
 * What the fixtures and the contract test add to the fleet: a remediation activity and an exception, so those
 * lists have rows. Returns their ids.
 */
export async function addRemediationAndException(
  service: RunningService
): Promise<{ taskId: string; exceptionId: string; recommendationId: string; cveId: string }> {
  const recs = await service.request<{ value: Array<{ id: string; remediationType: string }> }>(
    'GET',
    `/api/recommendations?$filter=${encodeURIComponent("remediationType eq 'Update'")}&$top=2`
  );
  const [first, second] = recs.body?.value ?? [];
  if (!first || !second) {
    throw new Error(
      `the shared fleet has fewer than two update recommendations (${recs.status} ${JSON.stringify(recs.body).slice(0, 300)}): cannot set up remediation`
    );
  }
  const dueOn = new Date(Date.parse(FLEET_START) + 14 * 86400_000).toISOString();
  const task = await service.request<{ id: string }>('POST', '/api/remediationTasks', {
    recommendationId: first.id,
    priority: 'High',
    dueOn,
    requesterNotes: 'Patch before the quarterly audit',
  });
  if (task.status !== 201) {
    throw new Error(`creating a remediation activity failed: ${task.status} ${JSON.stringify(task.body)}`);
  }
  const cves = await service.request<{ value: Array<{ id: string }> }>(
    'GET',
    `/api/recommendations/${encodeURIComponent(second.id)}/vulnerabilities`
  );
  const cveId = cves.body.value[0]?.id;
  if (!cveId) {
    throw new Error(`recommendation ${second.id} has no CVE to file an exception for`);
  }
  const exception = await service.request<{ id: string }>('POST', '/api/exceptions', {
    cveId,
    justification: 'AlternateMitigation',
    context: 'Blocked at the proxy until the vendor fix is rolled out',
    expiresIn: '90d',
  });
  if (exception.status !== 201) {
    throw new Error(`creating an exception failed: ${exception.status} ${JSON.stringify(exception.body)}`);
  }
  return { taskId: task.body.id, exceptionId: exception.body.id, recommendationId: first.id, cveId };
}
