import type { RequestHandler } from 'express';
import type { Db } from '../store/db';

/**
 * A cache of read responses for dashboards: many panels and wall displays ask the same questions.
 * An entry holds for the data version it was computed at (any committed write invalidates it, so a
 * read after a write's 200 sees the write) and for at most `ttlMs` (scores depend on the clock too:
 * devices age out of the activity window). Identical requests in flight share one computation.
 */
export function readCache(db: Db, opts: { ttlMs: number; maxEntries: number }): RequestHandler {
  interface Entry {
    version: number;
    at: number;
    status: number;
    body: Buffer;
    contentType: string;
  }
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Entry | null>>();

  return (req, res, next) => {
    if (req.method !== 'GET') {
      next();
      return;
    }
    const key = `${req.protocol}://${req.get('host')}${req.originalUrl}`;
    const version = db.dataVersion;
    const now = Date.now();
    const send = (e: Entry) => {
      res.status(e.status).type(e.contentType).set('X-TVM-Cache', 'hit').send(e.body);
    };
    const hit = entries.get(key);
    if (hit && hit.version === version && now - hit.at < opts.ttlMs) {
      send(hit);
      return;
    }
    const pending = inFlight.get(key);
    if (pending) {
      pending.then((e) => (e ? send(e) : next()), next);
      return;
    }
    // Compute once: capture the response this request produces and share it.
    let resolve: (e: Entry | null) => void = () => undefined;
    inFlight.set(
      key,
      new Promise<Entry | null>((r) => {
        resolve = r;
      })
    );
    const originalSend = res.send.bind(res);
    res.send = (body?: unknown) => {
      const buf = Buffer.isBuffer(body)
        ? body
        : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
      const entry: Entry = {
        version,
        at: now,
        status: res.statusCode,
        body: buf,
        contentType: String(res.get('content-type') ?? 'application/json'),
      };
      inFlight.delete(key);
      // Only successes are worth keeping; errors are shared with the waiting requests only.
      if (res.statusCode === 200 && db.dataVersion === version) {
        if (entries.size >= opts.maxEntries) {
          entries.delete(entries.keys().next().value as string);
        }
        entries.set(key, entry);
      }
      resolve(entry);
      return originalSend(body as never);
    };
    res.on('close', () => {
      if (inFlight.get(key)) {
        inFlight.delete(key);
        resolve(null);
      }
    });
    next();
  };
}
