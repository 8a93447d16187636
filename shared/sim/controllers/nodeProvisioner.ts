/**
 * A cluster-autoscaler-like node provisioner: every scan it adds nodes for pods the scheduler
 * could not place, and removes nodes that have been unneeded long enough. New nodes take minutes
 * to boot, so a spike is survived on the nodes already there.
 */
import type { Random } from "../random.ts";

/** cluster-autoscaler `--scan-interval` default 10s (cluster-autoscaler FAQ, parameters). */
export const scanIntervalMs = 10_000;
/** `--scale-down-unneeded-time` default 10m. */
export const scaleDownUnneededMs = 600_000;
/** `--scale-down-delay-after-add` default 10m: no scale-down this soon after a scale-up. */
export const scaleDownDelayAfterAddMs = 600_000;
/** `--scale-down-utilization-threshold` default 0.5: a node below it (requests / allocatable) is a scale-down candidate. */
export const scaleDownUtilizationThreshold = 0.5;
/** `--max-empty-bulk-delete` default 10: empty nodes removed at once; non-empty ones go one at a time. */
export const maxEmptyBulkDelete = 10;
/**
 * A new cloud node takes 3–4 minutes from request to Ready (kubernetes/autoscaler
 * cluster-autoscaler/FAQ.md, "How fast is HPA when combined with CA?": on GCE "it usually takes 3
 * to 4 minutes from CA request to when pods can be scheduled on newly created nodes"); drawn per
 * node from the provisioner's stream.
 */
export const nodeBootMinMs = 180_000;
export const nodeBootMaxMs = 240_000;

export interface Resources {
  readonly milliCPU: number;
  readonly memoryMiB: number;
}

export function nodeBootDurationMs(random: Random): number {
  return random.intBetween(nodeBootMinMs, nodeBootMaxMs);
}

function fits(request: Resources, free: Resources): boolean {
  return request.milliCPU <= free.milliCPU && request.memoryMiB <= free.memoryMiB;
}

function minus(a: Resources, b: Resources): Resources {
  return { milliCPU: a.milliCPU - b.milliCPU, memoryMiB: a.memoryMiB - b.memoryMiB };
}

/**
 * How many nodes of `template` the unschedulable pods need, after filling the capacity of
 * nodes already booting (the autoscaler counts upcoming nodes as if they were there):
 * first-fit decreasing by CPU, the way its binpacking estimator packs pods onto template nodes.
 * Pods that fit no empty template node are left out. The result is capped by `maxNewNodes`.
 */
export function nodesToAdd(
  unschedulable: readonly Resources[],
  template: Resources,
  upcomingNodes: number,
  maxNewNodes: number,
): number {
  const pods = [...unschedulable]
    .filter((p) => fits(p, template))
    .sort((a, b) => b.milliCPU - a.milliCPU || b.memoryMiB - a.memoryMiB);
  const bins: Resources[] = Array.from({ length: upcomingNodes }, () => template);
  for (const pod of pods) {
    const i = bins.findIndex((free) => fits(pod, free));
    if (i >= 0) bins[i] = minus(bins[i]!, pod);
    else bins.push(minus(template, pod));
  }
  return Math.max(0, Math.min(bins.length - upcomingNodes, maxNewNodes));
}

/**
 * How many of `newNodes` each node group gets, given their current sizes (nodes plus nodes booting):
 * each goes to the smallest group, the first of equals — cluster-autoscaler's
 * `BalanceScaleUpBetweenGroups` (processors/nodegroupset/balancing_processor.go), used with
 * `--balance-similar-node-groups` to keep one node group per zone even (kubernetes/autoscaler,
 * cluster-autoscaler/FAQ.md, "I'm running cluster with nodes in multiple zones for HA purposes").
 */
export function balanceScaleUp(sizes: readonly number[], newNodes: number): number[] {
  const added = sizes.map(() => 0);
  if (sizes.length === 0) return added;
  for (let n = 0; n < newNodes; n++) {
    let smallest = 0;
    for (let i = 1; i < sizes.length; i++)
      if (sizes[i]! + added[i]! < sizes[smallest]! + added[smallest]!) smallest = i;
    added[smallest]!++;
  }
  return added;
}

/** A pod on a node: its requests, and the PodDisruptionBudgets whose selector matches it. */
export interface ProvisionedPod extends Resources {
  readonly budgets?: readonly string[];
}

export interface ProvisionedNode {
  readonly name: string;
  readonly allocatable: Resources;
  /** Sum of the requests of the pods on it (DaemonSet and mirror pods excluded). */
  readonly requested: Resources;
  /** The pods' requests, to check they fit elsewhere. */
  readonly pods: readonly ProvisionedPod[];
}

/** Utilization as the autoscaler measures it: the larger of CPU and memory requests over allocatable. */
export function utilization(node: ProvisionedNode): number {
  return Math.max(
    node.requested.milliCPU / node.allocatable.milliCPU,
    node.requested.memoryMiB / node.allocatable.memoryMiB,
  );
}

/** A node is unneeded when it is under the threshold and its pods fit on the other nodes' free room. */
export function isUnneeded(node: ProvisionedNode, others: readonly ProvisionedNode[]): boolean {
  if (utilization(node) >= scaleDownUtilizationThreshold) return false;
  const free = others.map((o) => minus(o.allocatable, o.requested));
  for (const pod of [...node.pods].sort((a, b) => b.milliCPU - a.milliCPU)) {
    const i = free.findIndex((f) => fits(pod, f));
    if (i < 0) return false;
    free[i] = minus(free[i]!, pod);
  }
  return true;
}

/**
 * cluster-autoscaler's PDB drainability rule (cluster-autoscaler/simulator/drainability/rules/pdb/
 * rule.go): a pod matched by a budget with fewer than one disruption left blocks its node's removal
 * ("not enough pod disruption budget to move default/POD"). `remaining` is the planner's
 * RemainingPdbTracker: each budget's disruptionsAllowed, less what nodes already found unneeded in
 * this scan will take (core/scaledown/planner/planner.go, categorizeNodes: RemovePods).
 */
export function drainableUnderBudgets(
  node: ProvisionedNode,
  remaining: ReadonlyMap<string, number>,
): boolean {
  return node.pods.every((pod) => (pod.budgets ?? []).every((b) => (remaining.get(b) ?? 0) >= 1));
}

export interface ProvisionerState {
  /** Since when each node has been unneeded. */
  readonly unneededSinceMs: ReadonlyMap<string, number>;
  readonly lastScaleUpAtMs: number | null;
}

export const initialProvisionerState: ProvisionerState = {
  unneededSinceMs: new Map(),
  lastScaleUpAtMs: null,
};

export interface ProvisionerScan {
  readonly state: ProvisionerState;
  readonly addNodes: number;
  readonly removeNodes: readonly string[];
}

/**
 * One scan: scale up for unschedulable pods; otherwise (and not within the delay after a scale-up)
 * remove nodes unneeded for 10 minutes — up to `maxEmptyBulkDelete` empty ones, or one non-empty one.
 * A node whose pods a PodDisruptionBudget holds is not unneeded (drainableUnderBudgets).
 */
export function scanCluster(
  state: ProvisionerState,
  input: {
    readonly nodes: readonly ProvisionedNode[];
    readonly unschedulable: readonly Resources[];
    readonly upcomingNodes: number;
    readonly template: Resources;
    readonly minNodes: number;
    readonly maxNodes: number;
    /** Each PodDisruptionBudget's status.disruptionsAllowed, by name. */
    readonly disruptionsAllowed?: ReadonlyMap<string, number>;
  },
  nowMs: number,
): ProvisionerScan {
  const total = input.nodes.length + input.upcomingNodes;
  const addNodes = nodesToAdd(
    input.unschedulable,
    input.template,
    input.upcomingNodes,
    input.maxNodes - total,
  );
  const sorted = [...input.nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const unneededSinceMs = new Map<string, number>();
  const remaining = new Map(input.disruptionsAllowed ?? []);
  for (const node of sorted) {
    if (
      !isUnneeded(
        node,
        sorted.filter((o) => o !== node),
      ) ||
      !drainableUnderBudgets(node, remaining)
    )
      continue;
    unneededSinceMs.set(node.name, state.unneededSinceMs.get(node.name) ?? nowMs);
    for (const pod of node.pods)
      for (const b of pod.budgets ?? []) remaining.set(b, (remaining.get(b) ?? 0) - 1);
  }
  const lastScaleUpAtMs = addNodes > 0 ? nowMs : state.lastScaleUpAtMs;
  const removeNodes: string[] = [];
  const coolingDown = lastScaleUpAtMs !== null && nowMs - lastScaleUpAtMs < scaleDownDelayAfterAddMs;
  if (addNodes === 0 && input.unschedulable.length === 0 && !coolingDown) {
    const ripe = sorted.filter(
      (n) => nowMs - (unneededSinceMs.get(n.name) ?? Number.POSITIVE_INFINITY) >= scaleDownUnneededMs,
    );
    const room = Math.max(0, input.nodes.length - input.minNodes);
    const empty = ripe.filter((n) => n.pods.length === 0).slice(0, Math.min(maxEmptyBulkDelete, room));
    if (empty.length > 0) removeNodes.push(...empty.map((n) => n.name));
    else if (ripe.length > 0 && room > 0) removeNodes.push(ripe[0]!.name);
  }
  for (const name of removeNodes) unneededSinceMs.delete(name);
  return { state: { unneededSinceMs, lastScaleUpAtMs }, addNodes, removeNodes };
}
