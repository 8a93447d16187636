/**
 * A workshop's round log: everything another game-server process needs to carry the workshop on
 * when the one running it dies. The room appends to it before players see the effect of what it
 * records (server/rounds/journal.ts); a process taking the workshop over reads it back and
 * replays it (server/cluster/takeover.ts, IncidentRoom.restore).
 *
 * What it holds, in order:
 * - `workshop`: the people and the round's lifecycle after each change (names, roles, seats with
 *   their reconnection tokens, facilitator, phase, pause, speed), and what caused the change — a
 *   facilitator's control (pause, setSpeed, assignRoles, kick, …), a join, a leave;
 * - `round`: a new round of a scenario from a seed (the log is trimmed to start here);
 * - `tick`: one step of the room's loop: the commands it applied (each with its world time, who
 *   asked, whether the cluster took it — an injected fault is a command) and the world time it
 *   reached; the World is rebuilt by replaying these;
 * - `keyframe`: now and then (every KEYFRAME_EVERY_MS of world time), the World and what the room
 *   gathers from it (score, milestones, risks) as they stood after the tick before it: a takeover
 *   starts from the latest one and replays only the ticks after it. Only the latest is kept;
 * - `ended`, `stored`: the round's end and its stored result's id;
 * - `moved`, `resumed`: a takeover, and when the round went on after it.
 *
 * Where it lives: a Redis stream per workshop when REDIS_URL is set (server/rounds/redisLog.ts),
 * the results database otherwise (server/rounds/sqlLog.ts). Writes carry the writer's fencing
 * token: a process that lost the workshop to another can no longer append.
 */
import { z } from "zod";
import { LESSONS } from "../../shared/lessons/lessons.ts";
import { MAX_HIGHLIGHTS, ROLES } from "../../shared/protocol/messages.ts";
import { type Command, parseCommand } from "../../shared/sim/commands.ts";
import type { Milestone, MilestoneTrackerSnapshot } from "../../shared/sim/world/milestones.ts";
import type { ScoreKeeperSnapshot } from "../../shared/sim/world/score.ts";
import type { WorldSnapshot } from "../../shared/sim/world/world.ts";
import type { WorkshopSnapshot } from "../rooms/workshop.ts";
import { roundOutcomes } from "../store/types.ts";
import { isPeriod } from "./boards.ts";

/** One command a tick applied, accepted or refused (the debrief's timeline shows both). */
export interface LoggedCommand {
  /** World ms at which it was applied. */
  readonly at: number;
  readonly player: string;
  /** The player's name then (they may have left since). */
  readonly name: string;
  readonly command: Command;
  readonly accepted: boolean;
  readonly reason?: string;
  /** The chaos card paid for it (its energy and cooldown), when one was. */
  readonly card?: string;
}

export type RoundLogRecord =
  | {
      readonly kind: "workshop";
      /** What changed it: a control's type ("pause", "kick", …), "created", "joined", "left", "round", … */
      readonly cause: string;
      /** Who did it (a session id), when someone did. */
      readonly by?: string;
      /** World ms of the round shown when it happened. */
      readonly atMs: number;
      /** The workshop's identity across processes: its stored rounds are keyed by it. */
      readonly uid: string;
      /** Listed in the open workshops (GET /api/workshops). */
      readonly listed: boolean;
      readonly workshop: WorkshopSnapshot;
      /** Each seat's current reconnection token, by session id: how its holder comes back. */
      readonly seats: Readonly<Record<string, string>>;
      /** What the facilitator points at (`node/<name>`, `pod/<name>`); absent in logs from before. */
      readonly highlights?: readonly string[];
      /** The debrief's lesson the facilitator has open ("" for none). */
      readonly lesson?: string;
    }
  | {
      readonly kind: "round";
      readonly scenario: string;
      readonly version: number;
      readonly seed: number;
      /** The ISO week the round started in: the board it ranks on when it plays that week's seed. */
      readonly period: string;
      readonly scripted: boolean;
    }
  | {
      readonly kind: "tick";
      /** World ms the tick reached. */
      readonly t: number;
      /** The chaos agent's energy after it. */
      readonly energy: number;
      readonly commands?: readonly LoggedCommand[];
    }
  | {
      readonly kind: "keyframe";
      /** World ms of the tick it follows. */
      readonly t: number;
      readonly world: WorldSnapshot;
      readonly keeper: ScoreKeeperSnapshot;
      readonly milestones: MilestoneTrackerSnapshot;
      readonly risks: readonly (readonly [string, number])[];
      /** The milestones shown so far (the replicated list, capped as the room caps it). */
      readonly shown: readonly Milestone[];
    }
  | {
      readonly kind: "ended";
      readonly outcome: (typeof roundOutcomes)[number];
      readonly reason: string;
      readonly failing: string;
    }
  | { readonly kind: "stored"; readonly result: number }
  | {
      readonly kind: "moved";
      /** World ms at which the round was taken over. */
      readonly atMs: number;
      /** The process that had it. */
      readonly from: string;
      /** Wall-clock ms of the last record the previous process wrote. */
      readonly lastWriteAt: number;
    }
  | {
      readonly kind: "resumed";
      /** Real ms from the previous process's last write until the round went on. */
      readonly gapMs: number;
    };

export type RoundLogKind = RoundLogRecord["kind"];

/** A record as read back, with when it was written (wall-clock ms of the storage). */
export interface RoundLogEntry {
  readonly writtenAt: number;
  readonly record: RoundLogRecord;
}

/** A process's hold on a workshop: only the holder of the latest fencing token may write its log. */
export interface Lease {
  readonly workshop: string;
  readonly holder: string;
  readonly fence: number;
}

/** Who holds each workshop's lease, for finding the ones whose process died. */
export interface LeaseStatus {
  readonly workshop: string;
  /** The process holding it; null once released or expired. */
  readonly holder: string | null;
  /**
   * The process that held it last, when its lease expired without being released (it stopped
   * renewing): null once released or never held.
   */
  readonly lastHolder: string | null;
}

/** The log's storage refused a write: another process holds a later fencing token. */
export class FencedError extends Error {
  override name = "FencedError";
}

/** A round log that cannot be read back as one. */
export class RoundLogError extends Error {
  override name = "RoundLogError";
}

export interface RoundLogStore {
  /** "redis" or the database's name, for log lines. */
  readonly where: string;
  /** How long a lease lasts unless renewed (ms). */
  readonly leaseMs: number;
  /**
   * Takes a workshop's lease for `holder` with a new fencing token. `from`: the holder believed
   * gone (its lease may be taken before it expires), null for a lease that must be free, or
   * "new" for a workshop code never used (a fresh workshop). Null when someone else holds it.
   */
  acquire(workshop: string, holder: string, from: string | null | "new"): Promise<Lease | null>;
  /**
   * Appends records in order; with `startsRound`, what came before them is dropped (the first
   * record starts a new round). Throws FencedError when a later fencing token exists.
   */
  append(lease: Lease, records: readonly RoundLogRecord[], startsRound: boolean): Promise<void>;
  /** Extends the lease; false when it was lost (a later fencing token exists). */
  renew(lease: Lease): Promise<boolean>;
  /** Frees the lease but keeps the log, for another process to take the workshop over now. */
  release(lease: Lease): Promise<void>;
  /** The workshop is over: its lease and log are removed. */
  close(lease: Lease): Promise<void>;
  read(workshop: string): Promise<RoundLogEntry[]>;
  /** Every workshop with a log, and who holds its lease. */
  leases(): Promise<LeaseStatus[]>;
  shutdown(): Promise<void>;
}

/**
 * A game choice: a lease lasts 10 s and its holder renews it every second, so nine renewals in a
 * row may come late before it lapses. A process that died is found at once by other means (with
 * Redis its matchmaking channel closes; server/cluster/takeover.ts); the lease is what tells a
 * process that stopped answering.
 */
export const LEASE_MS = 10_000;
export const RENEW_MS = 1_000;
/**
 * A game choice: a lease that lapsed while its holder is still connected to Redis (alive, but its
 * event loop starved or stopped) is taken over only after this long more. A busy machine can hold
 * a process back for seconds; taking its workshops then would move every player for nothing.
 */
export const STALLED_MS = 30_000;
/**
 * A game choice: a live round's log gets a keyframe every 2 minutes of world time (about 1 MB for
 * Launch Day's cluster at its peak), so a takeover replays at most that much of the round.
 */
export const KEYFRAME_EVERY_MS = 120_000;
/**
 * A log nobody renews (every process stopped) is kept this long, so a cluster started again soon
 * takes its workshops back. A game choice.
 */
export const ABANDONED_LOG_MS = 60 * 60 * 1000;

const nameField = z.string().max(64);
const sessionId = z.string().min(1).max(64);
const playerSnapshot = z.strictObject({
  id: sessionId,
  name: nameField,
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  connected: z.boolean(),
  spectator: z.boolean(),
  order: z.number().int().min(0),
});
const workshopSnapshot = z.strictObject({
  solo: z.boolean(),
  phase: z.enum(["lobby", "briefing", "live", "debrief"]),
  paused: z.boolean(),
  speed: z.number().positive(),
  rolesLocked: z.boolean(),
  seed: z.number().int().min(0).nullable(),
  scenario: z.string().max(64),
  round: z.number().int().min(0),
  facilitator: sessionId.nullable(),
  joined: z.number().int().min(0),
  players: z.array(playerSnapshot).max(64),
});
const worldMs = z.number().int().min(0);
const loggedCommand = z.strictObject({
  at: worldMs,
  player: sessionId,
  name: nameField,
  command: z.unknown(),
  accepted: z.boolean(),
  reason: z.string().max(2000).optional(),
  card: z.string().max(64).optional(),
});
const record = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("workshop"),
    cause: z.string().max(64),
    by: sessionId.optional(),
    atMs: worldMs,
    uid: z.string().min(1).max(64),
    listed: z.boolean(),
    workshop: workshopSnapshot,
    seats: z.record(sessionId, z.string().max(128)),
    highlights: z.array(z.string().max(260)).max(MAX_HIGHLIGHTS).optional(),
    lesson: z.union([z.enum(LESSONS), z.literal("")]).optional(),
  }),
  z.strictObject({
    kind: z.literal("round"),
    scenario: z.string().max(64),
    version: z.number().int().min(1),
    seed: z.number().int().min(0),
    period: z.string().refine(isPeriod, "not an ISO week like 2026-W50"),
    scripted: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal("tick"),
    t: worldMs,
    energy: z.number().min(0),
    commands: z.array(loggedCommand).optional(),
  }),
  // What a keyframe holds is checked by restoring it: one that does not restore is passed over, and
  // the takeover replays the round from its start (IncidentRoom.restore).
  z.strictObject({
    kind: z.literal("keyframe"),
    t: worldMs,
    world: z.record(z.string(), z.unknown()),
    keeper: z.record(z.string(), z.unknown()),
    milestones: z.record(z.string(), z.unknown()),
    risks: z.array(z.tuple([z.string(), z.number()])),
    shown: z.array(
      z.strictObject({ time: z.number(), kind: z.string().max(64), detail: z.string().max(2000) }),
    ),
  }),
  z.strictObject({
    kind: z.literal("ended"),
    outcome: z.enum(roundOutcomes),
    reason: z.string().max(64),
    failing: z.string().max(2000),
  }),
  z.strictObject({ kind: z.literal("stored"), result: z.number().int().min(1) }),
  z.strictObject({
    kind: z.literal("moved"),
    atMs: worldMs,
    from: z.string().max(64),
    lastWriteAt: z.number().min(0),
  }),
  z.strictObject({ kind: z.literal("resumed"), gapMs: z.number().min(0) }),
]);

/** A record as stored: JSON text. */
export function encodeRecord(r: RoundLogRecord): string {
  return JSON.stringify(r);
}

/** A stored record read back; a RoundLogError names what is wrong with it. */
export function decodeRecord(text: string, where: string): RoundLogRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RoundLogError(`${where}: not JSON`);
  }
  const parsed = record.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RoundLogError(`${where}: ${issue?.path.join(".") || "record"}: ${issue?.message ?? "invalid"}`);
  }
  if (parsed.data.kind !== "tick" || parsed.data.commands === undefined) return parsed.data as RoundLogRecord;
  const commands = parsed.data.commands.map((c, i) => {
    const command = parseCommand(c.command);
    if (!command.ok) throw new RoundLogError(`${where}: commands.${i}.command: ${command.reason}`);
    return { ...c, command: command.command };
  });
  return { ...parsed.data, commands };
}

/** What a takeover rebuilds from: the workshop as last recorded, and its latest round with its ticks. */
export interface RoundHistory {
  readonly workshop: Extract<RoundLogRecord, { kind: "workshop" }>;
  readonly round: Extract<RoundLogRecord, { kind: "round" }> | undefined;
  readonly ticks: readonly Extract<RoundLogRecord, { kind: "tick" }>[];
  /** The round's latest keyframe, and how many of its ticks it follows. */
  readonly keyframe:
    | { readonly record: Extract<RoundLogRecord, { kind: "keyframe" }>; readonly ticks: number }
    | undefined;
  readonly ended: Extract<RoundLogRecord, { kind: "ended" }> | undefined;
  readonly stored: number | undefined;
  /** The round's earlier moves: where it was taken over, and the gap once it went on. */
  readonly moves: readonly { readonly atMs: number; readonly gapMs: number | undefined }[];
  /** Wall-clock ms of the last record written. */
  readonly lastWriteAt: number;
}

/** Reads a workshop's log into what a takeover needs; a RoundLogError when it cannot. */
export function roundHistory(entries: readonly RoundLogEntry[]): RoundHistory {
  let workshop: Extract<RoundLogRecord, { kind: "workshop" }> | undefined;
  let round: Extract<RoundLogRecord, { kind: "round" }> | undefined;
  let ticks: Extract<RoundLogRecord, { kind: "tick" }>[] = [];
  let ended: Extract<RoundLogRecord, { kind: "ended" }> | undefined;
  let keyframe: RoundHistory["keyframe"];
  let stored: number | undefined;
  let moves: { atMs: number; gapMs: number | undefined }[] = [];
  let lastT = 0;
  for (const { record: r } of entries) {
    if (r.kind === "workshop") workshop = r;
    else if (r.kind === "round") {
      round = r;
      ticks = [];
      keyframe = undefined;
      ended = undefined;
      stored = undefined;
      moves = [];
      lastT = 0;
    } else if (r.kind === "tick") {
      if (round === undefined) throw new RoundLogError("a tick before any round");
      if (r.t < lastT) throw new RoundLogError(`world time goes back from ${lastT} to ${r.t}`);
      for (const c of r.commands ?? [])
        if (c.at < lastT || c.at > r.t) throw new RoundLogError(`a command at ${c.at} outside its tick`);
      lastT = r.t;
      ticks.push(r);
    } else if (r.kind === "keyframe") {
      // Of the World as it stood after the last tick: one of another time is of no use.
      if (round !== undefined && ticks.length > 0 && r.t === lastT)
        keyframe = { record: r, ticks: ticks.length };
    } else if (r.kind === "ended") ended = r;
    else if (r.kind === "stored") stored = r.result;
    else if (r.kind === "moved") moves.push({ atMs: r.atMs, gapMs: undefined });
    else if (r.kind === "resumed") {
      const last = moves.at(-1);
      if (last !== undefined) last.gapMs = r.gapMs;
    }
  }
  if (workshop === undefined) throw new RoundLogError("no record of the workshop's people");
  return {
    workshop,
    round,
    ticks,
    keyframe,
    ended,
    stored,
    moves,
    lastWriteAt: entries.at(-1)?.writtenAt ?? 0,
  };
}
