/**
 * What the room fuzzer sends: every client message type the rooms accept (shared/protocol), each
 * well formed on the room's real names or broken one way at a time — names such as `constructor`
 * or `__proto__`, huge and non-finite numbers, NaN-ish strings, wrong types, extra or missing
 * fields, payloads past the size limit — and message types that are none of them. Every choice is
 * drawn from a seeded generator, so a seed replays the same sequence of draws.
 */
import { type ClientMessageType, clientMessages, ROLES, SPEEDS } from "../../shared/protocol/messages.ts";
import { type PuzzleMessageType, puzzleMessages } from "../../shared/protocol/puzzle.ts";
import { type CommandType, commandSchemas } from "../../shared/sim/commands.ts";
import type { Random } from "../../shared/sim/random.ts";
import { faultKinds } from "../../shared/sim/scenario/faults.ts";

/** Text that is a property of Object.prototype, or looks like a number, markup or a path. */
export const HOSTILE_NAMES = [
  "constructor",
  "toString",
  "valueOf",
  "__proto__",
  "hasOwnProperty",
  "prototype",
  "isPrototypeOf",
  "then",
  "",
  " ",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e999",
  "-0",
  "0x1F",
  "null",
  "undefined",
  "[object Object]",
  "<script>alert(1)</script>",
  "node-a1\nnode-a2",
  "\u202Eevil",
  "../../etc/passwd",
  "é",
  "𝔘𝔫𝔦",
] as const;

export const HOSTILE_NUMBERS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  -1,
  0.5,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -1e308,
  150_000,
  150_001,
  111,
  5001,
] as const;

const WRONG_TYPES: readonly unknown[] = [
  null,
  undefined,
  true,
  [],
  {},
  [1, "two"],
  "12",
  12,
  { nested: { deep: [] } },
];

/** What the room's state shows of its cluster and people, for well-formed messages on real names. */
export interface RoomNames {
  readonly nodes: readonly string[];
  readonly pods: readonly string[];
  readonly deployments: readonly string[];
  readonly services: readonly string[];
  readonly members: readonly string[];
  readonly cards: readonly string[];
  readonly players: readonly string[];
  /** Puzzle ids (a puzzle room's `open`). */
  readonly puzzles: readonly string[];
}

/** One message to send, or something else a client does to its socket. */
export type Send =
  | {
      readonly kind: "message";
      readonly type: string | number;
      readonly payload: unknown;
      readonly label: string;
    }
  /** The same message as a request (Colyseus' ROOM_REQUEST frame, which expects an answer). */
  | { readonly kind: "request"; readonly type: string; readonly payload: unknown; readonly label: string }
  /** Raw bytes under a message type (ROOM_DATA_BYTES). */
  | { readonly kind: "bytes"; readonly type: string; readonly bytes: Uint8Array; readonly label: string }
  /** A frame that is no Colyseus message at all. */
  | { readonly kind: "garbage"; readonly bytes: Uint8Array; readonly label: string };

/** How far past the frame limit (64 KB) an oversize frame goes: the socket is closed for it. */
const OVERSIZE_FRAME_BYTES = 70 * 1024;

/** Picks uniformly (the same number of draws whatever the list, so a seed replays its draws). */
export function pick<T>(rng: Random, xs: readonly T[], fallback: T): T {
  const i = rng.int(1 << 30);
  return xs.length === 0 ? fallback : xs[i % xs.length]!;
}

export function chance(rng: Random, p: number): boolean {
  return rng.next() < p;
}

/** A well-formed command of each type, on the room's names (refused by the World when they do not fit). */
export function commandSample(type: CommandType, rng: Random, n: RoomNames): Record<string, unknown> {
  const node = pick(rng, n.nodes, "node-a1");
  const pod = pick(rng, n.pods, "web-0");
  const deployment = pick(rng, n.deployments, "web");
  const member = pick(rng, n.members, "etcd-1");
  const big = chance(rng, 0.3);
  switch (type) {
    case "bindPod":
      return { type, pod, node };
    case "setPriority":
      return { type, pod, priorityClassName: pick(rng, ["system-cluster-critical", "high", "low"], "high") };
    case "takeOverScheduling":
      return { type, deployments: chance(rng, 0.5) ? [] : [deployment] };
    case "releaseScheduling":
    case "disarmEtcdAlarms":
      return { type };
    case "previewScores":
      return { type, pod };
    case "cordon":
    case "uncordon":
    case "removeNode":
      return { type, node };
    case "drain":
      return { type, node, gracePeriodMs: chance(rng, 0.5) ? null : rng.int(60_000) };
    case "addNode":
      return {
        type,
        name: `fuzz-${rng.int(1000)}`,
        zone: pick(rng, ["zone-a", "zone-b", "zone-c"], "zone-a"),
        // The largest node the bounds allow, or an ordinary one.
        milliCPU: big ? 1_000_000 : 4000,
        memoryBytes: big ? Number.MAX_SAFE_INTEGER : 16 * 1024 ** 3,
        pods: big ? 110 : 32,
      };
    case "scale":
      return { type, deployment, replicas: big ? 150_000 : rng.int(40) };
    case "setImage":
      return { type, deployment, image: `shop/${deployment}:${rng.int(9)}` };
    case "setResources":
      return {
        type,
        deployment,
        requests: { milliCPU: big ? 1_000_000 : 250, memoryBytes: 256 * 1024 ** 2 },
        limits: { milliCPU: big ? 1_000_000 : 500 },
      };
    case "setMemoryLimit":
      return { type, deployment, memoryLimitBytes: big ? 1024 ** 4 : 512 * 1024 ** 2 };
    case "setHpa":
      return {
        type,
        deployment,
        minReplicas: 1,
        maxReplicas: big ? 150_000 : 10,
        targetCPUUtilization: big ? 10 : 0.7,
      };
    case "deleteHpa":
      return { type, deployment };
    case "rolloutUndo":
      return { type, deployment, toRevision: chance(rng, 0.5) ? null : 1 + rng.int(3) };
    case "taintNode":
      return { type, node, taint: { key: "fuzz", value: "x", effect: "NoExecute" } };
    case "untaintNode":
      return { type, node, key: "fuzz", effect: "NoExecute" };
    case "restartEtcdMember":
    case "promoteEtcdMember":
    case "removeEtcdMember":
    case "defragEtcd":
      return { type, member };
    case "addEtcdMember":
      return { type, name: `etcd-${4 + rng.int(6)}`, learner: chance(rng, 0.5) };
    case "compactEtcd":
      return { type, revision: big ? Number.MAX_SAFE_INTEGER : 1 + rng.int(100) };
    case "snapshotEtcd":
      return { type, name: `snap-${rng.int(20)}` };
    case "restoreEtcd":
      return { type, snapshot: `snap-${rng.int(20)}`, members: n.members.slice(0, 3) };
    case "setApiServerLimits":
      return {
        type,
        maxRequestsInflight: big ? 100_000 : 400,
        maxMutatingRequestsInflight: big ? 100_000 : 200,
      };
    case "setPriorityAndFairness":
      return { type, enabled: chance(rng, 0.5) };
    case "setKubeProxyMode":
      return { type, mode: pick(rng, ["iptables", "ipvs", "nftables"], "ipvs") };
    case "startControlPlane":
      return {
        type,
        component: "kube-scheduler",
        machine: pick(rng, ["control-1", "control-2"], "control-1"),
      };
    case "setNodeProvisioner":
      return { type, enabled: true, minNodes: big ? 5000 : 0, maxNodes: big ? 5000 : 12 };
    case "injectFault":
      return {
        type,
        card: chance(rng, 0.7) ? pick(rng, n.cards, "slow-disk") : null,
        fault: faultSample(rng, n, big),
        durationMs: chance(rng, 0.5) ? null : rng.int(120_000),
      };
    case "setGameSpeed":
      return { type, speed: big ? 10_000 : 2 };
  }
}

function faultSample(rng: Random, n: RoomNames, big: boolean): Record<string, unknown> {
  const kind = pick(rng, faultKinds, "killNode");
  const node = pick(rng, n.nodes, "node-a1");
  const member = pick(rng, n.members, "etcd-1");
  const deployment = pick(rng, n.deployments, "web");
  switch (kind) {
    case "killNode":
    case "restartNode":
      return { kind, node };
    case "killEtcdMember":
    case "restartEtcdMember":
      return { kind, member };
    case "partition":
      return { kind, groups: [n.members.slice(0, 1), n.members.slice(1)] };
    case "heal":
      return { kind, scope: chance(rng, 0.5) ? "network" : "all" };
    case "slowDisk":
      return { kind, member, fsyncLatencyMs: big ? 2 ** 31 : 20 };
    case "trafficSpike":
      return { kind, service: pick(rng, n.services, "web"), multiplier: big ? 1000 : 3 };
    case "oomBomb":
      return {
        kind,
        target: chance(rng, 0.5) ? { node } : { deployment },
        memoryBytes: big ? 2 ** 52 : 1024 ** 3,
      };
    case "scaleDeployment":
      return { kind, deployment, replicas: big ? 150_000 : 4 };
    case "rollout":
      return { kind, deployment, image: "shop/web:9" };
    case "badRollout":
      return { kind, deployment, image: "shop/web:bad", failure: "crashLoop" };
    case "diskFill":
      return { kind, node, fraction: big ? 1 : 0.9 };
    case "taintNode":
      return { kind, node, taint: { key: "chaos", value: "", effect: "NoExecute" } };
    case "clockSkew":
      return { kind, node, offsetMs: big ? Number.MAX_SAFE_INTEGER : 60_000 };
    case "apiFlood":
      return { kind, client: "ci", qps: big ? 5000 : 50 };
    case "killControlPlane":
    case "restartControlPlane":
      return { kind, component: "kube-apiserver", machine: "control-1" };
  }
}

/** A well-formed payload of each incident-room message type. */
function incidentSample(type: ClientMessageType, rng: Random, n: RoomNames): unknown {
  switch (type) {
    case "command":
      return commandSample(pick(rng, COMMAND_TYPES, "scale"), rng, n);
    case "cordon":
    case "uncordon":
      return { node: pick(rng, n.nodes, "node-a1") };
    case "chooseRoles":
      return { roles: ROLES.filter(() => chance(rng, 0.5)) };
    case "assignRoles":
      return { player: pick(rng, n.players, "nobody"), roles: ROLES.filter(() => chance(rng, 0.5)) };
    case "lockRoles":
      return { locked: chance(rng, 0.5) };
    case "setSeed":
      return { seed: rng.int(2 ** 31 - 1) };
    case "chooseScenario":
      return { scenario: pick(rng, SCENARIOS, "first-light") };
    case "setSpeed":
      return { speed: pick(rng, SPEEDS, 60) };
    case "kick":
      return { player: pick(rng, n.players, "nobody") };
    case "highlight":
      return {
        target: chance(rng, 0.5) ? `node/${pick(rng, n.nodes, "x")}` : `pod/${pick(rng, n.pods, "x")}`,
        on: chance(rng, 0.7),
      };
    case "showLesson":
      return { lesson: "" };
    default:
      return {};
  }
}

/** A well-formed payload of each puzzle-room message type, on the open puzzle's names. */
function puzzleSample(type: PuzzleMessageType, rng: Random, n: RoomNames): unknown {
  const pod = pick(rng, n.pods, "p-0");
  const node = pick(rng, n.nodes, "n-0");
  switch (type) {
    case "place":
    case "hint":
      return { pod, node };
    case "unplace":
    case "evict":
      return { pod };
    case "open":
      return { puzzle: pick(rng, n.puzzles, "first-fit") };
    default:
      return {};
  }
}

/** The payload broken one way: a leaf replaced, a field added or dropped, or the whole of it wrong. */
function mutate(payload: unknown, rng: Random): unknown {
  const way = rng.int(5);
  if (way === 0 || typeof payload !== "object" || payload === null || Array.isArray(payload))
    return pick(rng, [...WRONG_TYPES, ...HOSTILE_NAMES, ...HOSTILE_NUMBERS], null);
  const record = payload as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => k !== "type");
  if (way === 1) return { ...record, [pick(rng, HOSTILE_NAMES, "x")]: pick(rng, WRONG_TYPES, 1) };
  if (way === 2 && keys.length > 0) {
    const { [pick(rng, keys, "")]: _, ...rest } = record;
    return rest;
  }
  // A leaf (one level down into objects) replaced by a hostile name, number or type.
  const key = pick(rng, keys, "type");
  const value = record[key];
  if (typeof value === "object" && value !== null && !Array.isArray(value) && chance(rng, 0.5))
    return { ...record, [key]: mutate(value, rng) };
  const replacement =
    way === 3 ? pick(rng, HOSTILE_NAMES, "") : pick(rng, [...HOSTILE_NUMBERS, ...WRONG_TYPES], Number.NaN);
  return { ...record, [key]: replacement };
}

/** A payload past the 2 KB message limit (refused), or past the 64 KB frame limit (the socket closes). */
function oversize(rng: Random, frame: boolean): unknown {
  return { type: "scale", deployment: "x".repeat(frame ? OVERSIZE_FRAME_BYTES : 3_000 + rng.int(10_000)) };
}

/** Arrays nested this deep: a decoder that recursed without bound would overflow its stack. */
function deeplyNested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

export const COMMAND_TYPES = Object.keys(commandSchemas) as CommandType[];
export const INCIDENT_TYPES = Object.keys(clientMessages) as ClientMessageType[];
export const PUZZLE_TYPES = Object.keys(puzzleMessages) as PuzzleMessageType[];
const COMMAND_SHARE = 0.5;
const DISRUPTIVE_SHARE = 0.03;
const DISRUPTIVE: readonly string[] = [
  "endRound",
  "openBriefing",
  "startRound",
  "chooseScenario",
  "setSeed",
  "kick",
];
const CALM = INCIDENT_TYPES.filter((t) => t !== "command" && !DISRUPTIVE.includes(t));
const SCENARIOS = [
  "first-light",
  "launch-day",
  "thousand-services",
  "even-split",
  "zone-down",
  "no-such-scenario",
  "constructor",
];

/** The next thing one fuzzing client sends to a room of `kind`. */
export function nextSend(rng: Random, kind: "incident" | "puzzle", names: RoomNames): Send {
  const types: readonly string[] = kind === "incident" ? INCIDENT_TYPES : PUZZLE_TYPES;
  // Most of what a player sends is commands, and there are 35 of them.
  // Controls that end or replace the round are sent now and then, or no round would stay live.
  const share = rng.next();
  const type =
    kind === "puzzle"
      ? pick(rng, types, "place")
      : share < COMMAND_SHARE
        ? "command"
        : share < COMMAND_SHARE + DISRUPTIVE_SHARE
          ? pick(rng, DISRUPTIVE, "endRound")
          : pick(rng, CALM, "cordon");
  const sample = () =>
    kind === "incident"
      ? incidentSample(type as ClientMessageType, rng, names)
      : puzzleSample(type as PuzzleMessageType, rng, names);
  const roll = rng.next();
  if (roll < 0.4) return { kind: "message", type, payload: sample(), label: type };
  if (roll < 0.75)
    return { kind: "message", type, payload: mutate(sample(), rng), label: `${type} (broken)` };
  if (roll < 0.85)
    return { kind: "message", type: pick(rng, HOSTILE_NAMES, "x"), payload: sample(), label: "unknown type" };
  if (roll < 0.87) return { kind: "message", type: rng.int(300) - 100, payload: {}, label: "numeric type" };
  if (roll < 0.9) return { kind: "message", type, payload: oversize(rng, false), label: "oversize payload" };
  if (roll < 0.905) return { kind: "message", type, payload: oversize(rng, true), label: "oversize frame" };
  if (roll < 0.92)
    return { kind: "message", type, payload: deeplyNested(200 + rng.int(3000)), label: "deep nesting" };
  if (roll < 0.95) return { kind: "request", type, payload: sample(), label: "request frame" };
  if (roll < 0.975) {
    const bytes = new Uint8Array(1 + rng.int(64)).map(() => rng.int(256));
    return { kind: "bytes", type, bytes, label: "bytes frame" };
  }
  const bytes = new Uint8Array(1 + rng.int(64)).map(() => rng.int(256));
  return { kind: "garbage", bytes, label: "garbage frame" };
}
