import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioCatalog } from "../../server/rooms/catalog.ts";
import { boardOf, boardSeed, periodOf } from "../../server/rounds/boards.ts";
import { RoundRecorder, Verifier } from "../../server/rounds/recorder.ts";
import { verifyRound } from "../../server/rounds/verify.ts";
import { faultsPlayed } from "../../server/store/rows.ts";
import type { RoundResult } from "../../server/store/types.ts";
import type { Command } from "../../shared/sim/commands.ts";
import { runWorld, type WorldLoggedCommand } from "../../shared/sim/world/runner.ts";
import type { IncidentState } from "../../shared/state/incidentState.ts";
import { freePort, temporaryStore } from "../support/server.ts";
import { until } from "./support.ts";

/** This week's First Light board, and the seed it plays. */
const week = periodOf(new Date());
const weekSeed = boardSeed("first-light", week);

/**
 * A round of First Light as a room would store it: its score is what the World computed; on the
 * week's seed, with actions and no fault beyond the script, it claims the week's board.
 */
function genuineRound(seed: number, commands: [number, Command][], durationMs = 300_000): RoundResult {
  const scenario = scenarioCatalog.get("first-light")!;
  const commandLog: WorldLoggedCommand[] = commands.map(([at, command]) => ({ at, player: "p1", command }));
  const { score, hash, outcome } = runWorld(scenario, seed, commandLog, durationMs);
  return {
    board:
      seed === weekSeed && commands.length > 0 && faultsPlayed(commandLog) === 0
        ? boardOf(scenario.id, week)
        : null,
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    seed,
    commandLog,
    durationMs,
    scripted: true,
    worldHash: hash,
    team: "Blue",
    members: ["Blue"],
    outcome: outcome ?? "ended",
    timeToRecoveryMs: score.timeToRecoveryMs,
    budgetSpent: score.budgetSpent,
    actions: score.actions,
    finishedAt: new Date("2026-12-03T10:00:00Z"),
  };
}

const cordon: [number, Command] = [1_000, { type: "cordon", node: "node-a1" }];
/** First Light's playbook: the dead node deleted (its budget holds it against a drain), the report workers scaled down to make room. */
const playbook: [number, Command][] = [
  [125_000, { type: "removeNode", node: "node-a2" }],
  [126_000, { type: "scale", deployment: "worker", replicas: 12 }],
];

describe("a score is never taken on trust: the server replays every stored round", () => {
  const genuine = genuineRound(weekSeed, playbook);

  it("accepts a round whose log replays to its score", () => {
    expect(genuine.timeToRecoveryMs).not.toBeNull();
    expect(genuine.board).toBe(`first-light@${week}`);
    expect(verifyRound(genuine)).toEqual({ ok: true });
    // Practice on another seed is believed too, and ranks nowhere.
    expect(verifyRound(genuineRound(5, [cordon]))).toEqual({ ok: true });
  });

  it.each<[string, Partial<RoundResult>, string]>([
    ["a faster recovery than the log gives", { timeToRecoveryMs: 1_000 }, "does not match its command log"],
    ["less budget spent", { budgetSpent: 0 }, "does not match"],
    ["another outcome", { outcome: "failed" }, "does not match"],
    ["fewer actions", { actions: 0 }, "does not match"],
    ["another seed", { seed: 6 }, "does not reach the cluster"],
    [
      "a practice round claiming the week's board",
      { ...genuineRound(5, playbook), board: `first-light@${week}` },
      "does not qualify for",
    ],
    ["a board of another week than its seed's", { board: "first-light@2020-W01" }, "does not qualify for"],
    ["another scenario's board", { board: `zone-down@${week}` }, "does not qualify for"],
    [
      "a tampered log (a command added)",
      {
        commandLog: [
          ...genuine.commandLog,
          { at: 200_000, player: "p1", command: { type: "cordon", node: "node-b1" } },
        ],
      },
      "does not reach the cluster",
    ],
    [
      "a command the cluster refuses",
      { commandLog: [{ at: 1_000, player: "p1", command: { type: "cordon", node: "node-z9" } }] },
      "refused by the cluster",
    ],
    [
      "time going back in the log",
      {
        commandLog: [
          { at: 5_000, player: "p1", command: { type: "cordon", node: "node-a1" } },
          { at: 1_000, player: "p1", command: { type: "cordon", node: "node-b1" } },
        ],
      },
      "out of order",
    ],
    ["a round longer than the scenario allows", { durationMs: 99 * 60_000 }, "lasts at most"],
    ["another version of the scenario", { scenarioVersion: 1 }, "at version"],
    ["a scenario this server does not have", { scenarioId: "moon-base" }, "no scenario"],
    [
      "a round that never happened (recovered with nothing done, in no time)",
      { commandLog: [], timeToRecoveryMs: 1, budgetSpent: 0, actions: 0 },
      "does not reach the cluster",
    ],
  ])("rejects %s", (_what, change, reason) => {
    const verdict = verifyRound({ ...genuine, ...change });
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? "" : verdict.reason).toContain(reason);
  });

  it("writes a round at once as pending, ranks it once its replay agrees, and deletes a forged one", async () => {
    const store = temporaryStore();
    const verifier = new Verifier();
    const recorder = new RoundRecorder(store, verifier);
    try {
      const forgedId = await recorder.record({
        ...genuine,
        team: "Forger",
        members: ["Forger"],
        timeToRecoveryMs: 1,
      });
      const goodId = await recorder.record(genuine);
      expect((await store.pendingRounds()).map((r) => r.id)).toEqual(
        expect.arrayContaining([forgedId, goodId]),
      );
      await recorder.idle();
      expect(await store.getRound(forgedId)).toBeUndefined();
      expect(
        (await store.scenarioBoard(boardOf("first-light", week))).map((r) => [r.roundId, r.team]),
      ).toEqual([[goodId, "Blue"]]);
    } finally {
      await verifier.close();
      await store.close();
    }
  });
});

describe("a round in which anyone played a fault beyond the script faced another incident (issue 18, item 4)", () => {
  it("is stored and verified, but does not rank on the scenario's board", async () => {
    const spike: Command = {
      type: "injectFault",
      card: "retry-storm",
      fault: { kind: "trafficSpike", service: "web", multiplier: 1.01 },
      durationMs: 1_000,
    };
    // On the week's seed, the playbook's round with one card played on top of the script.
    const played = {
      ...genuineRound(weekSeed, [...playbook, [127_000, spike]]),
      team: "Red",
      members: ["Red"],
    };
    expect(played.outcome).toBe("resolved");
    expect(played.board).toBeNull();
    // Claiming the week's board anyway is a forgery the replay sees through.
    expect(verifyRound({ ...played, board: boardOf("first-light", week) })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("injected"),
    });
    const store = temporaryStore();
    const verifier = new Verifier();
    const recorder = new RoundRecorder(store, verifier);
    try {
      const playedId = await recorder.record(played);
      const scriptedId = await recorder.record(genuineRound(weekSeed, playbook));
      await recorder.idle();
      expect(await store.pendingRounds()).toEqual([]);
      expect(await store.getRound(playedId)).toMatchObject({ team: "Red" });
      expect((await store.scenarioBoard(boardOf("first-light", week))).map((r) => r.roundId)).toEqual([
        scriptedId,
      ]);
    } finally {
      await verifier.close();
      await store.close();
    }
  });
});

describe("verification cannot be held up by one expensive round (issue 18, item 3)", () => {
  // A whole First Light round (its ten minutes) against one of a few seconds.
  const expensive = genuineRound(7, [cordon], scenarioCatalog.get("first-light")!.timeLimitMs);
  const cheap = genuineRound(8, [cordon], 2_000);

  it("replays rounds on a pool: a cheap round asked after an expensive one is verified first", async () => {
    const verifier = new Verifier({ workers: 2 });
    try {
      const order: string[] = [];
      await Promise.all([
        verifier.verify(expensive).then((v) => order.push(`expensive ${v.ok}`)),
        verifier.verify(cheap).then((v) => order.push(`cheap ${v.ok}`)),
      ]);
      expect(order).toEqual(["cheap true", "expensive true"]);
    } finally {
      await verifier.close();
    }
  });

  it("stops a replay past its bound and leaves the round pending: not ranked, not deleted", async () => {
    const store = temporaryStore();
    const verifier = new Verifier({ workers: 1, maxReplayMs: 1 });
    const recorder = new RoundRecorder(store, verifier);
    try {
      expect(await verifier.verify(expensive)).toEqual({
        ok: "unfinished",
        reason: "its replay ran past 0.001 s and was stopped",
      });
      const id = await recorder.record(expensive);
      await recorder.idle();
      expect((await store.pendingRounds()).map((r) => r.id)).toEqual([id]);
      expect(await store.scenarioBoard(boardOf("first-light", week))).toEqual([]);
    } finally {
      await verifier.close();
      await store.close();
    }
  });
});

describe("durability: a server killed right after a round keeps the result", () => {
  const dir = mkdtempSync(join(tmpdir(), "cluster-crisis-durable-"));
  const sqlite = join(dir, "results.sqlite");
  let server: ChildProcess | undefined;
  afterAll(() => {
    server?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(port: number): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["server/main.ts"], {
      env: { ...process.env, PORT: String(port), SQLITE_PATH: sqlite, CLUSTER_CRISIS_QUIET: "1" },
      stdio: "ignore",
    });
    // Booting takes seconds on a busy machine; a server that never answers is not left behind.
    await until(
      async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok === true,
      60_000,
    ).catch((error: unknown) => {
      child.kill("SIGKILL");
      throw error;
    });
    return child;
  }

  beforeAll(async () => {
    server = await start(await freePort());
  });

  it("SIGKILL as soon as the debrief shows; after a restart the round is verified and on the board", async () => {
    const port = await freePort();
    server?.kill("SIGKILL");
    server = await start(port);
    // No seed: the week's board seed, so the round ranks.
    const room = await new Client(`http://127.0.0.1:${port}`).create<IncidentState>("incident", {
      solo: true,
      name: "Night Shift",
    });
    await until(() => room.state?.phase === "briefing");
    room.send("startRound", {});
    await until(() => room.state?.phase === "live");
    expect(room.state.seed).toBe(room.state.boardSeed);
    room.send("setSpeed", { speed: 10 });
    // First Light's playbook: once its node is down, delete it (its budget holds its pods against a
    // drain) and make room for its pods.
    await until(() => room.state.nodes.get("node-a2")?.up === false, 60_000);
    room.send("command", { type: "removeNode", node: "node-a2" });
    room.send("command", { type: "scale", deployment: "worker", replicas: 12 });
    room.send("setSpeed", { speed: 60 });
    await until(() => room.state.phase === "debrief", 60_000);
    expect(room.state.outcome).toBe("resolved");
    expect(room.state.ranked).toBe(true);
    server.kill("SIGKILL");
    await new Promise((r) => server?.once("exit", r));

    const again = await freePort();
    server = await start(again);
    const board = async () =>
      (await (await fetch(`http://127.0.0.1:${again}/api/leaderboards/scenario:first-light`)).json()) as {
        rows: { team: string; timeToRecoveryMs: number }[];
      };
    await until(async () => (await board()).rows.length > 0);
    const [row] = (await board()).rows;
    expect(row?.team).toBe("Night Shift");
    expect(row?.timeToRecoveryMs).toBeGreaterThan(0);
  });
});
