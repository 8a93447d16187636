/**
 * Schema migrations, numbered and applied once each, in order, inside a
 * transaction; `schema_migrations` records which ones a database has.
 * Each has its SQLite and its PostgreSQL text.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
  /**
   * Key columns recomputed in code once the SQL ran, for every row (SQL has no nameKey): `key` of
   * `table` set to shared/protocol/names.ts nameKey of its `name` column, as rows.ts writes new rows.
   */
  readonly nameKeys?: readonly NameKeyColumn[];
}

export interface NameKeyColumn {
  readonly table: "rounds" | "puzzle_results";
  readonly name: "team" | "player";
  readonly key: "team_key" | "player_key";
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "rounds and puzzle results",
    sqlite: `
      CREATE TABLE rounds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scenario_id TEXT NOT NULL,
        scenario_version INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        command_log TEXT NOT NULL,
        team TEXT NOT NULL,
        members TEXT NOT NULL,
        time_to_recovery_ms INTEGER,
        slo_burned REAL NOT NULL,
        actions INTEGER NOT NULL,
        finished_at TEXT NOT NULL
      );
      CREATE INDEX rounds_board ON rounds (scenario_id, time_to_recovery_ms, slo_burned, actions, finished_at);
      CREATE TABLE puzzle_results (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        puzzle_id TEXT NOT NULL,
        puzzle_version INTEGER NOT NULL,
        player TEXT NOT NULL,
        moves INTEGER NOT NULL,
        time_ms INTEGER NOT NULL,
        finished_at TEXT NOT NULL
      );
      CREATE INDEX puzzle_board ON puzzle_results (puzzle_id, moves, time_ms, finished_at);`,
    postgres: `
      CREATE TABLE rounds (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        scenario_id TEXT NOT NULL,
        scenario_version INTEGER NOT NULL,
        seed BIGINT NOT NULL,
        command_log JSONB NOT NULL,
        team TEXT NOT NULL,
        members JSONB NOT NULL,
        time_to_recovery_ms BIGINT,
        slo_burned DOUBLE PRECISION NOT NULL,
        actions INTEGER NOT NULL,
        finished_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX rounds_board ON rounds (scenario_id, time_to_recovery_ms, slo_burned, actions, finished_at);
      CREATE TABLE puzzle_results (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        puzzle_id TEXT NOT NULL,
        puzzle_version INTEGER NOT NULL,
        player TEXT NOT NULL,
        moves INTEGER NOT NULL,
        time_ms BIGINT NOT NULL,
        finished_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX puzzle_board ON puzzle_results (puzzle_id, moves, time_ms, finished_at);`,
  },
  {
    version: 2,
    name: "replaying rounds (duration, script, final digest, verified); a puzzle result's stars",
    sqlite: `
      ALTER TABLE rounds ADD COLUMN duration_ms INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE rounds ADD COLUMN scripted INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE rounds ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE rounds ADD COLUMN world_hash TEXT NOT NULL DEFAULT '';
      ALTER TABLE puzzle_results ADD COLUMN stars INTEGER NOT NULL DEFAULT 0;`,
    postgres: `
      ALTER TABLE rounds ADD COLUMN duration_ms BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE rounds ADD COLUMN scripted INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE rounds ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE rounds ADD COLUMN world_hash TEXT NOT NULL DEFAULT '';
      ALTER TABLE puzzle_results ADD COLUMN stars INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 3,
    name: "a round's outcome (resolved, survived, failed, ended); slo_burned holds the budget spent of the objective's window",
    sqlite: `
      ALTER TABLE rounds ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
      UPDATE rounds SET outcome = CASE WHEN time_to_recovery_ms IS NULL THEN 'failed' ELSE 'resolved' END;`,
    postgres: `
      ALTER TABLE rounds ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
      UPDATE rounds SET outcome = CASE WHEN time_to_recovery_ms IS NULL THEN 'failed' ELSE 'resolved' END;`,
  },
  {
    version: 4,
    name: "faults played beyond the scenario's script (a round with any does not rank)",
    sqlite: `
      ALTER TABLE rounds ADD COLUMN faults_played INTEGER NOT NULL DEFAULT 0;
      UPDATE rounds SET faults_played = 1 WHERE command_log LIKE '%"injectFault"%';`,
    postgres: `
      ALTER TABLE rounds ADD COLUMN faults_played INTEGER NOT NULL DEFAULT 0;
      UPDATE rounds SET faults_played = 1 WHERE command_log::text LIKE '%"injectFault"%';`,
  },
  {
    version: 5,
    name: "the board a round ranks on (scenario@week, the week's seed); none for practice and for rounds stored before boards, which stay stored",
    sqlite: `
      ALTER TABLE rounds ADD COLUMN board TEXT;
      CREATE INDEX rounds_on_board ON rounds (board, time_to_recovery_ms, slo_burned, finished_at);`,
    postgres: `
      ALTER TABLE rounds ADD COLUMN board TEXT;
      CREATE INDEX rounds_on_board ON rounds (board, time_to_recovery_ms, slo_burned, finished_at);`,
  },
  {
    version: 6,
    name: "workshops outlive their process: round logs with leases (without Redis); a round stored once per workshop and round",
    sqlite: `
      CREATE TABLE workshop_leases (
        workshop TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        fence INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE workshop_log (
        workshop TEXT NOT NULL,
        seq INTEGER NOT NULL,
        written_at INTEGER NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (workshop, seq)
      );
      ALTER TABLE rounds ADD COLUMN round_key TEXT;
      CREATE UNIQUE INDEX rounds_round_key ON rounds (round_key);`,
    postgres: `
      CREATE TABLE workshop_leases (
        workshop TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        fence BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE TABLE workshop_log (
        workshop TEXT NOT NULL,
        seq BIGINT NOT NULL,
        written_at BIGINT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (workshop, seq)
      );
      ALTER TABLE rounds ADD COLUMN round_key TEXT;
      CREATE UNIQUE INDEX rounds_round_key ON rounds (round_key);`,
  },
  {
    version: 7,
    name: "one entry per name on a board: each round's team and each puzzle result's player as a key that folds look-alikes (shared/protocol/names.ts nameKey); rows stored before it keyed by their name in lowercase",
    sqlite: `
      ALTER TABLE rounds ADD COLUMN team_key TEXT NOT NULL DEFAULT '';
      UPDATE rounds SET team_key = lower(team);
      ALTER TABLE puzzle_results ADD COLUMN player_key TEXT NOT NULL DEFAULT '';
      UPDATE puzzle_results SET player_key = lower(player);`,
    postgres: `
      ALTER TABLE rounds ADD COLUMN team_key TEXT NOT NULL DEFAULT '';
      UPDATE rounds SET team_key = lower(team);
      ALTER TABLE puzzle_results ADD COLUMN player_key TEXT NOT NULL DEFAULT '';
      UPDATE puzzle_results SET player_key = lower(player);`,
  },
  {
    version: 8,
    name: "rows stored before migration 7 keyed as new rows are (nameKey: NFKC, look-alikes folded, spaces collapsed), not by lower(), which left a look-alike or full-width name of an old row a board entry of its own",
    sqlite: "",
    postgres: "",
    nameKeys: [
      { table: "rounds", name: "team", key: "team_key" },
      { table: "puzzle_results", name: "player", key: "player_key" },
    ],
  },
  {
    version: 9,
    name: "who played a round: each player's id in the command log, name and roles, for its replay",
    sqlite: "ALTER TABLE rounds ADD COLUMN players TEXT NOT NULL DEFAULT '[]';",
    postgres: "ALTER TABLE rounds ADD COLUMN players JSONB NOT NULL DEFAULT '[]'::jsonb;",
  },
];

export const MIGRATIONS_TABLE =
  "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)";

const placeholders = (n: number): string => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(", ");

/** Inserts, identical in both dialects (SQLite has RETURNING since 3.35); values from rows.ts. */
export const INSERT_ROUND = `INSERT INTO rounds (scenario_id, scenario_version, seed, command_log, team, members,
  time_to_recovery_ms, slo_burned, actions, finished_at, duration_ms, scripted, world_hash, outcome, faults_played, board,
  round_key, team_key, players) VALUES (${placeholders(19)}) ON CONFLICT (round_key) DO NOTHING RETURNING id`;
/** The round already stored under a round key (a workshop's process died after storing it). */
export const ROUND_BY_KEY = "SELECT id FROM rounds WHERE round_key = $1";
export const INSERT_PUZZLE = `INSERT INTO puzzle_results (puzzle_id, puzzle_version, player, moves, time_ms, finished_at,
  stars, player_key) VALUES (${placeholders(8)}) RETURNING id`;

/**
 * Board queries, identical in both dialects. A board is one scenario's week (`first-light@2026-W50`),
 * and every round on it played the week's seed against the scenario's script (server/rounds/boards.ts).
 * Only rounds whose replay agreed with their score (verified), that won (resolved or survived), and
 * that faced the scenario's scripted incident and nothing more rank: a round against a human chaos
 * agent, or in which anyone (the facilitator included) played a fault beyond the script, faced
 * another incident. No figure rewards doing less: a round that never let the objective break comes
 * first, then the fastest recovery, then the least budget spent, then the earliest. A team (or a
 * puzzle's player) holds one entry, its best: many rounds under one name, or under look-alikes of it
 * (the key folds them: shared/protocol/names.ts), cannot fill a board's top.
 */
export const SCENARIO_BOARD = `
  SELECT id, team, members, outcome, time_to_recovery_ms, slo_burned, actions, finished_at
  FROM (
    SELECT *, ROW_NUMBER() OVER (
      PARTITION BY team_key ORDER BY COALESCE(time_to_recovery_ms, 0), slo_burned, finished_at, id) AS nth
    FROM rounds
    WHERE board = $1 AND outcome IN ('resolved', 'survived') AND scripted = 1 AND faults_played = 0
      AND verified = 1
  ) ranked
  WHERE nth = 1
  ORDER BY COALESCE(time_to_recovery_ms, 0), slo_burned, finished_at, id
  LIMIT $2 OFFSET $3`;

/** One entry per player (their best), ranked as SCENARIO_BOARD's are. */
export const PUZZLE_BOARD = `
  SELECT id, player, stars, moves, time_ms, finished_at
  FROM (
    SELECT *, ROW_NUMBER() OVER (
      PARTITION BY player_key ORDER BY stars DESC, moves, time_ms, finished_at, id) AS nth
    FROM puzzle_results
    WHERE puzzle_id = $1
  ) ranked
  WHERE nth = 1
  ORDER BY stars DESC, moves, time_ms, finished_at, id
  LIMIT $2 OFFSET $3`;

/** A player's best stars and fewest moves per puzzle. */
export const PUZZLE_PROGRESS = `
  SELECT puzzle_id, MAX(stars) AS stars, MIN(moves) AS moves
  FROM puzzle_results
  WHERE player = $1
  GROUP BY puzzle_id
  ORDER BY puzzle_id`;

/** Rounds written but not yet replayed (a crash may leave some). */
export const PENDING_ROUNDS = "SELECT * FROM rounds WHERE verified = 0 ORDER BY id";
export const MARK_VERIFIED = "UPDATE rounds SET verified = 1 WHERE id = $1";
export const DELETE_ROUND = "DELETE FROM rounds WHERE id = $1";
