import { z } from "zod";
import { type KubeProxyMode, kubeProxyModes } from "./network/kubeProxy.ts";
import {
  type ControlPlaneComponent,
  controlPlaneComponents,
  type Fault,
  faultSchema,
  type Taint,
} from "./scenario/faults.ts";

/**
 * Every action a player can take (DESIGN.md, "Roles"), as one discriminated union. The room
 * validates untrusted input with `commandSchemas`, checks `roleOf(command)` against the sender's
 * role, and hands the command to the simulation, which answers accepted or a reason.
 * Values are normalized (millicores, bytes, ms, fractions); the console converts what people type.
 */

export type Role = "scheduler" | "operator" | "chaos" | "facilitator";

// ————— scheduler: takes over pending pods from kube-scheduler and places them —————

export type SchedulerCommand =
  /** Bind a pending pod to a node; the server runs the filters and refuses with their reasons. */
  | { readonly type: "bindPod"; readonly pod: string; readonly node: string }
  /** Give a pending pod another PriorityClass, which changes its place in the queue and what it may preempt. */
  | { readonly type: "setPriority"; readonly pod: string; readonly priorityClassName: string }
  /**
   * Take pending pods away from the default scheduler: those of the listed deployments, or every
   * pending pod when the list is empty.
   */
  | { readonly type: "takeOverScheduling"; readonly deployments: readonly string[] }
  /** Hand pods back to kube-scheduler. */
  | { readonly type: "releaseScheduling" }
  /** Ask for kube-scheduler's filter verdicts and scores for a pod; changes nothing. */
  | { readonly type: "previewScores"; readonly pod: string };

// ————— operator: kubectl, etcdctl and the control plane's flags —————

export type { KubeProxyMode } from "./network/kubeProxy.ts";

export type OperatorCommand =
  | { readonly type: "cordon"; readonly node: string }
  | { readonly type: "uncordon"; readonly node: string }
  /** `kubectl drain`: cordon, then evict the node's pods respecting their grace period. */
  | { readonly type: "drain"; readonly node: string; readonly gracePeriodMs: number | null }
  /** A new node joins the cluster once it has booted. */
  | {
      readonly type: "addNode";
      readonly name: string;
      readonly zone: string;
      readonly milliCPU: number;
      readonly memoryBytes: number;
      readonly pods: number;
    }
  | { readonly type: "removeNode"; readonly node: string }
  | { readonly type: "scale"; readonly deployment: string; readonly replicas: number }
  /** `kubectl set image`: roll the deployment out to another image of its first container. */
  | { readonly type: "setImage"; readonly deployment: string; readonly image: string }
  /**
   * `kubectl set resources deployment/NAME --requests=cpu=…,memory=… --limits=cpu=…,memory=…`: roll
   * out the first container with the resources given (the others as they were).
   */
  | {
      readonly type: "setResources";
      readonly deployment: string;
      readonly requests: { readonly milliCPU?: number; readonly memoryBytes?: number };
      readonly limits: { readonly milliCPU?: number; readonly memoryBytes?: number };
    }
  /** `kubectl set resources deployment/NAME --limits=memory=…`: roll out the first container's new memory limit. */
  | { readonly type: "setMemoryLimit"; readonly deployment: string; readonly memoryLimitBytes: number }
  /** Create or change the HPA of a deployment (`kubectl autoscale`). */
  | {
      readonly type: "setHpa";
      readonly deployment: string;
      readonly minReplicas: number;
      readonly maxReplicas: number;
      readonly targetCPUUtilization: number;
    }
  | { readonly type: "deleteHpa"; readonly deployment: string }
  /** `kubectl rollout undo`, to the previous revision or the one named. */
  | { readonly type: "rolloutUndo"; readonly deployment: string; readonly toRevision: number | null }
  | { readonly type: "taintNode"; readonly node: string; readonly taint: Taint }
  | {
      readonly type: "untaintNode";
      readonly node: string;
      readonly key: string;
      readonly effect: Taint["effect"];
    }
  | { readonly type: "restartEtcdMember"; readonly member: string }
  /**
   * `etcdctl member add [--learner]`, then the new member starts and catches up; a learner does not
   * vote until `etcdctl member promote` makes it a voter.
   */
  | { readonly type: "addEtcdMember"; readonly name: string; readonly learner?: boolean }
  | { readonly type: "promoteEtcdMember"; readonly member: string }
  | { readonly type: "removeEtcdMember"; readonly member: string }
  /** `etcdctl defrag` on one member: its backend file shrinks to what is in use. */
  | { readonly type: "defragEtcd"; readonly member: string }
  /** `etcdctl compact REVISION`: etcd forgets the history before it. */
  | { readonly type: "compactEtcd"; readonly revision: number }
  /** `etcdctl alarm disarm`: every alarm raised (NOSPACE) is cleared. */
  | { readonly type: "disarmEtcdAlarms" }
  | { readonly type: "snapshotEtcd"; readonly name: string }
  /** `etcdutl snapshot restore`: a new cluster from the snapshot on the named members. */
  | { readonly type: "restoreEtcd"; readonly snapshot: string; readonly members: readonly string[] }
  /** kube-apiserver --max-requests-inflight / --max-mutating-requests-inflight. */
  | {
      readonly type: "setApiServerLimits";
      readonly maxRequestsInflight: number;
      readonly maxMutatingRequestsInflight: number;
    }
  /** kube-apiserver --enable-priority-and-fairness. */
  | { readonly type: "setPriorityAndFairness"; readonly enabled: boolean }
  | { readonly type: "setKubeProxyMode"; readonly mode: KubeProxyMode }
  /**
   * Put a control-plane component's static pod manifest back in /etc/kubernetes/manifests on one
   * control-plane machine: its kubelet starts the process at its next look at the folder.
   */
  | {
      readonly type: "startControlPlane";
      readonly component: ControlPlaneComponent;
      readonly machine: string;
    }
  /** Turn the node provisioner (cluster-autoscaler-like) on or off and set its bounds. */
  | {
      readonly type: "setNodeProvisioner";
      readonly enabled: boolean;
      readonly minNodes: number;
      readonly maxNodes: number;
    };

// ————— chaos agent: a fault from the scenario's deck —————

export type ChaosCommand = {
  readonly type: "injectFault";
  /** The deck card that pays for it (versus mode); null when the facilitator or the script injects. */
  readonly card: string | null;
  readonly fault: Fault;
  /** For timed faults: reverted after this long; null = until healed. */
  readonly durationMs: number | null;
};

// ————— facilitator —————

export type FacilitatorCommand =
  /** Simulated ms per real ms (DESIGN: game time may run faster than real time). */
  { readonly type: "setGameSpeed"; readonly speed: number };

export type Command = SchedulerCommand | OperatorCommand | ChaosCommand | FacilitatorCommand;
export type CommandType = Command["type"];

/** Commands that read the world and change nothing; the room answers them without logging. */
export const readOnlyCommandTypes: ReadonlySet<CommandType> = new Set<CommandType>(["previewScores"]);

// ————— who may issue what —————

export const commandRoles = {
  bindPod: "scheduler",
  setPriority: "scheduler",
  takeOverScheduling: "scheduler",
  releaseScheduling: "scheduler",
  previewScores: "scheduler",
  cordon: "operator",
  uncordon: "operator",
  drain: "operator",
  addNode: "operator",
  removeNode: "operator",
  scale: "operator",
  setImage: "operator",
  setMemoryLimit: "operator",
  setResources: "operator",
  setHpa: "operator",
  deleteHpa: "operator",
  rolloutUndo: "operator",
  taintNode: "operator",
  untaintNode: "operator",
  restartEtcdMember: "operator",
  addEtcdMember: "operator",
  promoteEtcdMember: "operator",
  removeEtcdMember: "operator",
  defragEtcd: "operator",
  compactEtcd: "operator",
  disarmEtcdAlarms: "operator",
  snapshotEtcd: "operator",
  restoreEtcd: "operator",
  setApiServerLimits: "operator",
  setPriorityAndFairness: "operator",
  setKubeProxyMode: "operator",
  startControlPlane: "operator",
  setNodeProvisioner: "operator",
  injectFault: "chaos",
  setGameSpeed: "facilitator",
} as const satisfies Record<CommandType, Role>;

export function roleOf(command: Command): Role {
  return commandRoles[command.type];
}

// ————— schemas for untrusted input —————

const name = z.string().min(1).max(253);
const count = (max: number) => z.number().int().min(0).max(max);
const positiveCount = (max: number) => z.number().int().min(1).max(max);
const ms = z.number().int().min(0);
const taintEffect = z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]);

export const commandSchemas = {
  bindPod: z.strictObject({ type: z.literal("bindPod"), pod: name, node: name }),
  setPriority: z.strictObject({ type: z.literal("setPriority"), pod: name, priorityClassName: name }),
  takeOverScheduling: z.strictObject({
    type: z.literal("takeOverScheduling"),
    deployments: z.array(name).max(1000),
  }),
  releaseScheduling: z.strictObject({ type: z.literal("releaseScheduling") }),
  previewScores: z.strictObject({ type: z.literal("previewScores"), pod: name }),
  cordon: z.strictObject({ type: z.literal("cordon"), node: name }),
  uncordon: z.strictObject({ type: z.literal("uncordon"), node: name }),
  drain: z.strictObject({ type: z.literal("drain"), node: name, gracePeriodMs: ms.nullable() }),
  addNode: z.strictObject({
    type: z.literal("addNode"),
    name,
    zone: name,
    milliCPU: positiveCount(1_000_000),
    memoryBytes: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    // kubelet --max-pods default 110, and Kubernetes' scalability thresholds' "no more than 110
    // pods per node" (kubernetes.io/docs/setup/best-practices/cluster-large/).
    pods: positiveCount(110),
  }),
  removeNode: z.strictObject({ type: z.literal("removeNode"), node: name }),
  // Kubernetes' scalability envelope: 150 000 pods per cluster (the World also holds each scenario's
  // own limits.pods).
  scale: z.strictObject({ type: z.literal("scale"), deployment: name, replicas: count(150_000) }),
  setImage: z.strictObject({
    type: z.literal("setImage"),
    deployment: name,
    image: z.string().min(1).max(512),
  }),
  setMemoryLimit: z.strictObject({
    type: z.literal("setMemoryLimit"),
    deployment: name,
    // 1 MiB to 1 TiB: far beyond any node in the scenarios, and bounded against hostile input.
    memoryLimitBytes: z
      .number()
      .int()
      .min(1024 ** 2)
      .max(1024 ** 4),
  }),
  setResources: z
    .strictObject({
      type: z.literal("setResources"),
      deployment: name,
      // Up to 1000 cores and 1 TiB: far beyond any node in the scenarios, bounded against hostile input.
      requests: z.strictObject({
        milliCPU: count(1_000_000).optional(),
        memoryBytes: count(1024 ** 4).optional(),
      }),
      limits: z.strictObject({
        milliCPU: positiveCount(1_000_000).optional(),
        memoryBytes: positiveCount(1024 ** 4).optional(),
      }),
    })
    .refine((c) => Object.keys(c.requests).length + Object.keys(c.limits).length > 0, {
      error: "name at least one request or limit to set",
    }),
  setHpa: z
    .strictObject({
      type: z.literal("setHpa"),
      deployment: name,
      minReplicas: positiveCount(150_000),
      maxReplicas: positiveCount(150_000),
      targetCPUUtilization: z.number().positive().max(10),
    })
    .refine((c) => c.minReplicas <= c.maxReplicas, { error: "minReplicas cannot exceed maxReplicas" }),
  deleteHpa: z.strictObject({ type: z.literal("deleteHpa"), deployment: name }),
  rolloutUndo: z.strictObject({
    type: z.literal("rolloutUndo"),
    deployment: name,
    toRevision: positiveCount(Number.MAX_SAFE_INTEGER).nullable(),
  }),
  taintNode: z.strictObject({
    type: z.literal("taintNode"),
    node: name,
    taint: z.strictObject({ key: name, value: z.string().max(63), effect: taintEffect }),
  }),
  untaintNode: z.strictObject({ type: z.literal("untaintNode"), node: name, key: name, effect: taintEffect }),
  restartEtcdMember: z.strictObject({ type: z.literal("restartEtcdMember"), member: name }),
  addEtcdMember: z.strictObject({ type: z.literal("addEtcdMember"), name, learner: z.boolean().optional() }),
  promoteEtcdMember: z.strictObject({ type: z.literal("promoteEtcdMember"), member: name }),
  removeEtcdMember: z.strictObject({ type: z.literal("removeEtcdMember"), member: name }),
  defragEtcd: z.strictObject({ type: z.literal("defragEtcd"), member: name }),
  compactEtcd: z.strictObject({
    type: z.literal("compactEtcd"),
    revision: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  }),
  disarmEtcdAlarms: z.strictObject({ type: z.literal("disarmEtcdAlarms") }),
  snapshotEtcd: z.strictObject({ type: z.literal("snapshotEtcd"), name }),
  restoreEtcd: z.strictObject({
    type: z.literal("restoreEtcd"),
    snapshot: name,
    members: z.array(name).min(1).max(7),
  }),
  setApiServerLimits: z.strictObject({
    type: z.literal("setApiServerLimits"),
    maxRequestsInflight: positiveCount(100_000),
    maxMutatingRequestsInflight: positiveCount(100_000),
  }),
  setPriorityAndFairness: z.strictObject({ type: z.literal("setPriorityAndFairness"), enabled: z.boolean() }),
  setKubeProxyMode: z.strictObject({
    type: z.literal("setKubeProxyMode"),
    mode: z.enum(kubeProxyModes),
  }),
  startControlPlane: z.strictObject({
    type: z.literal("startControlPlane"),
    component: z.enum(controlPlaneComponents),
    machine: name,
  }),
  setNodeProvisioner: z
    .strictObject({
      type: z.literal("setNodeProvisioner"),
      enabled: z.boolean(),
      minNodes: count(5000),
      maxNodes: count(5000),
    })
    .refine((c) => c.minNodes <= c.maxNodes, { error: "minNodes cannot exceed maxNodes" }),
  injectFault: z.strictObject({
    type: z.literal("injectFault"),
    card: name.nullable(),
    fault: faultSchema,
    durationMs: ms.nullable(),
  }),
  setGameSpeed: z.strictObject({ type: z.literal("setGameSpeed"), speed: z.number().positive().max(10_000) }),
} as const satisfies { [K in CommandType]: z.ZodType<Extract<Command, { type: K }>> };

const schemaList = Object.values(commandSchemas) as z.ZodType<Command>[];

/** Validates untrusted input as a `Command`; the reason names the first bad field. */
export function parseCommand(
  input: unknown,
): { readonly ok: true; readonly command: Command } | { readonly ok: false; readonly reason: string } {
  const type = typeof input === "object" && input !== null ? (input as { type?: unknown }).type : undefined;
  if (typeof type !== "string" || !Object.hasOwn(commandSchemas, type)) {
    return { ok: false, reason: `unknown command type ${JSON.stringify(type)}` };
  }
  const parsed = commandSchemas[type as CommandType].safeParse(input);
  if (parsed.success) return { ok: true, command: parsed.data as Command };
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("");
  return { ok: false, reason: `${type}${path}: ${issue.message}` };
}

/** Every command schema as one list, for callers that want a single zod union. */
export const commandSchema = z.union(schemaList as [z.ZodType<Command>, ...z.ZodType<Command>[]]);
