import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type LocalRedis, startLocalRedis } from "../../server/cluster/localRedis.ts";
import {
  FencedError,
  RoundLogError,
  type RoundLogRecord,
  type RoundLogStore,
  roundHistory,
} from "../../server/rounds/log.ts";
import { RedisRoundLog } from "../../server/rounds/redisLog.ts";
import { SqlRoundLog } from "../../server/rounds/sqlLog.ts";
import { PostgresStore } from "../../server/store/postgres.ts";
import { SqliteStore } from "../../server/store/sqlite.ts";
import { temporaryDatabase } from "../support/cluster.ts";

const tick = (t: number): RoundLogRecord => ({ kind: "tick", t, energy: 8 });
const round: RoundLogRecord = {
  kind: "round",
  scenario: "first-light",
  version: 3,
  seed: 1,
  period: "2026-W50",
  scripted: true,
};

/**
 * The round log's storage, on the real engines: a throwaway redis-server, a SQLite file, and the
 * test PostgreSQL. Two store instances stand for two processes (each its own connection).
 */
describe.each(["Redis", "SQLite", "PostgreSQL"] as const)(
  "the round log in %s: leases and fencing",
  (engine) => {
    let a: RoundLogStore;
    let b: RoundLogStore;
    /** Writes a record that is not one, straight into the storage. */
    let corrupt: (workshop: string) => Promise<void>;
    let cleanUp: () => Promise<void>;

    beforeAll(async () => {
      if (engine === "Redis") {
        const redis: LocalRedis = await startLocalRedis();
        a = new RedisRoundLog(redis.url);
        b = new RedisRoundLog(redis.url);
        const raw = new Redis(redis.url);
        corrupt = async (w) => void (await raw.xadd(`cc:ws:{${w}}:log`, "*", "r", '{"kind":"tick","t":-5}'));
        cleanUp = async () => {
          raw.disconnect();
          await redis.stop();
        };
      } else if (engine === "SQLite") {
        const dir = mkdtempSync(join(tmpdir(), "cluster-crisis-roundlog-"));
        const path = join(dir, "results.sqlite");
        const store = new SqliteStore(path);
        a = SqlRoundLog.sqlite(path);
        b = SqlRoundLog.sqlite(path);
        const raw = new DatabaseSync(path);
        corrupt = async (w) =>
          void raw
            .prepare(
              "INSERT INTO workshop_log (workshop, seq, written_at, record) VALUES (?, 1000, 0, 'not json')",
            )
            .run(w);
        cleanUp = async () => {
          raw.close();
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        };
      } else {
        const database = await temporaryDatabase(inject("postgresUrl"));
        const store = await PostgresStore.open(database.url);
        a = SqlRoundLog.postgres(database.url);
        b = SqlRoundLog.postgres(database.url);
        const raw = new pg.Pool({ connectionString: database.url, max: 1 });
        corrupt = async (w) =>
          void (await raw.query("INSERT INTO workshop_log VALUES ($1, 1000, 0, 'not json')", [w]));
        cleanUp = async () => {
          await raw.end();
          await store.close();
          await database.drop();
        };
      }
    });

    afterAll(async () => {
      await a?.shutdown();
      await b?.shutdown();
      await cleanUp?.();
    });

    it("gives a new workshop code once, and keeps its records in order", async () => {
      const lease = await a.acquire("NEW-001", "p1", "new");
      expect(lease).toEqual({ workshop: "NEW-001", holder: "p1", fence: 1 });
      expect(await b.acquire("NEW-001", "p2", "new")).toBeNull();
      await a.append(lease!, [round, tick(100)], true);
      await a.append(lease!, [tick(200)], false);
      const entries = await b.read("NEW-001");
      expect(entries.map((e) => e.record)).toEqual([round, tick(100), tick(200)]);
      expect(entries.every((e) => e.writtenAt > 0)).toBe(true);
    });

    it("lets exactly one of two processes racing for a dead process's workshop take it", async () => {
      for (let i = 0; i < 10; i++) {
        const workshop = `RCE-${String(i).padStart(3, "0")}`;
        const first = await a.acquire(workshop, "dead", "new");
        await a.append(first!, [round], true);
        // Both surviving processes try at once, several times each.
        const tries = await Promise.all(
          Array.from({ length: 8 }, (_, k) => (k % 2 === 0 ? a : b).acquire(workshop, `p${k % 2}`, "dead")),
        );
        const won = tries.filter((l) => l !== null);
        expect(won).toHaveLength(1);
        expect(won[0]!.fence).toBe(2);
        expect((await a.leases()).find((l) => l.workshop === workshop)?.holder).toBe(won[0]!.holder);
      }
    });

    it("refuses the stale writer: its appends and renewals, once another took the workshop", async () => {
      const old = (await a.acquire("OLD-001", "p1", "new"))!;
      await a.append(old, [round, tick(100)], true);
      expect(await b.acquire("OLD-001", "p2", null)).toBeNull(); // still held, not expired
      const taken = (await b.acquire("OLD-001", "p2", "p1"))!;
      expect(taken.fence).toBe(2);
      await expect(a.append(old, [tick(200)], false)).rejects.toBeInstanceOf(FencedError);
      expect(await a.renew(old)).toBe(false);
      await b.append(taken, [tick(300)], false);
      expect((await b.read("OLD-001")).map((e) => e.record)).toEqual([round, tick(100), tick(300)]);
      expect(await b.renew(taken)).toBe(true);
    });

    it("starts each round's log afresh, and releases and closes a workshop", async () => {
      const lease = (await a.acquire("RND-001", "p1", "new"))!;
      await a.append(lease, [round, tick(100), tick(200)], true);
      await a.append(lease, [round, tick(50)], true);
      const history = roundHistory(
        await a.read("RND-001").then((e) => [{ writtenAt: 1, record: workshop() }, ...e]),
      );
      expect(history.ticks.map((t) => t.t)).toEqual([50]);

      await a.release(lease);
      expect((await b.leases()).find((l) => l.workshop === "RND-001")?.holder).toBeNull();
      const next = (await b.acquire("RND-001", "p2", null))!;
      expect(next.fence).toBe(2);
      await b.close(next);
      expect((await a.leases()).some((l) => l.workshop === "RND-001")).toBe(false);
      expect(await a.read("RND-001")).toEqual([]);
    });

    it("keeps only a round's latest keyframe, which a takeover starts from", async () => {
      const lease = (await a.acquire("KEY-001", "p1", "new"))!;
      await a.append(lease, [round, tick(100), keyframe(100), tick(200)], true);
      await a.append(lease, [tick(300), keyframe(300)], false);
      await a.append(lease, [tick(400)], false);
      const records = (await b.read("KEY-001")).map((e) => e.record);
      expect(records).toEqual([round, tick(100), tick(200), tick(300), keyframe(300), tick(400)]);
      const history = roundHistory([
        { writtenAt: 1, record: workshop() },
        ...records.map((r) => ({ writtenAt: 2, record: r })),
      ]);
      // It follows the round's third tick: the takeover replays the fourth only.
      expect(history.keyframe).toEqual({ record: keyframe(300), ticks: 3 });
      // A new round's log starts without one.
      await a.append(lease, [round, tick(50)], true);
      expect((await b.read("KEY-001")).map((e) => e.record)).toEqual([round, tick(50)]);
      await a.close(lease);
    });

    it("refuses to read back a record that is not one", async () => {
      const lease = (await a.acquire("BAD-001", "p1", "new"))!;
      await a.append(lease, [round], true);
      await corrupt("BAD-001");
      await expect(a.read("BAD-001")).rejects.toBeInstanceOf(RoundLogError);
    });
  },
);

/** A keyframe of a tiny World (its contents are checked by restoring it, not by the log). */
function keyframe(t: number): RoundLogRecord {
  return {
    kind: "keyframe",
    t,
    world: { scenario: "first-light", seed: 1, time: t } as never,
    keeper: {
      allowed: null,
      failed: 0,
      timeToRecoveryMs: null,
      byRole: { scheduler: 0, operator: 0, chaos: 0, facilitator: 0 },
    },
    milestones: {
      found: [],
      unwritableSince: null,
      quorumLostTold: false,
      breachedSince: [],
      goodSince: [],
      notReady: [],
      eventsSeen: 0,
      evictions: [],
    },
    risks: [["etcdNoQuorum", t]],
    shown: [{ time: 0, kind: "incidentStart", detail: "" }],
  };
}

function workshop(): RoundLogRecord {
  return {
    kind: "workshop",
    cause: "created",
    atMs: 0,
    uid: "u1",
    listed: false,
    seats: {},
    workshop: {
      solo: false,
      phase: "live",
      paused: false,
      speed: 1,
      rolesLocked: false,
      seed: 1,
      scenario: "first-light",
      round: 1,
      facilitator: null,
      joined: 0,
      players: [],
    },
  };
}
