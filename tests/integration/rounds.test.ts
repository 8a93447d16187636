import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ColyseusTestServer } from "@colyseus/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { IncidentRoom } from "../../server/rooms/IncidentRoom.ts";
import type { Store } from "../../server/store/index.ts";
import type { CommandResultMessage } from "../../shared/protocol/messages.ts";
import type { Command } from "../../shared/sim/commands.ts";
import type { WorldSummary } from "../../shared/sim/world/runner.ts";
import { bootTestServer } from "../support/server.ts";
import { liveWorkshop, nextMessage, type Player, refusal, until } from "./support.ts";

/** Sends a game command and resolves with the server's answer once it took effect (or was refused by the World). */
async function command(player: Player, c: Command): Promise<CommandResultMessage> {
  const result = nextMessage<CommandResultMessage>(player, "commandResult", 5000);
  player.send("command", c);
  return result;
}

describe("incident rounds on the World: scenarios, every command by role, chaos cards, score and replay", () => {
  let colyseus: ColyseusTestServer;
  let port: number;
  let store: Store;
  let close: () => Promise<void>;

  beforeAll(async () => {
    IncidentRoom.reconnectSeconds = 1;
    ({ colyseus, port, store, close } = await bootTestServer());
  });
  afterEach(async () => colyseus.cleanup());
  afterAll(async () => {
    IncidentRoom.reconnectSeconds = 30;
    await close();
  });

  it("lists the scenarios at GET /api/scenarios", async () => {
    const list = (await (await fetch(`http://127.0.0.1:${port}/api/scenarios`)).json()) as { id: string }[];
    expect(list.map((s) => s.id)).toEqual(
      expect.arrayContaining(["first-light", "launch-day", "even-split", "kubelets-bad-day"]),
    );
  });

  it("lets only the facilitator choose a scenario, outside a live round, from the catalogue", async () => {
    const host = (await colyseus.sdk.create("incident", { name: "Host" })) as Player;
    const guest = (await colyseus.sdk.joinById(host.roomId, { name: "Guest" })) as Player;
    await until(() => host.state.scenarioId === "first-light");
    expect((await refusal(guest, "chooseScenario", { scenario: "launch-day" })).code).toBe("forbidden");
    expect((await refusal(host, "chooseScenario", { scenario: "no-such-thing" })).message).toContain(
      "launch-day",
    );
    host.send("chooseScenario", { scenario: "even-split" });
    await until(() => guest.state.scenarioId === "even-split");
    expect(guest.state.scenarioTitle).toBe("Even Split");
    // The cluster itself is built when the round starts, not for a lobby (issue 18, item 2).
    expect(guest.state.nodes.size).toBe(0);
    host.send("openBriefing", {});
    host.send("startRound", {});
    await until(() => host.state.phase === "live" && guest.state.nodes.has("node-a-1"));
    expect(guest.state.etcd.length).toBe(4);
    expect((await refusal(host, "chooseScenario", { scenario: "launch-day" })).code).toBe("wrong_phase");
  });

  it.each([
    ["scheduler", { type: "scale", deployment: "web", replicas: 3 }, "operator's command"],
    ["scheduler", { type: "setKubeProxyMode", mode: "iptables" }, "operator's command"],
    ["chaos", { type: "drain", node: "node-a1", gracePeriodMs: null }, "operator's command"],
    ["chaos", { type: "bindPod", pod: "web-1", node: "node-a1" }, "scheduler's command"],
    ["operator", { type: "takeOverScheduling", deployments: [] }, "scheduler's command"],
    [
      "operator",
      {
        type: "injectFault",
        card: "pull-the-plug",
        fault: { kind: "killNode", node: "node-a1" },
        durationMs: null,
      },
      "chaos's command",
    ],
    ["operator", { type: "setGameSpeed", speed: 5 }, "only the facilitator"],
  ] as const)("refuses a %s's %j: it is not theirs to run", async (role, c, reason) => {
    const { room, facilitator, players } = await liveWorkshop(colyseus, [{ name: "Player", roles: [role] }]);
    const [player] = players as [Player];
    const before = JSON.stringify(facilitator.state.nodes.toJSON());
    const error = await refusal(player, "command", c);
    expect(error.code).toBe("forbidden");
    expect(error.message).toContain(reason);
    // Two ticks later (and their patches out), the cluster is as it was.
    const tick = room.currentTick;
    await until(() => facilitator.state.tick >= tick + 2);
    expect(JSON.stringify(facilitator.state.nodes.toJSON())).toBe(before);
  });

  it("refuses a malformed command with the first bad field named, and floods beyond 4 commands a tick", async () => {
    const { facilitator } = await liveWorkshop(colyseus);
    expect(
      (await refusal(facilitator, "command", { type: "scale", deployment: "web", replicas: -1 })).message,
    ).toMatch(/^scale\.replicas: /);
    expect((await refusal(facilitator, "command", { type: "rm -rf /" })).message).toContain(
      "unknown command type",
    );
    const errors: string[] = [];
    facilitator.onMessage("error", (e: { code: string }) => errors.push(e.code));
    for (let i = 0; i < 10; i++) facilitator.send("command", { type: "cordon", node: "node-a1" });
    await until(() => errors.length > 0);
    expect(errors).toContain("rate_limited");
  });

  it("lets the facilitator inject a fault from the deck, free of energy, and nothing outside the deck", async () => {
    const { facilitator, players } = await liveWorkshop(colyseus, [{ name: "Player", roles: ["scheduler"] }]);
    const energy = facilitator.state.chaosEnergy;
    const kill = { kind: "killNode", node: "node-b3" } as const;
    const card = { type: "injectFault", card: "pull-the-plug", fault: kill, durationMs: null } as const;
    expect(await command(facilitator, card)).toMatchObject({ accepted: true });
    expect(facilitator.state.chaosEnergy).toBeGreaterThanOrEqual(energy);
    await until(() => facilitator.state.nodes.get("node-b3")?.up === false);
    const offDeck = await command(facilitator, { ...card, card: "meteor-strike" });
    expect(offDeck.reason).toContain("play a card from this scenario's deck");
    const wrongFault = await command(facilitator, {
      ...card,
      fault: { kind: "killEtcdMember", member: "etcd-1" },
    });
    expect(wrongFault.reason).toBe("the pull-the-plug card injects killNode, not killEtcdMember");
    expect((await refusal(players[0] as Player, "command", card)).code).toBe("forbidden");
  });

  it("survives random bytes on a player's socket: the room ticks on and the others play unaffected", async () => {
    const { room, facilitator, players } = await liveWorkshop(colyseus, [
      { name: "Noise", roles: ["operator"] },
    ]);
    const [noisy] = players as [Player];
    let seed = 12_345;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const hash = room.simulationHash();
    for (let i = 0; i < 50; i++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () =>
        Math.floor(random() * 256),
      );
      try {
        noisy.connection.send(bytes);
      } catch {
        break; // the server may close the socket; that is allowed
      }
    }
    const tick = room.currentTick;
    await until(() => room.currentTick > tick + 5);
    expect(room.simulationHash()).not.toBe(hash); // still advancing
    expect(room.commandLog).toHaveLength(0); // garbage changed nothing
    expect(await command(facilitator, { type: "cordon", node: "node-a1" })).toMatchObject({ accepted: true });
  });

  it("plays Launch Day through its evening with three bots; the stored command log replays through `npm run sim` to the same score", async () => {
    const room = await colyseus.createRoom<IncidentRoom>("incident", { seed: 7, scenario: "launch-day" });
    const operator = (await colyseus.connectTo(room, { name: "Ops" })) as Player;
    const scheduler = (await colyseus.connectTo(room, { name: "Sched" })) as Player;
    const chaos = (await colyseus.connectTo(room, { name: "Gremlin" })) as Player;
    operator.send("chooseRoles", { roles: ["operator"] });
    scheduler.send("chooseRoles", { roles: ["scheduler"] });
    chaos.send("chooseRoles", { roles: ["chaos"] });
    await until(() => {
      const seats = operator.state.players;
      return Boolean(seats.get(scheduler.sessionId)?.scheduler && seats.get(chaos.sessionId)?.chaos);
    });
    operator.send("openBriefing", {});
    operator.send("startRound", {});
    await until(() => operator.state.phase === "live");
    expect(operator.state.scenarioId).toBe("launch-day");

    // The chaos agent plays a card, then cannot replay it in its cooldown nor afford the big one.
    const slow = { kind: "slowDisk", member: "etcd-3", fsyncLatencyMs: 20 } as const;
    const card = { type: "injectFault", card: "slow-disk", fault: slow, durationMs: 30_000 } as const;
    expect(await command(chaos, card)).toMatchObject({ accepted: true });
    expect((await command(chaos, card)).reason).toContain("cooling down");
    const bad = {
      kind: "badRollout",
      deployment: "storefront",
      image: "shop/storefront:6.0.0",
      failure: "crashLoop",
    };
    const broke = await command(chaos, {
      type: "injectFault",
      card: "bad-deploy",
      fault: bad,
      durationMs: null,
    } as Command);
    expect(broke.reason).toBe("bad-deploy costs 6 energy; you have 5");
    expect(chaos.state.chaosEnergy).toBeLessThan(8);
    // Fast forward only now: at 60× the deck would refill while the cards above are played.
    operator.send("setSpeed", { speed: 60 });

    // The scheduler takes the batch work off kube-scheduler; the operator makes room and scales.
    expect(
      await command(scheduler, { type: "takeOverScheduling", deployments: ["recommendations"] }),
    ).toMatchObject({
      accepted: true,
    });
    for (const c of [
      { type: "scale", deployment: "recommendations", replicas: 0 },
      // The expert playbook's floors (shared/scenarios/playbooks/launch-day.jsonl).
      {
        type: "setHpa",
        deployment: "storefront",
        minReplicas: 150,
        maxReplicas: 250,
        targetCPUUtilization: 0.6,
      },
      { type: "setHpa", deployment: "api", minReplicas: 90, maxReplicas: 200, targetCPUUtilization: 0.6 },
      { type: "scale", deployment: "checkout", replicas: 12 },
      { type: "setKubeProxyMode", mode: "ipvs" },
    ] as Command[])
      expect(await command(operator, c)).toMatchObject({ accepted: true });

    // Launch Day is a survive round: it ends at its time limit, the objective held.
    await until(() => operator.state.phase === "debrief", 90_000);
    expect(operator.state.outcome).toBe("survived");
    await until(() => operator.state.score.resultId > 0);
    const score = operator.state.score;
    expect(score.timeToRecoveryMs).toBe(-1);
    expect(score.errorBudgetLeft).toBeGreaterThan(0);
    expect(score.operator).toBe(5);
    expect(score.scheduler).toBe(1);
    expect(score.chaos).toBe(1);

    const stored = await store.getRound(score.resultId);
    // A human played chaos: the scenario's script stayed out of this round (and it does not rank).
    expect(operator.state.scripted).toBe(false);
    expect(stored).toMatchObject({
      scenarioId: "launch-day",
      seed: 7,
      actions: 7,
      scripted: false,
      members: ["Ops", "Sched", "Gremlin"],
    });
    // Who played under which name and roles, by the ids the command log names them with (for replays).
    const byName = new Map(stored?.players.map((p) => [p.name, p]));
    expect([...byName.keys()].sort()).toEqual(["Gremlin", "Ops", "Sched"]);
    expect(byName.get("Ops")?.roles).toEqual(["operator"]);
    expect(byName.get("Gremlin")?.roles).toEqual(["chaos"]);
    const ids = new Set(stored?.players.map((p) => p.id));
    expect(stored?.commandLog.every((c) => ids.has(c.player))).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "cluster-crisis-replay-"));
    try {
      const log = join(dir, "round.jsonl");
      writeFileSync(log, (stored?.commandLog ?? []).map((c) => JSON.stringify(c)).join("\n"));
      const args = [
        "scripts/sim.ts",
        "--scenario",
        "launch-day",
        "--seed",
        "7",
        "--no-script",
        "--commands",
        log,
      ];
      const until_ = String((stored?.durationMs ?? 0) / 1000);
      const out = execFileSync(process.execPath, [...args, "--until", until_, "--summary"], {
        encoding: "utf8",
      });
      const summary = JSON.parse(out) as WorldSummary;
      expect(summary.score).toMatchObject({
        timeToRecoveryMs: stored?.timeToRecoveryMs,
        budgetSpent: stored?.budgetSpent,
        actions: stored?.actions,
      });
      expect(summary.hash).toBe(room.simulationHash());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
