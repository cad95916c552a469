/**
 * The one query layer of the service. SQL is written once, in the subset SQLite and PostgreSQL share
 * (`?` placeholders, `INSERT … ON CONFLICT … DO UPDATE … excluded.x`, ISO-8601 text timestamps), so a
 * PostgreSQL implementation of `Db` only has to translate placeholders and types.
 */
export type SqlValue = string | number | bigint | null | Buffer;
export type Params = readonly SqlValue[];

export interface RunResult {
  changes: number;
}

export interface Queryable {
  all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T | undefined>;
  run(sql: string, params?: Params): Promise<RunResult>;
}

export interface Db extends Queryable {
  readonly dialect: 'sqlite' | 'postgres';
  /** A human-readable location (file path or URL without credentials), for logs and /health. */
  readonly location: string;
  /**
   * Runs `fn` in one transaction: everything or nothing. Transactions are serialized; reads made
   * outside a transaction never see a transaction's uncommitted writes.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Increases with every committed transaction: what was read at one version is still true at it. */
  readonly dataVersion: number;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** Splits rows into chunks whose multi-row statements stay under SQLite's bound-parameter limit. */
export function chunk<T>(rows: readonly T[], columnsPerRow: number, maxParams = 30000): T[][] {
  const size = Math.max(1, Math.floor(maxParams / Math.max(1, columnsPerRow)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) {
    out.push(rows.slice(i, i + size));
  }
  return out;
}

/** `(?, ?, ?), (?, ?, ?)` for a multi-row VALUES list. */
export function valuesPlaceholders(rowCount: number, columns: number): string {
  const row = `(${new Array(columns).fill('?').join(', ')})`;
  return new Array(rowCount).fill(row).join(', ');
}

/** Inserts many rows with multi-row statements; `suffix` may hold an ON CONFLICT clause. */
export async function insertMany(
  q: Queryable,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly SqlValue[]>,
  suffix = ''
): Promise<number> {
  let changes = 0;
  for (const part of chunk(rows, columns.length)) {
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${valuesPlaceholders(part.length, columns.length)} ${suffix}`;
    const res = await q.run(sql, part.flat());
    changes += res.changes;
  }
  return changes;
}
