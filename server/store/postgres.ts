import pg from "pg";
import { nameKey } from "../../shared/protocol/names.ts";
import { log } from "../log.ts";
import { KeptWrites } from "./kept.ts";
import {
  DELETE_ROUND,
  INSERT_PUZZLE,
  INSERT_ROUND,
  MARK_VERIFIED,
  MIGRATIONS_TABLE,
  migrations,
  PENDING_ROUNDS,
  PUZZLE_BOARD,
  PUZZLE_PROGRESS,
  ROUND_BY_KEY,
  SCENARIO_BOARD,
} from "./migrations.ts";
import { progressRow, puzzleRow, puzzleValues, roundFromRow, roundValues, scenarioRow } from "./rows.ts";
import {
  DEFAULT_PAGE,
  type Page,
  type PuzzleProgress,
  type PuzzleResult,
  type RoundResult,
  type Store,
  type StoredRound,
} from "./types.ts";
import { checkPage, checkPuzzle, checkRound } from "./validation.ts";

// Leaderboard integers (ids, milliseconds) fit in a JS number; read BIGINT as one, not as text.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * PostgreSQL through `pg`, for shared deployments (DATABASE_URL). A round or puzzle result whose
 * write fails (the server is down or restarting, a lock timed out, the disk is full) is kept in
 * memory and written again until it lands, as the SQLite store does (server/store/kept.ts).
 * `markVerified` and `deleteRound` are not kept: a round whose mark or delete failed stays pending
 * in the database, and the next start replays it again (server/rounds/recorder.ts resume).
 */
export class PostgresStore implements Store {
  /** Results kept in memory at most, waiting for a failed write to succeed. */
  static maxKeptResults = 1_000;
  private readonly pool: pg.Pool;
  private readonly writes = new KeptWrites(() => PostgresStore.maxKeptResults);

  private constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  static async open(connectionString: string): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString, max: 5 });
    // An idle connection the server drops (a restart) is an error on the pool: logged, not a crash.
    pool.on("error", (error) =>
      log.warn(JSON.stringify({ event: "store.connection_lost", error: error.message })),
    );
    const store = new PostgresStore(pool);
    await store.migrate();
    return store;
  }

  private async migrate(): Promise<void> {
    await this.transaction(async (db) => {
      // One migrator at a time, even with several game-server processes starting together.
      await db.query("SELECT pg_advisory_xact_lock(727274)");
      await db.query(MIGRATIONS_TABLE);
      const done = new Set(
        (await db.query("SELECT version FROM schema_migrations")).rows.map((r) => Number(r.version)),
      );
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        if (m.postgres !== "") await db.query(m.postgres);
        for (const c of m.nameKeys ?? [])
          for (const row of (await db.query(`SELECT id, ${c.name} AS name FROM ${c.table}`)).rows)
            await db.query(`UPDATE ${c.table} SET ${c.key} = $1 WHERE id = $2`, [nameKey(row.name), row.id]);
        await db.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
      }
    });
  }

  async saveRound(round: RoundResult): Promise<number> {
    checkRound(round);
    return this.writes.write(`round of ${round.scenarioId} by ${round.team}`, () =>
      this.transaction(async (db) => {
        const inserted = (await db.query(INSERT_ROUND, roundValues(round))).rows[0];
        return Number((inserted ?? (await db.query(ROUND_BY_KEY, [round.roundKey ?? null])).rows[0]).id);
      }),
    );
  }

  async savePuzzle(result: PuzzleResult): Promise<number> {
    checkPuzzle(result);
    return this.writes.write(`puzzle ${result.puzzleId} by ${result.player}`, () =>
      this.transaction(async (db) =>
        Number((await db.query(INSERT_PUZZLE, puzzleValues(result))).rows[0].id),
      ),
    );
  }

  async getRound(id: number): Promise<StoredRound | undefined> {
    const { rows } = await this.pool.query("SELECT * FROM rounds WHERE id = $1", [id]);
    return rows[0] === undefined ? undefined : roundFromRow(rows[0]);
  }

  async pendingRounds(): Promise<StoredRound[]> {
    return (await this.pool.query(PENDING_ROUNDS)).rows.map(roundFromRow);
  }

  async markVerified(id: number): Promise<void> {
    await this.pool.query(MARK_VERIFIED, [id]);
  }

  async deleteRound(id: number): Promise<void> {
    await this.pool.query(DELETE_ROUND, [id]);
  }

  async scenarioBoard(board: string, page: Page = DEFAULT_PAGE) {
    const { limit, offset } = checkPage(page);
    const { rows } = await this.pool.query(SCENARIO_BOARD, [board, limit, offset]);
    return rows.map((row, i) => scenarioRow(row, offset + i + 1));
  }

  async puzzleBoard(puzzleId: string, page: Page = DEFAULT_PAGE) {
    const { limit, offset } = checkPage(page);
    const { rows } = await this.pool.query(PUZZLE_BOARD, [puzzleId, limit, offset]);
    return rows.map((row, i) => puzzleRow(row, offset + i + 1));
  }

  async puzzleProgress(player: string): Promise<PuzzleProgress[]> {
    return (await this.pool.query(PUZZLE_PROGRESS, [player])).rows.map(progressRow);
  }

  /** How many results are kept in memory, waiting for their write to succeed. */
  get keptResults(): number {
    return this.writes.count;
  }

  async close(): Promise<void> {
    this.writes.close();
    await this.pool.end();
  }

  private async transaction<T>(work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    const db = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await db.query("BEGIN");
      const result = await work(db);
      await db.query("COMMIT");
      return result;
    } catch (error) {
      // A connection the server dropped cannot roll back: the pool discards it instead of reusing it.
      await db.query("ROLLBACK").catch((lost: Error) => {
        broken = lost;
      });
      throw error;
    } finally {
      db.release(broken);
    }
  }
}
