import crypto from 'crypto';
import fs from 'fs';
import type { Server } from 'http';
import type { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import pino from 'pino';
import type { ServiceContext } from '../backend/src/api/app';
import { createContext, serve } from '../backend/src/service';
import { seedDemo } from '../backend/src/demo/seed';

export interface RunningService {
  /** Base URL of the TVM service, e.g. http://127.0.0.1:41234 (what a data source's `apiUrl` holds). */
  url: string;
  /** A token with every scope: what the data source's `secureJsonData.apiKey` holds. */
  apiKey: string;
  /** How the store was filled, for reports. */
  seed: string;
  close(): Promise<void>;
}

/**
 * Fills the empty store the way `tvm serve` does on first start: `tvm demo` with its defaults (the offline
 * knowledge snapshot and a demo fleet replayed over weeks of history, with remediation activities,
 * exceptions and events). The one place to change when the seed changes.
 */
async function seedStore(ctx: ServiceContext): Promise<string> {
  const s = await seedDemo(ctx);
  return `tvm demo: ${s.devices} devices in ${s.deviceGroups} groups, ${s.cves} CVEs, ${s.historyPoints} history points, ${s.events} events, seeded in ${s.seconds} s`;
}

/**
 * Starts the TVM service in this process on an ephemeral port, on a fresh SQLite file in a temporary
 * directory, with an admin token, as `TVM_DB=… TVM_ADMIN_TOKEN=… tvm serve` would, and seeds it.
 */
export async function startTvmService(opts: { logLevel?: string } = {}): Promise<RunningService> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tvm-harness-'));
  const apiKey = crypto.randomBytes(24).toString('hex');
  const ctx = await createContext({
    dbLocation: path.join(dir, 'tvm.sqlite'),
    adminToken: apiKey,
    log: pino({ level: opts.logLevel ?? 'warn', base: { service: 'tvm' } }),
  });
  let server: Server | undefined;
  try {
    const seed = await seedStore(ctx);
    server = await serve(ctx, 0, '127.0.0.1');
    const { port } = server.address() as AddressInfo;
    const running = server;
    return {
      url: `http://127.0.0.1:${port}`,
      apiKey,
      seed,
      close: async () => {
        const closed = new Promise<void>((resolve) => running.close(() => resolve()));
        running.closeAllConnections();
        await closed;
        await ctx.db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    server?.close();
    await ctx.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
