/**
 * The round log in the results database, for a server without Redis (one process): SQLite by
 * default, PostgreSQL with DATABASE_URL. Tables `workshop_leases` and `workshop_log` (migration 6,
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
/** One query of a transaction, `$1`-style placeholders in both dialects. */
interface Query {
  readonly sql: string;
  readonly params: SQLInputValue[];
}
const query = (sql: string, params: SQLInputValue[]): Query => ({ sql, params });
/**
 * A transaction's work: it yields its queries and receives each one's rows. The engine runs them:
 * SQLite all at once, without giving the event loop a turn, so no other statement of this process
 * (the results store's own connection) ever waits on the write lock a transaction holds.
 */
type Work<T> = () => Generator<Query, T, Row[]>;

/** What differs between the two engines: how a transaction runs, and how a row is locked in it. */
interface Engine {
  readonly name: string;
  readonly forUpdate: string;
  transaction<T>(work: Work<T>): Promise<T>;
  close(): Promise<void>;
}

class SqliteEngine implements Engine {
  readonly name = "SQLite";
  // BEGIN IMMEDIATE takes the write lock at once; a transaction runs to its end synchronously.
  readonly forUpdate = "";
  private readonly db: DatabaseSync;

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
  }

  async transaction<T>(work: Work<T>): Promise<T> {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const steps = work();
      let step = steps.next();
      while (!step.done) {
        const { sql, params } = step.value;
        step = steps.next(this.db.prepare(sql.replaceAll("$", "?")).all(...params));
      }
      this.db.exec("COMMIT");
      return step.value;
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

  async transaction<T>(work: Work<T>): Promise<T> {
    const db = await this.pool.connect();
    try {
      await db.query("BEGIN");
      const steps = work();
      let step = steps.next();
      while (!step.done) step = steps.next((await db.query(step.value.sql, step.value.params)).rows);
      await db.query("COMMIT");
      return step.value;
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
    const now = this.now();
    const expires = now + this.leaseMs;
    const forUpdate = this.engine.forUpdate;
    return this.engine.transaction(function* () {
      const [row] = yield query(
        `SELECT holder, fence, expires_at FROM workshop_leases WHERE workshop = $1 ${forUpdate}`,
        [workshop],
      );
      if (row === undefined) {
        if (from !== "new" && from !== null) return null;
        yield query(
          "INSERT INTO workshop_leases (workshop, holder, fence, expires_at) VALUES ($1, $2, 1, $3)",
          [workshop, holder, expires],
        );
        return { workshop, holder, fence: 1 };
      }
      if (from === "new") return null;
      const current = String(row.holder);
      const free = current === "" || Number(row.expires_at) <= now;
      if (!free && current !== from) return null;
      const fence = Number(row.fence) + 1;
      yield query("UPDATE workshop_leases SET holder = $2, fence = $3, expires_at = $4 WHERE workshop = $1", [
        workshop,
        holder,
        fence,
        expires,
      ]);
      return { workshop, holder, fence };
    });
  }

  async append(lease: Lease, records: readonly RoundLogRecord[], startsRound: boolean): Promise<void> {
    if (records.length === 0) return;
    const now = this.now();
    const fenced = this.fenced(lease);
    await this.engine.transaction(function* () {
      yield* fenced();
      const [last] = yield query("SELECT MAX(seq) AS seq FROM workshop_log WHERE workshop = $1", [
        lease.workshop,
      ]);
      const first = Number(last?.seq ?? 0) + 1;
      for (const [i, record] of records.entries())
        yield query("INSERT INTO workshop_log (workshop, seq, written_at, record) VALUES ($1, $2, $3, $4)", [
          lease.workshop,
          first + i,
          now,
          encodeRecord(record),
        ]);
      if (startsRound)
        yield query("DELETE FROM workshop_log WHERE workshop = $1 AND seq < $2", [lease.workshop, first]);
      // Only the latest keyframe is of use (server/rounds/log.ts): the ones before it go.
      const keyframe = records.findLastIndex((r) => r.kind === "keyframe");
      if (keyframe >= 0)
        yield query("DELETE FROM workshop_log WHERE workshop = $1 AND seq < $2 AND record LIKE $3", [
          lease.workshop,
          first + keyframe,
          '{"kind":"keyframe"%',
        ]);
    });
  }

  async renew(lease: Lease): Promise<boolean> {
    const expires = this.now() + this.leaseMs;
    return this.engine.transaction(function* () {
      const renewed = yield query(
        "UPDATE workshop_leases SET holder = $3, expires_at = $4 WHERE workshop = $1 AND fence = $2 RETURNING fence",
        [lease.workshop, lease.fence, lease.holder, expires],
      );
      return renewed.length === 1;
    });
  }

  async release(lease: Lease): Promise<void> {
    const now = this.now();
    await this.engine.transaction(function* () {
      yield query(
        "UPDATE workshop_leases SET holder = '', expires_at = $3 WHERE workshop = $1 AND fence = $2",
        [lease.workshop, lease.fence, now],
      );
    });
  }

  async close(lease: Lease): Promise<void> {
    await this.engine.transaction(function* () {
      const gone = yield query(
        "DELETE FROM workshop_leases WHERE workshop = $1 AND fence = $2 RETURNING fence",
        [lease.workshop, lease.fence],
      );
      if (gone.length === 1) yield query("DELETE FROM workshop_log WHERE workshop = $1", [lease.workshop]);
    });
  }

  async read(workshop: string): Promise<RoundLogEntry[]> {
    const rows = await this.engine.transaction<Row[]>(function* () {
      return yield query("SELECT written_at, record FROM workshop_log WHERE workshop = $1 ORDER BY seq", [
        workshop,
      ]);
    });
    return rows.map((row, i) => ({
      writtenAt: Number(row.written_at),
      record: decodeRecord(String(row.record), `${workshop} entry ${i + 1}`),
    }));
  }

  async leases(): Promise<LeaseStatus[]> {
    const now = this.now();
    return this.engine.transaction(function* () {
      // Logs nobody renewed for ABANDONED_LOG_MS are dropped, as Redis expires them.
      const abandoned = yield query("DELETE FROM workshop_leases WHERE expires_at < $1 RETURNING workshop", [
        now - ABANDONED_LOG_MS,
      ]);
      for (const row of abandoned)
        yield query("DELETE FROM workshop_log WHERE workshop = $1", [String(row.workshop)]);
      const rows = yield query("SELECT workshop, holder, expires_at FROM workshop_leases", []);
      return rows.map((row) => {
        const holder = String(row.holder);
        const held = holder !== "" && Number(row.expires_at) > now;
        return {
          workshop: String(row.workshop),
          holder: held ? holder : null,
          lastHolder: holder !== "" && !held ? holder : null,
        };
      });
    });
  }

  async shutdown(): Promise<void> {
    await this.engine.close();
  }

  /** A transaction's first step for a writer: its fencing token must still be the lease's. */
  private fenced(lease: Lease): () => Generator<Query, void, Row[]> {
    const forUpdate = this.engine.forUpdate;
    return function* () {
      const [row] = yield query(`SELECT fence FROM workshop_leases WHERE workshop = $1 ${forUpdate}`, [
        lease.workshop,
      ]);
      if (row === undefined || Number(row.fence) !== lease.fence)
        throw new FencedError(`workshop ${lease.workshop}: fencing token ${lease.fence} is stale`);
    };
  }
}
