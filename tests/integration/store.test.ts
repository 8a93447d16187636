import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type RoundResult, type Store, StoreError } from "../../server/store/index.ts";
import { MIGRATIONS_TABLE, migrations } from "../../server/store/migrations.ts";
import { PostgresStore } from "../../server/store/postgres.ts";
import { SqliteStore } from "../../server/store/sqlite.ts";

/** The week every round of these tests ranks on: a board is `<scenario id>@<week>`. */
const WEEK = "2026-W47";
const on = (scenarioId: string) => `${scenarioId}@${WEEK}`;

const round = (overrides: Partial<RoundResult> = {}): RoundResult => ({
  board: on(overrides.scenarioId ?? "launch-day"),
  scenarioId: "launch-day",
  scenarioVersion: 1,
  seed: 42,
  commandLog: [{ at: 300, player: "p1", command: { type: "cordon", node: "node-a1" } }],
  durationMs: 600_000,
  scripted: true,
  worldHash: "0123abcd",
  team: "Blue Team",
  members: ["Ada", "민지"],
  outcome: "resolved",
  timeToRecoveryMs: 90_000,
  budgetSpent: 0.25,
  actions: 4,
  finishedAt: new Date("2026-11-22T10:00:00Z"),
  ...overrides,
});

const sqliteDir = mkdtempSync(join(tmpdir(), "cluster-crisis-sqlite-"));
const sqlitePath = join(sqliteDir, "store.sqlite");
/** Each engine, opened twice on the same database: the second open must find the first's rows. */
const engines: [string, () => Promise<Store>][] = [
  ["SQLite (node:sqlite, WAL file)", async () => new SqliteStore(sqlitePath)],
  ["PostgreSQL (real server)", async () => PostgresStore.open(inject("postgresUrl"))],
];

afterAll(() => rmSync(sqliteDir, { recursive: true, force: true }));

describe.each(engines)("store on %s", (_name, open) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => store.close());

  it("keeps a round whole: scenario, seed, command log, team, who played under which name and roles", async () => {
    const players = [
      { id: "p1", name: "Ada", roles: ["operator" as const] },
      { id: "p2", name: "민지", roles: ["scheduler" as const, "operator" as const] },
    ];
    const id = await store.saveRound(round({ scenarioId: "keep-whole", players }));
    expect(await store.getRound(id)).toEqual({
      id,
      ...round({ scenarioId: "keep-whole", players }),
      verified: false,
    });
    await store.markVerified(id);
    expect(await store.getRound(id)).toMatchObject({ verified: true });
  });

  it("refuses a round whose players are not what a room records, and stores nothing", async () => {
    for (const players of [
      [{ id: "p 1", name: "Ada", roles: [] }],
      [{ id: "p1", name: "<script>", roles: [] }],
      [{ id: "p1", name: "Ada", roles: ["admin"] }],
    ])
      await expect(
        store.saveRound(round({ scenarioId: "bad-players", players: players as never })),
      ).rejects.toThrow(StoreError);
    expect(await store.scenarioBoard(on("bad-players"))).toEqual([]);
  });

  it("reads a round stored without players as having none", async () => {
    const id = await store.saveRound(round({ scenarioId: "no-players" }));
    expect(await store.getRound(id)).toMatchObject({ players: [] });
  });

  it("ranks a scenario board: never broken first, then recovery time, then budget spent, then finish time; never by actions", async () => {
    const board = "ranking";
    const t = (s: number) => new Date(Date.UTC(2026, 10, 22, 10, 0, s));
    const ids = {
      slow: await store.saveRound(
        round({ scenarioId: board, team: "Slow", timeToRecoveryMs: 200_000, finishedAt: t(1) }),
      ),
      burned: await store.saveRound(
        round({ scenarioId: board, team: "Burned", budgetSpent: 0.9, finishedAt: t(2) }),
      ),
      best: await store.saveRound(
        round({ scenarioId: board, team: "Best", budgetSpent: 0.1, finishedAt: t(3) }),
      ),
      busy: await store.saveRound(
        round({ scenarioId: board, team: "Busy", budgetSpent: 0.1, actions: 9, finishedAt: t(4) }),
      ),
      later: await store.saveRound(
        round({ scenarioId: board, team: "Later", budgetSpent: 0.1, finishedAt: t(5) }),
      ),
      never: await store.saveRound(
        round({
          scenarioId: board,
          team: "Never",
          outcome: "failed",
          timeToRecoveryMs: null,
          finishedAt: t(6),
        }),
      ),
      // The objective never broke: ahead of any recovery.
      held: await store.saveRound(
        round({
          scenarioId: board,
          team: "Held",
          outcome: "survived",
          timeToRecoveryMs: null,
          budgetSpent: 0.3,
          finishedAt: t(8),
        }),
      ),
      // Fast, but against a human chaos agent instead of the scenario's incident: not comparable.
      versus: await store.saveRound(
        round({
          scenarioId: board,
          team: "Versus",
          timeToRecoveryMs: 1_000,
          scripted: false,
          finishedAt: t(7),
        }),
      ),
    };
    expect(await store.scenarioBoard(on(board), { limit: 10, offset: 0 })).toEqual([]);
    for (const id of Object.values(ids)) await store.markVerified(id);
    const rows = await store.scenarioBoard(on(board), { limit: 10, offset: 0 });
    expect(rows.map((r) => r.team)).toEqual(["Held", "Best", "Busy", "Later", "Burned", "Slow"]);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[1]!.roundId).toBe(ids.best);
    expect(rows[1]!.errorBudgetLeft).toBe(0.9);
    expect(rows.some((r) => r.roundId === ids.never || r.roundId === ids.versus)).toBe(false);
    const page2 = await store.scenarioBoard(on(board), { limit: 2, offset: 2 });
    expect(page2.map((r) => [r.rank, r.team])).toEqual([
      [3, "Busy"],
      [4, "Later"],
    ]);
  });

  it("holds one entry per team on a board, its best, whether its name is spelled alike or look-alike", async () => {
    const board = "one-entry";
    const t = (s: number) => new Date(Date.UTC(2026, 10, 22, 10, 0, s));
    const ids = [
      await store.saveRound(
        round({ scenarioId: board, team: "Host", timeToRecoveryMs: 90_000, finishedAt: t(1) }),
      ),
      await store.saveRound(
        round({ scenarioId: board, team: "Host", timeToRecoveryMs: 60_000, finishedAt: t(2) }),
      ),
      // All-Cyrillic НОЅТ and lowercase host pass for Host: the same entry.
      await store.saveRound(
        round({ scenarioId: board, team: "НОЅТ", timeToRecoveryMs: 70_000, finishedAt: t(3) }),
      ),
      await store.saveRound(
        round({ scenarioId: board, team: "host", timeToRecoveryMs: 80_000, finishedAt: t(4) }),
      ),
      await store.saveRound(
        round({ scenarioId: board, team: "Guest", timeToRecoveryMs: 65_000, finishedAt: t(5) }),
      ),
    ];
    for (const id of ids) await store.markVerified(id);
    const rows = await store.scenarioBoard(on(board), { limit: 10, offset: 0 });
    expect(rows.map((r) => [r.rank, r.team, r.timeToRecoveryMs])).toEqual([
      [1, "Host", 60_000],
      [2, "Guest", 65_000],
    ]);
  });

  it("keeps a round pending until its replay is verified; a rejected one is deleted", async () => {
    const kept = await store.saveRound(round({ scenarioId: "pending", team: "Kept" }));
    const forged = await store.saveRound(round({ scenarioId: "pending", team: "Forged" }));
    const pending = (await store.pendingRounds()).map((r) => r.id);
    expect(pending).toEqual(expect.arrayContaining([kept, forged]));
    await store.markVerified(kept);
    await store.deleteRound(forged);
    expect((await store.scenarioBoard(on("pending"))).map((r) => r.team)).toEqual(["Kept"]);
    expect(await store.getRound(forged)).toBeUndefined();
    expect((await store.pendingRounds()).map((r) => r.id)).not.toContain(kept);
  });

  it("ranks a puzzle board by stars, then moves, then time, and keeps each player's progress", async () => {
    const finishedAt = new Date("2026-11-22T11:00:00Z");
    for (const [player, stars, moves, timeMs] of [
      ["Ada", 3, 7, 30_000],
      ["Bo", 3, 5, 90_000],
      ["Cy", 3, 5, 45_000],
      ["Di", 1, 2, 10_000],
      ["Ada", 2, 4, 20_000],
      // Fullwidth letters: "ADA" once NFKC folds them, the same player as Ada.
      ["ＡＤＡ", 3, 8, 10_000],
    ] as const) {
      await store.savePuzzle({
        puzzleId: "taints-1",
        puzzleVersion: 1,
        player,
        stars,
        moves,
        timeMs,
        finishedAt,
      });
    }
    // One entry per player, their best (issue 18, item 14).
    expect((await store.puzzleBoard("taints-1")).map((r) => [r.player, r.moves])).toEqual([
      ["Cy", 5],
      ["Bo", 5],
      ["Ada", 7],
      ["Di", 2],
    ]);
    expect(await store.puzzleProgress("Ada")).toEqual([{ puzzleId: "taints-1", stars: 3, moves: 4 }]);
    expect(await store.puzzleProgress("Nobody")).toEqual([]);
    await expect(
      store.savePuzzle({
        puzzleId: "taints-1",
        puzzleVersion: 1,
        player: "Ed",
        stars: 0,
        moves: 1,
        timeMs: 1,
        finishedAt,
      }),
    ).rejects.toThrow("stars");
  });

  it.each(["O'Brien-Team", "Team 민지", "a.b_c-d"])("stores the valid name %j literally", async (team) => {
    const id = await store.saveRound(round({ scenarioId: "names", team }));
    expect((await store.getRound(id))?.team).toBe(team);
  });

  it.each([
    ["SQL in a name", { team: "x'); DROP TABLE rounds; --" }, "team"],
    ["markup in a name", { members: ["<script>alert(1)</script>"] }, "members[0]"],
    ["a very long name", { team: "a".repeat(200) }, "team"],
    ["control characters", { team: "bell\u0007" }, "team"],
    ["a negative recovery time", { timeToRecoveryMs: -5 }, "timeToRecoveryMs"],
    ["an unknown outcome", { outcome: "won" as RoundResult["outcome"] }, "outcome"],
    ["another scenario's board", { board: "first-light@2026-W47" }, "board"],
    ["a board without a week", { board: "refusals@today" }, "board"],
    ["a fractional seed", { seed: 1.5 }, "seed"],
    ["no members", { members: [] }, "members"],
    ["a bad scenario id", { scenarioId: "../etc" }, "scenarioId"],
  ])("refuses %s and writes nothing", async (_what, overrides, field) => {
    const scenarioId = "refusals";
    const before = await store.scenarioBoard(on(scenarioId), { limit: 100, offset: 0 });
    await expect(store.saveRound(round({ scenarioId, ...overrides }))).rejects.toThrow(StoreError);
    await expect(store.saveRound(round({ scenarioId, ...overrides }))).rejects.toThrow(field);
    expect(await store.scenarioBoard(on(scenarioId), { limit: 100, offset: 0 })).toEqual(before);
  });

  it("refuses a bad page", async () => {
    await expect(store.scenarioBoard("x", { limit: 0, offset: 0 })).rejects.toThrow("limit");
    await expect(store.scenarioBoard("x", { limit: 1000, offset: 0 })).rejects.toThrow("limit");
    await expect(store.scenarioBoard("x", { limit: 10, offset: -1 })).rejects.toThrow("offset");
  });

  it("migrates once: reopening the same database keeps its rows", async () => {
    const again = await open();
    expect((await again.scenarioBoard(on("ranking"))).length).toBe(6);
    await again.close();
  });
});

/**
 * A database as a server before boards left it (migrations 1 to 3 applied), holding a verified
 * round that ranked then: each engine's own, opened afterwards by today's store.
 */
const beforeBoards: [
  string,
  (sql: string[]) => Promise<{ open(): Promise<Store>; drop(): Promise<void> }>,
][] = [
  [
    "SQLite",
    async (sql) => {
      const path = join(sqliteDir, "before-boards.sqlite");
      const db = new DatabaseSync(path);
      for (const statement of sql) db.exec(statement);
      db.close();
      return { open: async () => new SqliteStore(path), drop: async () => rmSync(path, { force: true }) };
    },
  ],
  [
    "PostgreSQL",
    async (sql) => {
      const admin = new pg.Client({ connectionString: inject("postgresUrl") });
      await admin.connect();
      await admin.query("DROP DATABASE IF EXISTS before_boards");
      await admin.query("CREATE DATABASE before_boards");
      const url = inject("postgresUrl").replace(/\/postgres$/, "/before_boards");
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      for (const statement of sql) await db.query(statement);
      await db.end();
      return {
        open: async () => PostgresStore.open(url),
        drop: async () => {
          await admin.query("DROP DATABASE before_boards");
          await admin.end();
        },
      };
    },
  ],
];

/** The statements that leave a database of `engine` as migrations 1 to `version` left it. */
function migratedTo(engine: string, version: number): string[] {
  const dialect = engine === "SQLite" ? "sqlite" : "postgres";
  const done = migrations.filter((m) => m.version <= version);
  return [
    MIGRATIONS_TABLE,
    ...done.map((m) => m[dialect]),
    ...done.map(
      (m) => `INSERT INTO schema_migrations (version, name) VALUES (${m.version}, 'v${m.version}')`,
    ),
  ];
}

describe.each(beforeBoards)("a %s database from before boards", (engine, create) => {
  it("migrates without losing a round: the old round stays whole, on no week's board", async () => {
    const database = await create([
      ...migratedTo(engine, 3),
      `INSERT INTO rounds (scenario_id, scenario_version, seed, command_log, team, members, time_to_recovery_ms,
        slo_burned, actions, finished_at, duration_ms, scripted, world_hash, outcome, verified)
       VALUES ('first-light', 2, 1234, '[{"at":300,"player":"p1","command":{"type":"cordon","node":"node-a1"}}]',
        'Old Guard', '["Ada"]', 95000, 0.5, 3, '2026-11-20T09:00:00.000Z', 300000, 1, 'beef', 'resolved', 1)`,
    ]);
    const store = await database.open();
    try {
      expect(await store.getRound(1)).toEqual({
        id: 1,
        scenarioId: "first-light",
        scenarioVersion: 2,
        seed: 1234,
        commandLog: [{ at: 300, player: "p1", command: { type: "cordon", node: "node-a1" } }],
        durationMs: 300_000,
        scripted: true,
        worldHash: "beef",
        team: "Old Guard",
        members: ["Ada"],
        outcome: "resolved",
        // It played a seed of its own: no week's board compares it with anyone.
        board: null,
        timeToRecoveryMs: 95_000,
        budgetSpent: 0.5,
        actions: 3,
        finishedAt: new Date("2026-11-20T09:00:00.000Z"),
        // Stored before players were: its replay names them by number.
        players: [],
        verified: true,
      });
      expect(await store.scenarioBoard("first-light@2026-W47")).toEqual([]);
      // The migrated database takes today's rounds, and ranks them on their week.
      const id = await store.saveRound(round({ scenarioId: "first-light", team: "New" }));
      await store.markVerified(id);
      expect((await store.scenarioBoard(on("first-light"))).map((r) => [r.roundId, r.team])).toEqual([
        [id, "New"],
      ]);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});

describe.each(beforeBoards)("a %s database from before name keys", (engine, create) => {
  it("keys its old rows as new rows are keyed: a look-alike of an old name is not a second entry", async () => {
    // Migrations 1 to 6: no key yet; migration 7 keyed these rows by lower(name) alone.
    const database = await create([
      ...migratedTo(engine, 6),
      // "Вlue Team" with a Cyrillic В, "Ноst" with Cyrillic Н and о.
      `INSERT INTO rounds (scenario_id, scenario_version, seed, command_log, team, members, time_to_recovery_ms,
        slo_burned, actions, finished_at, duration_ms, scripted, world_hash, outcome, verified, board)
       VALUES ('first-light', 2, 1234, '[]', 'Вlue Team', '["Ada"]', 95000, 0.5, 3,
        '2026-11-20T09:00:00.000Z', 300000, 1, 'beef', 'resolved', 1, '${on("first-light")}')`,
      `INSERT INTO puzzle_results (puzzle_id, puzzle_version, player, moves, time_ms, finished_at, stars)
       VALUES ('taints-1', 1, 'Ноst', 9, 60000, '2026-11-20T09:00:00.000Z', 2)`,
    ]);
    const store = await database.open();
    try {
      const id = await store.saveRound(
        round({ scenarioId: "first-light", team: "Blue Team", timeToRecoveryMs: 60_000 }),
      );
      await store.markVerified(id);
      expect((await store.scenarioBoard(on("first-light"))).map((r) => [r.roundId, r.team])).toEqual([
        [id, "Blue Team"],
      ]);
      await store.savePuzzle({
        puzzleId: "taints-1",
        puzzleVersion: 1,
        player: "Host",
        moves: 12,
        timeMs: 50_000,
        stars: 1,
        finishedAt: new Date("2026-11-21T09:00:00Z"),
      });
      expect((await store.puzzleBoard("taints-1")).map((r) => r.player)).toEqual(["Ноst"]);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
