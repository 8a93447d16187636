import type { RoundScore } from "../../shared/sim/world/score.ts";
import type { World } from "../../shared/sim/world/world.ts";
import {
  DeploymentState,
  EtcdMemberState,
  EventState,
  type IncidentState,
  NodeState,
  PodState,
  REPLICATED_EVENTS,
  REPLICATED_PODS,
  ServiceState,
} from "../../shared/state/incidentState.ts";

const MiB = 1024 * 1024;

/**
 * Copies the World into the replicated state, assigning only what changed, so each patch carries
 * the cluster's changes and nothing else. What grows with the cluster is bounded: healthy pods are
 * counted per node, and only the pods that need attention (pending, starting, failing,
 * terminating) are replicated by name, at most REPLICATED_PODS of them; events are the last
 * REPLICATED_EVENTS. Returns how many events have been projected.
 */
export function projectWorld(world: World, state: IncidentState, projectedEvents: number): number {
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
      for (const c of pod.containers) {
        view.cpuMilli += c.requests.milliCPU;
        view.memoryMiB += Math.round(c.requests.memoryBytes / MiB);
      }
      state.pods.set(pod.name, view);
    }
    setIfChanged(view, "nodeName", pod.nodeName);
    setIfChanged(view, "phase", pod.phase);
    setIfChanged(view, "ready", pod.ready);
    setIfChanged(view, "reason", pod.deleting ? "Terminating" : pod.reason);
    setIfChanged(view, "restarts", Math.min(pod.restartCount, 65_535));
  }
  for (const name of [...state.pods.keys()]) if (!troubled.has(name)) state.pods.delete(name);

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
  }
  for (const name of [...state.nodes.keys()]) if (!nodes.has(name)) state.nodes.delete(name);

  for (const service of world.serviceList()) {
    let view = state.services.get(service.name);
    if (view === undefined) {
      view = new ServiceState();
      view.name = service.name;
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
    setIfChanged(view, "commitIndex", m.commitIndex);
  });
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

/** The score as the room last computed it, and each objective check's state. */
export function projectScore(
  score: RoundScore,
  objective: ReturnType<World["objectiveStatus"]>,
  state: IncidentState,
): void {
  const view = state.score;
  setIfChanged(view, "timeToRecoveryMs", score.timeToRecoveryMs ?? -1);
  setIfChanged(view, "sloBurned", score.sloBurned);
  setIfChanged(view, "errorBudgetLeft", score.errorBudgetLeft);
  setIfChanged(view, "actions", score.actions);
  setIfChanged(view, "scheduler", score.actionsByRole.scheduler);
  setIfChanged(view, "operator", score.actionsByRole.operator);
  setIfChanged(view, "chaos", score.actionsByRole.chaos);
  const checks = objective.checks.map((c) => `${c.kind}:${c.holding ? 1 : 0}`).join(",");
  setIfChanged(view, "checks", checks);
}

function setIfChanged<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
  if (target[key] !== value) target[key] = value;
}
