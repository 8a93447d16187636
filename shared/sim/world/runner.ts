/**
 * Running a scenario's World headless (`npm run sim`): a command log in, a trace and a summary out.
 */
import { z } from "zod";
import { parseCommand } from "../commands.ts";
import type { Scenario } from "../scenario/types.ts";
import { type Outcome, type RoundEnd, roundEnd } from "./outcome.ts";
import { type RoundScore, ScoreKeeper } from "./score.ts";
import {
  isCommandTrace,
  isSloSample,
  type WorldCommand,
  type WorldTraceRecord,
  type WorldTraceSink,
} from "./types.ts";
import { World } from "./world.ts";

const lineSchema = z.object({
  at: z.number().int().min(0),
  player: z.string().max(64).default("script"),
  command: z.unknown(),
  // Why this step, for whoever reads a playbook as the answer key; the World ignores it.
  note: z.string().max(500).optional(),
});

export interface WorldLoggedCommand {
  /** Simulated ms at which the command took effect. */
  readonly at: number;
  readonly player: string;
  readonly command: WorldCommand;
}

export class WorldCommandLogError extends Error {
  override name = "WorldCommandLogError";
}

/** Reads a command log as JSON lines; a bad line is an error naming its line and field. */
export function parseWorldCommandLog(text: string): WorldLoggedCommand[] {
  const log: WorldLoggedCommand[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new WorldCommandLogError(`line ${i + 1}: not valid JSON`);
    }
    const parsed = lineSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new WorldCommandLogError(
        `line ${i + 1}: ${issue?.path.join(".") || "line"}: ${issue?.message ?? "invalid"}`,
      );
    }
    const command = parseCommand(parsed.data.command);
    if (!command.ok) throw new WorldCommandLogError(`line ${i + 1}: command: ${command.reason}`);
    const previous = log.at(-1);
    if (previous && parsed.data.at < previous.at)
      throw new WorldCommandLogError(`line ${i + 1}: "at" goes back in time`);
    log.push({ at: parsed.data.at, player: parsed.data.player, command: command.command });
  }
  return log;
}

export interface WorldSummary {
  readonly scenario: string;
  readonly seed: number;
  readonly untilMs: number;
  readonly hash: string;
  readonly nodes: { readonly total: number; readonly ready: number };
  readonly pods: {
    readonly created: number;
    readonly scheduled: number;
    readonly deleted: number;
    readonly pendingAtEnd: number;
    readonly readyAtEnd: number;
  };
  readonly deployments: Readonly<
    Record<string, { readonly replicas: number; readonly readyReplicas: number }>
  >;
  readonly failedSchedulingAttempts: number;
  /** Each Service with demand: requests asked and served over the run, and its worst p99. */
  readonly slo: Readonly<Record<string, { readonly availability: number; readonly worstP99Ms: number }>>;
  readonly objective: ReturnType<World["objectiveStatus"]> & { readonly timeToRecoveryMs: number | null };
  /** How the round ended, as the game room decides it (shared/sim/world/outcome.ts); null: not over at `untilMs`. */
  readonly outcome: Outcome | null;
  readonly end: RoundEnd | null;
  readonly faults: { readonly simulated: number; readonly notYetSimulated: number };
  readonly commands: { readonly accepted: number; readonly rejected: number };
  /** The round's score as the game server computes it (shared/sim/world/score.ts). */
  readonly score: RoundScore;
  /** What the `player` did that took effect, as a command log that replays the round. */
  readonly played: readonly WorldLoggedCommand[];
}

/** The game room's tick at 1× (server/rooms/IncidentRoom.ts TICK_REAL_MS): it looks for the round's end this often. */
export const ROOM_TICK_MS = 100;

/** A player the runner asks at each room tick what to do now (a bot of `npm run balance`). */
export type RoundPlayer = (world: World) => readonly WorldCommand[];

export interface RunOptions {
  readonly trace?: WorldTraceSink;
  /** Asked at each room tick, after the log's commands due; what it answers is applied and logged. */
  readonly player?: RoundPlayer;
  /**
   * Stop where the game room would end the round (resolved, survived or failed), looking at each
   * tick of a room at 1× as the room does; otherwise run to `untilMs` whatever happens.
   */
  readonly stopAtEnd?: boolean;
}

/**
 * Replays `log` on the scenario's World up to `untilMs` (or the round's end), tracing everything,
 * and sums it up.
 */
export function runWorld(
  scenario: Scenario,
  seed: number,
  log: readonly WorldLoggedCommand[],
  untilMs: number,
  { trace, stopAtEnd = false, player }: RunOptions = {},
): WorldSummary {
  const counts = {
    created: 0,
    scheduled: 0,
    deleted: 0,
    failed: 0,
    simulated: 0,
    unsimulated: 0,
    accepted: 0,
    rejected: 0,
  };
  const slo = new Map<string, { asked: number; served: number; worstP99Ms: number }>();
  const keeper = new ScoreKeeper(scenario);
  const count = (r: WorldTraceRecord) => {
    keeper.record(r);
    if (isSloSample(r)) {
      const s = slo.get(r.service) ?? { asked: 0, served: 0, worstP99Ms: 0 };
      s.asked += r.rps;
      s.served += r.rps * r.availability;
      s.worstP99Ms = Math.max(s.worstP99Ms, r.p99Ms);
      slo.set(r.service, s);
    }
    if (r.kind === "pod.created") counts.created++;
    else if (r.kind === "pod.scheduled") counts.scheduled++;
    else if (r.kind === "pod.deleted") counts.deleted++;
    else if (r.kind === "pod.unschedulable") counts.failed++;
    else if (r.kind === "fault") counts[r.simulated === true ? "simulated" : "unsimulated"]++;
    else if (isCommandTrace(r)) counts[r.accepted ? "accepted" : "rejected"]++;
    trace?.(r);
  };
  const world = new World(scenario, seed, { trace: count });
  const tickMs = ROOM_TICK_MS * scenario.gameSpeed;
  const ended = () => roundEnd(scenario, world.objectiveStatus(), keeper.score(), world.now);
  const played: WorldLoggedCommand[] = [];
  let next = 0;
  // As the room: at each stop, first whether the round is over, then the commands due, then on.
  for (;;) {
    if (stopAtEnd && ended() !== null) break;
    for (let entry = log[next]; entry !== undefined && entry.at <= world.now; entry = log[++next])
      world.apply(entry.command);
    if (player !== undefined && world.now % tickMs === 0)
      for (const command of player(world))
        if (world.apply(command).accepted) played.push({ at: world.now, player: "bot", command });
    if (world.now >= untilMs) break;
    const ticking = stopAtEnd || player !== undefined;
    const tick = ticking ? (Math.floor(world.now / tickMs) + 1) * tickMs : Number.POSITIVE_INFINITY;
    world.advanceTo(Math.min(untilMs, log[next]?.at ?? Number.POSITIVE_INFINITY, tick));
  }
  const end = ended();
  const status = world.objectiveStatus();
  const score = keeper.score();
  const pods = world.podList();
  return {
    scenario: scenario.id,
    seed,
    untilMs: world.now,
    hash: world.hash(),
    nodes: {
      total: world.nodeList().length,
      ready: world.nodeList().filter((n) => n.ready === "True").length,
    },
    pods: {
      created: counts.created,
      scheduled: counts.scheduled,
      deleted: counts.deleted,
      pendingAtEnd: pods.filter((p) => p.nodeName === "").length,
      readyAtEnd: pods.filter((p) => p.ready).length,
    },
    deployments: Object.fromEntries(
      scenario.cluster.deployments.map((d) => [
        d.name,
        world.deploymentStatus(d.name) ?? { replicas: 0, readyReplicas: 0 },
      ]),
    ),
    failedSchedulingAttempts: counts.failed,
    slo: Object.fromEntries(
      [...slo].map(([service, s]) => [
        service,
        {
          availability: s.asked === 0 ? 1 : Math.round((s.served / s.asked) * 100_000) / 100_000,
          worstP99Ms: s.worstP99Ms,
        },
      ]),
    ),
    objective: { ...status, timeToRecoveryMs: score.timeToRecoveryMs },
    outcome: end?.outcome ?? null,
    end,
    faults: { simulated: counts.simulated, notYetSimulated: counts.unsimulated },
    commands: { accepted: counts.accepted, rejected: counts.rejected },
    score,
    played,
  };
}
