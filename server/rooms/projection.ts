import type { Simulation } from "../../shared/sim/index.ts";
import {
  EventState,
  type IncidentState,
  NodeState,
  PodState,
  REPLICATED_EVENTS,
} from "../../shared/state/incidentState.ts";

/**
 * Copies the simulation into the replicated state, assigning only what changed,
 * so each patch carries the cluster's changes and nothing else.
 */
export function projectCluster(sim: Simulation, state: IncidentState, projectedEvents: number): number {
  setIfChanged(state, "timeMs", sim.now);

  for (const node of sim.nodeList()) {
    let view = state.nodes.get(node.name);
    if (view === undefined) {
      view = new NodeState();
      view.name = node.name;
      view.zone = node.zone;
      view.cpuMilli = node.allocatable.milliCPU;
      view.memoryMiB = node.allocatable.memoryMiB;
      view.podCapacity = node.allocatable.pods;
      state.nodes.set(node.name, view);
    }
    const used = sim.requested(node.name);
    setIfChanged(view, "cpuRequestedMilli", used.milliCPU);
    setIfChanged(view, "memoryRequestedMiB", used.memoryMiB);
    setIfChanged(view, "podCount", used.pods);
    setIfChanged(view, "unschedulable", node.unschedulable);
  }

  const alive = new Set<string>();
  for (const pod of sim.podList()) {
    alive.add(pod.name);
    let view = state.pods.get(pod.name);
    if (view === undefined) {
      view = new PodState();
      view.name = pod.name;
      view.cpuMilli = pod.requests.milliCPU;
      view.memoryMiB = pod.requests.memoryMiB;
      state.pods.set(pod.name, view);
    }
    setIfChanged(view, "nodeName", pod.nodeName ?? "");
    setIfChanged(view, "phase", pod.phase);
  }
  for (const name of [...state.pods.keys()]) {
    if (!alive.has(name)) state.pods.delete(name);
  }

  const recorded = sim.eventsRecorded;
  const fresh = sim.recentEvents().slice(-Math.min(recorded - projectedEvents, REPLICATED_EVENTS));
  for (const event of recorded > projectedEvents ? fresh : []) {
    const view = new EventState();
    view.time = event.time;
    view.type = event.type;
    view.reason = event.reason;
    view.object = event.object;
    view.message = event.message;
    state.events.push(view);
  }
  while (state.events.length > REPLICATED_EVENTS) state.events.shift();
  return recorded;
}

function setIfChanged<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
  if (target[key] !== value) target[key] = value;
}
