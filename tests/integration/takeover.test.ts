import { Client } from "@colyseus/sdk";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { rejoin } from "../../client/net/rejoin.ts";
import { scenarioCatalog } from "../../server/rooms/catalog.ts";
import { KEYFRAME_EVERY_MS } from "../../server/rounds/log.ts";
import type { CommandResultMessage, ErrorMessage } from "../../shared/protocol/messages.ts";
import type { Command } from "../../shared/sim/commands.ts";
import { runWorld, type WorldLoggedCommand } from "../../shared/sim/world/runner.ts";
import { startCluster, type TestCluster, temporaryDatabase } from "../support/cluster.ts";
import { Seat } from "../support/seat.ts";
import { until, WAIT_LIMIT_MS } from "./support.ts";

/** Waits for the workshop's moves: longer than WAIT_LIMIT_MS, a takeover replays a round on a busy machine. */
const MOVE_LIMIT_MS = 90_000;
/** Waits for a round to play on to its end at 60×. */
const ROUND_LIMIT_MS = 150_000;

/**
 * Three real game-server processes (`node server/main.ts`) sharing matchmaking and round logs
 * through a real redis-server and results through PostgreSQL, behind the entry proxy; players
 * reconnect by themselves as the browser does (tests/support/seat.ts). A process is killed with
 * SIGKILL, as a crash would, and started again after each test.
 */
describe("a workshop outlives the death of its game-server process", () => {
  let cluster: TestCluster;
  let database: { url: string; drop(): Promise<void> };
  let db: pg.Pool;
  /** The cluster's Redis, to read the matchmaker's listings. */
  let redis: Redis;
  const seats: Seat[] = [];

  const processOn = (port: number) => cluster.processes.findIndex((p) => p.port === port);
  /** Kills the process that runs `seat`'s workshop, as a crash would; returns its port. */
  async function killOwner(seat: Seat): Promise<number> {
    const port = seat.owner;
    await cluster.processes[processOn(port)]!.kill();
    return port;
  }
  /** Every seat back in the workshop (its `backs`-th time) on a process other than `dead`. */
  async function allBack(group: Seat[], backs: number, dead: number): Promise<void> {
    try {
      await until(
        () =>
          group.every(
            (s) => s.backs === backs && s.connected && s.owner !== dead && s.state.players !== undefined,
          ),
        MOVE_LIMIT_MS,
      );
    } catch (error) {
      // Say what the processes said about the takeover, and where each player stands.
      const lines = cluster.processes.flatMap((p) =>
        p.output.split("\n").filter((l) => l.includes("takeover") || l.includes(group[0]!.code)),
      );
      const where = group.map(
        (s) => `backs ${s.backs}, connected ${s.connected}, gone ${JSON.stringify(s.gone)}`,
      );
      throw new Error(`${error}\n${where.join("\n")}\n${lines.slice(-40).join("\n")}`);
    }
  }
  /**
   * The process the matchmaker's listing of a workshop sends players to (the port in its public
   * address): a seat reservation routes the player's socket there.
   */
  async function listedPort(code: string): Promise<number> {
    const listing = JSON.parse((await redis.hget("roomcaches", code)) ?? "{}") as { publicAddress?: string };
    return Number(/\/p\/(\d+)$/.exec(listing.publicAddress ?? "")?.[1] ?? 0);
  }
  async function workshop(names: string[], options: Record<string, unknown>): Promise<Seat[]> {
    const host = await Seat.host(cluster.proxyPort, { name: names[0], ...options });
    const group = [host];
    for (const name of names.slice(1)) group.push(await Seat.join(cluster.proxyPort, host.code, name));
    seats.push(...group);
    await until(() => group.every((s) => s.state.players?.size === names.length));
    return group;
  }
  /**
   * Each seat chooses its roles; resolves once the facilitator's room shows them all. A choice travels
   * on the player's own socket, so a facilitator's startRound sent right after may overtake it (and
   * have it refused: roles do not change during a live round).
   */
  async function chooseRoles(host: Seat, choices: [Seat, ("operator" | "scheduler" | "chaos")[]][]) {
    for (const [seat, roles] of choices) seat.send("chooseRoles", { roles });
    await until(() =>
      choices.every(([seat, roles]) => {
        const seen = host.state.players.get(seat.room.sessionId);
        return seen !== undefined && roles.every((role) => seen[role]);
      }),
    );
  }
  /**
   * Sends a cluster command and resolves with the room's answer to it; fails with the room's words
   * if it refuses the message instead (an error, not an answer), or if no answer comes in time.
   */
  function command(seat: Seat, cmd: Command): Promise<CommandResultMessage> {
    return new Promise((resolve, reject) => {
      const room = seat.room;
      const done = () => {
        clearTimeout(timer);
        offResult();
        offError();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no answer to ${JSON.stringify(cmd)} within ${WAIT_LIMIT_MS} ms`));
      }, WAIT_LIMIT_MS);
      const offResult = room.onMessage("commandResult", (result: CommandResultMessage) => {
        if (result.type !== cmd.type) return;
        done();
        resolve(result);
      });
      const offError = room.onMessage("error", (error: ErrorMessage) => {
        done();
        reject(new Error(`${JSON.stringify(cmd)} refused: ${error.code}: ${error.message}`));
      });
      seat.send("command", cmd);
    });
  }

  beforeAll(async () => {
    database = await temporaryDatabase(inject("postgresUrl"));
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    cluster = await startCluster({ processes: 3, databaseUrl: database.url });
    redis = new Redis(cluster.redis.url);
  });

  afterAll(async () => {
    try {
      await Promise.all(seats.map((s) => s.leave()));
    } finally {
      redis?.disconnect();
      await cluster?.stop();
      await db?.end();
      await database?.drop();
    }
  });

  it("Launch Day, three players mid-round: kill -9 its process; all three are back on another at the same world time, nothing lost; the round is survived and ranks", async () => {
    const team = `Movers ${Date.now() % 100000}`;
    // No seed of its own: the round plays the week's board seed, and ranks there once moved.
    const [host, scheduler, operator] = await workshop([team, "Sched", "Second Op"], {
      scenario: "launch-day",
    });
    const code = host!.code;
    // A fourth player the facilitator removes before the crash: a takeover must not give the seat back.
    const kicked = await Seat.join(cluster.proxyPort, code, "Kicked");
    seats.push(kicked);
    await until(() => host!.state.players.size === 4);
    const kickedToken = kicked.room.reconnectionToken;
    host!.send("kick", { player: kicked.room.sessionId });
    await until(() => kicked.gone !== undefined && host!.state.players.size === 3);
    expect(kicked.gone?.why).toBe("seatGone");

    await chooseRoles(host!, [
      [host!, ["operator"]],
      [scheduler!, ["scheduler"]],
      [operator!, ["operator"]],
    ]);
    host!.send("openBriefing", {});
    host!.send("startRound", {});
    await until(() => host!.state.phase === "live");
    host!.send("setSpeed", { speed: 30 });

    // The written playbook's moves, from the launch's climb on (the round resolves with them).
    await until(() => host!.state.timeMs >= 130_000, MOVE_LIMIT_MS);
    const played = [
      [host, { type: "scale", deployment: "recommendations", replicas: 0 }],
      [
        host,
        {
          type: "setHpa",
          deployment: "storefront",
          minReplicas: 150,
          maxReplicas: 250,
          targetCPUUtilization: 0.6,
        },
      ],
      [
        operator,
        { type: "setHpa", deployment: "api", minReplicas: 90, maxReplicas: 200, targetCPUUtilization: 0.6 },
      ],
      [operator, { type: "scale", deployment: "checkout", replicas: 12 }],
    ] as const;
    for (const [seat, cmd] of played) expect((await command(seat!, cmd as Command)).accepted).toBe(true);
    await until(() => host!.state.timeline.length === 4);
    const before = host!.state.timeline
      .toArray()
      .map((e) => ({ at: e.at, command: e.command, node: e.node }));
    await until(() => host!.state.timeMs >= 200_000, MOVE_LIMIT_MS);

    const dead = await killOwner(host!);
    // What the players saw last, before their sockets closed.
    const lastSeen = Math.max(...[host, scheduler, operator].map((s) => s!.state.timeMs));
    await allBack([host!, scheduler!, operator!], 1, dead);

    // The same workshop, on another process, taken over once, at the world time last shown.
    for (const seat of [host, scheduler, operator]) expect(seat!.code).toBe(code);
    const move = host!.state.moves.at(0)!;
    expect(host!.state.moves.length).toBe(1);
    // Nothing is shown before it is logged: the round resumes where the players last saw it, or
    // at most the one tick (3 s of game time at 30×) whose record was stored as the process died.
    expect(move.atMs).toBeGreaterThanOrEqual(lastSeen);
    expect(move.atMs - lastSeen).toBeLessThanOrEqual(3_000);
    expect(host!.state.phase).toBe("live");
    expect(host!.state.players.get(host!.room.sessionId)?.name).toBe(team);
    expect(host!.state.facilitator).toBe(host!.room.sessionId);
    const after = host!.state.timeline.toArray().map((e) => ({ at: e.at, command: e.command, node: e.node }));
    expect(after.slice(0, 4)).toEqual(before);
    // The round waited for its players: once all were back it went on, the gap not counted.
    await until(() => host!.state.moves.at(0)!.gapMs > 0 && host!.state.timeMs > move.atMs);

    // The kicked player's seat did not come back with the workshop.
    const kickedAgain = await rejoin(new Client(`http://127.0.0.1:${cluster.proxyPort}`), kickedToken, {
      limitMs: 20_000,
    });
    expect(kickedAgain.ok).toBe(false);
    expect(!kickedAgain.ok && kickedAgain.why).toBe("seatGone");

    // The operator: where it took over, how long the replay took; its /metrics count it.
    const taker = cluster.processes.find((p) => p.port === host!.owner)!;
    const end = taker.output
      .split("\n")
      .find((l) => l.includes('"event":"takeover.end"') && l.includes(code));
    expect(end).toBeDefined();
    const ended = JSON.parse(end!) as {
      replayMs: number;
      commands: number;
      seats: number;
      worldMs: number;
      keyframeMs: number;
    };
    expect(ended.commands).toBe(4);
    // The World came from the round's latest keyframe (one every two minutes of world time), not a
    // replay from its start; the round then plays on to the digest a whole replay gives (below).
    expect(ended.keyframeMs).toBeGreaterThanOrEqual(KEYFRAME_EVERY_MS);
    expect(ended.keyframeMs).toBeLessThanOrEqual(ended.worldMs);
    expect(ended.seats).toBe(3);
    expect(ended.worldMs).toBe(move.atMs);
    expect(ended.replayMs).toBeGreaterThan(0);
    expect(taker.output).toContain('"event":"takeover.start"');
    const metrics = (await (await fetch(`http://127.0.0.1:${taker.port}/metrics`)).json()) as {
      takeovers: { completed: number };
    };
    expect(metrics.takeovers.completed).toBeGreaterThanOrEqual(1);

    // On to the end, faster: the round is survived (Launch Day is won by reaching its end), is
    // stored once, verified by replay, and ranks.
    host!.send("setSpeed", { speed: 60 });
    await until(() => host!.state.phase === "debrief", ROUND_LIMIT_MS);
    expect(host!.state.outcome).toBe("survived");
    await until(() => host!.state.score.resultId > 0);
    const rows = async () =>
      (await db.query("SELECT * FROM rounds WHERE team = $1", [team])).rows as Record<string, unknown>[];
    await until(async () => (await rows())[0]?.verified === 1, ROUND_LIMIT_MS);
    const [stored] = await rows();
    expect(await rows()).toHaveLength(1);
    const log = stored!.command_log as WorldLoggedCommand[];
    expect(log.map((c) => ({ at: c.at, command: c.command.type }))).toEqual(
      before.map((b) => ({ at: b.at, command: b.command })),
    );
    // The moved round replays to the very score and digest it was stored with, as any round does.
    const scenario = scenarioCatalog.get("launch-day")!;
    expect(Number(stored!.seed)).toBe(host!.state.boardSeed);
    expect(stored!.board).toBe(`launch-day@${host!.state.period}`);
    const replay = runWorld(scenario, Number(stored!.seed), log, Number(stored!.duration_ms));
    expect(replay.hash).toBe(stored!.world_hash);
    expect(replay.outcome).toBe("survived");
    expect(stored!.outcome).toBe("survived");
    const recovery = stored!.time_to_recovery_ms;
    expect(replay.score.timeToRecoveryMs ?? null).toBe(recovery === null ? null : Number(recovery));
    expect(replay.score.budgetSpent).toBe(Number(stored!.slo_burned));
    const board = (await (
      await fetch(`http://127.0.0.1:${cluster.proxyPort}/api/leaderboards/scenario:launch-day`)
    ).json()) as { rows: { team: string }[] };
    expect(board.rows.map((r) => r.team)).toContain(team);

    await cluster.revive(processOn(dead));
  }, 600_000);

  it("a kill during the briefing: both back in the briefing with their roles, and the round starts", async () => {
    const [host, guest] = await workshop(["Briefer", "Listener"], { scenario: "zone-down", seed: 77 });
    host!.send("chooseRoles", { roles: ["operator"] });
    guest!.send("chooseRoles", { roles: ["scheduler", "chaos"] });
    host!.send("openBriefing", {});
    await until(
      () =>
        guest!.state.phase === "briefing" && guest!.state.players.get(guest!.room.sessionId)?.chaos === true,
    );

    const dead = await killOwner(host!);
    await allBack([host!, guest!], 1, dead);
    expect(guest!.state.phase).toBe("briefing");
    expect(guest!.state.scenarioId).toBe("zone-down");
    expect(guest!.state.seed).toBe(77);
    expect(guest!.state.facilitator).toBe(host!.room.sessionId);
    const roles = guest!.state.players.get(guest!.room.sessionId)!;
    expect([roles.scheduler, roles.chaos, roles.operator]).toEqual([true, true, false]);
    // Nothing to mark on a round that had not started.
    expect(guest!.state.moves.length).toBe(0);

    host!.send("startRound", {});
    await until(() => guest!.state.phase === "live" && guest!.state.timeMs > 0);
    expect(guest!.state.scripted).toBe(false);
    await cluster.revive(processOn(dead));
  }, 300_000);

  it("a kill at a solo player's briefing card: back at the card, still solo, and the clock starts from it", async () => {
    const solo = await Seat.host(cluster.proxyPort, { solo: true, name: "Alone", scenario: "zone-down" });
    seats.push(solo);
    // A solo game opens on its briefing card; the clock waits for the player.
    await until(() => solo.state.phase === "briefing" && solo.state.players?.size === 1);
    expect(solo.state.solo).toBe(true);
    expect(solo.state.timeMs).toBe(0);

    const dead = await killOwner(solo);
    await allBack([solo], 1, dead);
    expect(solo.state.phase).toBe("briefing");
    // Still a solo game (the card offers the start and other scenarios), the player still defending.
    expect(solo.state.solo).toBe(true);
    expect(solo.state.facilitator).toBe(solo.room.sessionId);
    const me = solo.state.players.get(solo.room.sessionId)!;
    expect([me.scheduler, me.operator, me.chaos]).toEqual([true, true, false]);
    expect(solo.state.moves.length).toBe(0);

    solo.send("startRound", {});
    await until(() => solo.state.phase === "live" && solo.state.timeMs > 0);
    // The script plays chaos against the solo player, as before the move.
    expect(solo.state.scripted).toBe(true);
    await cluster.revive(processOn(dead));
  }, 300_000);

  it("a kill during the debrief: back in the same debrief, its result stored once", async () => {
    const team = `Debriefers ${Date.now() % 100000}`;
    const [host, guest] = await workshop([team, "Reader"], { scenario: "first-light", seed: 5 });
    await chooseRoles(host!, [
      [host!, ["operator"]],
      [guest!, ["scheduler"]],
    ]);
    host!.send("openBriefing", {});
    host!.send("startRound", {});
    await until(() => guest!.state.phase === "live");
    // First Light resolves by itself at about game minute 4: four seconds at 60×.
    host!.send("setSpeed", { speed: 60 });
    await until(() => guest!.state.phase === "debrief" && guest!.state.score.resultId > 0, ROUND_LIMIT_MS);
    const shown = {
      outcome: guest!.state.outcome,
      resultId: guest!.state.score.resultId,
      timeMs: guest!.state.timeMs,
      milestones: guest!.state.milestones.length,
    };

    const dead = await killOwner(host!);
    await allBack([host!, guest!], 1, dead);
    expect({
      outcome: guest!.state.outcome,
      resultId: guest!.state.score.resultId,
      timeMs: guest!.state.timeMs,
      milestones: guest!.state.milestones.length,
    }).toEqual(shown);
    expect(guest!.state.phase).toBe("debrief");
    const stored = await db.query("SELECT id FROM rounds WHERE team = $1", [team]);
    expect(stored.rows.map((r) => Number(r.id))).toEqual([shown.resultId]);
    // The facilitator carries on from the debrief.
    host!.send("openBriefing", {});
    await until(() => guest!.state.phase === "briefing");
    await cluster.revive(processOn(dead));
  }, 300_000);

  it("a workshop's listing that names another process is put right by the process that runs it", async () => {
    const [host] = await workshop(["Listed"], { scenario: "first-light", seed: 3 });
    const code = host!.code;
    await until(async () => (await listedPort(code)) === host!.owner);
    const listing = JSON.parse((await redis.hget("roomcaches", code))!) as {
      processId: string;
      publicAddress: string;
    };
    // As a process that lost the workshop to a takeover while stalled leaves it when a seat comes or
    // goes there before it learns so: under its own id and address. A player would be sent there.
    const other = cluster.processes.find((p) => p.port !== host!.owner && p.running)!;
    const channels = (await redis.pubsub("CHANNELS", "p:*")) as string[];
    const otherId = channels.map((c) => c.slice(2)).find((id) => id !== listing.processId)!;
    const stale = listing.publicAddress.replace(/\/p\/\d+$/, `/p/${other.port}`);
    await redis.hset(
      "roomcaches",
      code,
      JSON.stringify({ ...listing, processId: otherId, publicAddress: stale }),
    );
    await until(async () => (await listedPort(code)) === host!.owner);
    // A player joining by code reaches the workshop.
    const late = await Seat.join(cluster.proxyPort, code, "Late");
    seats.push(late);
    expect(late.owner).toBe(host!.owner);
    await until(() => host!.state.players.size === 2);
  }, 120_000);

  it("two kills in a row: the workshop moves twice, every command kept, both moves marked", async () => {
    const team = `Twice ${Date.now() % 100000}`;
    const [host, guest] = await workshop([team, "Steady"], { scenario: "first-light", seed: 9 });
    await chooseRoles(host!, [
      [host!, ["operator"]],
      [guest!, ["scheduler"]],
    ]);
    host!.send("openBriefing", {});
    host!.send("startRound", {});
    // The node is read from the host's own view: each seat's patches come on its own socket, and the
    // guest's may show the round live before the host's shows its nodes (the cordon then named no
    // node, was refused, and the test waited for an answer that never came).
    await until(() => guest!.state.phase === "live" && host!.state.nodes.size > 0);
    const node = [...host!.state.nodes.keys()].sort()[0]!;
    expect((await command(host!, { type: "cordon", node })).accepted).toBe(true);

    const first = await killOwner(host!);
    await allBack([host!, guest!], 1, first);
    // The listing names the process that took the workshop over, not the dead one (a peer sweeping
    // the dead one's listings may remove it for a moment; its owner puts it back).
    await until(async () => (await listedPort(host!.code)) === host!.owner);
    expect((await command(host!, { type: "uncordon", node })).accepted).toBe(true);
    const second = await killOwner(host!);
    await allBack([host!, guest!], 2, second);
    expect(host!.owner).not.toBe(first);
    await until(async () => (await listedPort(host!.code)) === host!.owner);
    expect((await command(host!, { type: "cordon", node })).accepted).toBe(true);
    await until(
      () => host!.state.moves.length === 2 && host!.state.moves.toArray().every((m) => m.gapMs > 0),
    );
    const [m1, m2] = host!.state.moves.toArray();
    expect(m2!.atMs).toBeGreaterThanOrEqual(m1!.atMs);

    host!.send("endRound", {});
    await until(() => host!.state.phase === "debrief" && host!.state.score.resultId > 0);
    const stored = (await db.query("SELECT command_log FROM rounds WHERE team = $1", [team])).rows;
    expect(stored).toHaveLength(1);
    expect((stored[0]!.command_log as WorldLoggedCommand[]).map((c) => c.command.type)).toEqual([
      "cordon",
      "uncordon",
      "cordon",
    ]);
    await cluster.revive(processOn(first));
    await cluster.revive(processOn(second));
  }, 400_000);
});

/**
 * Two surviving processes that both look for the dead one's workshops at once: both try to take
 * each over, and for each exactly one wins (the lease is taken atomically in Redis), the other
 * logs that it lost.
 */
describe("two surviving processes racing to take over", () => {
  let cluster: TestCluster;
  let database: { url: string; drop(): Promise<void> };
  const seats: Seat[] = [];

  beforeAll(async () => {
    database = await temporaryDatabase(inject("postgresUrl"));
    // No preferred taker: every process tries every orphaned workshop at once.
    cluster = await startCluster({
      processes: 3,
      databaseUrl: database.url,
      env: { TAKEOVER_STAGGER_MS: "0" },
    });
  });

  afterAll(async () => {
    try {
      await Promise.all(seats.map((s) => s.leave()));
    } finally {
      await cluster?.stop();
      await database?.drop();
    }
  });

  it("exactly one process takes each workshop", async () => {
    const victim = cluster.processes[0]!;
    const codes: string[] = [];
    // Where the matchmaker puts a new workshop depends on the processes' room counts as Redis last
    // heard them: host until four have landed on the victim, however unevenly they spread.
    for (let i = 0; i < 64 && codes.length < 4; i++) {
      const host = await Seat.host(cluster.proxyPort, { name: `Racer ${i}`, scenario: "first-light" });
      seats.push(host);
      if (host.owner === victim.port) {
        codes.push(host.code);
        host.send("openBriefing", {});
        host.send("startRound", {});
      }
    }
    expect(codes.length).toBe(4);
    const survivors = cluster.processes.slice(1);
    // Both survivors stand still while the victim dies, so that they look for its workshops together.
    for (const s of survivors) s.child.kill("SIGSTOP");
    await victim.kill();
    const redis = new Redis(cluster.redis.url);
    try {
      await until(async () => (await livePeers(redis)) === 2);
    } finally {
      redis.disconnect();
    }
    for (const s of survivors) s.child.kill("SIGCONT");

    const ends = () =>
      survivors.flatMap((s) => s.output.split("\n").filter((l) => l.includes('"event":"takeover.end"')));
    await until(() => codes.every((c) => ends().some((l) => l.includes(c))), MOVE_LIMIT_MS);
    for (const code of codes) {
      // One takeover per workshop, across both survivors…
      expect(ends().filter((l) => l.includes(`"workshop":"${code}"`))).toHaveLength(1);
    }
    // …and one acquisition of its lease: the fencing token went from the creator's 1 to 2, never 3
    // (whether the other survivor got to try before the first had it depends on the scheduler).
    const fences = new Redis(cluster.redis.url);
    try {
      for (const code of codes) expect(await fences.get(`cc:ws:{${code}}:fence`)).toBe("2");
    } finally {
      fences.disconnect();
    }
    // And the players come back to the one that won.
    await until(
      () => seats.filter((s) => codes.includes(s.code)).every((s) => s.backs === 1 && s.connected),
      MOVE_LIMIT_MS,
    );
  }, 300_000);
});

/** Processes subscribed to their matchmaking channel in Redis. */
async function livePeers(redis: Redis): Promise<number> {
  return ((await redis.pubsub("CHANNELS", "p:*")) as string[]).length;
}
