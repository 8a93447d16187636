import type { Room as SdkRoom } from "@colyseus/sdk";
import type { ColyseusTestServer } from "@colyseus/testing";
import { type IncidentRoom, TICK_REAL_MS } from "../../server/rooms/IncidentRoom.ts";
import type { ErrorMessage } from "../../shared/protocol/messages.ts";
import type { IncidentState } from "../../shared/state/incidentState.ts";

export type Player = SdkRoom<IncidentRoom, IncidentState>;

/**
 * How long a wait may take before it fails. An upper bound for a machine whose cores are busy with
 * other work, not a speed target: every wait below ends as soon as its state holds.
 */
export const WAIT_LIMIT_MS = 30_000;

/** Resolves with the next message of `type` the client receives (or fails after `ms`). */
export function nextMessage<T>(
  client: Pick<SdkRoom, "onMessage">,
  type: string,
  ms = WAIT_LIMIT_MS,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" message within ${ms} ms`)), ms);
    const off = client.onMessage(type, (payload: T) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Sends a message and resolves with the error it earns (fails if none comes). */
export async function refusal(client: Player, type: string, payload: unknown): Promise<ErrorMessage> {
  const error = nextMessage<ErrorMessage>(client, "error");
  client.send(type, payload);
  return error;
}

/** Polls until `check` holds (state arrives in patches), or fails after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = WAIT_LIMIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A workshop whose round is live: the first player facilitates and operates,
 * the others hold the roles given.
 */
export async function liveWorkshop(
  colyseus: ColyseusTestServer,
  others: { name: string; roles: ("scheduler" | "operator" | "chaos")[] }[] = [],
  seed = 11,
): Promise<{ room: IncidentRoom; facilitator: Player; players: Player[] }> {
  const room = await colyseus.createRoom<IncidentRoom>("incident", { seed });
  const facilitator = (await colyseus.connectTo(room, { name: "Facilitator" })) as Player;
  const players: Player[] = [];
  for (const other of others) {
    const player = (await colyseus.connectTo(room, { name: other.name })) as Player;
    players.push(player);
    // A workshop's player starts with no role. A choice travels on the player's own socket, so the
    // facilitator's startRound may overtake it (and have it refused): the room is waited for.
    if (other.roles.length === 0) continue;
    player.send("chooseRoles", { roles: other.roles });
    await until(() => {
      const seen = facilitator.state.players?.get(player.sessionId);
      return seen !== undefined && other.roles.every((role) => seen[role]);
    });
  }
  facilitator.send("chooseRoles", { roles: ["operator"] });
  facilitator.send("openBriefing", {});
  facilitator.send("startRound", {});
  await until(() => facilitator.state.phase === "live");
  return { room, facilitator, players };
}

/** Resolves once the room's simulation loop has run `ticks` more times (live, paused or not). */
export async function roomLoopRuns(room: IncidentRoom, ticks: number): Promise<void> {
  const from = room.clock.currentTime;
  await until(() => room.clock.currentTime >= from + ticks * TICK_REAL_MS);
}
