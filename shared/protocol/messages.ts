import { z } from "zod";
import { LESSONS } from "../lessons/lessons.ts";
import { type Command, type CommandType, parseCommand } from "../sim/commands.ts";
import { isDisplayName, MAX_NAME_LENGTH } from "./names.ts";

/**
 * Every message a client may send, with its zod schema. The room validates each
 * one here before it acts on it; the client uses the same types to build them.
 */

/** Larger payloads are refused before parsing; no intent in the game needs more. */
export const MAX_MESSAGE_BYTES = 2_048;

/** The three roles of an incident round (DESIGN: roles table). A player may hold several. */
export const ROLES = ["scheduler", "operator", "chaos"] as const;
export type Role = (typeof ROLES)[number];

/** Game speeds a facilitator may choose: simulated ms per real ms (30× and 60× fast-forward through quiet stretches). */
export const SPEEDS = [1, 2, 5, 10, 30, 60] as const;

// A node name is an RFC 1123 DNS label in Kubernetes; the game's nodes use one label.
const nodeName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a node name: lowercase letters, digits and '-'");

const displayName = z
  .string()
  .refine(isDisplayName, `must be 1–${MAX_NAME_LENGTH} letters, digits, spaces or -_.' (no markup)`);
const roles = z
  .array(z.enum(ROLES))
  .max(ROLES.length)
  .refine((r) => new Set(r).size === r.length, "roles repeat");
const sessionId = z.string().min(1).max(64);

/** How many nodes and pods the facilitator may highlight at once (a game choice: a few, to point at). */
export const MAX_HIGHLIGHTS = 8;
/** What the facilitator points at, as kubectl names it: `node/<name>` or `pod/<name>` (DNS subdomain names). */
const highlightTarget = z
  .string()
  .max(260)
  .regex(
    /^(node|pod)\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    "must be node/<name> or pod/<name>, as kubectl names them",
  );
const empty = z.strictObject({});

/**
 * Messages that act on the cluster. `command` carries any command of the game (shared/sim/commands.ts:
 * its schema, and the role allowed to issue it); `cordon` and `uncordon` are the short forms the
 * map's buttons send.
 */
export const clusterCommands = {
  command: z.custom<Command>((value) => parseCommand(value).ok, "not a command of the game"),
  /** `kubectl cordon NODE`: mark the node unschedulable. */
  cordon: z.strictObject({ node: nodeName }),
  /** `kubectl uncordon NODE`: mark the node schedulable again. */
  uncordon: z.strictObject({ node: nodeName }),
} as const;
export type ClusterCommandType = keyof typeof clusterCommands;

/** The game command a cluster message stands for. */
export function commandOf<T extends ClusterCommandType>(type: T, message: ClientMessage<T>): Command {
  if (type === "command") return message as Command;
  return { type: type as "cordon" | "uncordon", node: (message as { node: string }).node };
}

/** Why a `command` message is not a command of the game, naming the first bad field. */
export function commandRefusal(message: unknown): string | null {
  const parsed = parseCommand(message);
  return parsed.ok ? null : parsed.reason;
}

export type { Command, CommandType };

/** Lobby and facilitator controls: they steer the round, not the cluster. */
export const roundControls = {
  /** A player picks their roles in the lobby (unless the facilitator locked them). */
  chooseRoles: z.strictObject({ roles }),
  /** Facilitator: set a player's roles. */
  assignRoles: z.strictObject({ player: sessionId, roles }),
  /** Facilitator: stop (or allow) players changing their own roles. */
  lockRoles: z.strictObject({ locked: z.boolean() }),
  /** Facilitator: the seed of the next round (shown to every team so it can be replayed). */
  setSeed: z.strictObject({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
  }),
  /** Facilitator, outside a live round: the scenario of the next round (an id from GET /api/scenarios). */
  chooseScenario: z.strictObject({
    scenario: z
      .string()
      .min(1)
      .max(63)
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a scenario id"),
  }),
  /** Facilitator: lobby or debrief → briefing. */
  openBriefing: empty,
  /** Facilitator: briefing → live; the incident clock starts. */
  startRound: empty,
  pause: empty,
  resume: empty,
  setSpeed: z.strictObject({ speed: z.union(SPEEDS.map((s) => z.literal(s))) }),
  /** Facilitator: end the live round now (it goes to the debrief). */
  endRound: empty,
  /** Facilitator: remove a player from the workshop. */
  kick: z.strictObject({ player: sessionId }),
  /**
   * Facilitator, while the round is paused (annotate): highlight a node or a pod on everyone's map,
   * or take the highlight off. Resuming the round clears every highlight.
   */
  highlight: z.strictObject({ target: highlightTarget, on: z.boolean() }),
  /** Facilitator, while the round is paused: take every highlight off. */
  clearHighlights: empty,
  /** Facilitator, in the debrief: the lesson opened on every screen that follows (the projector); "" for none. */
  showLesson: z.strictObject({ lesson: z.union([z.enum(LESSONS), z.literal("")]) }),
} as const;
export type RoundControlType = keyof typeof roundControls;

/**
 * Reads the replicated state does not carry, answered to the asker alone: `kubectl get pods` lists
 * every pod (the state replicates only those that need attention).
 */
export const reads = {
  listPods: empty,
} as const;
export type ReadType = keyof typeof reads;

export const clientMessages = { ...clusterCommands, ...roundControls, ...reads } as const;
export type ClientMessageType = keyof typeof clientMessages;
export type ClientMessage<T extends ClientMessageType> = z.infer<(typeof clientMessages)[T]>;

export function isClientMessageType(type: unknown): type is ClientMessageType {
  return typeof type === "string" && Object.hasOwn(clientMessages, type);
}

export function isReadType(type: ClientMessageType): type is ReadType {
  return Object.hasOwn(reads, type);
}

export function isClusterCommandType(type: ClientMessageType): type is ClusterCommandType {
  return Object.hasOwn(clusterCommands, type);
}

/** The first problem zod found, as a reader sees it: `name: must be 1–24 letters, …`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "invalid";
  return issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message;
}

/** Messages the server sends to one client. */
export const serverMessageTypes = {
  /** A message was refused; nothing changed. */
  error: "error",
  /** The outcome of a cluster command when it took effect. */
  commandResult: "commandResult",
  /** The answer to `listPods`: every pod, as `kubectl get pods` lists them. */
  podList: "podList",
} as const;

/** At most this many pods in one answer to `listPods`; the rest are counted. */
export const MAX_LISTED_PODS = 5_000;

/** One pod as `kubectl get pods -o wide` shows it. */
export interface PodRow {
  readonly name: string;
  /** "" while unscheduled. */
  readonly node: string;
  /** The pod's IP from its node's pod CIDR, "" before its sandbox has one (-o wide's IP column). */
  readonly ip: string;
  /** STATUS as kubectl words it: Running, Pending, Terminating, CrashLoopBackOff, … */
  readonly status: string;
  readonly ready: boolean;
  readonly restarts: number;
  /** Game ms since it was created. */
  readonly ageMs: number;
}

export interface PodListMessage {
  readonly pods: readonly PodRow[];
  /** Pods left out beyond MAX_LISTED_PODS. */
  readonly more: number;
}

export type ErrorCode =
  | "unknown_type"
  | "invalid_payload"
  | "payload_too_large"
  | "forbidden"
  | "wrong_phase"
  | "rate_limited"
  | "no_energy";

export interface ErrorMessage {
  readonly code: ErrorCode;
  readonly type: string;
  readonly message: string;
}

export interface CommandResultMessage {
  readonly type: CommandType;
  /** The command as the server applied it, so the client can say it as its command line or in words. */
  readonly command: Command;
  readonly tick: number;
  readonly accepted: boolean;
  readonly reason?: string;
}

export const roomNames = { incident: "incident" } as const;

/** The gentle first round a new workshop (and a solo game after the guided incident) starts with. */
export const DEFAULT_SCENARIO = "first-light";

/** Options to create a workshop (the creator becomes its facilitator) or to join one. */
export const joinOptions = z.strictObject({
  name: displayName.optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  /** Solo play: the creator defends (scheduler and operator) against the scenario's script, from its briefing. */
  solo: z.boolean().optional(),
  /** Take a read-only spectator seat (the projector view). */
  spectate: z.boolean().optional(),
  /** Listed among open public workshops. */
  public: z.boolean().optional(),
  /** The scenario of the first round (an id from GET /api/scenarios); the default is First Light. */
  scenario: z.string().max(63).optional(),
});
export type JoinOptions = z.infer<typeof joinOptions>;
