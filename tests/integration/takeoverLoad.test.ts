import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_PARALLEL_TAKEOVERS } from "../../server/cluster/takeover.ts";
import { startCluster, type TestCluster, temporaryDatabase } from "../support/cluster.ts";
import { Seat } from "../support/seat.ts";
import { until } from "./support.ts";

/** Waits for a takeover or a lease to lapse: a replay on a busy machine takes a while. */
const MOVE_LIMIT_MS = 120_000;

/**
 * Takeovers on a busy machine (the failover bench at load average 24–28 moved every workshop and
 * got none of their players back): a process that is slow but alive keeps its workshops, and the
 * workshops of a process that died are taken over side by side. Two real game-server processes
 * sharing a real redis-server and PostgreSQL, behind the entry proxy.
 */
describe("takeovers on a busy machine", () => {
  let cluster: TestCluster;
  let database: { url: string; drop(): Promise<void> };
  let redis: Redis;
  const seats: Seat[] = [];

  async function liveWorkshop(name: string): Promise<Seat> {
    const host = await Seat.host(cluster.proxyPort, { name, scenario: "first-light" });
    seats.push(host);
    await until(() => host.state.players?.size === 1);
    host.send("openBriefing", {});
    host.send("startRound", {});
    await until(() => host.state.phase === "live");
    return host;
  }
  const takeoverLines = (output: string) =>
    output.split("\n").filter((l) => l.includes('"event":"takeover.'));

  beforeAll(async () => {
    database = await temporaryDatabase(inject("postgresUrl"));
    cluster = await startCluster({ processes: 2, databaseUrl: database.url });
    redis = new Redis(cluster.redis.url);
  });

  afterAll(async () => {
    try {
      await Promise.all(seats.map((s) => s.leave()));
    } finally {
      redis?.disconnect();
      for (const p of cluster?.processes ?? []) p.child.kill("SIGCONT");
      await cluster?.stop();
      await database?.drop();
    }
  });

  it("a process stopped past its leases but still connected keeps its workshop: the other waits, and it carries on", async () => {
    const host = await liveWorkshop("Stalled");
    const guest = await Seat.join(cluster.proxyPort, host.code, "Guest");
    seats.push(guest);
    const code = host.code;
    const owner = cluster.processes.find((p) => p.port === host.owner)!;
    const other = cluster.processes.find((p) => p !== owner)!;
    // Stopped, as a starved event loop is, only longer: its Redis connection stays open.
    owner.child.kill("SIGSTOP");
    try {
      await until(async () => (await redis.get(`cc:ws:{${code}}:lease`)) === null, MOVE_LIMIT_MS);
      // Before the fix the other process took the workshop over here (its lease had lapsed).
      await until(
        () => takeoverLines(other.output).some((l) => l.includes('"takeover.waiting"') && l.includes(code)),
        MOVE_LIMIT_MS,
      );
    } finally {
      owner.child.kill("SIGCONT");
    }
    // It renews its lease under the same fencing token, and the round goes on where it was.
    await until(async () => (await redis.get(`cc:ws:{${code}}:lease`)) !== null, MOVE_LIMIT_MS);
    expect(await redis.get(`cc:ws:{${code}}:fence`)).toBe("1");
    const at = host.state.timeMs;
    await until(() => host.state.timeMs > at, MOVE_LIMIT_MS);
    expect(
      takeoverLines(other.output).filter((l) => l.includes('"takeover.start"') && l.includes(code)),
    ).toEqual([]);
    for (const seat of [host, guest]) {
      expect(seat.backs).toBe(0);
      expect(seat.connected).toBe(true);
      expect(seat.owner).toBe(owner.port);
    }
  }, 300_000);

  it("the workshops of a process that died are taken over side by side: one's replay does not hold up the next", async () => {
    // (Before the fix the survivor replayed them one after another, in one pass.)
    const victim = cluster.processes[0]!;
    const survivor = cluster.processes[1]!;
    const hosts: Seat[] = [];
    for (let i = 0; i < 12 && hosts.length < 3; i++) {
      const host = await liveWorkshop(`Mover ${i}`);
      if (host.owner === victim.port) hosts.push(host);
    }
    expect(hosts.length).toBe(3);
    const codes = hosts.map((h) => h.code);
    await victim.kill();
    const lines = () => takeoverLines(survivor.output).filter((l) => codes.some((c) => l.includes(c)));
    await until(
      () => codes.every((c) => lines().some((l) => l.includes('"takeover.end"') && l.includes(c))),
      MOVE_LIMIT_MS,
    );
    // Each replayed once, and never more than DEFAULT_PARALLEL_TAKEOVERS at a time. Whether two
    // overlap depends on when each lease lapses, so the log's order is not asserted.
    let running = 0;
    let most = 0;
    for (const l of lines()) {
      if (l.includes('"takeover.start"')) most = Math.max(most, ++running);
      if (l.includes('"takeover.end"')) running--;
    }
    expect(lines().filter((l) => l.includes('"takeover.start"'))).toHaveLength(3);
    expect(most).toBeLessThanOrEqual(DEFAULT_PARALLEL_TAKEOVERS);
    // Exactly one acquisition each, and the players are back in their rounds.
    for (const code of codes) expect(await redis.get(`cc:ws:{${code}}:fence`)).toBe("2");
    await until(
      () => hosts.every((h) => h.backs === 1 && h.connected && h.owner === survivor.port),
      MOVE_LIMIT_MS,
    );
  }, 300_000);
});
