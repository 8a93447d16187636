import type { ColyseusTestServer } from "@colyseus/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { IncidentRoom } from "../../server/rooms/IncidentRoom.ts";
import { bootTestServer } from "../support/server.ts";
import { liveWorkshop, until } from "./support.ts";

/** What a hostile player can do inside a workshop, over real sockets (issue 18). */
describe("a hostile player inside a workshop", () => {
  let colyseus: ColyseusTestServer;
  let close: () => Promise<void>;

  beforeAll(async () => {
    IncidentRoom.reconnectSeconds = 5;
    ({ colyseus, close } = await bootTestServer());
  });
  afterEach(async () => colyseus.cleanup());
  afterAll(async () => {
    IncidentRoom.reconnectSeconds = 30;
    await close();
  });

  it("a kicked player is told so, and their reconnection token no longer gets them back in", async () => {
    const { facilitator, players } = await liveWorkshop(colyseus, [{ name: "Troll", roles: ["operator"] }]);
    const troll = players[0]!;
    const token = troll.reconnectionToken;
    const left = new Promise<number>((resolve) => troll.onLeave((code) => resolve(code)));
    facilitator.send("kick", { player: troll.sessionId });
    // 4000, consented: the SDK does not try to reconnect by itself.
    expect(await left).toBe(4000);
    await until(() => facilitator.state.players.size === 1);
    await expect(colyseus.sdk.reconnect(token)).rejects.toThrow();
    expect(facilitator.state.players.size).toBe(1);
  });

  it("a player kicked while their connection is down cannot come back with their token either", async () => {
    const { facilitator, players } = await liveWorkshop(colyseus, [{ name: "Troll", roles: ["operator"] }]);
    const troll = players[0]!;
    const id = troll.sessionId;
    troll.reconnection.enabled = false;
    troll.connection.close(4100, "network dropped");
    await until(() => facilitator.state.players.get(id)?.connected === false);
    facilitator.send("kick", { player: id });
    await until(() => facilitator.state.players.size === 1);
    await expect(colyseus.sdk.reconnect(troll.reconnectionToken)).rejects.toThrow();
    expect(facilitator.state.players.has(id)).toBe(false);
  });
});
