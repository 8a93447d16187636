import type { ColyseusTestServer } from "@colyseus/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { log } from "../../server/log.ts";
import { IncidentRoom } from "../../server/rooms/IncidentRoom.ts";
import type { ErrorMessage } from "../../shared/protocol/messages.ts";
import { bootTestServer } from "../support/server.ts";
import { liveWorkshop, type Player, until } from "./support.ts";

/** What a hostile player can do inside a workshop, over real sockets (issue 18). */
describe("a hostile player inside a workshop", () => {
  let colyseus: ColyseusTestServer;
  let close: () => Promise<void>;

  beforeAll(async () => {
    IncidentRoom.reconnectSeconds = 5;
    IncidentRoom.refusalWindowMs = 1_000;
    ({ colyseus, close } = await bootTestServer());
  });
  afterEach(async () => colyseus.cleanup());
  afterAll(async () => {
    IncidentRoom.reconnectSeconds = 30;
    IncidentRoom.refusalWindowMs = 10_000;
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

  it("the message limit holds across reconnections, and refusals are logged once a window with counts", async () => {
    const warnings: string[] = [];
    const spy = vi.spyOn(log, "warn").mockImplementation((line) => void warnings.push(line));
    try {
      const { room, players } = await liveWorkshop(colyseus, [{ name: "Flooder", roles: ["chaos"] }]);
      // Ten messages in all for this test, however the flooder reconnects.
      room.messageRate = { perMinute: 1e-6, burst: 10 };
      const flooder = players[0]!;
      flooder.reconnection.enabled = false;
      const errors: ErrorMessage[] = [];
      const collect = (p: Player) => p.onMessage("error", (e: ErrorMessage) => void errors.push(e));
      collect(flooder);
      const hugeType = `x${"y".repeat(200)}`;
      for (let i = 0; i < 8; i++) flooder.send(hugeType, {});
      await until(() => errors.length === 8);
      const back = (await colyseus.sdk.reconnect(flooder.reconnectionToken)) as Player;
      collect(back);
      for (let i = 0; i < 30; i++) back.send(hugeType, {});
      await until(() => errors.some((e) => e.code === "rate_limited"));
      expect(errors.filter((e) => e.code === "unknown_type")).toHaveLength(10);
      expect(errors.filter((e) => e.code === "rate_limited")).toHaveLength(1);
      // The sender's own type comes back cut short.
      expect(errors[0]!.type.length).toBeLessThanOrEqual(64);
      const lines = () => warnings.filter((w) => w.includes('"message.refused"'));
      // One line for the first refusal, at once; the window's others in one line with their counts.
      await until(() => lines().length === 2, 5000);
      const last = JSON.parse(lines()[1]!) as { player: string; refused: Record<string, number> };
      expect(last.player).toBe(flooder.sessionId);
      expect(last.refused).toEqual({ unknown_type: 9, rate_limited: 28 });
      expect(lines().every((line) => line.length < 400)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});
