import pino from 'pino';
import type { ServiceContext } from '../api/app';
import { createContext } from '../service';
import { openStore } from '../store';

/** A service context on a fresh in-memory store, with a settable clock and a silent log. */
export async function testContext(
  opts: { adminToken?: string; readToken?: string; start?: string } = {}
): Promise<ServiceContext & { setNow: (iso: string) => void }> {
  let now = new Date(opts.start ?? '2026-11-20T12:00:00Z');
  const ctx = await createContext({
    db: await openStore(':memory:'),
    log: pino({ level: 'silent' }),
    clock: () => now,
    adminToken: opts.adminToken ?? '',
    readToken: opts.readToken ?? '',
  });
  return Object.assign(ctx, { setNow: (iso: string) => (now = new Date(iso)) });
}

/** Row counts of every table: equal before and after means a rejected request stored nothing. */
export async function storeFingerprint(ctx: ServiceContext): Promise<Record<string, number>> {
  const tables = await ctx.db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
  );
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await ctx.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t.name}`);
    out[t.name] = Number(r?.n ?? 0);
  }
  const lm = await ctx.db.get<{ m: string | null }>('SELECT MAX(last_modified) AS m FROM cve');
  out.__cveLastModified = lm?.m ? Date.parse(lm.m) : 0;
  return out;
}
