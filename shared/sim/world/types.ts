import type { Command } from "../commands.ts";
/**
 * The world's objects, named and shaped as Kubernetes names them, holding only what the
 * controllers, the kubelets, the scheduler and the players read. Plain data: a world's state
 * hashes and copies as JSON.
 */
import type { IntOrPercent } from "../controllers/deployment.ts";
import type { BudgetStatus } from "../controllers/disruption.ts";
import type { ConditionStatus } from "../controllers/nodeLifecycle.ts";
import type { CrashLoopBackOff } from "../kubelet/crashLoopBackOff.ts";
import type { PressureCondition, PressureState } from "../kubelet/nodePressure.ts";
import type { ContainerResources } from "../kubelet/qos.ts";
import type { RolloutFailure, Taint } from "../scenario/faults.ts";
import type { Container, Labels, PodDisruptionBudgetManifest, Toleration } from "../scenario/types.ts";

export interface TimedTaint extends Taint {
  /** When the taint was added (taint.timeAdded), for NoExecute evictions. */
  readonly addedAtMs: number;
  /** Who owns it: the scenario or a player, or the node lifecycle controller. */
  readonly source: "spec" | "lifecycle";
}

export interface WorldNode {
  readonly name: string;
  readonly zone: string;
  readonly labels: Labels;
  readonly allocatable: { readonly milliCPU: number; readonly memoryBytes: number; readonly pods: number };
  taints: TimedTaint[];
  /** spec.unschedulable (kubectl cordon). */
  unschedulable: boolean;
  /** The machine and its kubelet are running. */
  up: boolean;
  readonly registeredAtMs: number;
  /** The kubelet's last Lease renewal (the node lifecycle controller's heartbeat); null before the first. */
  lastHeartbeatMs: number | null;
  /** The Ready condition as the node lifecycle controller last wrote it. */
  ready: ConditionStatus;
  /** status.images: what the kubelet has pulled. */
  images: string[];
  /** With serialized pulls, when the node's single pull slot is free. */
  pullSlotFreeAtMs: number;
  /** The kubelet eviction manager's memory: when each pressure threshold was last met. */
  pressure: PressureState;
  /** MemoryPressure / DiskPressure conditions as the kubelet last reported them. */
  conditions: PressureCondition[];
  /** Share of the node's filesystem in use (a diskFill fault), 0–1. */
  diskFilled: number;
  /** Lease updates that failed in a row (the node cannot reach an API server). */
  leaseFailures: number;
  /** How far the node's clock runs ahead (positive) or behind (negative), in ms. */
  clockSkewMs: number;
  /** spec.podCIDR: the node's share of the cluster CIDR, where its pods' IPs come from. */
  readonly podCIDR: string;
  /** How many pod IPs the node's IPAM has handed out. */
  podIPsHandedOut: number;
}

export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed";

export interface WorldPod {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  /** The ReplicaSet that owns it (metadata.ownerReferences). */
  readonly owner: string;
  readonly deployment: string;
  priority: number;
  readonly tolerations: readonly Toleration[];
  readonly nodeSelector: Labels;
  readonly containers: readonly Container[];
  readonly createdAtMs: number;
  nodeName: string;
  phase: PodPhase;
  /** The Ready condition (readiness probe passed, node not lost). */
  ready: boolean;
  readySinceMs: number | null;
  restartCount: number;
  /** Memory the pod's containers use now. */
  memoryUsageBytes: number;
  /** status.podIP: its sandbox's address ("" before the kubelet has made the sandbox). */
  podIP: string;
  /** lastState.terminated.reason of its container (OOMKilled, Error), "" if it never ended. */
  lastTermination: string;
  /** Why the pod ended, when it did (e.g. Evicted). */
  reason: string;
  /** The kubelet's CrashLoopBackOff entry for the pod's container. */
  backOff: CrashLoopBackOff;
  /** deletionTimestamp: being deleted. */
  deleting: boolean;
}

export interface WorldReplicaSet {
  readonly name: string;
  readonly deployment: string;
  replicas: number;
  /** deployment.kubernetes.io/revision; a rollback gives an old ReplicaSet a new one. */
  revision: number;
  readonly createdAtMs: number;
  /** The image its pods run (the template's, or a rollout's). */
  readonly image: string;
  /** How that image fails, for a bad rollout; null when it works. */
  readonly failure: RolloutFailure | null;
  /** The first container's requests and limits when `kubectl set resources` changed them; null: the template's. */
  readonly resources: ContainerResources | null;
  /** Pod creations sent and not yet landed (the controller's expectations). */
  expectedCreates: number;
}

export interface WorldDeployment {
  readonly name: string;
  replicas: number;
  readonly selector: Labels;
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
  /** When the rollout last made progress (a new pod created or available). */
  lastProgressMs: number;
  /** Progressing=False, reason ProgressDeadlineExceeded. */
  deadlineExceeded: boolean;
}

export interface WorldService {
  readonly name: string;
  readonly selector: Labels;
}

/** A Service with its Endpoints as the Endpoints controller keeps them (pod names, sorted). */
export interface ServiceView extends WorldService {
  readonly readyEndpoints: readonly string[];
  readonly notReadyEndpoints: readonly string[];
}

/** A drain kubectl is still retrying, the pods one budget holds back on that node now, and what it allows. */
export interface DrainWait {
  readonly node: string;
  readonly budget: string;
  readonly pods: readonly string[];
  readonly disruptionsAllowed: number;
}

/** A PodDisruptionBudget with the status the disruption controller writes. */
export type BudgetView = PodDisruptionBudgetManifest & BudgetStatus;

/** A line of `kubectl get events`, with the one-line "why" the game shows. */
export interface WorldEvent {
  readonly timeMs: number;
  readonly type: "Normal" | "Warning";
  readonly reason: string;
  readonly object: string;
  readonly message: string;
}

/** The World takes every player command of the three roles and the facilitator (shared/sim/commands.ts). */
export type WorldCommand = Command;

export type CommandResult =
  | { readonly accepted: true }
  | { readonly accepted: false; readonly reason: string };

/** One line of the world's trace: what happened at `t` (simulated ms). */
export interface WorldTraceRecord {
  readonly t: number;
  readonly kind: string;
  readonly [field: string]: unknown;
}

export type WorldTraceSink = (record: WorldTraceRecord) => void;

/** What a `slo.sample` record carries: one game second of one Service with demand. */
export interface SloSampleFields {
  readonly service: string;
  /** Requests asked this second. */
  readonly rps: number;
  /** Share of them answered, 0–1. */
  readonly availability: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** What a `command` record carries: a player's command and the World's answer. */
export interface CommandFields {
  readonly command: WorldCommand;
  readonly accepted: boolean;
  readonly reason?: string;
}

export type SloSampleTrace = WorldTraceRecord & SloSampleFields & { readonly kind: "slo.sample" };
export type CommandTrace = WorldTraceRecord & CommandFields & { readonly kind: "command" };

// The World writes these two kinds only through its typed `trace` overloads, so the kind decides.
export const isSloSample = (r: WorldTraceRecord): r is SloSampleTrace => r.kind === "slo.sample";
export const isCommandTrace = (r: WorldTraceRecord): r is CommandTrace => r.kind === "command";

/** A Map as a snapshot holds it: its entries in their order, which a restored Map keeps. */
export type Entries<V> = [string, V][];
