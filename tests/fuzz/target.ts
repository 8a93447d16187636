/**
 * The game server the room fuzzer attacks, in a process of its own (forked by tests/fuzz/fuzzer.ts),
 * so that a crash is a process that ended, not a test that threw. Over its IPC channel it answers
 * what the fuzzer cannot see through a socket: each room's tick, phase and World — its invariants
 * (tests/support/worldInvariants.ts) and whether its digest is computable — and how long the honest
 * rooms waited between ticks.
 */
import { matchMaker } from "@colyseus/core";
import { log } from "../../server/log.ts";
import { ticksSince } from "../../server/metrics.ts";
import { IncidentRoom } from "../../server/rooms/IncidentRoom.ts";
import { PuzzleRoom } from "../../server/rooms/PuzzleRoom.ts";
import { startGameServer } from "../support/server.ts";
import { worldInvariantBreaks } from "../support/worldInvariants.ts";

export interface InspectAsk {
  readonly id: number;
  readonly rooms: readonly string[];
  /** Rooms whose ticks do not count for the honest rooms' stall (the hostile ones). */
  readonly hostile: readonly string[];
}

export interface RoomReport {
  readonly found: boolean;
  readonly kind: "incident" | "puzzle" | "other";
  readonly phase: string;
  readonly tick: number;
  readonly breaks: readonly string[];
}

export interface InspectAnswer {
  readonly id: number;
  readonly rooms: Record<string, RoomReport>;
  /**
   * The longest an honest room waited between two ticks since the last ask (ms; 100 when nothing
   * stalls), not counting the time inspections held the thread.
   */
  readonly honestTickGapMaxMs: number;
  /** How long this inspection held the server's thread. */
  readonly inspectMs: number;
}

// The fuzzer counts refusals from what its clients hear; the server's log lines would only repeat them.
log.info = () => undefined;
log.warn = () => undefined;

const server = await startGameServer();
let lastAsk = performance.now();
/** When recent inspections held the thread: their time is the fuzzer's, not a room's, and is taken out of the gaps. */
const inspections: [number, number][] = [];
process.send?.({ ready: true, port: server.port });

const stop = () => void server.stop().finally(() => process.exit(0));
// The fuzzer ended (or was stopped): so does its server.
process.on("disconnect", stop);
process.on("message", (ask: Partial<InspectAsk> & { stop?: boolean }) => {
  if (ask?.stop === true) {
    stop();
    return;
  }
  // Other modules speak on the channel too (@pm2/io, loaded by Colyseus).
  if (typeof ask?.id !== "number" || !Array.isArray(ask.rooms) || !Array.isArray(ask.hostile)) return;
  const started = performance.now();
  const rooms: Record<string, RoomReport> = {};
  for (const id of ask.rooms) rooms[id] = inspect(id);
  const window = (started - lastAsk) / 1000 + 1;
  lastAsk = started;
  const ended = performance.now();
  inspections.push([started, ended]);
  while (inspections.length > 0 && inspections[0]![1] < ended - 120_000) inspections.shift();
  let honestTickGapMaxMs = 0;
  for (const tick of ticksSince(window, new Set(ask.hostile))) {
    if (Number.isNaN(tick.gapMs)) continue;
    const from = tick.at - tick.gapMs;
    const inspected = inspections.reduce(
      (sum, [a, b]) => sum + Math.max(0, Math.min(b, tick.at) - Math.max(a, from)),
      0,
    );
    honestTickGapMaxMs = Math.max(honestTickGapMaxMs, tick.gapMs - inspected);
  }
  const answer: InspectAnswer = { id: ask.id, rooms, honestTickGapMaxMs, inspectMs: ended - started };
  process.send?.(answer);
});

function inspect(id: string): RoomReport {
  const room = matchMaker.getLocalRoomById(id);
  if (room instanceof IncidentRoom) {
    const world = room.currentWorld;
    return {
      found: true,
      kind: "incident",
      phase: room.state.phase,
      tick: room.currentTick,
      breaks: world === undefined ? [] : worldInvariantBreaks(world),
    };
  }
  if (room instanceof PuzzleRoom) {
    const s = room.state;
    const breaks = [
      ...(Number.isInteger(s.moves) && s.moves >= 0 ? [] : [`puzzle moves ${s.moves}`]),
      ...(Number.isInteger(s.stars) && s.stars >= 0 && s.stars <= 3 ? [] : [`puzzle stars ${s.stars}`]),
      ...(Number.isFinite(s.value) ? [] : [`puzzle value ${s.value}`]),
    ];
    return { found: true, kind: "puzzle", phase: s.complete ? "complete" : "open", tick: 0, breaks };
  }
  return { found: room !== undefined, kind: "other", phase: "", tick: 0, breaks: [] };
}
