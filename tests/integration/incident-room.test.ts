import type { Room as SdkRoom } from "@colyseus/sdk";
import { boot, type ColyseusTestServer } from "@colyseus/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGameServer } from "../../server/app.ts";
import type { IncidentRoom } from "../../server/rooms/IncidentRoom.ts";
import type { ErrorMessage } from "../../shared/protocol/messages.ts";
import type { IncidentState } from "../../shared/state/incidentState.ts";
import { freePort, temporaryStore } from "../support/server.ts";

type Player = SdkRoom<IncidentRoom, IncidentState>;

/** Resolves with the next message of `type` the client receives (or fails after `ms`). */
function nextMessage<T>(client: Player, type: string, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" message within ${ms} ms`)), ms);
    const off = client.onMessage(type, (payload: T) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

function nodeOf(client: Player, name: string) {
  return client.state.nodes.get(name);
}

describe("incident room over real WebSockets", () => {
  let colyseus: ColyseusTestServer;

  const store = temporaryStore();
  beforeAll(async () => {
    colyseus = await boot(createGameServer({ store }), await freePort());
  });
  afterEach(async () => colyseus.cleanup());
  afterAll(async () => {
    await colyseus.shutdown();
    await store.close();
  });

  it("replicates the cluster on join, and a cordon reaches every client as a patch", async () => {
    const room = await colyseus.createRoom<IncidentRoom>("incident", { seed: 11 });
    const alice = await colyseus.connectTo(room);
    const bob = await colyseus.connectTo(room);
    await room.waitForNextPatch();
    expect(alice.state.nodes.size).toBe(6);
    expect(nodeOf(bob, "node-a2")?.unschedulable).toBe(false);

    const result = nextMessage<{ accepted: boolean; type: string }>(alice, "commandResult");
    alice.send("cordon", { node: "node-a2" });
    expect(await result).toMatchObject({ type: "cordon", accepted: true });
    await room.waitForNextPatch();
    await bob.waitForNextPatch();
    expect(nodeOf(alice, "node-a2")?.unschedulable).toBe(true);
    expect(nodeOf(bob, "node-a2")?.unschedulable).toBe(true);
    expect(room.commandLog).toEqual([
      expect.objectContaining({ player: alice.sessionId, command: { type: "cordon", node: "node-a2" } }),
    ]);
  });

  it("refuses a command the simulation rejects, with its reason, to the sender only", async () => {
    const room = await colyseus.createRoom<IncidentRoom>("incident", {});
    const alice = await colyseus.connectTo(room);
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
  ];

  it.each(malformed)(
    "a malformed message (%s) gets an error to that client only; the room keeps running",
    async (_name, type, payload, code, text) => {
      const room = await colyseus.createRoom<IncidentRoom>("incident", {});
      const sender = await colyseus.connectTo(room);
      const bystander = await colyseus.connectTo(room);
      const bystanderErrors: unknown[] = [];
      bystander.onMessage("error", (e) => bystanderErrors.push(e));
      const hashBefore = room.simulationHash();
      const tickBefore = room.currentTick;

      const error = nextMessage<ErrorMessage>(sender, "error");
      sender.send(type, payload);
      const received = await error;
      expect(received.code).toBe(code);
      expect(received.type).toBe(type);
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

  it("keeps two rooms' clusters apart", async () => {
    const first = await colyseus.createRoom<IncidentRoom>("incident", { seed: 5 });
    const second = await colyseus.createRoom<IncidentRoom>("incident", { seed: 5 });
    const a = await colyseus.connectTo(first);
    const b = await colyseus.connectTo(second);
    const done = nextMessage(a, "commandResult");
    a.send("cordon", { node: "node-b3" });
    await done;
    await first.waitForNextPatch();
    await second.waitForNextPatch();
    expect(nodeOf(a, "node-b3")?.unschedulable).toBe(true);
    expect(nodeOf(b, "node-b3")?.unschedulable).toBe(false);
    expect(second.commandLog).toEqual([]);
  });
});
