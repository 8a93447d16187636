import type { ColyseusTestServer } from "@colyseus/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { scenarioCatalog } from "../../server/rooms/catalog.ts";
import { IncidentRoom } from "../../server/rooms/IncidentRoom.ts";
import { runWorld } from "../../shared/sim/world/runner.ts";
import { bootTestServer } from "../support/server.ts";
import { liveWorkshop, nextMessage, type Player, refusal, roomLoopRuns, until } from "./support.ts";

const scenario = scenarioCatalog.get("first-light")!;

describe("workshops over real WebSockets: codes, roles, the round's lifecycle, authority", () => {
  let colyseus: ColyseusTestServer;
  let port: number;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // Dropped players keep their seat 1 s here, not 30 s, so rooms dispose quickly between tests.
    IncidentRoom.reconnectSeconds = 1;
    ({ colyseus, port, close } = await bootTestServer());
  });
  afterEach(async () => colyseus.cleanup());
  afterAll(async () => {
    IncidentRoom.reconnectSeconds = 30;
    await close();
  });

  it("creates a workshop with a readable code that others join by; the creator facilitates", async () => {
    const host = (await colyseus.sdk.create("incident", { name: "Host" })) as Player;
    await until(() => Boolean(host.state?.joinCode));
    const code = host.state.joinCode;
    expect(code).toMatch(/^[A-HJ-KM-NP-Z2-9]{3}-[A-HJ-KM-NP-Z2-9]{3}$/);
    expect(host.roomId).toBe(code);
    const guest = (await colyseus.sdk.joinById(code, { name: "민지" })) as Player;
    // The guest's first full state follows its join's acknowledgement.
    await until(() => host.state.players.size === 2 && guest.state.players?.size === 2);
    expect(host.state.facilitator).toBe(host.sessionId);
    expect(guest.state.players.get(guest.sessionId)?.name).toBe("민지");
    expect(host.state.phase).toBe("lobby");
  });

  it("lists open public workshops (not private ones, not live ones) at GET /api/workshops", async () => {
    const list = async () =>
      (
        (await (await fetch(`http://127.0.0.1:${port}/api/workshops`)).json()) as {
          workshops: { code: string; host: string; players: number }[];
        }
      ).workshops;
    const open = (await colyseus.sdk.create("incident", { name: "Open Host", public: true })) as Player;
    const hidden = (await colyseus.sdk.create("incident", { name: "Private Host" })) as Player;
    await until(() => Boolean(open.state?.joinCode && hidden.state?.joinCode));
    expect(await list()).toEqual([
      expect.objectContaining({ code: open.state.joinCode, host: "Open Host", players: 1 }),
    ]);

    open.send("openBriefing", {});
    open.send("startRound", {});
    await until(() => open.state.phase === "live");
    await until(async () => (await list()).length === 0);
  });

  it.each([
    ["a name with markup", { name: "<b>x</b>" }],
    ["a name too long", { name: "a".repeat(40) }],
    ["an unknown option", { name: "Ok", admin: true }],
  ])("refuses to seat %s", async (_what, options) => {
    const room = await colyseus.createRoom<IncidentRoom>("incident", {});
    await expect(colyseus.connectTo(room, options)).rejects.toThrow();
    expect(room.clients.length).toBe(0);
  });

  it("seats spectators read-only: they see the cluster but take no role and run no command", async () => {
    const { room, facilitator } = await liveWorkshop(colyseus);
    const projector = (await colyseus.connectTo(room, { name: "Projector", spectate: true })) as Player;
    await until(() => facilitator.state.players.get(projector.sessionId)?.spectator === true);
    expect(projector.state.nodes.size).toBe(6);
    expect((await refusal(projector, "chooseRoles", { roles: ["operator"] })).message).toContain(
      "spectators watch",
    );
    expect((await refusal(projector, "cordon", { node: "node-a1" })).code).toBe("forbidden");
    expect(room.commandLog).toEqual([]);
  });

  it("does not let a spectator open a workshop", async () => {
    const room = await colyseus.createRoom<IncidentRoom>("incident", {});
    await expect(colyseus.connectTo(room, { name: "Early", spectate: true })).rejects.toThrow(/facilitator/);
  });

  it("refuses a second player with the same name", async () => {
    const room = await colyseus.createRoom<IncidentRoom>("incident", {});
    await colyseus.connectTo(room, { name: "Ada" });
    await expect(colyseus.connectTo(room, { name: "Ada" })).rejects.toThrow(/already taken/);
  });

  it("runs a round: roles, briefing, live, pause and resume, speed, end, and the next round", async () => {
    const room = await colyseus.createRoom<IncidentRoom>("incident", { seed: 99 });
    const host = (await colyseus.connectTo(room, { name: "Host" })) as Player;
    const sre = (await colyseus.connectTo(room, { name: "SRE" })) as Player;
    sre.send("chooseRoles", { roles: ["operator", "scheduler"] });
    await until(() => host.state.players.get(sre.sessionId)?.operator === true);
    expect(host.state.players.get(sre.sessionId)?.scheduler).toBe(true);

    host.send("openBriefing", {});
    await until(() => host.state.phase === "briefing");
    host.send("startRound", {});
    await until(() => host.state.phase === "live" && host.state.round === 1);
    await until(() => room.currentTick > 3);

    host.send("pause", {});
    await until(() => host.state.paused);
    const pausedAt = room.currentTick;
    await roomLoopRuns(room, 3);
    expect(room.currentTick).toBe(pausedAt);
    expect((await refusal(sre, "cordon", { node: "node-a1" })).message).toContain("paused");
    host.send("resume", {});
    await until(() => room.currentTick > pausedAt);

    host.send("setSpeed", { speed: 5 });
    await until(() => host.state.speed === 5);
    const t0 = room.simulatedMs;
    const tick0 = room.currentTick;
    await until(() => room.currentTick >= tick0 + 3);
    expect(room.simulatedMs - t0).toBe((room.currentTick - tick0) * 500);

    const cordoned = nextMessage<{ accepted: boolean }>(sre, "commandResult");
    sre.send("cordon", { node: "node-a1" });
    expect(await cordoned).toMatchObject({ accepted: true });
    host.send("endRound", {});
    await until(() => host.state.phase === "debrief");
    expect(room.commandLog).toHaveLength(1);
    // The stored log replays to the very same cluster, whatever speeds and pauses the round had.
    expect(runWorld(scenario, 99, room.commandLog, room.simulatedMs).hash).toBe(room.simulationHash());

    host.send("openBriefing", {});
    host.send("startRound", {});
    await until(() => host.state.phase === "live" && host.state.round === 2);
    expect(room.commandLog).toEqual([]);
    expect(host.state.nodes.get("node-a1")?.unschedulable).toBe(false);
    expect(host.state.seed).toBe(99);
  });

  // Each role tries what it must not do; the refusal names the reason and the cluster is unchanged.
  const forbidden: [string, ("scheduler" | "operator" | "chaos")[], string, unknown, string][] = [
    ["the chaos agent cordons", ["chaos"], "cordon", { node: "node-a1" }, "operator's command"],
    ["the scheduler cordons", ["scheduler"], "cordon", { node: "node-a1" }, "operator's command"],
    ["a spectator uncordons", [], "uncordon", { node: "node-a1" }, "operator's command"],
    ["a player pauses", ["operator"], "pause", {}, "only the facilitator"],
    ["a player ends the round", ["operator"], "endRound", {}, "only the facilitator"],
    ["a player changes the speed", ["operator"], "setSpeed", { speed: 10 }, "only the facilitator"],
    ["a player kicks the facilitator", ["operator"], "kick", { player: "x" }, "only the facilitator"],
    ["a player changes roles mid-round", ["operator"], "chooseRoles", { roles: ["chaos"] }, "live round"],
  ];

  it.each(forbidden)("refuses when %s, and nothing changes", async (_what, roles, type, payload, reason) => {
    const { room, facilitator, players } = await liveWorkshop(colyseus, [{ name: "P", roles }]);
    const player = players[0]!;
    await until(() => facilitator.state.players.size === 2);
    const hash = room.simulationHash();
    const error = await refusal(player, type, payload);
    expect(error.code).toBe(reason === "live round" ? "wrong_phase" : "forbidden");
    expect(error.message).toContain(reason);
    expect(room.commandLog).toEqual([]);
    expect(facilitator.state.phase).toBe("live");
    expect(facilitator.state.paused).toBe(false);
    expect(room.simulationHash() === hash || room.currentTick > 0).toBe(true);
  });

  it("refuses cluster commands outside a live round", async () => {
    const room = await colyseus.createRoom<IncidentRoom>("incident", {});
    const host = (await colyseus.connectTo(room, { name: "Host" })) as Player;
    host.send("chooseRoles", { roles: ["operator"] });
    const error = await refusal(host, "cordon", { node: "node-a1" });
    expect(error).toMatchObject({ code: "wrong_phase" });
    expect(error.message).toContain("lobby");
  });

  it("lets the facilitator remove a player", async () => {
    const { facilitator, players } = await liveWorkshop(colyseus, [{ name: "Leaver", roles: [] }]);
    const leaver = players[0]!;
    const gone = new Promise((resolve) => leaver.onLeave(resolve));
    facilitator.send("kick", { player: leaver.sessionId });
    await gone;
    await until(() => facilitator.state.players.size === 1);
  });

  it("keeps a dropped player's seat for the reconnection window (1 s in these tests), and frees it after", async () => {
    const { facilitator, players } = await liveWorkshop(colyseus, [{ name: "Wobbly", roles: ["operator"] }]);
    const wobbly = players[0]!;
    const id = wobbly.sessionId;
    wobbly.reconnection.enabled = false;
    wobbly.connection.close(4100, "network dropped");
    await until(() => facilitator.state.players.get(id)?.connected === false);
    const back = (await colyseus.sdk.reconnect(wobbly.reconnectionToken)) as Player;
    await until(
      () => facilitator.state.players.get(id)?.connected === true && back.state.players !== undefined,
    );
    expect(back.sessionId).toBe(id);
    expect(back.state.players.get(id)?.operator).toBe(true);
    expect(back.state.nodes.size).toBe(6);

    back.reconnection.enabled = false;
    back.connection.close(4100, "network dropped again");
    await until(() => facilitator.state.players.get(id)?.connected === false);
    await until(() => !facilitator.state.players.has(id));
  });
});
