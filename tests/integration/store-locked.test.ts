import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { StoreError, storeDescription } from "../../server/store/index.ts";
import { SqliteStore } from "../../server/store/sqlite.ts";
import { temporaryStore } from "../support/server.ts";
import { until } from "./support.ts";

/**
 * A locked SQLite file (another process writing, a backup holding it) must not freeze the game loop,
 * and the result being written must not be lost (issue 18, item 12). A second real connection on the
 * same file holds its write lock while the store is asked to write.
 */
describe("SQLite while another connection holds the write lock", () => {
  let store: SqliteStore | undefined;
  let other: DatabaseSync | undefined;
  afterEach(async () => {
    if (other?.isOpen) other.close();
    await store?.close();
  });

  const puzzle = {
    puzzleId: "first-fit",
    puzzleVersion: 1,
    player: "Ada",
    stars: 3,
    moves: 4,
    timeMs: 5_000,
    finishedAt: new Date("2026-12-07T10:00:00Z"),
  };

  it("the event loop keeps turning while the write waits, and the write lands once the lock goes", async () => {
    store = temporaryStore();
    const path = (store as unknown as { db: DatabaseSync }).db.location();
    expect(path).toBeTruthy();
    other = new DatabaseSync(path!);
    other.exec("BEGIN IMMEDIATE");

    let turns = 0;
    const spin = setInterval(() => turns++, 1);
    let stored: number | undefined;
    let failed: unknown;
    const started = turns;
    store.savePuzzle(puzzle).then(
      (id) => {
        stored = id;
      },
      (error) => {
        failed = error;
      },
    );
    // The loop turns on (timers fire) while the lock is held; the write neither lands nor fails.
    await until(() => turns - started >= 20);
    clearInterval(spin);
    expect(failed).toBeUndefined();
    expect(stored).toBeUndefined();

    other.exec("COMMIT");
    await until(() => stored !== undefined || failed !== undefined);
    expect(failed).toBeUndefined();
    expect((await store.puzzleBoard("first-fit")).map((r) => r.player)).toEqual(["Ada"]);
  });

  it("boards are read while another connection writes (WAL)", async () => {
    store = temporaryStore();
    const path = (store as unknown as { db: DatabaseSync }).db.location()!;
    await store.savePuzzle(puzzle);
    other = new DatabaseSync(path);
    other.exec("BEGIN EXCLUSIVE");
    const board = await store.puzzleBoard("first-fit");
    expect(board.map((r) => r.player)).toEqual(["Ada"]);
    other.exec("COMMIT");
  });
});

describe("a results database that cannot be used says which file it is", () => {
  it("a corrupt file: the path and SQLite's reason", () => {
    const dir = mkdtempSync(join(tmpdir(), "cluster-crisis-corrupt-"));
    const path = join(dir, "results.sqlite");
    writeFileSync(path, "this is not a database, it is a text file long enough to have a header".repeat(20));
    try {
      expect(() => new SqliteStore(path)).toThrow(StoreError);
      expect(() => new SqliteStore(path)).toThrow(
        `the results database ${path} cannot be used: file is not a database`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the start-up line names the SQLite file SQLITE_PATH chose", () => {
    expect(storeDescription({ SQLITE_PATH: "/srv/cc/results.sqlite" })).toBe(
      "Results are stored in SQLite at /srv/cc/results.sqlite.",
    );
    expect(storeDescription({})).toBe(
      `Results are stored in SQLite at ${resolve("data/cluster-crisis.sqlite")}.`,
    );
  });
});
