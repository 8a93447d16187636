/**
 * The PostgreSQL store keeps a result whose write the server refuses and writes it again until it
 * lands (issue 18, item 12, as the SQLite store does: server/store/kept.ts). On the real
 * PostgreSQL: a CHECK constraint refuses the write, and dropping it lets the kept write land.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PostgresStore } from "../../server/store/postgres.ts";
import { until } from "./support.ts";

const url = () => inject("postgresUrl").replace(/\/postgres$/, "/kept_writes");
let admin: pg.Client;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: inject("postgresUrl") });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS kept_writes");
  await admin.query("CREATE DATABASE kept_writes");
});

afterAll(async () => {
  await admin.query("DROP DATABASE IF EXISTS kept_writes WITH (FORCE)");
  await admin.end();
});

describe("the PostgreSQL store", () => {
  it("keeps a puzzle result the server refused, and writes it once the server takes it", async () => {
    const store = await PostgresStore.open(url());
    const db = new pg.Client({ connectionString: url() });
    await db.connect();
    try {
      await db.query("ALTER TABLE puzzle_results ADD CONSTRAINT refuse_kept CHECK (player <> 'Kept')");
      let id: number | undefined;
      let failed: unknown;
      const saving = store
        .savePuzzle({
          puzzleId: "taints-1",
          puzzleVersion: 1,
          player: "Kept",
          moves: 5,
          timeMs: 30_000,
          stars: 3,
          finishedAt: new Date("2026-12-07T10:00:00Z"),
        })
        .then(
          (written) => {
            id = written;
          },
          (error) => {
            failed = error;
          },
        );
      await until(() => store.keptResults === 1 || failed !== undefined);
      expect(failed).toBeUndefined();
      expect(id).toBeUndefined();
      await db.query("ALTER TABLE puzzle_results DROP CONSTRAINT refuse_kept");
      await saving;
      expect(failed).toBeUndefined();
      expect(store.keptResults).toBe(0);
      const { rows } = await db.query("SELECT id, player FROM puzzle_results");
      expect(rows).toEqual([{ id, player: "Kept" }]);
    } finally {
      await db.end();
      await store.close();
    }
  });
});
