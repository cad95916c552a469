import fs from 'fs';
import path from 'path';
import Database from 'better-sqlite3';
import type { Db, Params, Queryable, RunResult } from './db';

type Statement = Database.Statement<unknown[], unknown>;

/** Promise-chain mutex: transactions on the write connection run one after another. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.then(
      () => undefined,
      () => undefined
    );
    return run;
  }
}

class StatementRunner implements Queryable {
  private readonly cache = new Map<string, Statement>();
  constructor(private readonly conn: Database.Database) {}

  private prepare(sql: string): Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.conn.prepare(sql);
      // Multi-row inserts produce many distinct texts; keep the cache bounded.
      if (this.cache.size > 500) {
        this.cache.clear();
      }
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  async all<T>(sql: string, params: Params = []): Promise<T[]> {
    return this.prepare(sql).all(...params) as T[];
  }
  async get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return this.prepare(sql).get(...params) as T | undefined;
  }
  async run(sql: string, params: Params = []): Promise<RunResult> {
    const stmt = this.prepare(sql);
    if (!stmt.reader) {
      return { changes: stmt.run(...params).changes };
    }
    stmt.all(...params);
    return { changes: 0 };
  }
}

/**
 * SQLite through better-sqlite3: one write connection (WAL with synchronous=FULL, so a committed,
 * acknowledged write survives a crash or power loss) and one read connection, which in WAL mode reads
 * the last committed state while a write transaction is open.
 */
export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  private readonly writer: Database.Database;
  private readonly reader: Database.Database;
  private readonly writeRunner: StatementRunner;
  private readonly readRunner: StatementRunner;
  private readonly mutex = new Mutex();
  private inTransaction = false;
  private committed = 0;

  get dataVersion(): number {
    return this.committed;
  }

  constructor(readonly location: string) {
    if (location !== ':memory:') {
      fs.mkdirSync(path.dirname(path.resolve(location)), { recursive: true });
    }
    this.writer = new Database(location);
    this.writer.pragma('journal_mode = WAL');
    this.writer.pragma('synchronous = FULL');
    this.writer.pragma('foreign_keys = ON');
    this.writer.pragma('busy_timeout = 5000');
    // An in-memory database is private to its connection: read through the writer.
    this.reader = location === ':memory:' ? this.writer : new Database(location, { readonly: false });
    if (this.reader !== this.writer) {
      this.reader.pragma('busy_timeout = 5000');
      this.reader.pragma('query_only = ON');
    }
    this.writeRunner = new StatementRunner(this.writer);
    this.readRunner = this.reader === this.writer ? this.writeRunner : new StatementRunner(this.reader);
  }

  all<T>(sql: string, params?: Params): Promise<T[]> {
    return this.readRunner.all<T>(sql, params);
  }
  get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return this.readRunner.get<T>(sql, params);
  }
  run(sql: string, params?: Params): Promise<RunResult> {
    return this.transaction((tx) => tx.run(sql, params));
  }
  async exec(sql: string): Promise<void> {
    await this.mutex.lock(async () => {
      this.writer.exec(sql);
      this.committed++;
    });
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.mutex.lock(async () => {
      if (this.inTransaction) {
        throw new Error('nested transaction');
      }
      this.inTransaction = true;
      this.writer.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.writeRunner);
        this.writer.exec('COMMIT');
        this.committed++;
        return result;
      } catch (err) {
        if (this.writer.inTransaction) {
          this.writer.exec('ROLLBACK');
        }
        throw err;
      } finally {
        this.inTransaction = false;
      }
    });
  }

  async close(): Promise<void> {
    await this.mutex.lock(async () => {
      if (this.reader !== this.writer) {
        this.reader.close();
      }
      this.writer.close();
    });
  }
}
