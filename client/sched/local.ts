import { createRandom } from "../../shared/sim/random.ts";
import { defaultSchedulerConfig } from "../../shared/sim/scheduler/registry.ts";
import { Scheduler } from "../../shared/sim/scheduler/scheduler.ts";
import type { Node, Pod, ResourceList, Taint, TaintEffect } from "../../shared/sim/scheduler/types.ts";
import { decodePodSpec } from "../../shared/state/podSpec.ts";
import type { ClusterView, NodeView, PodView } from "../net/connection.ts";

/**
 * The scheduler tool's "what would happen if": kube-scheduler's own filter and score plugins
 * (shared/sim/scheduler), run in the browser on the cluster as the replicated view shows it, for
 * one pending pod against every node. It only advises: the server runs the same plugins on its
 * full state when the bind arrives and refuses a node that does not fit.
 *
 * What the view cannot give, and so what the local verdict does not see:
 * - other pods' labels: each node's load is one anonymous pod, so InterPodAffinity and
 *   PodTopologySpread count no matching pods (the simulation's workloads declare neither today);
 * - taint values: the view carries taints as `key:Effect`, so a toleration with operator Equal and
 *   a value does not match a valued taint here (Exists tolerations, the common case, do);
 * - pods kube-scheduler has assumed but whose Binding has not committed yet, and nominations.
 */

const MiB = 1024 * 1024;

/** One node's verdict for the pod. */
export interface NodeVerdict {
  readonly node: string;
  /** Passed every filter plugin. */
  readonly feasible: boolean;
  /** kube-scheduler's reason for a rejection, e.g. "Insufficient cpu" ("" when feasible). */
  readonly reason: string;
  /** The filter plugin that rejected the node ("" when feasible). */
  readonly plugin: string;
  /** Σ normalized score × weight over the score plugins; null when not scored (a lone feasible node). */
  readonly score: number | null;
}

export interface PodEvaluation {
  readonly pod: string;
  /** Every node, in the view's order. */
  readonly verdicts: ReadonlyMap<string, NodeVerdict>;
  /** The node kube-scheduler would pick, or null when none fits. */
  readonly best: string | null;
  /** kube-scheduler's FitError line when no node fits, e.g. "0/6 nodes are available: …". */
  readonly summary: string;
}

/** How the player's node compares with kube-scheduler's pick. */
export type Comparison =
  | { readonly kind: "same"; readonly node: string; readonly score: number | null }
  /** Another node with the very same total: kube-scheduler breaks such ties at random. */
  | { readonly kind: "tie"; readonly node: string; readonly best: string; readonly score: number | null }
  | {
      readonly kind: "worse";
      readonly node: string;
      readonly score: number | null;
      readonly best: string;
      readonly bestScore: number | null;
    }
  | { readonly kind: "infeasible"; readonly node: string; readonly reason: string };

/** "key=value:Effect" or "key:Effect" (the incident view drops values) → a Taint. */
export function parseTaint(text: string): Taint | undefined {
  const colon = text.lastIndexOf(":");
  if (colon < 0) return undefined;
  const effect = text.slice(colon + 1);
  if (!isTaintEffect(effect)) return undefined;
  const pair = text.slice(0, colon);
  const eq = pair.indexOf("=");
  return eq < 0
    ? { key: pair, value: "", effect }
    : { key: pair.slice(0, eq), value: pair.slice(eq + 1), effect };
}

const TAINT_EFFECTS: readonly string[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
const isTaintEffect = (effect: string): effect is TaintEffect => TAINT_EFFECTS.includes(effect);

function resources(milliCPU: number, memoryMiB: number, pods = 0): ResourceList {
  return { milliCPU, memory: memoryMiB * MiB, ephemeralStorage: 0, pods, scalar: {} };
}

/**
 * A node as kube-scheduler sees it. Readiness is not a filter input: since TaintNodesByCondition
 * (GA in Kubernetes 1.17) a NotReady or unreachable node is kept off by the node lifecycle
 * controller's node.kubernetes.io/not-ready and /unreachable taints, which the view carries.
 */
export function schedulerNode(view: NodeView): Node {
  return {
    name: view.name,
    // The well-known labels every kubelet sets (kubernetes.io/hostname) and the zone label the
    // simulation gives each node (topology.kubernetes.io/zone), in case the view has no labels yet.
    labels: { "kubernetes.io/hostname": view.name, "topology.kubernetes.io/zone": view.zone, ...view.labels },
    allocatable: resources(view.cpuMilli, view.memoryMiB, view.podCapacity),
    taints: view.taints.flatMap((text) => parseTaint(text) ?? []),
    unschedulable: view.unschedulable,
    // The simulation records images without sizes, so ImageLocality scores 0 on the server too.
    images: [],
  };
}

/** A pod with only requests (for a pending pod whose spec has not reached the view). */
function bareRequestsPod(name: string, milliCPU: number, memoryMiB: number, nodeName = ""): Pod {
  return {
    name,
    namespace: "default",
    labels: {},
    nodeName,
    priority: 0,
    preemptionPolicy: "PreemptLowerPriority",
    nodeSelector: {},
    affinity: {},
    tolerations: [],
    topologySpreadConstraints: [],
    containers: [
      {
        name: "main",
        image: "",
        requests: resources(milliCPU, memoryMiB),
        limits: { milliCPU: null, memoryBytes: null },
        // Stated (even when 0), so scoring uses them and not kube-scheduler's non-zero defaults.
        requestedResources: ["cpu", "memory"],
        ports: [],
      },
    ],
    initContainers: [],
    creationIndex: 0,
    startTime: "",
  };
}

/** The pending pod as the scheduler's Pod: its spec when the view carries one, else its requests. */
export function schedulerPod(view: PodView): Pod {
  const decoded = decodePodSpec(view.spec);
  if (decoded !== undefined) return { ...decoded, nodeName: "" };
  return bareRequestsPod(view.name, view.cpuMilli, view.memoryMiB);
}

/**
 * The scheduler's cache rebuilt from the view: every node, and its load as `podCount` bound pods
 * whose requests add up to the node's requested totals (NodeResourcesFit counts pods as well as
 * resources; the first stand-in carries all the requests).
 */
export function localScheduler(view: Pick<ClusterView, "nodes" | "seed">): Scheduler {
  const config = defaultSchedulerConfig();
  // Score every feasible node, so the player sees a number on each. kube-scheduler's adaptive
  // percentageOfNodesToScore only stops early from 100 nodes on (schedule_one.go
  // minFeasibleNodesToFind), so below that its pick is the same.
  config.percentageOfNodesToScore = 100;
  const scheduler = new Scheduler({ config, random: createRandom(view.seed, "scheduler") });
  for (const node of view.nodes) {
    scheduler.addNode(schedulerNode(node), 0);
    for (let i = 0; i < node.podCount; i++) {
      const load =
        i === 0
          ? bareRequestsPod(`load-${node.name}-0`, node.cpuRequestedMilli, node.memoryRequestedMiB, node.name)
          : bareRequestsPod(`load-${node.name}-${i}`, 0, 0, node.name);
      scheduler.addPod(load, 0);
    }
  }
  return scheduler;
}

/** Every node's filter verdict and score for one pending pod, and kube-scheduler's pick. */
export function evaluatePod(view: Pick<ClusterView, "nodes" | "seed">, pod: PodView): PodEvaluation {
  const explanation = localScheduler(view).explain(schedulerPod(pod));
  const byName = new Map(explanation.nodes.map((n) => [n.name, n]));
  const verdicts = new Map<string, NodeVerdict>();
  for (const node of view.nodes) {
    const n = byName.get(node.name);
    if (n === undefined) continue;
    verdicts.set(node.name, {
      node: node.name,
      feasible: n.feasible,
      reason: n.reasons[0] ?? "",
      plugin: n.plugin,
      score: n.total,
    });
  }
  return { pod: pod.name, verdicts, best: explanation.node, summary: explanation.summary };
}

/** The player's choice against kube-scheduler's, for the verdict line after a drop. */
export function compare(evaluation: PodEvaluation, node: string): Comparison {
  const chosen = evaluation.verdicts.get(node);
  if (chosen === undefined || !chosen.feasible)
    return { kind: "infeasible", node, reason: chosen?.reason ?? "" };
  const best = evaluation.best;
  if (best === null || best === node) return { kind: "same", node, score: chosen.score };
  const bestScore = evaluation.verdicts.get(best)?.score ?? null;
  if (bestScore === chosen.score) return { kind: "tie", node, best, score: chosen.score };
  return { kind: "worse", node, score: chosen.score, best, bestScore };
}
