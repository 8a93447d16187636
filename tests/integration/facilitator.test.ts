import type { ColyseusTestServer } from "@colyseus/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { IncidentRoom } from "../../server/rooms/IncidentRoom.ts";
import { type CommandResultMessage, MAX_HIGHLIGHTS } from "../../shared/protocol/messages.ts";
import { bootTestServer } from "../support/server.ts";
import { liveWorkshop, nextMessage, type Player, refusal, until } from "./support.ts";

/** The facilitator's console over real WebSockets: annotate while paused, the debrief's lesson, activity. */
describe("the facilitator's console: highlights, the projected lesson, each player's activity", () => {
  let colyseus: ColyseusTestServer;
  let close: () => Promise<void>;

  beforeAll(async () => {
    IncidentRoom.reconnectSeconds = 1;
    ({ colyseus, close } = await bootTestServer());
  });
  afterEach(async () => colyseus.cleanup());
  afterAll(async () => {
    IncidentRoom.reconnectSeconds = 30;
    await close();
  });

  const highlights = (player: Player) => [...player.state.highlights];

  /**
   * Pods on the map: a healthy pod is only counted on its node, so the operator (the facilitator in
   * `liveWorkshop`) scales past the cluster's room, and the new pods wait Pending where everyone sees them.
   */
  async function podsOnTheMap(facilitator: Player, count: number): Promise<string[]> {
    facilitator.send("command", { type: "scale", deployment: "worker", replicas: 60 });
    await until(() => facilitator.state.pods.size >= count, 10_000);
    return [...facilitator.state.pods.keys()];
  }

  it("highlights nodes and pods for everyone while paused, and resuming clears them", async () => {
    const { facilitator, players } = await liveWorkshop(colyseus, [{ name: "Ops", roles: ["operator"] }]);
    const ops = players[0] as Player;
    const [pod] = await podsOnTheMap(facilitator, 1);
    facilitator.send("pause", {});
    await until(() => ops.state.paused);
    facilitator.send("highlight", { target: "node/node-a2", on: true });
    await until(() => highlights(ops).includes("node/node-a2"));
    facilitator.send("highlight", { target: `pod/${pod}`, on: true });
    await until(() => highlights(ops).length === 2);
    expect(highlights(ops)).toEqual(["node/node-a2", `pod/${pod}`]);
    facilitator.send("highlight", { target: "node/node-a2", on: false });
    await until(() => highlights(ops).length === 1);
    expect(highlights(ops)).toEqual([`pod/${pod}`]);
    facilitator.send("resume", {});
    await until(() => !ops.state.paused);
    expect(highlights(ops)).toEqual([]);
  });

  it("clears every highlight at once", async () => {
    const { facilitator } = await liveWorkshop(colyseus);
    facilitator.send("pause", {});
    facilitator.send("highlight", { target: "node/node-a1", on: true });
    facilitator.send("highlight", { target: "node/node-b1", on: true });
    await until(() => highlights(facilitator).length === 2);
    facilitator.send("clearHighlights", {});
    await until(() => highlights(facilitator).length === 0);
  });

  it.each([
    [
      "a player who does not facilitate",
      "forbidden",
      "player",
      { target: "node/node-a1", on: true },
      "only the facilitator",
    ],
    [
      "a round that is not paused",
      "wrong_phase",
      "live",
      { target: "node/node-a1", on: true },
      "pause the round first",
    ],
    [
      "a target that is not node/ or pod/",
      "invalid_payload",
      "paused",
      { target: "deployment/web", on: true },
      "target: must be node/<name> or pod/<name>",
    ],
    [
      "a node the cluster does not have",
      "invalid_payload",
      "paused",
      { target: "node/node-z9", on: true },
      'no node "node-z9" on the map',
    ],
    [
      "a pod nobody sees on the map",
      "invalid_payload",
      "paused",
      { target: "pod/web-nope", on: true },
      'no pod "web-nope" on the map',
    ],
    ["a missing field", "invalid_payload", "paused", { target: "node/node-a1" }, "on:"],
    [
      "an extra field",
      "invalid_payload",
      "paused",
      { target: "node/node-a1", on: true, color: "red" },
      "color",
    ],
  ] as const)(
    "refuses a highlight from %s with a clear error, and nothing changes",
    async (_what, code, who, payload, reason) => {
      const { facilitator, players } = await liveWorkshop(colyseus, [{ name: "Ops", roles: ["operator"] }]);
      if (who !== "live") {
        facilitator.send("pause", {});
        await until(() => facilitator.state.paused);
      }
      const sender = who === "player" ? (players[0] as Player) : facilitator;
      const error = await refusal(sender, "highlight", payload);
      expect(error).toMatchObject({ code, type: "highlight" });
      expect(error.message).toContain(reason);
      expect(highlights(facilitator)).toEqual([]);
    },
  );

  it(`holds at most ${MAX_HIGHLIGHTS} highlights, refusing the next one`, async () => {
    const { facilitator } = await liveWorkshop(colyseus);
    const pods = await podsOnTheMap(facilitator, 3);
    facilitator.send("pause", {});
    await until(() => facilitator.state.paused);
    const nodes = [...facilitator.state.nodes.keys()];
    const targets = [...nodes.map((n) => `node/${n}`), ...pods.map((p) => `pod/${p}`)];
    expect(targets.length).toBeGreaterThan(MAX_HIGHLIGHTS);
    for (const target of targets.slice(0, MAX_HIGHLIGHTS))
      facilitator.send("highlight", { target, on: true });
    await until(() => highlights(facilitator).length === MAX_HIGHLIGHTS);
    const error = await refusal(facilitator, "highlight", { target: targets[MAX_HIGHLIGHTS], on: true });
    expect(error.message).toBe(`at most ${MAX_HIGHLIGHTS} highlights at once; take one off first`);
    expect(highlights(facilitator)).toEqual(targets.slice(0, MAX_HIGHLIGHTS));
  });

  it("opens the facilitator's lesson on every screen in the debrief, and refuses it elsewhere or from others", async () => {
    const { room, facilitator, players } = await liveWorkshop(colyseus, [
      { name: "Ops", roles: ["operator"] },
    ]);
    const projector = (await colyseus.connectTo(room, { name: "Projector", spectate: true })) as Player;
    expect((await refusal(facilitator, "showLesson", { lesson: "cordon" })).code).toBe("wrong_phase");
    facilitator.send("endRound", {});
    await until(() => projector.state.phase === "debrief");
    expect((await refusal(players[0] as Player, "showLesson", { lesson: "cordon" })).code).toBe("forbidden");
    const unknown = await refusal(facilitator, "showLesson", { lesson: "howToWin" });
    expect(unknown).toMatchObject({ code: "invalid_payload" });
    expect(unknown.message).toContain("lesson");
    expect(projector.state.debriefLesson).toBe("");
    facilitator.send("showLesson", { lesson: "cordon" });
    await until(() => projector.state.debriefLesson === "cordon");
    // The next round starts with no lesson open.
    facilitator.send("openBriefing", {});
    facilitator.send("startRound", {});
    await until(() => projector.state.phase === "live");
    expect(projector.state.debriefLesson).toBe("");
  });

  it("counts each player's accepted and refused commands and tells their last one, the command included in its result", async () => {
    const { facilitator, players } = await liveWorkshop(colyseus, [{ name: "Ops", roles: ["operator"] }]);
    const ops = players[0] as Player;
    const seat = () => facilitator.state.players.get(ops.sessionId)!;
    expect([seat().actions, seat().refused, seat().lastActionMs, seat().lastAction]).toEqual([0, 0, -1, ""]);
    const cordon = { type: "cordon", node: "node-a1" } as const;
    let result = nextMessage<CommandResultMessage>(ops, "commandResult", 5000);
    ops.send("command", cordon);
    expect(await result).toMatchObject({ type: "cordon", command: cordon, accepted: true });
    // Cordoning it again: the cluster refuses, and the refusal counts too.
    result = nextMessage<CommandResultMessage>(ops, "commandResult", 5000);
    ops.send("command", cordon);
    expect(await result).toMatchObject({ accepted: false, command: cordon });
    await until(() => seat().refused === 1);
    expect(seat().actions).toBe(1);
    expect(seat().lastActionMs).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(seat().lastAction)).toEqual(cordon);
    // The timeline carries the whole command, so each client can say it in its own language.
    const entries = facilitator.state.timeline.map((e) => JSON.parse(e.json));
    expect(entries).toEqual([cordon, cordon]);
    // A new round starts everyone's count again.
    facilitator.send("endRound", {});
    facilitator.send("openBriefing", {});
    facilitator.send("startRound", {});
    await until(() => facilitator.state.phase === "live" && seat().actions === 0);
    expect([seat().refused, seat().lastActionMs, seat().lastAction]).toEqual([0, -1, ""]);
  });
});
