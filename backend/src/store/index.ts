import type { Db } from './db';
import { migrate } from './migrations';
import { SqliteDb } from './sqlite';

export type { Db, Queryable } from './db';

export const DEFAULT_DB_PATH = 'var/tvm.sqlite';

/**
 * Opens the store named by `TVM_DB` (a file path, `:memory:`, or a `postgres://` URL) and brings its
 * schema up to date. The database file and its folder are created on first start.
 */
export async function openStore(location: string = process.env.TVM_DB || DEFAULT_DB_PATH): Promise<Db> {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    throw new Error(
      'TVM_DB is a PostgreSQL URL, but this build ships only the embedded SQLite store. Set TVM_DB to a file path (default var/tvm.sqlite).'
    );
  }
  const db = new SqliteDb(location);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw new Error(`cannot prepare the database at ${location}: ${(err as Error).message}`);
  }
  return db;
}
