import type { Express } from 'express';
import request from 'supertest';
import type { ServiceContext } from '../api/app';
import { ingestDeviceReports } from '../engine/fleet';
import { openApiValidator } from './openapiValidator';
import { reportOf, sharedFleet, type DeviceSpec } from './fleet';

/**
 * A small client for API tests: every JSON response is checked against the OpenAPI document, and a
 * wrong status fails with the error body in the message.
 */
export function apiClient(app: Express) {
  const validate = openApiValidator();
  const check = (method: 'get' | 'post', url: string, res: request.Response, status: number) => {
    expect({ method, url, status: res.status, error: res.body?.error }).toMatchObject({ method, url, status });
    if (/json/.test(res.type)) {
      validate(method, url, res.status, res.body);
    }
  };
  return {
    async get(url: string, status = 200) {
      const res = await request(app).get(url);
      check('get', url, res, status);
      return res.body;
    },
    /** The raw response (CSV). */
    async getText(url: string): Promise<request.Response> {
      const res = await request(app)
        .get(url)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      return res;
    },
    async post(url: string, body?: object, opts: { status?: number; user?: string } = {}) {
      let req = request(app).post(url);
      if (opts.user) {
        req = req.set('X-TVM-User', opts.user);
      }
      const res = body === undefined ? await req : await req.send(body);
      check('post', url, res, opts.status ?? 200);
      return res.body;
    },
  };
}

/** A device of the shared fleet reports again at `at`, with its software changed by `change`. */
export async function reportAgain(
  ctx: ServiceContext,
  deviceId: string,
  at: string,
  change: (spec: DeviceSpec) => DeviceSpec,
  fleetStart = '2026-11-20T12:00:00Z'
): Promise<void> {
  const spec = sharedFleet(fleetStart).find((s) => s.id === deviceId);
  if (!spec) {
    throw new Error(`no device ${deviceId} in the shared fleet`);
  }
  const report = reportOf(change(spec), `${deviceId}-${at}`, at);
  await ingestDeviceReports(ctx.db, [report], ctx.rules, at, ctx.settings);
}

/** The spec with one program (by display name) at another version. */
export function withVersion(name: string, version: string) {
  return (spec: DeviceSpec): DeviceSpec => ({
    ...spec,
    software: spec.software.map((s) => (s.name === name ? { ...s, version } : s)),
  });
}
