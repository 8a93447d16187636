import type { ColyseusTestServer } from "@colyseus/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { IncidentRoom } from "../../server/rooms/IncidentRoom.ts";
import type { CommandResultMessage } from "../../shared/protocol/messages.ts";
import { bootTestServer } from "../support/server.ts";
import { nextMessage, type Player, until } from "./support.ts";

/**
 * What one hostile player can do to the other rooms of a process, over real sockets (issue 18):
 * commands stay within what the scenario's cluster can hold, and a room whose World cannot keep up
 * slows itself, not its neighbours.
 */
describe("one player cannot slow everyone on the process", () => {
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

  async function solo(scenario: string): Promise<{ room: IncidentRoom; player: Player }> {
    const room = await colyseus.createRoom<IncidentRoom>("incident", { solo: true, scenario, seed: 5 });
    const player = (await colyseus.connectTo(room, { name: "Solo" })) as Player;
    // A solo round waits at its briefing until its player starts the clock.
    await until(() => player.state.phase === "briefing");
    player.send("startRound", {});
    await until(() => player.state.phase === "live" && player.state.nodes.size > 0);
    return { room, player };
  }

  it("refuses 150,000 replicas in a cluster whose nodes hold 3,300 pods", async () => {
    const { room, player } = await solo("thousand-services");
    const answer = nextMessage<CommandResultMessage>(player, "commandResult");
    player.send("command", { type: "scale", deployment: "gateway", replicas: 150_000 });
    expect(await answer).toMatchObject({
      accepted: false,
      reason: expect.stringContaining("this cluster holds at most 3300 pods"),
    });
    expect(room.commandLog).toEqual([]);
  });

  it("a room whose World cannot keep up runs slower and says so; its neighbour keeps its speed", async () => {
    const hostile = await solo("thousand-services");
    const honest = await solo("first-light");
    // No real time at all for the hostile room's World: one step of 250 simulated ms a tick.
    hostile.room.tickBudgetMs = 0;
    hostile.player.send("setSpeed", { speed: 60 });
    // 60× asks 6 simulated seconds a tick; it manages 250 ms of them: 2.5× once the last ten
    // ticks (the window it is measured over) all ran at 60×.
    await until(() => hostile.player.state.slowedTo > 0 && hostile.player.state.slowedTo <= 2.5, 5000);
    expect(hostile.player.state.slowedTo).toBeCloseTo(2.5, 1);
    const ticks = hostile.room.currentTick;
    const simulated = hostile.room.simulatedMs;
    await until(() => hostile.room.currentTick >= ticks + 5, 5000);
    expect(hostile.room.simulatedMs - simulated).toBe((hostile.room.currentTick - ticks) * 250);

    const from = { tick: honest.room.currentTick, ms: honest.room.simulatedMs };
    await until(() => honest.room.currentTick >= from.tick + 5, 5000);
    expect(honest.room.simulatedMs - from.ms).toBe((honest.room.currentTick - from.tick) * 100);
    expect(honest.player.state.slowedTo).toBe(0);
  });
});
