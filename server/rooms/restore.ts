/**
 * The parts of a takeover that rebuild a room from its round log (server/rounds/log.ts): the
 * World replayed tick by tick as the room played it, and the seats reopened to their holders.
 */
import type { Client } from "@colyseus/core";
import type { World } from "../../shared/sim/world/world.ts";
import type { LoggedCommand, RoundHistory } from "../rounds/log.ts";

/**
 * Real ms the replay runs before letting the process's other rooms tick: a long round takes a
 * second or more to replay, and their players should not feel it. A game choice.
 */
const REPLAY_SLICE_MS = 20;

/**
 * Replays the round's ticks on a fresh World: each tick's commands where the room applied them,
 * then the World advanced to the time the tick reached — the same steps, so the same World (the
 * simulation is deterministic) and the same milestones (observed once a tick, as the room does).
 * Yields to the event loop between slices.
 */
export async function replayTicks(
  world: World,
  ticks: RoundHistory["ticks"],
  { apply, observe }: { apply(command: LoggedCommand): void; observe(): void },
): Promise<void> {
  let slice = performance.now();
  for (const tick of ticks) {
    for (const command of tick.commands ?? []) apply(command);
    world.advanceTo(tick.t);
    observe();
    if (performance.now() - slice >= REPLAY_SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      slice = performance.now();
    }
  }
}

/**
 * The seat a player held on the process that died, as `Room.allowReconnection` needs it: their
 * session id and the reconnection token their client holds. Colyseus reads nothing else of the
 * previous client before the player reconnects, and only writes to it after.
 */
export function previousSeat(sessionId: string, reconnectionToken: string): Client {
  return {
    sessionId,
    reconnectionToken,
    auth: undefined,
    userData: undefined,
    view: undefined,
  } as unknown as Client;
}
