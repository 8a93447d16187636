import type { World } from "../../shared/sim/world/world.ts";

/**
 * What must hold of a World whatever commands it was given, each broken one said in words (none:
 * all hold). Bound pods are bound in etcd and sit on a node that exists; no node holds more than
 * its allocatable by the requests of its pods; no Deployment runs more pods than replicas +
 * maxSurge; Endpoints list only live pods; the cluster stays within its scenario's limits; its
 * clock and its digest are finite. Used by the property tests and the room fuzzer.
 */
export function worldInvariantBreaks(world: World): string[] {
  const breaks: string[] = [];
  const nodeByName = new Map(world.nodeList().map((n) => [n.name, n]));
  const cpu = new Map<string, number>();
  const memory = new Map<string, number>();
  const count = new Map<string, number>();
  const pods = world.podList();
  for (const pod of pods) {
    if (pod.nodeName === "") continue;
    // Bound only once etcd committed the binding (a majority has it; the member that applied most holds it).
    const binding = world.etcdBinding(pod.name);
    if (binding !== pod.nodeName)
      breaks.push(`pod ${pod.name} is on ${pod.nodeName} but etcd binds it to ${binding}`);
    if (pod.phase === "Failed") continue;
    if (!nodeByName.has(pod.nodeName)) breaks.push(`pod ${pod.name} is on a missing node ${pod.nodeName}`);
    const requests = pod.containers.reduce(
      (s, c) => ({
        milliCPU: s.milliCPU + c.requests.milliCPU,
        memoryBytes: s.memoryBytes + c.requests.memoryBytes,
      }),
      { milliCPU: 0, memoryBytes: 0 },
    );
    cpu.set(pod.nodeName, (cpu.get(pod.nodeName) ?? 0) + requests.milliCPU);
    memory.set(pod.nodeName, (memory.get(pod.nodeName) ?? 0) + requests.memoryBytes);
    count.set(pod.nodeName, (count.get(pod.nodeName) ?? 0) + 1);
  }
  for (const node of nodeByName.values()) {
    const over = [
      ["CPU", cpu.get(node.name) ?? 0, node.allocatable.milliCPU],
      ["memory", memory.get(node.name) ?? 0, node.allocatable.memoryBytes],
      ["pods", count.get(node.name) ?? 0, node.allocatable.pods],
    ] as const;
    for (const [what, used, allocatable] of over)
      if (used > allocatable)
        breaks.push(`node ${node.name}: ${what} ${used} over its allocatable ${allocatable}`);
  }
  let replicasWanted = 0;
  for (const d of world.scenario.cluster.deployments) {
    const replicas = world.deploymentStatus(d.name)?.replicas ?? 0;
    replicasWanted += replicas;
    const surge = "count" in d.maxSurge ? d.maxSurge.count : Math.ceil(d.maxSurge.fraction * replicas);
    const active = pods.filter((p) => p.deployment === d.name && !p.deleting && p.phase !== "Failed").length;
    if (active > replicas + surge)
      breaks.push(`deployment ${d.name} runs ${active} pods, over ${replicas} replicas + ${surge} surge`);
  }
  const { limits } = world.scenario;
  if (replicasWanted > limits.pods)
    breaks.push(`${replicasWanted} replicas asked, over limits.pods ${limits.pods}`);
  if (nodeByName.size > limits.nodes)
    breaks.push(`${nodeByName.size} nodes, over limits.nodes ${limits.nodes}`);
  const live = new Set(pods.filter((p) => !p.deleting).map((p) => p.name));
  for (const service of world.serviceList())
    for (const e of service.readyEndpoints)
      if (!live.has(e)) breaks.push(`service ${service.name} lists ${e}, which is not a live pod`);
  if (!Number.isFinite(world.now)) breaks.push(`the World's clock reads ${world.now}`);
  try {
    world.hash();
  } catch (error) {
    breaks.push(`the World's digest cannot be computed: ${error instanceof Error ? error.message : error}`);
  }
  return breaks;
}
