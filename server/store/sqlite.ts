import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
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

/** SQLite through Node's built-in `node:sqlite`: one file, WAL journal, nothing to install. */
export class SqliteStore implements Store {
  private readonly db: DatabaseSync;
  /** The database file (the round log opens its own connection to it: server/rounds/sqlLog.ts). */
  readonly path: string;

  constructor(path: string) {
    this.path = path;
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    // WAL: readers never block the writer, and a committed round survives a crash of the process.
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
    this.migrate();
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
        this.db.prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)").run(m.version, m.name);
      });
    }
  }

  async saveRound(round: RoundResult): Promise<number> {
    checkRound(round);
    return this.transaction(() => {
      const inserted = this.query(INSERT_ROUND, roundValues(round))[0];
      return Number((inserted ?? this.query(ROUND_BY_KEY, [round.roundKey ?? null])[0]!).id);
    });
  }

  async savePuzzle(result: PuzzleResult): Promise<number> {
    checkPuzzle(result);
    return this.transaction(() => Number(this.query(INSERT_PUZZLE, puzzleValues(result))[0]!.id));
  }

  async getRound(id: number): Promise<StoredRound | undefined> {
    const row = this.db.prepare("SELECT * FROM rounds WHERE id = ?").get(id);
    return row === undefined ? undefined : roundFromRow(row);
  }

  async pendingRounds(): Promise<StoredRound[]> {
    return this.query(PENDING_ROUNDS, []).map(roundFromRow);
  }

  async markVerified(id: number): Promise<void> {
    this.transaction(() => this.query(MARK_VERIFIED, [id]));
  }

  async deleteRound(id: number): Promise<void> {
    this.transaction(() => this.query(DELETE_ROUND, [id]));
  }

  async scenarioBoard(scenarioId: string, page: Page = DEFAULT_PAGE) {
    const { limit, offset } = checkPage(page);
    return this.query(SCENARIO_BOARD, [scenarioId, limit, offset]).map((row, i) =>
      scenarioRow(row, offset + i + 1),
    );
  }

  async puzzleBoard(puzzleId: string, page: Page = DEFAULT_PAGE) {
    const { limit, offset } = checkPage(page);
    return this.query(PUZZLE_BOARD, [puzzleId, limit, offset]).map((row, i) =>
      puzzleRow(row, offset + i + 1),
    );
  }

  async puzzleProgress(player: string): Promise<PuzzleProgress[]> {
    return this.query(PUZZLE_PROGRESS, [player]).map(progressRow);
  }

  async close(): Promise<void> {
    this.db.close();
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
