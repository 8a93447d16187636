import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { pathToFileURL } from "node:url";
import type { Room } from "@colyseus/sdk";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GameServerProcess } from "../../server/cluster/processes.ts";
import { PROCESS_GONE_CODE, PROCESS_GONE_REASON } from "../../server/cluster/proxy.ts";
import type { IncidentRoom } from "../../server/rooms/IncidentRoom.ts";
import type { IncidentState } from "../../shared/state/incidentState.ts";
import {
  clientVia,
  ownerPort,
  startCluster,
  type TestCluster,
  temporaryDatabase,
} from "../support/cluster.ts";
import { freePort } from "../support/server.ts";
import { until } from "./support.ts";

type Player = Room<IncidentRoom, IncidentState>;

/**
 * Two real game-server processes (`node server/main.ts`) sharing matchmaking through a real
 * redis-server and results through PostgreSQL, behind the entry proxy, all on loopback.
 */
describe("two game-server processes sharing matchmaking through Redis", () => {
  let cluster: TestCluster;
  let database: { url: string; drop(): Promise<void> };
  let db: pg.Pool;
  const players: Player[] = [];
  /** The team whose round the third test stores. */
  const team = `Crossers ${Date.now()}`;
  const port = (i: number) => cluster.processes[i]!.port;
  const other = (p: number) => cluster.processes.find((s) => s.port !== p)!.port;

  /** A workshop created through the process on `via`; the host is its facilitator. */
  async function host(via: number, name: string, listed = false): Promise<{ room: Player; owner: number }> {
    const { client, sockets } = clientVia(via);
    const room = (await client.create("incident", { name, ...(listed && { public: true }) })) as Player;
    players.push(room);
    return { room, owner: ownerPort(sockets.at(-1)) };
  }
  async function join(via: number, code: string, name: string): Promise<{ room: Player; owner: number }> {
    const { client, sockets } = clientVia(via);
    const room = (await client.joinById(code, { name })) as Player;
    players.push(room);
    return { room, owner: ownerPort(sockets.at(-1)) };
  }

  beforeAll(async () => {
    database = await temporaryDatabase(inject("postgresUrl"));
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    cluster = await startCluster({ processes: 2, databaseUrl: database.url });
  });

  afterAll(async () => {
    try {
      for (const room of players) room.reconnection.enabled = false;
      const leave = (room: Player) =>
        Promise.race([room.leave().catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
      await Promise.all(players.map(leave));
    } finally {
      await cluster?.stop();
      await db?.end();
      await database?.drop();
    }
  });

  it("checks at start-up, and logs, that matchmaking really runs on Redis", async () => {
    // The line comes after the port opens (the check asks Redis first): waited for, not read.
    const line = `Matchmaking is shared through Redis at ${cluster.redis.url} (RedisPresence + RedisDriver)`;
    for (const server of cluster.processes) await until(() => server.output.includes(line));
    // Redis unreachable, or the Redis presence package failing to load: the process refuses to
    // start, never falls back to local, single-process matchmaking.
    const dir = mkdtempSync(joinPath(tmpdir(), "cluster-crisis-hook-"));
    try {
      const hooks = joinPath(dir, "hooks.mjs");
      writeFileSync(
        hooks,
        "export async function resolve(specifier, context, next) {\n" +
          '  if (specifier === "@colyseus/redis-presence") throw new Error("blocked by the test");\n' +
          "  return next(specifier, context);\n}\n",
      );
      const register = joinPath(dir, "register.mjs");
      writeFileSync(
        register,
        `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
      );
      const unreachable = new GameServerProcess({
        port: await freePort(),
        env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, DATABASE_URL: database.url },
      });
      const broken = new GameServerProcess({
        port: await freePort(),
        env: {
          REDIS_URL: cluster.redis.url,
          DATABASE_URL: database.url,
          NODE_OPTIONS: `--import ${pathToFileURL(register).href}`,
        },
      });
      const [unreachableExit, brokenExit] = await Promise.all([unreachable.exited, broken.exited]);
      expect(unreachableExit.code).toBe(1);
      expect(unreachable.output).toContain("REDIS_URL is set but Redis at redis://127.0.0.1:");
      expect(unreachable.output).toContain("is not usable");
      expect(brokenExit.code).toBe(1);
      expect(broken.output).toContain("REDIS_URL is set but @colyseus/redis-presence could not be loaded");
      expect(broken.output).toContain("blocked by the test");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("spreads workshops over both processes, and joins each by its code through the other process", async () => {
    const created = [];
    for (let i = 0; i < 4; i++) created.push(await host(port(0), `Host ${i}`, true));
    expect(new Set(created.map((w) => w.owner))).toEqual(new Set([port(0), port(1)]));
    for (const [i, workshop] of created.entries()) {
      const guest = await join(port(1), workshop.room.roomId, `Guest ${i}`);
      // The guest asked process 1, and its WebSocket went to the room's process through the proxy.
      expect(guest.owner).toBe(workshop.owner);
      await until(() => workshop.room.state.players.get(guest.room.sessionId)?.name === `Guest ${i}`);
      // The guest's own first state may come after the host sees them join: waited for, not read.
      await until(() => guest.room.state.facilitator !== undefined);
      expect(guest.room.state.facilitator).toBe(workshop.room.sessionId);
    }
    // Either process lists every open workshop, wherever it lives.
    const listed = async (p: number) =>
      (
        (await (await fetch(`http://127.0.0.1:${p}/api/workshops`)).json()) as {
          workshops: { code: string }[];
        }
      ).workshops
        .map((w) => w.code)
        .sort();
    const codes = created.map((w) => w.room.roomId).sort();
    expect(await listed(port(0))).toEqual(codes);
    expect(await listed(port(1))).toEqual(codes);
  });

  it("keeps the facilitator's controls and reconnection working across processes", async () => {
    const workshop = await host(port(0), "Facilitator");
    const code = workshop.room.roomId;
    const elsewhere = other(workshop.owner);
    const guest = await join(elsewhere, code, "Guest");
    let facilitator = workshop.room;

    // A player drops and comes back through the process that does not own the room.
    guest.room.reconnection.enabled = false;
    guest.room.connection.close(4100, "network dropped");
    await until(() => facilitator.state.players?.get(guest.room.sessionId)?.connected === false);
    const back = (await clientVia(elsewhere).client.reconnect(guest.room.reconnectionToken)) as Player;
    players.push(back);
    await until(() => facilitator.state.players?.get(back.sessionId)?.connected === true);
    expect(back.sessionId).toBe(guest.room.sessionId);

    // The facilitator drops, reconnects through the other process, and still runs the workshop.
    facilitator.reconnection.enabled = false;
    facilitator.connection.close(4100, "network dropped");
    await until(() => back.state.players?.get(workshop.room.sessionId)?.connected === false);
    facilitator = (await clientVia(elsewhere).client.reconnect(workshop.room.reconnectionToken)) as Player;
    players.push(facilitator);
    expect(facilitator.sessionId).toBe(workshop.room.sessionId);
    await until(() => back.state.facilitator === facilitator.sessionId);

    facilitator.send("chooseRoles", { roles: ["operator"] });
    back.send("chooseRoles", { roles: ["scheduler"] });
    facilitator.send("openBriefing", {});
    facilitator.send("startRound", {});
    await until(() => back.state.phase === "live");
    facilitator.send("pause", {});
    await until(() => back.state.paused);
    facilitator.send("resume", {});
    await until(() => !back.state.paused);
    facilitator.send("endRound", {});
    await until(() => back.state.phase === "debrief");
  });

  it("plays a round across the two processes and stores exactly one result in PostgreSQL", async () => {
    const workshop = await host(port(1), team);
    const guest = await join(other(workshop.owner), workshop.room.roomId, "Far Guest");
    const facilitator = workshop.room;
    facilitator.send("chooseRoles", { roles: ["operator"] });
    guest.room.send("chooseRoles", { roles: ["scheduler"] });
    facilitator.send("openBriefing", {});
    facilitator.send("startRound", {});
    await until(() => guest.room.state.phase === "live");
    // First Light's playbook (shared/scenarios/playbooks/first-light.jsonl): once node-a2 has lost
    // power (2:00), delete it (the shop's PodDisruptionBudget holds its web pods against a drain)
    // and make room; that wins whenever it is done before about 5:00.
    facilitator.send("setSpeed", { speed: 10 });
    await until(() => guest.room.state.timeMs >= 125_000);
    facilitator.send("command", { type: "removeNode", node: "node-a2" });
    facilitator.send("command", { type: "scale", deployment: "worker", replicas: 12 });
    facilitator.send("setSpeed", { speed: 60 });
    await until(() => guest.room.state.phase === "debrief");
    expect(guest.room.state.outcome).toBe("resolved");
    await until(() => guest.room.state.score.resultId > 0);

    const rows = async () =>
      (
        await db.query<{ id: string; scenario_id: string; members: string[]; verified: number }>(
          "SELECT id, scenario_id, members, verified FROM rounds WHERE team = $1",
          [team],
        )
      ).rows;
    await until(async () => (await rows())[0]?.verified === 1);
    const stored = await rows();
    expect(stored).toHaveLength(1);
    expect(Number(stored[0]!.id)).toBe(guest.room.state.score.resultId);
    expect(stored[0]).toMatchObject({ scenario_id: "first-light", members: [team, "Far Guest"] });
  });

  it("when one process dies: its players are told, the other keeps serving and takes its workshop over, stored results stay", async () => {
    // Every stored round settled first (verified, or rejected and removed by its replay).
    await until(
      async () => (await db.query("SELECT 1 FROM rounds WHERE verified = 0")).rowCount === 0,
      10_000,
    );
    const before = (await db.query("SELECT id, team, verified, world_hash FROM rounds ORDER BY id")).rows;
    expect(before.length).toBeGreaterThan(0);

    // One workshop on each process, each with a guest who came in through the other process.
    let doomed: { room: Player; owner: number } | undefined;
    let spared: { room: Player; owner: number } | undefined;
    for (let i = 0; i < 6 && !(doomed && spared); i++) {
      const w = await host(port(0), `Host ${i}`);
      if (w.owner === port(0)) doomed ??= w;
      else spared ??= w;
    }
    if (!doomed || !spared) throw new Error("workshops did not spread over both processes");
    const doomedGuest = await join(port(1), doomed.room.roomId, "Doomed Guest");
    const sparedGuest = await join(port(0), spared.room.roomId, "Spared Guest");
    await until(() => sparedGuest.room.state.players?.size === 2);

    const told = (room: Player) =>
      new Promise<[number, string | undefined]>((resolve) => room.onLeave((c, r) => resolve([c, r])));
    const hostTold = told(doomed.room);
    const guestTold = told(doomedGuest.room);
    await cluster.processes[0]!.kill();

    // Players of the dead process's workshop are told at once, with a reason.
    expect(await hostTold).toEqual([PROCESS_GONE_CODE, PROCESS_GONE_REASON]);
    expect(await guestTold).toEqual([PROCESS_GONE_CODE, PROCESS_GONE_REASON]);

    // The other process keeps its workshop going…
    spared.room.send("chooseRoles", { roles: ["operator", "scheduler"] });
    await until(() => sparedGuest.room.state.players.get(spared.room.sessionId)?.scheduler === true);
    expect(sparedGuest.room.connection.isOpen).toBe(true);
    // …and serves new ones, through itself and through the entry proxy.
    const fresh = await host(port(1), "After");
    expect(fresh.owner).toBe(port(1));
    const viaProxy = await join(cluster.proxyPort, fresh.room.roomId, "Via Proxy");
    await until(() => fresh.room.state.players.get(viaProxy.room.sessionId) !== undefined);
    const health = await fetch(`http://127.0.0.1:${cluster.proxyPort}/healthz`);
    expect(health.ok).toBe(true);

    // The dead workshop's code leads to the same workshop, taken over by the living process
    // (server/cluster/takeover.ts; tests/integration/takeover.test.ts follows its players back).
    let late: { room: Player; owner: number } | undefined;
    await until(async () => {
      late = await join(port(1), doomed.room.roomId, "Late").catch(() => undefined);
      return late !== undefined;
    }, 60_000);
    expect(late!.owner).toBe(port(1));
    await until(() => late!.room.state.players?.get(late!.room.sessionId)?.name === "Late");
    expect([...late!.room.state.players.values()].map((p) => p.name)).toContain("Doomed Guest");

    // Results stored before are intact, and still on the leaderboard.
    const after = (await db.query("SELECT id, team, verified, world_hash FROM rounds ORDER BY id")).rows;
    expect(after).toEqual(before);
    const board = (await (
      await fetch(`http://127.0.0.1:${cluster.proxyPort}/api/leaderboards/scenario:first-light`)
    ).json()) as { rows: { team: string }[] };
    expect(board.rows.map((r) => r.team)).toContain(team);
  });
});
