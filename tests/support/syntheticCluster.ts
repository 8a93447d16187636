import type { NodeView, PodView } from "../../client/net/connection.ts";

/**
 * A made-up cluster of any size for the map's tests and the rendering benchmark (no scenario has
 * 500 nodes): `nodes` nodes spread over `zones` zones, about 11 pods each, and a few nodes in every
 * state the map draws (NotReady, down, cordoned, under pressure) with pods that need attention.
 * Deterministic: the same arguments give the same cluster.
 */
export function syntheticCluster(nodes: number, zones: number): { nodes: NodeView[]; pods: PodView[] } {
  const nodeViews: NodeView[] = [];
  const pods: PodView[] = [];
  for (let i = 0; i < nodes; i++) {
    const zone = `zone-${String.fromCharCode(97 + (i % zones))}`;
    const name = `node-${zone.slice(5)}-${String(Math.floor(i / zones) + 1).padStart(3, "0")}`;
    const podCount = 8 + (i % 7);
    const troubled: PodView[] = [];
    if (i % 13 === 5)
      for (let p = 0; p < 1 + (i % 4); p++) {
        const [phase, reason, ready] = TROUBLE[(i + p) % TROUBLE.length]!;
        troubled.push({
          name: `web-${i}-${p}`,
          nodeName: name,
          phase,
          cpuMilli: 250,
          memoryMiB: 256,
          deployment: "web",
          ready,
          reason,
          restarts: reason === "CrashLoopBackOff" ? 4 : 0,
          podIP: "",
          lastTermination: "",
          qosClass: "Burstable",
          container: "app",
          image: "corp/app:1.0",
          cpuLimitMilli: 0,
          memoryLimitMiB: 0,
          priority: 0,
          spec: "",
        });
      }
    pods.push(...troubled);
    const down = i % 97 === 40;
    const notReady = down || i % 61 === 17;
    nodeViews.push({
      name,
      zone,
      cpuMilli: 4000,
      memoryMiB: 16384,
      podCapacity: 110,
      cpuRequestedMilli: 250 * podCount + ((i * 37) % 900),
      memoryRequestedMiB: 512 * podCount,
      podCount,
      podsReady: notReady ? 0 : podCount - troubled.length,
      unschedulable: i % 43 === 11,
      ready: notReady ? (down ? "Unknown" : "False") : "True",
      conditions: i % 53 === 29 ? ["MemoryPressure"] : [],
      taints: i % 43 === 11 ? ["node.kubernetes.io/unschedulable:NoSchedule"] : [],
      up: !down,
      labels: { "topology.kubernetes.io/zone": zone },
      drainBlockedPods: [],
      drainBudgets: [],
    });
  }
  nodeViews.sort((a, b) => a.zone.localeCompare(b.zone) || a.name.localeCompare(b.name));
  return { nodes: nodeViews, pods };
}

/** Phase, reason, ready: the pods that need attention, as the server's projection sends them. */
const TROUBLE: readonly (readonly [string, string, boolean])[] = [
  ["Pending", "", false],
  ["Running", "CrashLoopBackOff", false],
  ["Running", "Terminating", true],
  ["Running", "", false],
  ["Pending", "ContainerCreating", false],
];

/** Pods on the cluster: the healthy ones are counted per node, the others listed. */
export const podTotal = (cluster: { nodes: readonly NodeView[] }): number =>
  cluster.nodes.reduce((sum, n) => sum + n.podCount, 0);
