/**
 * `npm run bench:sim`: how fast the World runs (issue 5's benchmark shapes), on one core.
 *
 * - envelope: Kubernetes' scalability envelope — 5 000 nodes, 150 000 pods, 10 000 services —
 *   in steady state, stepped at 10 ticks per game second: CPU ms per tick (p50/p99) of the thread
 *   that runs the World, the wall-clock p99 beside it (V8's parallel scavenger helps from another
 *   thread), and heap;
 * - launch: 500 nodes, 20 000 pods asked for at once (the ReplicaSet controller's 20 qps client
 *   paces their creation), 5 game minutes: game seconds per CPU second;
 * - small: a 20-node shipped scenario to its time limit: times faster than real time.
 *
 * The World runs what shared/sim/world says it does (controllers, kubelets, scheduler, the API
 * servers with every write a Raft proposal in etcd, leader election, traffic); the shapes here
 * carry no demand curve.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { loadScenario, type Scenario } from "../../shared/sim/scenario/index.ts";
import { World } from "../../shared/sim/world/world.ts";
import { printTable, quantile } from "./cli.ts";

const MiB = 1024 ** 2;
const base = loadScenario(readFileSync("shared/scenarios/launch-day.yaml", "utf8"));

/** A scenario of `nodes` copies of the first node, one Deployment of `pods`, `services` Services. */
function shaped(nodes: number, pods: number, services: number): Scenario {
  const template = base.cluster.nodes[0];
  const deployment = base.cluster.deployments[0];
  if (template === undefined || deployment === undefined)
    throw new Error("launch-day has no node or deployment");
  const zones = ["zone-a", "zone-b", "zone-c"];
  return {
    ...base,
    faults: [],
    // Steady state: no demand curve and no autoscaler moving the replicas.
    traffic: [],
    nodeProvisioner: { ...base.nodeProvisioner, enabled: false },
    cluster: {
      ...base.cluster,
      horizontalPodAutoscalers: [],
      // The envelope's namespace has no quota to stop it.
      resourceQuotas: [],
      limitRanges: [],
      nodes: Array.from({ length: nodes }, (_, i) => {
        const zone = zones[i % zones.length] as string;
        return {
          ...template,
          name: `node-${i}`,
          zone,
          labels: { ...template.labels, "topology.kubernetes.io/zone": zone },
          // Room for 30+ small pods per node, as the envelope's 30 pods per node needs.
          allocatable: {
            ...template.allocatable,
            milliCPU: 32_000,
            memoryBytes: 128 * 1024 * MiB,
            pods: 110,
          },
        };
      }),
      deployments: [
        {
          ...deployment,
          replicas: pods,
          template: {
            ...deployment.template,
            containers: deployment.template.containers.map((c) => ({
              ...c,
              requests: { milliCPU: 100, memoryBytes: 128 * MiB },
            })),
          },
        },
      ],
      services: Array.from({ length: services }, (_, i) => ({
        name: `svc-${i}`,
        selector: deployment.selector,
        ports: [{ port: 80, targetPort: 8080 }],
      })),
    },
  };
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU of the thread running the World only (V8's GC helper threads not counted). */
function threadCpuMs(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}

const rows: string[][] = [];

{
  // The envelope: bring it up (not timed), then step it at 10 ticks per game second.
  const upStart = performance.now();
  const world = new World(shaped(5000, 150_000, 10_000), 1);
  let t = 0;
  for (; t <= 3 * 3600_000; t += 60_000) {
    world.advanceTo(t);
    if ((world.deploymentStatus(base.cluster.deployments[0]?.name ?? "")?.readyReplicas ?? 0) >= 150_000)
      break;
  }
  const upSeconds = (performance.now() - upStart) / 1000;
  const ticks: number[] = [];
  const walls: number[] = [];
  for (let i = 0; i < 600; i++) {
    const cpuBefore = threadCpuMs();
    const wallBefore = performance.now();
    t += 100;
    world.advanceTo(t);
    walls.push(performance.now() - wallBefore);
    ticks.push(threadCpuMs() - cpuBefore);
  }
  ticks.sort((a, b) => a - b);
  walls.sort((a, b) => a - b);
  const heapMB = process.memoryUsage().heapUsed / MiB;
  rows.push([
    "envelope 5000 nodes, 150k pods, 10k services",
    `p50 ${quantile(ticks, 0.5).toFixed(2)} ms, p99 ${quantile(ticks, 0.99).toFixed(2)} ms per tick`,
    "p99 ≤ 20 ms",
    `wall p99 ${quantile(walls, 0.99).toFixed(2)} ms; heap ${heapMB.toFixed(0)} MB (≤ 2048); up in ${Math.round(t / 60_000)} game min, ${upSeconds.toFixed(0)} s`,
  ]);
}

{
  // The launch: from nothing to 20 000 pods asked for at once (a round starts warmed up, so the
  // Deployment starts empty and is scaled).
  const world = new World(shaped(500, 0, 100), 2);
  const before = cpuMs();
  world.apply({ type: "scale", deployment: base.cluster.deployments[0]?.name ?? "", replicas: 20_000 });
  world.advanceTo(5 * 60_000);
  const seconds = (cpuMs() - before) / 1000;
  const ready = world.deploymentStatus(base.cluster.deployments[0]?.name ?? "")?.readyReplicas ?? 0;
  rows.push([
    "launch 500 nodes, 20k pods, 5 game min",
    `${(300 / seconds).toFixed(0)} game s per CPU s`,
    "report",
    `${ready} pods ready at 5 min (client paced at 20 qps)`,
  ]);
}

{
  const scenario = loadScenario(readFileSync("shared/scenarios/thousand-services.yaml", "utf8"));
  const world = new World(scenario, 3);
  const before = cpuMs();
  world.advanceTo(scenario.timeLimitMs);
  const seconds = (cpuMs() - before) / 1000;
  rows.push([
    `small: ${scenario.id} (${scenario.cluster.nodes.length} nodes)`,
    `${Math.round(scenario.timeLimitMs / 1000 / seconds).toLocaleString("en")}× real time`,
    "≥ 1000×",
    `${world.podList().length} pods`,
  ]);
}

console.log(`bench:sim — the World on one core, Node ${process.version}\n`);
printTable(["shape", "measured", "target", "notes"], rows);
