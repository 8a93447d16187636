/**
 * The Scheduler: kube-scheduler's scheduling cycle (pkg/scheduler/schedule_one.go) over the
 * framework, the scheduling queue and the cache, plus the event handlers that feed them
 * (eventhandlers.go). Pure and single-threaded: time is simulated ms passed in by the caller,
 * ties are broken with the seeded PRNG, and the API calls (binding, deleting victims) are the
 * caller's business — the cycle says what it decided.
 *
 * kube-scheduler checks nodes with 16 goroutines and stops them once enough feasible nodes are
 * found; here the same search runs on one thread in node order, which is what kube-scheduler
 * does with parallelism 1 and makes the run reproducible.
 */

import { createRandom, type Random, type RandomState, restoreRandom } from "../random.ts";
import { CycleState, type QueuedPodInfo } from "./framework/interface.ts";
import { Framework, SchedulingError, type ScoreOutcome } from "./framework/runtime.ts";
import {
  fitErrorMessage,
  isRejected,
  message,
  NodeToStatus,
  type Status,
  unresolvable,
} from "./framework/status.ts";
import type { NodeInfo } from "./nodeInfo.ts";
import type { DefaultSelectorSource } from "./plugins/PodTopologySpread/PodTopologySpread.ts";
import { PodInfo } from "./podInfo.ts";
import { type ClusterEvent, Nominator, type SavedQueue, SchedulingQueue } from "./queue.ts";
import { createPlugins, defaultSchedulerConfig } from "./registry.ts";
import { ClusterSnapshot, zoneKey } from "./snapshot.ts";
import type {
  DisruptionBudget,
  Node,
  NodeExplanation,
  Pod,
  PodExplanation,
  SchedulerConfig,
} from "./types.ts";

// schedule_one.go: minFeasibleNodesToFind and minFeasibleNodesPercentageToFind.
export const minFeasibleNodesToFind = 100;
export const minFeasibleNodesPercentageToFind = 5;

// schedule_one.go: ErrNoNodesAvailable.
export const errNoNodesAvailable = "no nodes available to schedule pods";

/**
 * numFeasibleNodesToFind: every node below 100; otherwise the configured percentage, or the
 * adaptive one (50 − nodes/125, at least 5 %), and never fewer than 100 nodes.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = Math.max(50 - Math.trunc(numAllNodes / 125), minFeasibleNodesPercentageToFind);
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return Math.max(numNodes, minFeasibleNodesToFind);
}

export interface SchedulerOptions {
  config?: SchedulerConfig;
  /** The scheduler's PRNG stream; ties between equal totals and preemption's start node come from it. */
  random?: Random;
  /** Selectors of the Services/ReplicaSets owning a pod, for PodTopologySpread's system defaults. */
  defaultSelector?: DefaultSelectorSource;
  /** The PodDisruptionBudgets with their status, which preemption prefers not to violate. */
  podDisruptionBudgets?: () => readonly DisruptionBudget[];
}

/**
 * The scheduler's own state as plain data, for a world's snapshot. The cache (nodes and bound
 * pods) is not in it: the world re-adds those, in `nodeOrder` and each node's `podOrder`.
 */
export interface SavedScheduler {
  readonly random: RandomState;
  readonly nextStartNodeIndex: number;
  readonly queue: SavedQueue;
  readonly nominations: readonly (readonly [string, string])[];
  /** Node names in the scheduler's node order, zone by zone. */
  readonly nodeOrder: readonly string[];
  /** Pod keys per node, in the order the node holds them. */
  readonly podOrder: Readonly<Record<string, readonly string[]>>;
}

/** What one scheduling cycle decided. */
export interface CycleResult {
  podInfo: PodInfo;
  explanation: PodExplanation;
  /** Pods preemption decided to delete (the caller deletes them; they leave the cache when gone). */
  victims: PodInfo[];
}

interface CycleOutcome {
  node: string | null;
  summary: string;
  nodeToStatus: NodeToStatus;
  /** The node and status PreFilter gave every node, when PreFilter rejected the pod. */
  preFilterStatus: Status | null;
  feasible: NodeInfo[];
  scores: ScoreOutcome | null;
  /** PreFilterResult.NodeNames: the only nodes the search looked at, when a PreFilter narrowed them. */
  preFilterNodes: ReadonlySet<string> | undefined;
  nominatedNode: string | null;
  victims: PodInfo[];
  unschedulablePlugins: Set<string>;
  state: CycleState;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class Scheduler {
  readonly snapshot = new ClusterSnapshot();
  readonly nominator = new Nominator();
  readonly queue: SchedulingQueue;
  readonly framework: Framework;
  readonly config: SchedulerConfig;
  /** Where the next search starts (the round-robin over nodes). */
  private nextStartNodeIndex = 0;

  constructor(options: SchedulerOptions = {}) {
    this.config = options.config ?? defaultSchedulerConfig();
    const random = options.random ?? createRandom(1, "scheduler");
    this.framework = new Framework(
      this.snapshot,
      random,
      (node) => this.nominator.podsForNode(node),
      options.podDisruptionBudgets,
    );
    const plugins = createPlugins({
      handle: this.framework,
      config: this.config,
      defaultSelector: options.defaultSelector ?? (() => undefined),
    });
    this.framework.setPlugins(plugins, this.config.scoreWeights, this.config.percentageOfNodesToScore);
    this.queue = new SchedulingQueue({
      less: (a, b) => this.framework.profile.queueSort.less(a, b),
      podInitialBackoffMs: this.config.podInitialBackoffSeconds * 1000,
      podMaxBackoffMs: this.config.podMaxBackoffSeconds * 1000,
    });
  }

  // --- Saving and restoring ------------------------------------------------------------------------

  save(): SavedScheduler {
    const byZone = new Map<string, string[]>();
    for (const info of this.snapshot.list()) {
      const zone = zoneKey(info.node);
      const names = byZone.get(zone) ?? [];
      names.push(info.name);
      byZone.set(zone, names);
    }
    return {
      random: this.framework.random.save(),
      nextStartNodeIndex: this.nextStartNodeIndex,
      queue: this.queue.save(),
      nominations: this.nominator.entries(),
      nodeOrder: [...byZone.values()].flat(),
      podOrder: Object.fromEntries(
        this.snapshot.list().map((info) => [info.name, info.pods.map((p) => p.key)]),
      ),
    };
  }

  /**
   * A scheduler as saved: `nodes` and `pods` are every node and pod (bound or pending) by name
   * and key, which it re-adds in the saved order before putting the queue back.
   */
  static restore(
    saved: SavedScheduler,
    nodes: ReadonlyMap<string, Node>,
    pods: ReadonlyMap<string, Pod>,
    options: Omit<SchedulerOptions, "random"> = {},
  ): Scheduler {
    const scheduler = new Scheduler({ ...options, random: restoreRandom(saved.random) });
    for (const name of saved.nodeOrder) {
      const node = nodes.get(name);
      if (node !== undefined) scheduler.snapshot.addNode(node);
    }
    const infos = new Map<string, PodInfo>();
    for (const [key, pod] of pods) infos.set(key, new PodInfo(pod));
    for (const [node, keys] of Object.entries(saved.podOrder)) {
      for (const key of keys) {
        const info = infos.get(key);
        if (info !== undefined) scheduler.snapshot.addPod(info, node);
      }
    }
    scheduler.queue.restore(saved.queue, (key) => infos.get(key));
    for (const [key, node] of saved.nominations) {
      const info = infos.get(key);
      if (info !== undefined) scheduler.nominator.add(info, node);
    }
    scheduler.nextStartNodeIndex = saved.nextStartNodeIndex;
    return scheduler;
  }

  // --- Cluster events (the informer handlers of eventhandlers.go) ------------------------------

  addNode(node: Node, now: number): void {
    if (this.snapshot.get(node.name) !== undefined) {
      this.updateNode(node, now);
      return;
    }
    this.snapshot.addNode(node);
    this.queue.moveAllToActiveOrBackoffQueue("NodeAdd", now);
  }

  /** A changed node; each kind of change is its own cluster event (nodeSchedulingPropertiesChange). */
  updateNode(node: Node, now: number): void {
    const old = this.snapshot.get(node.name)?.node;
    if (old === undefined) {
      this.addNode(node, now);
      return;
    }
    this.snapshot.updateNode(node);
    const events: ClusterEvent[] = [];
    if (!sameJson(old.labels, node.labels)) events.push("NodeLabelChange");
    // A cordon change is registered with the taint changes (NodeUnschedulable's EventsToRegister).
    if (!sameJson(old.taints, node.taints) || old.unschedulable !== node.unschedulable)
      events.push("NodeTaintChange");
    if (!sameJson(old.allocatable, node.allocatable)) events.push("NodeAllocatableChange");
    for (const event of events) this.queue.moveAllToActiveOrBackoffQueue(event, now);
  }

  /** A deleted node; its pods leave the cache with it. */
  removeNode(name: string, now: number): void {
    if (this.snapshot.get(name) === undefined) return;
    this.snapshot.removeNode(name);
    this.queue.moveAllToActiveOrBackoffQueue("NodeDelete", now);
  }

  /** A pod seen by the informer: bound pods go to the cache, pending ones to the queue. */
  addPod(pod: Pod, now: number): PodInfo {
    const podInfo = new PodInfo(pod);
    if (pod.nodeName !== "") {
      this.queue.delete(podInfo.key);
      this.nominator.delete(podInfo.key);
      this.snapshot.removePod(podInfo.key);
      this.snapshot.addPod(podInfo, pod.nodeName);
      this.queue.moveAllToActiveOrBackoffQueue("AssignedPodAdd", now);
    } else {
      if (pod.nominatedNodeName !== undefined && pod.nominatedNodeName !== "") {
        this.nominator.add(podInfo, pod.nominatedNodeName);
      }
      this.queue.add(podInfo, now);
    }
    return podInfo;
  }

  /** A pod deleted from the API: out of the cache (freeing its node) or out of the queue. */
  deletePod(key: string, now: number): void {
    this.nominator.delete(key);
    if (this.snapshot.removePod(key) !== undefined) {
      this.queue.moveAllToActiveOrBackoffQueue("AssignedPodDelete", now);
    } else {
      this.queue.delete(key);
    }
  }

  /**
   * The binding cycle failed (the API call was refused or timed out): the assumed pod leaves the
   * cache (ForgetPod), which may help others, and goes to back-off as after an error.
   */
  bindingFailed(key: string, now: number): void {
    const podInfo = this.snapshot.removePod(key);
    if (podInfo === undefined) return;
    this.queue.moveAllToActiveOrBackoffQueue("AssignedPodDelete", now);
    this.queue.addBackoff(podInfo, now);
  }

  // --- The scheduling cycle -----------------------------------------------------------------------

  /**
   * ScheduleOne: pops the next pod and runs one cycle. On success the pod is assumed onto its
   * node in the cache; on failure it goes back to the queue (nominated if preemption found a
   * node). Returns null when no pod is ready at `now`. With `explain`, every node's verdict and
   * scores are in the result (costlier: the nodes the search skipped are filtered too).
   */
  scheduleOne(now: number, explain = false): CycleResult | null {
    const q = this.queue.pop(now);
    if (q === null) return null;
    const podInfo = q.podInfo;
    const cycle = this.queue.schedulingCycle;
    const outcome = this.runCycle(podInfo);
    let node = outcome.node;
    let summary = outcome.summary;
    if (node !== null) {
      const s =
        this.framework.runReservePlugins(outcome.state, podInfo, node) ??
        this.framework.runBindPlugins(outcome.state, podInfo, node);
      if (s !== null) {
        // A Reserve or Bind failure sends the pod to back-off, as an error does.
        summary = `running Reserve/Bind on node "${node}": ${message(s)}`;
        node = null;
      }
    }
    if (node !== null) {
      this.queue.done(podInfo.key);
      this.nominator.delete(podInfo.key);
      this.snapshot.addPod(podInfo, node);
      this.queue.moveAllToActiveOrBackoffQueue("AssignedPodAdd", now);
    } else {
      this.handleFailure(q, outcome, cycle, now);
    }
    const explanation = this.explanation(podInfo, { ...outcome, node, summary }, explain);
    return { podInfo, explanation, victims: outcome.victims };
  }

  /**
   * What kube-scheduler would decide for `pod` right now, without deciding it: no pod is
   * bound, nominated or requeued, the round-robin start and the PRNG are left as they were.
   */
  explain(pod: Pod | PodInfo): PodExplanation {
    const podInfo = pod instanceof PodInfo ? pod : new PodInfo(pod);
    const saved = this.framework.random;
    const start = this.nextStartNodeIndex;
    this.framework.random = restoreRandom(saved.save());
    try {
      return this.explanation(podInfo, this.runCycle(podInfo), true);
    } finally {
      this.framework.random = saved;
      this.nextStartNodeIndex = start;
    }
  }

  private handleFailure(q: QueuedPodInfo, outcome: CycleOutcome, cycle: number, now: number): void {
    const key = q.podInfo.key;
    q.unschedulablePlugins = outcome.unschedulablePlugins;
    if (outcome.nominatedNode !== null) {
      if (outcome.nominatedNode === "") this.nominator.delete(key);
      else {
        this.nominator.add(q.podInfo, outcome.nominatedNode);
        this.clearLowerPriorityNominations(q.podInfo, outcome.nominatedNode, now);
      }
    }
    this.queue.addUnschedulable(q, cycle, now);
  }

  /**
   * prepareCandidate: pods of lower priority nominated to the preemptor's node lose their
   * nomination (the preemptor takes the room) and are retried.
   */
  private clearLowerPriorityNominations(preemptor: PodInfo, nodeName: string, now: number): void {
    for (const p of [...this.nominator.podsForNode(nodeName)]) {
      if (p.priority >= preemptor.priority) continue;
      this.nominator.delete(p.key);
      if (this.queue.where(p.key) === "unschedulable") this.queue.update(p, now);
    }
  }

  /** schedulePod + the failure path's PostFilter, without touching the queue or the cache. */
  private runCycle(podInfo: PodInfo): CycleOutcome {
    const outcome: CycleOutcome = {
      node: null,
      summary: "",
      nodeToStatus: new NodeToStatus(),
      preFilterStatus: null,
      feasible: [],
      scores: null,
      preFilterNodes: undefined,
      nominatedNode: null,
      victims: [],
      unschedulablePlugins: new Set(),
      state: new CycleState(),
    };
    try {
      return this.schedulePod(podInfo, outcome);
    } catch (error) {
      // A plugin error fails the cycle (the pod backs off and retries), as in kube-scheduler.
      if (!(error instanceof SchedulingError)) throw error;
      return { ...outcome, node: null, feasible: [], scores: null, victims: [], summary: error.message };
    }
  }

  private schedulePod(podInfo: PodInfo, outcome: CycleOutcome): CycleOutcome {
    const fw = this.framework;
    const allNodes = this.snapshot.list();
    const { state, nodeToStatus } = outcome;
    if (allNodes.length === 0) {
      outcome.summary = errNoNodesAvailable;
      return outcome;
    }

    // findNodesThatFitPod.
    const pre = fw.runPreFilterPlugins(state, podInfo, allNodes);
    let preFilterMsg = "";
    if (pre.status !== null && isRejected(pre.status)) {
      nodeToStatus.absent = pre.status;
      outcome.preFilterStatus = pre.status;
      preFilterMsg = message(pre.status);
      if (pre.status.plugin !== "") outcome.unschedulablePlugins.add(pre.status.plugin);
    } else {
      this.findFeasibleNodes(podInfo, state, allNodes, pre.nodeNames, pre.pluginsWithNodes, outcome);
    }

    if (outcome.feasible.length === 1) {
      // Only one feasible node: kube-scheduler takes it without scoring.
      outcome.node = (outcome.feasible[0] as NodeInfo).name;
      return outcome;
    }
    if (outcome.feasible.length > 1) {
      fw.runPreScorePlugins(state, podInfo, outcome.feasible);
      outcome.scores = fw.runScorePlugins(state, podInfo, outcome.feasible);
      outcome.node = this.selectHost(outcome.feasible, outcome.scores.totals);
      return outcome;
    }

    // FitError: PostFilter (preemption) may nominate a node and name victims.
    for (const s of nodeToStatus.statuses.values())
      if (s.plugin !== "") outcome.unschedulablePlugins.add(s.plugin);
    let postFilterMsg = "";
    if (fw.profile.postFilter.length > 0) {
      const post = fw.runPostFilterPlugins(state, podInfo, nodeToStatus);
      postFilterMsg = message(post.status);
      if (post.result !== null) {
        outcome.nominatedNode = post.result.nominatedNodeName;
        outcome.victims = post.status.code === "Success" ? post.result.victims : [];
      }
    }
    outcome.summary = fitErrorMessage(allNodes.length, nodeToStatus, preFilterMsg, postFilterMsg);
    return outcome;
  }

  /** The nominated node first, then the round-robin search up to numFeasibleNodesToFind. */
  private findFeasibleNodes(
    podInfo: PodInfo,
    state: CycleState,
    allNodes: readonly NodeInfo[],
    preFilterNodes: ReadonlySet<string> | undefined,
    pluginsWithNodes: readonly string[],
    outcome: CycleOutcome,
  ): void {
    const fw = this.framework;
    // evaluateNominatedNode: a pod nominated by an earlier preemption tries that node alone first.
    const nominated = this.nominator.nominatedNode(podInfo.key) ?? podInfo.pod.nominatedNodeName ?? "";
    const nominatedInfo = nominated === "" ? undefined : this.snapshot.get(nominated);
    if (
      nominatedInfo !== undefined &&
      (preFilterNodes === undefined || preFilterNodes.has(nominated)) &&
      fw.runFilterPluginsWithNominatedPods(state, podInfo, nominatedInfo) === null
    ) {
      outcome.feasible.push(nominatedInfo);
      return;
    }

    let nodes = allNodes;
    if (preFilterNodes !== undefined) {
      outcome.preFilterNodes = preFilterNodes;
      nodes = allNodes.filter((n) => preFilterNodes.has(n.name));
      outcome.nodeToStatus.absent = unresolvable(
        `node(s) didn't satisfy plugin(s) [${pluginsWithNodes.join(" ")}]`,
      );
    }
    const numNodesToFind = numFeasibleNodesToFind(this.config.percentageOfNodesToScore, nodes.length);
    const start = this.nextStartNodeIndex % nodes.length;
    // With one worker, the search stops at the first feasible node beyond numNodesToFind
    // (checkNode cancels when feasibleNodesLen exceeds it); rejected nodes met before count.
    for (let i = 0; i < nodes.length; i++) {
      const nodeInfo = nodes[(start + i) % nodes.length] as NodeInfo;
      const s = fw.runFilterPluginsWithNominatedPods(state, podInfo, nodeInfo);
      if (s === null) {
        if (outcome.feasible.length === numNodesToFind) break;
        outcome.feasible.push(nodeInfo);
      } else {
        outcome.nodeToStatus.set(nodeInfo.name, s);
      }
    }
    const processed = outcome.feasible.length + outcome.nodeToStatus.size;
    this.nextStartNodeIndex = (start + processed) % nodes.length;
  }

  /** selectHost: the highest total; equal totals are sampled uniformly (reservoir sampling). */
  private selectHost(nodes: readonly NodeInfo[], totals: readonly number[]): string {
    const random = this.framework.random;
    let selected = 0;
    let maxScore = totals[0] as number;
    let count = 1;
    for (let i = 1; i < nodes.length; i++) {
      const score = totals[i] as number;
      if (score > maxScore) {
        maxScore = score;
        selected = i;
        count = 1;
      } else if (score === maxScore) {
        count++;
        if (random.int(count) === 0) selected = i;
      }
    }
    return (nodes[selected] as NodeInfo).name;
  }

  /** The cycle as the panels, hints and CLI show it. */
  private explanation(podInfo: PodInfo, outcome: CycleOutcome, everyNode: boolean): PodExplanation {
    const pod = `${podInfo.pod.namespace}/${podInfo.pod.name}`;
    const preemption =
      outcome.nominatedNode !== null && outcome.nominatedNode !== ""
        ? {
            node: outcome.nominatedNode,
            victims: outcome.victims.map((v) => `${v.pod.namespace}/${v.pod.name}`),
          }
        : null;
    const result: PodExplanation = {
      pod,
      node: outcome.node,
      summary: outcome.summary,
      nodes: [],
      evaluatedNodes:
        outcome.preFilterStatus !== null
          ? this.snapshot.numNodes
          : outcome.feasible.length + outcome.nodeToStatus.size,
      feasibleNodes: outcome.feasible.length,
      preemption,
    };
    if (!everyNode) return result;
    const scoredIndex = new Map(outcome.feasible.map((n, i) => [n.name, i]));
    for (const nodeInfo of this.snapshot.list()) {
      const index = scoredIndex.get(nodeInfo.name);
      if (index !== undefined) {
        result.nodes.push(this.feasibleNode(nodeInfo.name, index, outcome.scores));
        continue;
      }
      const explicit = outcome.nodeToStatus.statuses.get(nodeInfo.name);
      if (explicit !== undefined) {
        result.nodes.push(rejectedNode(nodeInfo.name, explicit, true));
        continue;
      }
      if (outcome.preFilterStatus !== null) {
        result.nodes.push(rejectedNode(nodeInfo.name, outcome.preFilterStatus, true));
        continue;
      }
      if (outcome.preFilterNodes !== undefined && !outcome.preFilterNodes.has(nodeInfo.name)) {
        result.nodes.push(rejectedNode(nodeInfo.name, outcome.nodeToStatus.absent, true));
        continue;
      }
      // Not reached by the search: filtered now, for the reader.
      const s = this.filterForReader(podInfo, outcome.state, nodeInfo);
      result.nodes.push(s === null ? unscoredFeasible(nodeInfo.name) : rejectedNode(nodeInfo.name, s, false));
    }
    return result;
  }

  private filterForReader(podInfo: PodInfo, state: CycleState, nodeInfo: NodeInfo): Status | null {
    try {
      return this.framework.runFilterPluginsWithNominatedPods(state.clone(), podInfo, nodeInfo);
    } catch (error) {
      if (error instanceof SchedulingError) return { code: "Error", reasons: [error.message], plugin: "" };
      throw error;
    }
  }

  private feasibleNode(name: string, index: number, scores: ScoreOutcome | null): NodeExplanation {
    const explanation: NodeExplanation = {
      name,
      feasible: true,
      code: "Success",
      evaluated: true,
      plugin: "",
      reasons: [],
      scores: {},
      total: null,
    };
    if (scores === null) return explanation;
    for (const p of scores.plugins) {
      explanation.scores[p.plugin] = {
        raw: p.raw[index] as number,
        normalized: p.normalized[index] as number,
        weight: p.weight,
      };
    }
    explanation.total = scores.totals[index] as number;
    return explanation;
  }
}

function rejectedNode(name: string, s: Status, evaluated: boolean): NodeExplanation {
  return {
    name,
    feasible: false,
    code: s.code,
    evaluated,
    plugin: s.plugin,
    reasons: [...s.reasons],
    scores: {},
    total: null,
  };
}

function unscoredFeasible(name: string): NodeExplanation {
  return {
    name,
    feasible: true,
    code: "Success",
    evaluated: false,
    plugin: "",
    reasons: [],
    scores: {},
    total: null,
  };
}
