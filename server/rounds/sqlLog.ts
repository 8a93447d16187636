/**
 * The round log in the results database, for a server without Redis (one process): SQLite by
 * default, PostgreSQL with DATABASE_URL. Tables `workshop_leases` and `workshop_log` (migration 4,
 * server/store/migrations.ts). Each write is one transaction that first checks the writer's
 * fencing token against the lease row, so a stale writer is refused here as in Redis.
 *
 * SQLite: its own connection to the results file with `synchronous = NORMAL` (in WAL mode a
 * commit then survives the process dying, not a power cut), so a tick's record costs no fsync;
 * the results themselves keep `synchronous = FULL` on the store's connection.
 */
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import pg from "pg";
import {
  ABANDONED_LOG_MS,
  decodeRecord,
  encodeRecord,
  FencedError,
  LEASE_MS,
  type Lease,
  type LeaseStatus,
  type RoundLogEntry,
  type RoundLogRecord,
  type RoundLogStore,
} from "./log.ts";

type Row = Record<string, unknown>;
/** One transaction's queries, `$1`-style placeholders in both dialects. */
type Query = (sql: string, params: SQLInputValue[]) => Promise<Row[]>;

/** What differs between the two engines: how a transaction runs, and how a row is locked in it. */
interface Engine {
  readonly name: string;
  readonly forUpdate: string;
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

class SqliteEngine implements Engine {
  readonly name = "SQLite";
  // BEGIN IMMEDIATE takes the write lock at once: transactions run one after another.
  readonly forUpdate = "";
  private readonly db: DatabaseSync;
  /** One transaction at a time on the connection: the next waits for the one before. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
  }

  transaction<T>(work: (query: Query) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.run(work));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run<T>(work: (query: Query) => Promise<T>): Promise<T> {
    const query: Query = async (sql, params) => this.db.prepare(sql.replaceAll("$", "?")).all(...params);
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = await work(query);
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

class PostgresEngine implements Engine {
  readonly name = "PostgreSQL";
  readonly forUpdate = "FOR UPDATE";
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 3 });
  }

  async transaction<T>(work: (query: Query) => Promise<T>): Promise<T> {
    const db = await this.pool.connect();
    try {
      await db.query("BEGIN");
      const result = await work(async (sql, params) => (await db.query(sql, params)).rows);
      await db.query("COMMIT");
      return result;
    } catch (error) {
      await db.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      db.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export class SqlRoundLog implements RoundLogStore {
  readonly where: string;
  readonly leaseMs: number;
  private readonly engine: Engine;
  /** The clock leases expire by: this process's (a server without Redis is one process). */
  private readonly now: () => number;

  private constructor(engine: Engine, leaseMs: number, now: () => number) {
    this.engine = engine;
    this.where = engine.name;
    this.leaseMs = leaseMs;
    this.now = now;
  }

  /** On the SQLite file the results store migrated (it must exist: open the store first). */
  static sqlite(path: string, leaseMs = LEASE_MS, now = Date.now): SqlRoundLog {
    return new SqlRoundLog(new SqliteEngine(path), leaseMs, now);
  }

  static postgres(url: string, leaseMs = LEASE_MS, now = Date.now): SqlRoundLog {
    return new SqlRoundLog(new PostgresEngine(url), leaseMs, now);
  }

  acquire(workshop: string, holder: string, from: string | null | "new"): Promise<Lease | null> {
    return this.engine.transaction(async (query) => {
      const now = this.now();
      const [row] = await query(
        `SELECT holder, fence, expires_at FROM workshop_leases WHERE workshop = $1 ${this.engine.forUpdate}`,
        [workshop],
      );
      if (row === undefined) {
        if (from !== "new" && from !== null) return null;
        await query(
          "INSERT INTO workshop_leases (workshop, holder, fence, expires_at) VALUES ($1, $2, 1, $3)",
          [workshop, holder, now + this.leaseMs],
        );
        return { workshop, holder, fence: 1 };
      }
      if (from === "new") return null;
      const current = String(row.holder);
      const free = current === "" || Number(row.expires_at) <= now;
      if (!free && current !== from) return null;
      const fence = Number(row.fence) + 1;
      await query("UPDATE workshop_leases SET holder = $2, fence = $3, expires_at = $4 WHERE workshop = $1", [
        workshop,
        holder,
        fence,
        now + this.leaseMs,
      ]);
      return { workshop, holder, fence };
    });
  }

  async append(lease: Lease, records: readonly RoundLogRecord[], startsRound: boolean): Promise<void> {
    if (records.length === 0) return;
    await this.engine.transaction(async (query) => {
      await this.checkFence(query, lease);
      const [last] = await query("SELECT MAX(seq) AS seq FROM workshop_log WHERE workshop = $1", [
        lease.workshop,
      ]);
      const first = Number(last?.seq ?? 0) + 1;
      const now = this.now();
      for (const [i, record] of records.entries())
        await query("INSERT INTO workshop_log (workshop, seq, written_at, record) VALUES ($1, $2, $3, $4)", [
          lease.workshop,
          first + i,
          now,
          encodeRecord(record),
        ]);
      if (startsRound)
        await query("DELETE FROM workshop_log WHERE workshop = $1 AND seq < $2", [lease.workshop, first]);
    });
  }

  async renew(lease: Lease): Promise<boolean> {
    return this.engine.transaction(async (query) => {
      const renewed = await query(
        "UPDATE workshop_leases SET holder = $3, expires_at = $4 WHERE workshop = $1 AND fence = $2 RETURNING fence",
        [lease.workshop, lease.fence, lease.holder, this.now() + this.leaseMs],
      );
      return renewed.length === 1;
    });
  }

  async release(lease: Lease): Promise<void> {
    await this.engine.transaction((query) =>
      query("UPDATE workshop_leases SET holder = '', expires_at = $3 WHERE workshop = $1 AND fence = $2", [
        lease.workshop,
        lease.fence,
        this.now(),
      ]),
    );
  }

  async close(lease: Lease): Promise<void> {
    await this.engine.transaction(async (query) => {
      const gone = await query(
        "DELETE FROM workshop_leases WHERE workshop = $1 AND fence = $2 RETURNING fence",
        [lease.workshop, lease.fence],
      );
      if (gone.length === 1) await query("DELETE FROM workshop_log WHERE workshop = $1", [lease.workshop]);
    });
  }

  async read(workshop: string): Promise<RoundLogEntry[]> {
    const rows = await this.engine.transaction((query) =>
      query("SELECT written_at, record FROM workshop_log WHERE workshop = $1 ORDER BY seq", [workshop]),
    );
    return rows.map((row, i) => ({
      writtenAt: Number(row.written_at),
      record: decodeRecord(String(row.record), `${workshop} entry ${i + 1}`),
    }));
  }

  async leases(): Promise<LeaseStatus[]> {
    const now = this.now();
    return this.engine.transaction(async (query) => {
      // Logs nobody renewed for ABANDONED_LOG_MS are dropped, as Redis expires them.
      const abandoned = await query("DELETE FROM workshop_leases WHERE expires_at < $1 RETURNING workshop", [
        now - ABANDONED_LOG_MS,
      ]);
      for (const row of abandoned)
        await query("DELETE FROM workshop_log WHERE workshop = $1", [String(row.workshop)]);
      const rows = await query("SELECT workshop, holder, expires_at FROM workshop_leases", []);
      return rows.map((row) => {
        const holder = String(row.holder);
        const held = holder !== "" && Number(row.expires_at) > now;
        return { workshop: String(row.workshop), holder: held ? holder : null };
      });
    });
  }

  async shutdown(): Promise<void> {
    await this.engine.close();
  }

  private async checkFence(query: Query, lease: Lease): Promise<void> {
    const [row] = await query(
      `SELECT fence FROM workshop_leases WHERE workshop = $1 ${this.engine.forUpdate}`,
      [lease.workshop],
    );
    if (row === undefined || Number(row.fence) !== lease.fence)
      throw new FencedError(`workshop ${lease.workshop}: fencing token ${lease.fence} is stale`);
  }
}
