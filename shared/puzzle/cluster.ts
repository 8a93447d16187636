/**
 * A puzzle's cluster as the real scheduler sees it: a Scheduler loaded with the nodes and the
 * pods currently placed, and kube-scheduler's PreFilter + Filter for one pod on one node.
 * Nothing here decides a rule of its own: a verdict is the framework's.
 */
import { CycleState } from "../sim/scheduler/framework/interface.ts";
import { SchedulingError } from "../sim/scheduler/framework/runtime.ts";
import { isRejected, type Status, unresolvable } from "../sim/scheduler/framework/status.ts";
import type { PodObject } from "../sim/scheduler/k8s/manifests.ts";
import type { NodeInfo } from "../sim/scheduler/nodeInfo.ts";
import { PodInfo } from "../sim/scheduler/podInfo.ts";
import { Scheduler } from "../sim/scheduler/scheduler.ts";
import type { Placements, Puzzle } from "./types.ts";

/** A filter verdict: null when the pod fits. */
export type Verdict = Status | null;

// Filters whose refusal cannot be lifted by placing more pods: resources only shrink, node
// labels and taints never change, anti-affinity only gains partners. Required pod affinity and
// topology spread can become satisfiable once other pods are placed.
const monotonePlugins = new Set([
  "NodeUnschedulable",
  "NodeName",
  "TaintToleration",
  "NodeAffinity",
  "NodePorts",
  "NodeResourcesFit",
  "",
]);

export function isMonotone(status: Status): boolean {
  if (monotonePlugins.has(status.plugin)) return true;
  if (status.plugin === "InterPodAffinity")
    return !status.reasons.some((r) => r === "node(s) didn't match pod affinity rules");
  return false;
}

export function verdictText(status: Status): string {
  return status.reasons.join(", ");
}

export class PuzzleCluster {
  readonly scheduler: Scheduler;
  readonly nodeNames: readonly string[];
  private readonly infos = new Map<string, PodInfo>();
  /** pod name → node it is on now (running or placed). */
  private readonly where = new Map<string, string>();

  constructor(puzzle: Puzzle) {
    this.scheduler = new Scheduler({ config: puzzle.scheduler });
    for (const node of puzzle.nodes) this.scheduler.snapshot.addNode(node);
    this.nodeNames = puzzle.nodes.map((n) => n.name);
    for (const pod of [...puzzle.running, ...puzzle.pending]) this.infos.set(pod.name, new PodInfo(pod));
    if (puzzle.objective.kind === "leaveRoomFor")
      this.infos.set(puzzle.objective.pod.name, new PodInfo(puzzle.objective.pod));
    for (const pod of puzzle.running) this.add(pod.name, pod.nodeName);
  }

  /** The cluster with a player's placements applied (evictions removed, placed pods bound). */
  static with(puzzle: Puzzle, placements: Placements): PuzzleCluster {
    const cluster = new PuzzleCluster(puzzle);
    for (const pod of puzzle.running) if (placements.get(pod.name) === null) cluster.remove(pod.name);
    for (const pod of puzzle.pending) {
      const node = placements.get(pod.name);
      if (node !== null && node !== undefined && cluster.nodeNames.includes(node))
        cluster.add(pod.name, node);
    }
    return cluster;
  }

  info(name: string): PodInfo {
    const info = this.infos.get(name);
    if (info === undefined) throw new Error(`no pod ${name} in the puzzle`);
    return info;
  }

  nodeOf(name: string): string | undefined {
    return this.where.get(name);
  }

  node(name: string): NodeInfo {
    return this.scheduler.snapshot.get(name) as NodeInfo;
  }

  add(pod: string, node: string): void {
    this.scheduler.snapshot.addPod(this.info(pod), node);
    this.where.set(pod, node);
  }

  remove(pod: string): void {
    this.scheduler.snapshot.removePod(this.info(pod).key);
    this.where.delete(pod);
  }

  /** The pods on a node now, by name. */
  podsOn(node: string): string[] {
    return this.node(node).pods.map((p) => p.pod.name);
  }

  /** kube-scheduler's PreFilter then Filter for `pod` (not bound) on every node, in node order. */
  filterAll(pod: PodObject | string): Map<string, Verdict> {
    const podInfo = typeof pod === "string" ? this.info(pod) : new PodInfo(pod);
    const fw = this.scheduler.framework;
    const nodes = this.scheduler.snapshot.list();
    const verdicts = new Map<string, Verdict>();
    try {
      const state = new CycleState();
      const pre = fw.runPreFilterPlugins(state, podInfo, nodes);
      for (const nodeInfo of nodes) {
        let verdict: Verdict;
        if (pre.status !== null && isRejected(pre.status)) verdict = pre.status;
        else if (pre.nodeNames !== undefined && !pre.nodeNames.has(nodeInfo.name))
          verdict = unresolvable(`node(s) didn't satisfy plugin(s) [${pre.pluginsWithNodes.join(" ")}]`);
        else verdict = fw.runFilterPlugins(state, podInfo, nodeInfo);
        verdicts.set(nodeInfo.name, verdict);
      }
    } catch (error) {
      if (!(error instanceof SchedulingError)) throw error;
      const failed: Status = { code: "Error", reasons: [error.message], plugin: "" };
      for (const nodeInfo of nodes) verdicts.set(nodeInfo.name, failed);
    }
    return verdicts;
  }

  filter(pod: PodObject | string, node: string): Verdict {
    const verdicts = this.filterAll(pod);
    return verdicts.has(node) ? (verdicts.get(node) as Verdict) : unresolvable(`no node "${node}"`);
  }

  /** Whether `pod`, bound to `node`, still passes the filters against everything else there now. */
  holds(pod: string, node: string): Verdict {
    this.remove(pod);
    try {
      return this.filter(pod, node);
    } finally {
      this.add(pod, node);
    }
  }
}
