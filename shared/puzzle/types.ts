/**
 * The solo puzzle: a small cluster (Nodes and the Pods already running on them), the Pods the
 * player must place, and one objective from a small fixed set. The Kubernetes objects are the
 * scheduler's own (loaded by shared/sim/scheduler/k8s/manifests.ts), so every verdict a puzzle
 * gives is the real scheduler's.
 */
import type { NodeObject, PodObject, SchedulerConfigDocument } from "../sim/scheduler/k8s/manifests.ts";
import type { LabelSelector } from "../sim/scheduler/types.ts";

export const levels = ["tutorial", "beginner", "intermediate", "advanced", "expert"] as const;
export type Level = (typeof levels)[number];

/** A text in every language the game speaks. */
export interface LocalizedText {
  en: string;
  ko: string;
}

/**
 * What the player must achieve. Every kind requires a valid placement (each placed pod passes
 * kube-scheduler's filters where it stands); `complete` and the measured `value` differ by kind.
 */
export type Objective =
  /** Every pending pod placed. Value: pods placed (higher is better). */
  | { kind: "placeAll" }
  /** Every pending pod placed. Value: nodes holding at least one pod (lower is better). */
  | { kind: "fewestNodes" }
  /**
   * Every pending pod placed, and the pods matching `selector` spread over the domains of
   * `topologyKey` with max − min ≤ `maxSkew`. Value: that skew (lower is better).
   */
  | { kind: "maxSkew"; topologyKey: string; selector: LabelSelector; maxSkew: number }
  /**
   * Every pending pod placed, and `pod` (arriving later, not placed by the player) still passes
   * the filters on some node. Value: nodes it would fit on (higher is better).
   */
  | { kind: "leaveRoomFor"; pod: PodObject }
  /**
   * Every pending pod placed so that losing any one domain of `topologyKey` leaves at least
   * `minReplicas` pods of every app (pods grouped by the label `appLabel`). Value: the fewest
   * replicas of any app left after the worst domain loss (higher is better).
   */
  | { kind: "surviveZoneLoss"; topologyKey: string; appLabel: string; minReplicas: number }
  /**
   * `node` is cordoned and its pods are evicted (they become pending); the drain finishes when
   * every PodDisruptionBudget still holds. Value: pods placed (higher is better).
   */
  | { kind: "drain"; node: string }
  /**
   * Every pending pod placed; a pod may preempt (evict) lower-priority running pods on its node,
   * as DefaultPreemption does. Value: pods evicted (lower is better).
   */
  | { kind: "fewestEvictions" };

export type ObjectiveKind = Objective["kind"];

/** policy/v1 PodDisruptionBudget, minAvailable form. */
export interface PodDisruptionBudget {
  name: string;
  selector: LabelSelector;
  minAvailable: number;
}

export interface Puzzle {
  id: string;
  version: number;
  level: Level;
  title: LocalizedText;
  lesson: LocalizedText;
  goal: LocalizedText;
  nodes: NodeObject[];
  /** Pods bound to a node (spec.nodeName) before the puzzle starts. */
  running: PodObject[];
  /** Pods the player places, in the file's order (a drain adds the drained node's pods first). */
  pending: PodObject[];
  /** In a drain puzzle, the pods evicted from the drained node (now in `pending`). */
  drained: string[];
  podDisruptionBudgets: PodDisruptionBudget[];
  /** The KubeSchedulerConfiguration profile kube-scheduler runs with (the greedy baseline). */
  scheduler: SchedulerConfigDocument;
  objective: Objective;
}

/**
 * A player's placement, by pod name: a pending pod → its node (absent or null: still pending);
 * a running pod → null when it was evicted (only in fewestEvictions puzzles), else absent.
 */
export type Placements = ReadonlyMap<string, string | null>;

/** Whether higher values of the objective's measure are better. */
export function higherIsBetter(kind: ObjectiveKind): boolean {
  return kind === "placeAll" || kind === "leaveRoomFor" || kind === "surviveZoneLoss" || kind === "drain";
}
