import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { nameKey } from "../../shared/protocol/names.ts";
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
  StoreError,
} from "./types.ts";
import { checkPage, checkPuzzle, checkRound } from "./validation.ts";

/** The first wait before a statement refused by a locked database runs again, and the longest. */
const RETRY_FIRST_MS = 10;
const RETRY_LONGEST_MS = 1_000;

/**
 * SQLite through Node's built-in `node:sqlite`: one file, WAL journal, nothing to install.
 *
 * `node:sqlite` runs on the game loop's thread, so a statement must never wait there for a lock
 * (issue 18, item 12): after start-up the busy timeout is 0, and a statement the database refuses as
 * busy or locked (another process writing, a backup holding it) is tried again later off the loop,
 * waiting 10 ms, 20 ms, … up to 1 s between tries, until it succeeds or the store closes. A round
 * or puzzle result is therefore kept, not dropped, while the file is locked.
 *
 * A result whose write fails for any other reason (the disk is full, an I/O error, the file was made
 * read-only) is kept in memory too and written again every 1 s, 2 s, … up to a minute, until it
 * lands; the log says when one is kept, when it lands, and, should the store close first, that it
 * is lost. At most `maxKeptResults` wait at once, so a database that never recovers cannot grow the
 * process without bound: past that, a result is refused (and logged) as it fails.
 */
export class SqliteStore implements Store {
  /** Results kept in memory at most, waiting for a failed write to succeed. */
  static maxKeptResults = 1_000;
  private readonly db: DatabaseSync;
  /** The database file (the round log opens its own connection to it: server/rounds/sqlLog.ts). */
  readonly path: string;
  private closed = false;
  private readonly writes = new KeptWrites(() => SqliteStore.maxKeptResults);

  constructor(path: string) {
    this.path = path;
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    try {
      // WAL: readers never block the writer, and a committed round survives a crash of the process.
      // Start-up (before any room runs) may wait for a lock; afterwards nothing does.
      this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
      this.migrate();
      this.db.exec("PRAGMA busy_timeout = 0;");
    } catch (error) {
      this.db.close();
      // "file is not a database" alone does not say which file (issue 18, item 18).
      throw new StoreError(
        `the results database ${resolve(path)} cannot be used: ${(error as Error).message}`,
      );
    }
  }

  private migrate(): void {
    this.db.exec(MIGRATIONS_TABLE);
    const done = new Set(
      this.db
        .prepare("SELECT version FROM schema_migrations")
        .all()
        .map((r) => Number(r.version)),
    );
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      this.transaction(() => {
        this.db.exec(m.sqlite);
        for (const c of m.nameKeys ?? []) {
          const update = this.db.prepare(`UPDATE ${c.table} SET ${c.key} = ? WHERE id = ?`);
          for (const row of this.db.prepare(`SELECT id, ${c.name} AS name FROM ${c.table}`).all())
            update.run(nameKey(String(row.name)), Number(row.id));
        }
        this.db.prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)").run(m.version, m.name);
      });
    }
  }

  async saveRound(round: RoundResult): Promise<number> {
    checkRound(round);
    return this.writes.write(`round of ${round.scenarioId} by ${round.team}`, () =>
      this.retrying(() =>
        this.transaction(() => {
          const inserted = this.query(INSERT_ROUND, roundValues(round))[0];
          return Number((inserted ?? this.query(ROUND_BY_KEY, [round.roundKey ?? null])[0]!).id);
        }),
      ),
    );
  }

  async savePuzzle(result: PuzzleResult): Promise<number> {
    checkPuzzle(result);
    return this.writes.write(`puzzle ${result.puzzleId} by ${result.player}`, () =>
      this.retrying(() =>
        this.transaction(() => Number(this.query(INSERT_PUZZLE, puzzleValues(result))[0]!.id)),
      ),
    );
  }

  /** How many results are kept in memory, waiting for their write to succeed. */
  get keptResults(): number {
    return this.writes.count;
  }

  async getRound(id: number): Promise<StoredRound | undefined> {
    const row = await this.retrying(() => this.db.prepare("SELECT * FROM rounds WHERE id = ?").get(id));
    return row === undefined ? undefined : roundFromRow(row);
  }

  async pendingRounds(): Promise<StoredRound[]> {
    return (await this.retrying(() => this.query(PENDING_ROUNDS, []))).map(roundFromRow);
  }

  async markVerified(id: number): Promise<void> {
    await this.retrying(() => this.transaction(() => this.query(MARK_VERIFIED, [id])));
  }

  async deleteRound(id: number): Promise<void> {
    await this.retrying(() => this.transaction(() => this.query(DELETE_ROUND, [id])));
  }

  async scenarioBoard(board: string, page: Page = DEFAULT_PAGE) {
    const { limit, offset } = checkPage(page);
    return (await this.retrying(() => this.query(SCENARIO_BOARD, [board, limit, offset]))).map((row, i) =>
      scenarioRow(row, offset + i + 1),
    );
  }

  async puzzleBoard(puzzleId: string, page: Page = DEFAULT_PAGE) {
    const { limit, offset } = checkPage(page);
    return (await this.retrying(() => this.query(PUZZLE_BOARD, [puzzleId, limit, offset]))).map((row, i) =>
      puzzleRow(row, offset + i + 1),
    );
  }

  async puzzleProgress(player: string): Promise<PuzzleProgress[]> {
    return (await this.retrying(() => this.query(PUZZLE_PROGRESS, [player]))).map(progressRow);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.db.close();
    this.writes.close();
  }

  /** Runs `work` now, or, while the database is busy or locked, again later until it succeeds. */
  private async retrying<T>(work: () => T): Promise<T> {
    for (let waitMs = RETRY_FIRST_MS; ; waitMs = Math.min(waitMs * 2, RETRY_LONGEST_MS)) {
      if (this.closed) throw new Error("the results store is closed");
      try {
        return work();
      } catch (error) {
        if (!isBusy(error)) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  /** `$1`-style placeholders (shared with PostgreSQL) run as SQLite's numbered `?1`. */
  private query(sql: string, params: SQLInputValue[]): Record<string, unknown>[] {
    return this.db.prepare(sql.replaceAll("$", "?")).all(...params);
  }

  private transaction<T>(work: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }
}

/** SQLITE_BUSY (5) or SQLITE_LOCKED (6), with any extended code: another connection holds a lock. */
function isBusy(error: unknown): boolean {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return typeof code === "number" && ((code & 0xff) === 5 || (code & 0xff) === 6);
}
