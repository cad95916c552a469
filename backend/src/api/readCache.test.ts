import express from 'express';
import request from 'supertest';
import { openStore } from '../store';
import { readCache } from './readCache';

describe('readCache', () => {
  it('serves repeated reads from cache until a write commits, and computes concurrent identical reads once', async () => {
    const db = await openStore(':memory:');
    try {
      let computed = 0;
      const app = express();
      app.use(readCache(db, { ttlMs: 60_000, maxEntries: 10 }));
      app.get('/value', async (_req, res) => {
        computed++;
        await new Promise((r) => setTimeout(r, 20));
        const row = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM device');
        res.json({ devices: Number(row?.n) });
      });

      // One server: the cache key holds the host, as links in cached bodies do.
      const server = app.listen(0);
      const first = await Promise.all(Array.from({ length: 20 }, () => request(server).get('/value')));
      expect(first.every((r) => r.status === 200 && r.body.devices === 0)).toBe(true);
      expect(computed).toBe(1);
      const again = await request(server).get('/value');
      expect(again.headers['x-tvm-cache']).toBe('hit');
      expect(computed).toBe(1);

      await db.run(
        `INSERT INTO device (id, computer_dns_name, machine_tags, device_value, internet_facing, first_seen, last_seen, last_report_id, updated_at)
         VALUES ('d1', 'd1', '[]', 'Normal', 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'r', '2026-01-01T00:00:00Z')`
      );
      const afterWrite = await request(server).get('/value');
      expect(afterWrite.body.devices).toBe(1);
      expect(computed).toBe(2);
      server.close();
    } finally {
      await db.close();
    }
  });

  it('expires entries after the TTL and never caches errors', async () => {
    const db = await openStore(':memory:');
    try {
      let computed = 0;
      const app = express();
      app.use(readCache(db, { ttlMs: 0, maxEntries: 10 }));
      app.get('/v', (_req, res) => {
        computed++;
        res.status(computed === 1 ? 500 : 200).json({ computed });
      });
      expect((await request(app).get('/v')).status).toBe(500);
      expect((await request(app).get('/v')).body.computed).toBe(2);
      expect((await request(app).get('/v')).body.computed).toBe(3);
    } finally {
      await db.close();
    }
  });
});
