import { MAX_LISTED_PODS, type PodListMessage } from "../../shared/protocol/messages.ts";
import { intOrPercentText } from "../../shared/sim/controllers/disruption.ts";
import { qosClass } from "../../shared/sim/kubelet/qos.ts";
import type { Scenario } from "../../shared/sim/scenario/index.ts";
import type { Milestone } from "../../shared/sim/world/milestones.ts";
import type { ObjectiveRisk } from "../../shared/sim/world/risks.ts";
import { availabilityTargets, type RoundScore } from "../../shared/sim/world/score.ts";
import type { World } from "../../shared/sim/world/world.ts";
import {
  BootingNodeState,
  DeploymentState,
  EtcdMemberState,
  EventState,
  HpaState,
  type IncidentState,
  MilestoneState,
  NodeState,
  PdbState,
  PodState,
  RaftMessageState,
  REPLICATED_EVENTS,
  REPLICATED_MILESTONES,
  REPLICATED_PODS,
  REPLICATED_RAFT_MESSAGES,
  ServiceState,
} from "../../shared/state/incidentState.ts";
import { encodePodSpec } from "../../shared/state/podSpec.ts";

const MiB = 1024 * 1024;

/** The priority each replicated pending pod's spec was encoded with, to re-encode only when it changes. */
const specPriority = new WeakMap<PodState, number>();

/**
 * Copies the World into the replicated state, assigning only what changed, so each patch carries
 * the cluster's changes and nothing else. What grows with the cluster is bounded: healthy pods are
 * counted per node, and only the pods that need attention (pending, starting, failing,
 * terminating) are replicated by name, at most REPLICATED_PODS of them; events are the last
 * REPLICATED_EVENTS. Returns how many events have been projected.
 */
export function projectWorld(world: World, state: IncidentState, projectedEvents: number): number {
  const lastProjectedMs = state.timeMs;
  setIfChanged(state, "timeMs", world.now);

  const perNode = new Map<string, { milliCPU: number; memory: number; pods: number; ready: number }>();
  const troubled = new Set<string>();
  for (const pod of world.podList()) {
    const healthy = pod.phase === "Running" && pod.ready && !pod.deleting;
    if (pod.nodeName !== "") {
      const used = perNode.get(pod.nodeName) ?? { milliCPU: 0, memory: 0, pods: 0, ready: 0 };
      for (const c of pod.containers) {
        used.milliCPU += c.requests.milliCPU;
        used.memory += c.requests.memoryBytes;
      }
      used.pods++;
      if (healthy) used.ready++;
      perNode.set(pod.nodeName, used);
    }
    if (healthy || troubled.size >= REPLICATED_PODS) continue;
    troubled.add(pod.name);
    let view = state.pods.get(pod.name);
    if (view === undefined) {
      view = new PodState();
      view.name = pod.name;
      view.deployment = pod.deployment;
      // Summed before assigning: a new schema's numbers start undefined, not 0.
      view.cpuMilli = pod.containers.reduce((sum, c) => sum + c.requests.milliCPU, 0);
      view.memoryMiB = pod.containers.reduce((sum, c) => sum + Math.round(c.requests.memoryBytes / MiB), 0);
      view.qosClass = qosClass(pod.containers);
      view.container = pod.containers[0]?.name ?? "";
      view.image = pod.containers[0]?.image ?? "";
      view.cpuLimitMilli = pod.containers[0]?.limits.milliCPU ?? 0;
      view.memoryLimitMiB = Math.round((pod.containers[0]?.limits.memoryBytes ?? 0) / MiB);
      state.pods.set(pod.name, view);
    }
    setIfChanged(view, "nodeName", pod.nodeName);
    setIfChanged(view, "phase", pod.phase);
    setIfChanged(view, "ready", pod.ready);
    setIfChanged(view, "reason", pod.deleting ? "Terminating" : pod.reason);
    setIfChanged(view, "restarts", Math.min(pod.restartCount, 65_535));
    setIfChanged(view, "podIP", pod.podIP);
    setIfChanged(view, "priority", pod.priority);
    setIfChanged(view, "lastTermination", pod.lastTermination);
    if (pod.nodeName !== "") setIfChanged(view, "spec", "");
    else if (view.spec === "" || specPriority.get(view) !== pod.priority) {
      // Encoded once per pod; only its priority can change while it waits (a PriorityClass set by a player).
      const spec = world.schedulingSpec(pod.name);
      setIfChanged(view, "spec", spec === undefined ? "" : encodePodSpec(spec));
      specPriority.set(view, pod.priority);
    }
  }
  for (const name of [...state.pods.keys()]) if (!troubled.has(name)) state.pods.delete(name);

  const drains = world.drainsWaiting();
  const nodes = new Set<string>();
  for (const node of world.nodeList()) {
    nodes.add(node.name);
    let view = state.nodes.get(node.name);
    if (view === undefined) {
      view = new NodeState();
      view.name = node.name;
      view.zone = node.zone;
      view.cpuMilli = node.allocatable.milliCPU;
      view.memoryMiB = Math.round(node.allocatable.memoryBytes / MiB);
      view.podCapacity = node.allocatable.pods;
      view.labels = JSON.stringify(node.labels);
      state.nodes.set(node.name, view);
    }
    const used = perNode.get(node.name);
    setIfChanged(view, "cpuRequestedMilli", used?.milliCPU ?? 0);
    setIfChanged(view, "memoryRequestedMiB", Math.round((used?.memory ?? 0) / MiB));
    setIfChanged(view, "podCount", used?.pods ?? 0);
    setIfChanged(view, "podsReady", used?.ready ?? 0);
    setIfChanged(view, "unschedulable", node.unschedulable);
    setIfChanged(view, "ready", node.ready);
    setIfChanged(view, "up", node.up);
    setIfChanged(view, "conditions", node.conditions.join(","));
    setIfChanged(view, "taints", node.taints.map((t) => `${t.key}:${t.effect}`).join(","));
    const waits = drains.filter((d) => d.node === node.name);
    setIfChanged(view, "drainBlockedPods", waits.flatMap((d) => d.pods).join(","));
    setIfChanged(view, "drainBudgets", waits.map((d) => d.budget).join(","));
  }
  for (const name of [...state.nodes.keys()]) if (!nodes.has(name)) state.nodes.delete(name);

  for (const service of world.serviceList()) {
    let view = state.services.get(service.name);
    if (view === undefined) {
      view = new ServiceState();
      view.name = service.name;
      view.availabilityTarget = availabilityTargets(world.scenario).get(service.name) ?? 0;
      state.services.set(service.name, view);
    }
    const last = world.sloSamples(service.name).at(-1);
    setIfChanged(view, "demandRps", Math.round(last?.demandRps ?? 0));
    setIfChanged(view, "availability", last?.availability ?? 1);
    setIfChanged(view, "p99Ms", last?.p99Ms ?? 0);
    setIfChanged(view, "readyEndpoints", service.readyEndpoints.length);
  }

  for (const d of world.scenario.cluster.deployments) {
    let view = state.deployments.get(d.name);
    if (view === undefined) {
      view = new DeploymentState();
      view.name = d.name;
      state.deployments.set(d.name, view);
    }
    const status = world.deploymentStatus(d.name);
    setIfChanged(view, "replicas", status?.replicas ?? 0);
    setIfChanged(view, "readyReplicas", status?.readyReplicas ?? 0);
  }

  const booting = new Set<string>();
  for (const node of world.bootingList()) {
    booting.add(node.name);
    if (state.booting.has(node.name)) continue;
    const view = new BootingNodeState();
    view.name = node.name;
    view.zone = node.zone;
    view.by = node.by;
    view.readyAtMs = node.readyAtMs;
    view.cpuMilli = node.milliCPU;
    view.memoryMiB = Math.round(node.memoryBytes / MiB);
    state.booting.set(node.name, view);
  }
  for (const name of [...state.booting.keys()]) if (!booting.has(name)) state.booting.delete(name);

  const hpas = new Set<string>();
  for (const hpa of world.hpaList()) {
    hpas.add(hpa.name);
    let view = state.hpas.get(hpa.name);
    if (view === undefined) {
      view = new HpaState();
      view.name = hpa.name;
      state.hpas.set(hpa.name, view);
    }
    setIfChanged(view, "deployment", hpa.deployment);
    setIfChanged(view, "minReplicas", hpa.minReplicas);
    setIfChanged(view, "maxReplicas", hpa.maxReplicas);
    setIfChanged(view, "targetPercent", Math.round(hpa.targetCPUUtilization * 100));
    setIfChanged(
      view,
      "currentPercent",
      hpa.currentCPUUtilization === null ? -1 : Math.round(hpa.currentCPUUtilization * 100),
    );
  }
  for (const name of [...state.hpas.keys()]) if (!hpas.has(name)) state.hpas.delete(name);

  for (const budget of world.budgetList()) {
    let view = state.pdbs.get(budget.name);
    if (view === undefined) {
      view = new PdbState();
      view.name = budget.name;
      view.selector = Object.entries(budget.selector)
        .map(([key, value]) => `${key}=${value}`)
        .join(",");
      view.minAvailable = budget.minAvailable === null ? "" : intOrPercentText(budget.minAvailable);
      view.maxUnavailable = budget.maxUnavailable === null ? "" : intOrPercentText(budget.maxUnavailable);
      state.pdbs.set(budget.name, view);
    }
    setIfChanged(view, "currentHealthy", budget.currentHealthy);
    setIfChanged(view, "desiredHealthy", budget.desiredHealthy);
    setIfChanged(view, "expectedPods", budget.expectedPods);
    setIfChanged(view, "disruptionsAllowed", budget.disruptionsAllowed);
  }

  const members = world.etcdStatus();
  if (state.etcd.length !== members.length || members.some((m, i) => state.etcd[i]?.name !== m.name)) {
    state.etcd.clear();
    for (const m of members) {
      const view = new EtcdMemberState();
      view.name = m.name;
      state.etcd.push(view);
    }
  }
  members.forEach((m, i) => {
    const view = state.etcd[i] as EtcdMemberState;
    setIfChanged(view, "role", m.role);
    setIfChanged(view, "term", m.term);
    setIfChanged(view, "lastIndex", m.lastIndex);
    setIfChanged(view, "commitIndex", m.commitIndex);
    setIfChanged(view, "dbSize", m.dbSize);
    setIfChanged(view, "dbSizeInUse", m.dbSizeInUse);
    setIfChanged(view, "revision", m.revision);
    setIfChanged(view, "alarms", m.alarms.join(","));
  });
  projectRaftMessages(world, state, lastProjectedMs);
  projectControlPlane(world, state);
  setIfChanged(state, "apiRejected", world.apiResponses(429));

  const recorded = world.eventCount;
  if (recorded > projectedEvents) {
    const fresh = world.recentEvents().slice(-Math.min(recorded - projectedEvents, REPLICATED_EVENTS));
    for (const event of fresh) {
      const view = new EventState();
      view.time = event.timeMs;
      view.type = event.type;
      view.reason = event.reason;
      view.object = event.object;
      view.message = event.message;
      state.events.push(view);
    }
    while (state.events.length > REPLICATED_EVENTS) state.events.shift();
  }
  return recorded;
}

/**
 * A sample of the Raft messages sent since the last projection (or still travelling): the newest
 * of each sender, receiver and type, at most REPLICATED_RAFT_MESSAGES. A link and type keeps its
 * slot from tick to tick, so a patch mostly carries two new times, not three strings.
 */
function projectRaftMessages(world: World, state: IncidentState, sinceMs: number): void {
  const picked = new Map<string, ReturnType<World["etcdMessages"]>[number]>();
  const sent = world.etcdMessages();
  for (let i = sent.length - 1; i >= 0 && picked.size < REPLICATED_RAFT_MESSAGES; i--) {
    const m = sent[i];
    if (m === undefined || (m.sentAtMs <= sinceMs && m.arriveAtMs <= world.now)) continue;
    const key = `${m.from}>${m.to}>${m.type}`;
    if (!picked.has(key)) picked.set(key, m);
  }
  // Without new messages (every member down) the last ones stay: the client draws each message once.
  if (picked.size === 0) return;
  const free: RaftMessageState[] = [];
  for (const slot of state.raftMessages) {
    const key = `${slot.from}>${slot.to}>${slot.type}`;
    const m = picked.get(key);
    if (m === undefined) free.push(slot);
    else {
      setIfChanged(slot, "sentAtMs", m.sentAtMs);
      setIfChanged(slot, "arriveAtMs", m.arriveAtMs);
      picked.delete(key);
    }
  }
  for (const m of picked.values()) {
    const slot = free.shift();
    const view = slot ?? new RaftMessageState();
    setIfChanged(view, "from", m.from);
    setIfChanged(view, "to", m.to);
    setIfChanged(view, "type", m.type);
    setIfChanged(view, "sentAtMs", m.sentAtMs);
    setIfChanged(view, "arriveAtMs", m.arriveAtMs);
    if (slot === undefined) state.raftMessages.push(view);
  }
  for (const slot of free) {
    const at = state.raftMessages.indexOf(slot);
    if (at >= 0) state.raftMessages.splice(at, 1);
  }
}

function projectControlPlane(world: World, state: IncidentState): void {
  const load = world.controlPlaneLoad();
  const view = state.controlPlane;
  setIfChanged(view, "apiInflight", load.apiInflight);
  setIfChanged(view, "apiCapacity", load.apiCapacity);
  setIfChanged(view, "apfEnabled", load.apfEnabled);
  setIfChanged(view, "schedulerActive", load.schedulerQueue.active);
  setIfChanged(view, "schedulerBackoff", load.schedulerQueue.backoff);
  setIfChanged(view, "schedulerUnschedulable", load.schedulerQueue.unschedulable);
  setIfChanged(view, "schedulerLeader", load.schedulerLeader);
  setIfChanged(view, "controllerManagerLeader", load.controllerManagerLeader);
  setIfChanged(view, "kubeProxyMode", load.kubeProxyMode);
  setIfChanged(view, "kubeProxySyncMs", load.kubeProxySyncMs);
  setIfChanged(view, "stoppedProcesses", load.stoppedProcesses.join(","));
  const reads = world.etcdReads();
  setIfChanged(view, "etcdReads", reads.mode);
  setIfChanged(view, "etcdStaleReads", reads.staleReads);
}

/**
 * New milestones onto the round's list. Past REPLICATED_MILESTONES the oldest go, except the
 * incident's start: the debrief measures recovery from it.
 */
/** The scenario a round plays, as its state names and briefs it. */
export function projectScenario(scenario: Scenario, state: IncidentState): void {
  state.scenarioId = scenario.id;
  state.scenarioVersion = scenario.version;
  state.scenarioTitle = scenario.title.en;
  state.scenarioTitleKo = scenario.title.ko;
  state.briefing = scenario.briefing.en;
  state.briefingKo = scenario.briefing.ko;
  state.timeLimitMs = scenario.timeLimitMs;
}

export function projectMilestones(fresh: readonly Milestone[], state: IncidentState): void {
  for (const m of fresh) {
    const view = new MilestoneState();
    view.time = m.time;
    view.kind = m.kind;
    view.detail = m.detail;
    state.milestones.push(view);
  }
  while (state.milestones.length > REPLICATED_MILESTONES) {
    const oldest = state.milestones.findIndex((m) => m.kind !== "incidentStart");
    state.milestones.splice(Math.max(oldest, 0), 1);
  }
}

/** The score as the room last computed it, and each objective check's state. */
export function projectScore(
  score: RoundScore,
  objective: ReturnType<World["objectiveStatus"]>,
  risks: readonly ObjectiveRisk[],
  state: IncidentState,
): void {
  const view = state.score;
  setIfChanged(view, "incidentAtMs", objective.incidentAtMs ?? -1);
  setIfChanged(view, "timeToRecoveryMs", score.timeToRecoveryMs ?? -1);
  setIfChanged(view, "budgetSpent", score.budgetSpent);
  setIfChanged(view, "errorBudgetLeft", score.errorBudgetLeft);
  setIfChanged(view, "actions", score.actions);
  setIfChanged(view, "scheduler", score.actionsByRole.scheduler);
  setIfChanged(view, "operator", score.actionsByRole.operator);
  setIfChanged(view, "chaos", score.actionsByRole.chaos);
  const checks = objective.checks.map((c) => `${c.kind}:${c.holding ? 1 : 0}`).join(",");
  setIfChanged(view, "checks", checks);
  setIfChanged(view, "warnings", risks.length === 0 ? "" : JSON.stringify(risks));
}

/** Every pod of the cluster by name, at most MAX_LISTED_PODS, as `kubectl get pods` lists them. */
export function listPods(world: World): PodListMessage {
  const pods = [...world.podList()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    pods: pods.slice(0, MAX_LISTED_PODS).map((p) => ({
      name: p.name,
      node: p.nodeName,
      ip: p.podIP,
      status: p.deleting ? "Terminating" : p.reason || p.phase,
      ready: p.ready,
      restarts: p.restartCount,
      ageMs: world.now - p.createdAtMs,
    })),
    more: Math.max(0, pods.length - MAX_LISTED_PODS),
  };
}

function setIfChanged<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
  if (target[key] !== value) target[key] = value;
}
