import type { ColyseusTestServer } from "@colyseus/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { IncidentRoom } from "../../server/rooms/IncidentRoom.ts";
import type { ErrorMessage } from "../../shared/protocol/messages.ts";
import { bootTestServer } from "../support/server.ts";
import { liveWorkshop, nextMessage, type Player, refusal, until } from "./support.ts";

describe("incident room over real WebSockets: commands and bad input", () => {
  let colyseus: ColyseusTestServer;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // Dropped players keep their seat 1 s here, not 30 s, so rooms dispose quickly between tests.
    IncidentRoom.reconnectSeconds = 1;
    ({ colyseus, close } = await bootTestServer());
  });
  afterEach(async () => colyseus.cleanup());
  afterAll(async () => {
    IncidentRoom.reconnectSeconds = 30;
    await close();
  });

  const node = (client: Player, name: string) => client.state.nodes.get(name);

  it("replicates the cluster on join, and a cordon reaches every client as a patch", async () => {
    const {
      room,
      facilitator: alice,
      players,
    } = await liveWorkshop(colyseus, [{ name: "Bob", roles: ["scheduler"] }]);
    const bob = players[0]!;
    expect(alice.state.nodes.size).toBe(6);
    expect(node(bob, "node-a2")?.unschedulable).toBe(false);

    const result = nextMessage<{ accepted: boolean; type: string }>(alice, "commandResult");
    alice.send("cordon", { node: "node-a2" });
    expect(await result).toMatchObject({ type: "cordon", accepted: true });
    await until(
      () => node(alice, "node-a2")?.unschedulable === true && node(bob, "node-a2")?.unschedulable === true,
    );
    expect(room.commandLog).toEqual([
      expect.objectContaining({ player: alice.sessionId, command: { type: "cordon", node: "node-a2" } }),
    ]);
  });

  it("a solo game waits at its briefing, the clock stopped, until the player starts it", async () => {
    const room = await colyseus.createRoom<IncidentRoom>("incident", { solo: true });
    const alice = (await colyseus.connectTo(room, { name: "Alice" })) as Player;
    await until(() => alice.state.phase === "briefing" && alice.state.players.size === 1);
    const [me] = [...alice.state.players.values()];
    expect([me?.scheduler, me?.operator, me?.chaos]).toEqual([true, true, false]);
    expect(alice.state.scripted).toBe(true);
    // Nothing a player does reaches the cluster before the clock starts.
    expect(await refusal(alice, "cordon", { node: "node-a1" })).toMatchObject({ code: "wrong_phase" });
    expect([room.currentTick, alice.state.timeMs]).toEqual([0, 0]);
    alice.send("startRound", {});
    await until(() => alice.state.phase === "live" && alice.state.timeMs > 0 && alice.state.nodes.size === 6);
    expect(alice.state.round).toBe(1);
  });

  it("refuses a command the simulation rejects, with its reason, to the sender only", async () => {
    const room = await colyseus.createRoom<IncidentRoom>("incident", { solo: true });
    const alice = (await colyseus.connectTo(room, { name: "Alice" })) as Player;
    alice.send("startRound", {});
    await until(() => alice.state.phase === "live");
    const result = nextMessage<{ accepted: boolean; reason: string }>(alice, "commandResult");
    alice.send("uncordon", { node: "node-b1" });
    expect(await result).toMatchObject({ accepted: false, reason: "node/node-b1 already uncordoned" });
    expect(room.commandLog).toEqual([]);
  });

  const malformed: [string, string, unknown, ErrorMessage["code"], string][] = [
    ["wrong field type", "cordon", { node: 7 }, "invalid_payload", "node:"],
    ["missing field", "cordon", {}, "invalid_payload", "node:"],
    ["not an object", "cordon", "node-a1", "invalid_payload", ""],
    ["extra field", "cordon", { node: "node-a1", force: true }, "invalid_payload", ""],
    ["bad node name", "uncordon", { node: "../etc/passwd" }, "invalid_payload", "node name"],
    ["unknown type", "deleteCluster", { node: "node-a1" }, "unknown_type", "unknown message type"],
    ["oversized payload", "cordon", { node: "x".repeat(10_000) }, "payload_too_large", "exceeds the limit"],
    ["a bad speed", "setSpeed", { speed: 1000 }, "invalid_payload", "speed"],
    ["a roles list that repeats", "chooseRoles", { roles: ["chaos", "chaos"] }, "invalid_payload", "repeat"],
  ];

  it.each(malformed)(
    "a malformed message (%s) gets an error to that client only; the room keeps running",
    async (_name, type, payload, code, text) => {
      const {
        room,
        facilitator: sender,
        players,
      } = await liveWorkshop(colyseus, [{ name: "Bystander", roles: [] }]);
      const bystanderErrors: unknown[] = [];
      players[0]!.onMessage("error", (e) => bystanderErrors.push(e));
      const hashBefore = room.simulationHash();
      const tickBefore = room.currentTick;

      const received = await refusal(sender, type, payload);
      expect(received).toMatchObject({ code, type });
      expect(received.message).toContain(text);

      // The room still runs and still obeys the same client afterwards.
      const ok = nextMessage<{ accepted: boolean }>(sender, "commandResult");
      sender.send("cordon", { node: "node-a1" });
      expect(await ok).toMatchObject({ accepted: true });
      expect(room.currentTick).toBeGreaterThan(tickBefore);
      expect(room.commandLog).toHaveLength(1);
      expect(room.simulationHash()).not.toBe(hashBefore);
      expect(bystanderErrors).toEqual([]);
    },
  );

  it("disconnects a client that floods above the message rate limit; the others play on", async () => {
    const { room, facilitator, players } = await liveWorkshop(colyseus, [
      { name: "Flooder", roles: ["chaos"] },
    ]);
    const flooder = players[0]!;
    flooder.reconnection.enabled = false;
    const left = new Promise<number>((resolve) => flooder.onLeave((code) => resolve(code)));
    for (let i = 0; i < 200; i++) flooder.send("chooseRoles", { roles: [] });
    expect(await left).not.toBe(1000);
    await until(
      () =>
        facilitator.state.players.size === 1 || !facilitator.state.players.get(flooder.sessionId)?.connected,
    );
    const ok = nextMessage<{ accepted: boolean }>(facilitator, "commandResult");
    facilitator.send("cordon", { node: "node-b1" });
    expect(await ok).toMatchObject({ accepted: true });
    expect(room.currentTick).toBeGreaterThan(0);
  });

  it("keeps two rooms' clusters apart", async () => {
    const first = await liveWorkshop(colyseus, [], 5);
    const second = await liveWorkshop(colyseus, [], 5);
    const done = nextMessage(first.facilitator, "commandResult");
    first.facilitator.send("cordon", { node: "node-b3" });
    await done;
    await until(() => node(first.facilitator, "node-b3")?.unschedulable === true);
    await second.room.waitForNextPatch();
    expect(node(second.facilitator, "node-b3")?.unschedulable).toBe(false);
    expect(second.room.commandLog).toEqual([]);
    expect(first.room.roomId).not.toBe(second.room.roomId);
  });
});
