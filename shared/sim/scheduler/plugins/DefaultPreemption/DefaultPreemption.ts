/**
 * DefaultPreemption: when no node fits, find nodes where evicting lower-priority pods would
 * make room, keep as many of those pods as possible, pick one node in kube-scheduler's order
 * and nominate the pod to it (framework/preemption/preemption.go, defaultpreemption).
 *
 * PodDisruptionBudgets are best-effort here, as upstream (pkg/scheduler/framework/plugins/
 * defaultpreemption/default_preemption.go, v1.32): victims whose eviction would violate a budget are
 * reprieved first (filterPodsWithPDBViolation, SelectVictimsOnNode), a node with fewer violations
 * wins (pickOneNodeForPreemption), and the search looks past its candidate count until it finds a
 * node without any; but a pod is still preempted when only a violation makes room — the victims
 * are deleted, not evicted through the Eviction API.
 */
import type { CycleState, Handle, PostFilterPlugin, PostFilterResult } from "../../framework/interface.ts";
import {
  fitErrorMessage,
  message,
  NodeToStatus,
  type Status,
  status,
  unresolvable,
  unschedulable,
} from "../../framework/status.ts";
import type { NodeInfo } from "../../nodeInfo.ts";
import { moreImportantPod, type PodInfo } from "../../podInfo.ts";
import type { DisruptionBudget } from "../../types.ts";

// DefaultPreemptionArgs defaults (apis/config/v1/defaults.go).
export const minCandidateNodesPercentage = 10;
export const minCandidateNodesAbsolute = 100;

// preemption.go messages.
export const errReasonNoVictims = "No preemption victims found for incoming pod";
export const errReasonNotHelpful = "Preemption is not helpful for scheduling";

export interface Candidate {
  name: string;
  /** Highest priority first. */
  victims: PodInfo[];
  numPDBViolations: number;
}

/** calculateNumCandidates: 10 % of the nodes, at least 100, at most all of them. */
export function calculateNumCandidates(numNodes: number): number {
  let n = Math.trunc((numNodes * minCandidateNodesPercentage) / 100);
  if (n < minCandidateNodesAbsolute) n = minCandidateNodesAbsolute;
  if (n > numNodes) n = numNodes;
  return n;
}

/** GetEarliestPodStartTime: the earliest start among the highest-priority victims. */
function earliestStartOfHighestPriority(victims: readonly PodInfo[]): number {
  const first = victims[0] as PodInfo;
  let earliest = first.startTimeMs;
  let maxPriority = first.priority;
  for (const v of victims) {
    if (v.priority === maxPriority) {
      if (v.startTimeMs < earliest) earliest = v.startTimeMs;
    } else if (v.priority > maxPriority) {
      maxPriority = v.priority;
      earliest = v.startTimeMs;
    }
  }
  return earliest;
}

// math.MaxInt32 + 1: added to every priority so that sums compare right with negative priorities.
const priorityOffset = 2147483648;

/**
 * pickOneNodeForPreemption: (1) fewest PDB violations, (2) lowest highest-victim priority,
 * (3) smallest sum of victim priorities, (4) fewest victims, (5) latest start of the
 * highest-priority victims; then the first candidate.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  const scoreFuncs: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -(c.victims[0] as PodInfo).priority,
    (c) => -c.victims.reduce((sum, v) => sum + v.priority + priorityOffset, 0),
    (c) => -c.victims.length,
    (c) => earliestStartOfHighestPriority(c.victims),
  ];
  let all = [...candidates];
  for (const f of scoreFuncs) {
    let max = Number.NEGATIVE_INFINITY;
    let selected: Candidate[] = [];
    for (const c of all) {
      const score = f(c);
      if (score > max) {
        max = score;
        selected = [];
      }
      if (score === max) selected.push(c);
    }
    if (selected.length === 1) return selected[0];
    all = selected;
  }
  return all[0];
}

/**
 * filterPodsWithPDBViolation: walks the pods (highest priority first) spending each matching
 * budget's disruptionsAllowed; a pod that takes a budget below zero is violating. A pod already in
 * a budget's disruptedPods has been counted by the API server and spends nothing; a pod without
 * labels matches no budget, nor does a budget with an empty selector.
 */
export function filterPodsWithPDBViolation(
  pods: readonly PodInfo[],
  budgets: readonly DisruptionBudget[],
): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = budgets.map((b) => b.disruptionsAllowed);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const info of pods) {
    const { labels, namespace, name } = info.pod;
    let violated = false;
    if (Object.keys(labels).length > 0)
      budgets.forEach((budget, i) => {
        if (budget.namespace !== namespace) return;
        const selector = Object.entries(budget.selector);
        if (selector.length === 0 || !selector.every(([k, v]) => labels[k] === v)) return;
        if (budget.disruptedPods.includes(name)) return;
        allowed[i] = (allowed[i] as number) - 1;
        if ((allowed[i] as number) < 0) violated = true;
      });
    (violated ? violating : nonViolating).push(info);
  }
  return { violating, nonViolating };
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = "DefaultPreemption";
  private readonly handle: Handle;

  constructor(handle: Handle) {
    this.handle = handle;
  }

  postFilter(
    state: CycleState,
    pod: PodInfo,
    nodeToStatus: NodeToStatus,
  ): { result: PostFilterResult | null; status: Status } {
    const r = this.preempt(state, pod, nodeToStatus);
    const text = message(r.status);
    if (text !== "") return { result: r.result, status: status(r.status.code, `preemption: ${text}`) };
    return r;
  }

  /** Evaluator.Preempt. */
  preempt(
    state: CycleState,
    pod: PodInfo,
    nodeToStatus: NodeToStatus,
  ): { result: PostFilterResult | null; status: Status } {
    if (pod.pod.preemptionPolicy === "Never") {
      return { result: null, status: unschedulable("not eligible due to preemptionPolicy=Never.") };
    }
    const allNodes = this.handle.snapshot.list();
    const { candidates, statuses } = this.findCandidates(state, pod, allNodes, nodeToStatus);
    if (candidates.length === 0) {
      statuses.absent = unresolvable(errReasonNotHelpful);
      return {
        result: { nominatedNodeName: "", victims: [] },
        status: unschedulable(fitErrorMessage(allNodes.length, statuses, "", "")),
      };
    }
    const best = candidates.length === 1 ? candidates[0] : pickOneNodeForPreemption(candidates);
    if (best === undefined)
      return { result: null, status: unschedulable("no candidate node for preemption") };
    return { result: { nominatedNodeName: best.name, victims: best.victims }, status: status("Success") };
  }

  /** findCandidates + DryRunPreemption over the nodes whose failure preemption might fix. */
  findCandidates(
    state: CycleState,
    pod: PodInfo,
    allNodes: readonly NodeInfo[],
    nodeToStatus: NodeToStatus,
  ): { candidates: Candidate[]; statuses: NodeToStatus } {
    const statuses = new NodeToStatus();
    // Only nodes rejected as Unschedulable; UnschedulableAndUnresolvable ones are left out.
    const potential = allNodes.filter((n) => nodeToStatus.get(n.name).code === "Unschedulable");
    if (potential.length === 0) return { candidates: [], statuses };
    const offset = this.handle.random.int(potential.length);
    const numCandidates = calculateNumCandidates(potential.length);
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    for (let i = 0; i < potential.length; i++) {
      const nodeInfo = (potential[(offset + i) % potential.length] as NodeInfo).clone();
      const stateCopy = state.clone();
      const outcome = this.selectVictimsOnNode(stateCopy, pod, nodeInfo);
      if (outcome.status === null && outcome.victims.length > 0) {
        const c: Candidate = {
          name: nodeInfo.name,
          victims: outcome.victims,
          numPDBViolations: outcome.numViolating,
        };
        if (c.numPDBViolations === 0) nonViolating.push(c);
        else violating.push(c);
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
        continue;
      }
      statuses.set(
        nodeInfo.name,
        outcome.status ?? status("Error", `expected at least one victim pod on node "${nodeInfo.name}"`),
      );
    }
    return { candidates: [...nonViolating, ...violating], statuses };
  }

  /**
   * SelectVictimsOnNode: remove every lower-priority pod; if the pod then fits, add them back
   * one by one, highest priority first, keeping each that still lets the pod fit.
   */
  selectVictimsOnNode(
    state: CycleState,
    pod: PodInfo,
    nodeInfo: NodeInfo,
  ): { victims: PodInfo[]; numViolating: number; status: Status | null } {
    const handle = this.handle;
    const removePod = (p: PodInfo) => {
      nodeInfo.removePod(p.key);
      handle.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
    };
    const addPod = (p: PodInfo) => {
      nodeInfo.addPod(p);
      handle.runPreFilterExtensionAddPod(state, pod, p, nodeInfo);
    };
    const potentialVictims: PodInfo[] = [];
    for (const p of [...nodeInfo.pods]) {
      if (p.priority < pod.priority) {
        potentialVictims.push(p);
        removePod(p);
      }
    }
    if (potentialVictims.length === 0) {
      return { victims: [], numViolating: 0, status: unresolvable(errReasonNoVictims) };
    }
    // Pod affinity to lower-priority pods is not preserved: kube-scheduler gives up here too.
    const fits = handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
    if (fits !== null) return { victims: [], numViolating: 0, status: fits };
    potentialVictims.sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
    // Reprieve as many pods as possible: the ones whose eviction would violate a budget first, then
    // the rest, each group highest priority first.
    const { violating, nonViolating } = filterPodsWithPDBViolation(
      potentialVictims,
      handle.podDisruptionBudgets(),
    );
    const victims: PodInfo[] = [];
    const reprieve = (p: PodInfo): boolean => {
      addPod(p);
      if (handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo) === null) return true;
      removePod(p);
      victims.push(p);
      return false;
    };
    let numViolating = 0;
    for (const p of violating) if (!reprieve(p)) numViolating++;
    for (const p of nonViolating) reprieve(p);
    // Victims from both groups are put back in priority order, highest first.
    if (violating.length > 0 && nonViolating.length > 0)
      victims.sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
    return { victims, numViolating, status: null };
  }
}
