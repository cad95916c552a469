import fs from 'fs';
import path from 'path';
import type { BackendSrv, BackendSrvRequest, FetchError } from '@grafana/runtime';
import { of, throwError } from 'rxjs';

/** The proxy URL the test data source has (instanceSettings.url). */
export const PROXY_URL = '/api/datasources/proxy/uid/tvm';

/** A recorded response of the service (src/datasource/__fixtures__, `npm run record:fixtures`); a fresh copy each time. */
export function fixture<T = any>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '__fixtures__', `${name}.json`), 'utf8')) as T;
}

/** An HTTP error as Grafana's fetch reports it. */
export class HttpFailure {
  constructor(
    readonly status: number,
    readonly data: unknown = undefined,
    readonly statusText = ''
  ) {}
}

export interface Call {
  /** The path under the route, e.g. /api/machines. */
  path: string;
  params: Record<string, unknown>;
  requestId?: string;
}

/**
 * A `BackendSrv` that answers from a function of (path, params), recording each call. Requests must go to the
 * data source's proxy route (`${PROXY_URL}/tvm/…`): anything else fails the test.
 */
export function replayBackend(respond: (path: string, params: Record<string, unknown>) => unknown) {
  const calls: Call[] = [];
  const fetch = jest.fn((options: BackendSrvRequest) => {
    const prefix = `${PROXY_URL}/tvm`;
    if (!options.url.startsWith(`${prefix}/`)) {
      throw new Error(`request outside the proxy route: ${options.url}`);
    }
    const call: Call = {
      path: options.url.slice(prefix.length),
      params: options.params ?? {},
      requestId: options.requestId,
    };
    calls.push(call);
    let body: unknown;
    try {
      body = respond(call.path, call.params);
    } catch (err) {
      return throwError(() => err);
    }
    if (body instanceof HttpFailure) {
      const error: FetchError = { status: body.status, statusText: body.statusText, data: body.data, config: options };
      return throwError(() => error);
    }
    if (body === undefined) {
      throw new Error(`no fixture for GET ${call.path} ${JSON.stringify(call.params)}`);
    }
    return of({ data: body, status: 200, statusText: 'OK', ok: true, url: options.url, config: options });
  });
  return { backendSrv: { fetch } as unknown as BackendSrv, calls, fetch };
}

/** The recorded response for a request the data source makes, or undefined when none was recorded. */
export function serviceFixture(p: string, params: Record<string, unknown>): unknown {
  const exact: Record<string, string> = {
    '/health': 'health',
    '/api/openapi.json': 'openapi-info',
    '/api/exposureScore': 'exposureScore',
    '/api/exposureScore/ByMachineGroups': 'exposureScore-byMachineGroups',
    '/api/configurationScore': 'configurationScore',
    '/api/configurationScore/history': 'configurationScore-history',
    '/api/reports/vulnerableDevices': 'reports-vulnerableDevices',
    '/api/recommendations': 'recommendations',
    '/api/Software': 'software',
    '/api/vulnerabilities': 'vulnerabilities',
    '/api/remediationTasks': 'remediationTasks',
    '/api/remediation/sla': 'remediation-sla',
    '/api/exceptions': 'exceptions',
    '/api/events': 'events',
  };
  if (exact[p]) {
    return asServiceWouldPage(fixture(exact[p]), params);
  }
  if (p === '/api/exposureScore/history') {
    return fixture(params.rbacGroupName ? 'exposureScore-history-servers' : 'exposureScore-history');
  }
  if (p === '/api/exposureDistribution') {
    return fixture(String(params.byGroup) === 'true' ? 'exposureDistribution-byGroup' : 'exposureDistribution');
  }
  if (p === '/api/machines') {
    const filter = String(params.$filter ?? '');
    if (!filter.startsWith('osPlatform ne null')) {
      return asServiceWouldPage(fixture('machines'), params);
    }
    // The OS platform skip scan: the page after the platform named in `gt '…'`.
    const scan = fixture<Array<{ value: Array<{ osPlatform: string }> }>>('machines-osPlatform-scan');
    const after = /gt '((?:[^']|'')*)'/.exec(filter)?.[1]?.replace(/''/g, "'");
    const index = after === undefined ? 0 : scan.findIndex((page) => page.value[0]?.osPlatform === after) + 1;
    return scan[index];
  }
  const sub: Array<[RegExp, string]> = [
    [/^\/api\/recommendations\/[^/]+\/machineReferences$/, 'recommendation-machineReferences'],
    [/^\/api\/recommendations\/[^/]+\/vulnerabilities$/, 'recommendation-vulnerabilities'],
    [/^\/api\/recommendations\/[^/]+\/software$/, 'recommendation-software'],
    [/^\/api\/Software\/[^/]+\/distributions$/, 'software-distributions'],
    [/^\/api\/Software\/[^/]+\/machineReferences$/, 'software-machineReferences'],
    [/^\/api\/Software\/[^/]+\/vulnerabilities$/, 'software-vulnerabilities'],
    [/^\/api\/vulnerabilities\/[^/]+\/machineReferences$/, 'vulnerability-machineReferences'],
    [/^\/api\/machines\/[^/]+\/software$/, 'machine-software'],
    [/^\/api\/machines\/[^/]+\/vulnerabilities$/, 'machine-vulnerabilities'],
    [/^\/api\/machines\/[^/]+\/recommendations$/, 'machine-recommendations'],
    [/^\/api\/machines\/[^/]+\/exposureBreakdown$/, 'machine-exposureBreakdown'],
  ];
  const match = sub.find(([re]) => re.test(p));
  return match ? fixture(match[1]) : undefined;
}

/**
 * A recorded page answered the way the service pages: a later page ($skip) of a recording is empty, and a page
 * with fewer rows than asked for ($top) is the last one, without a nextLink.
 */
function asServiceWouldPage(body: unknown, params: Record<string, unknown>): unknown {
  const page = body as { value?: unknown[]; '@odata.nextLink'?: string };
  if (!page || !Array.isArray(page.value)) {
    return body;
  }
  if (params.$skip !== undefined) {
    const { '@odata.nextLink': _next, ...rest } = page;
    return { ...rest, value: [] };
  }
  const top = Number(params.$top);
  if (Number.isFinite(top) && top > page.value.length) {
    const { '@odata.nextLink': _next, ...rest } = page;
    return rest;
  }
  return body;
}
