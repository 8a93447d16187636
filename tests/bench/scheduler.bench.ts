/**
 * `npm run bench:scheduler`: kube-scheduler's scheduler_perf shapes on our scheduler.
 *
 * Workloads follow kubernetes/kubernetes test/integration/scheduler_perf/config/
 * performance-config.yaml (5000Nodes variants) and its templates:
 * - nodes (templates/node-default.yaml): 110 pods, 4 CPU, 32 GiB, zone label;
 * - pod-default.yaml: one container requesting 100m CPU, 500 MiB;
 * - SchedulingBasic: 5000 nodes, 1000 initial pods, 10000 measured pods (the size);
 * - SchedulingNodeAffinity: nodes labelled zone1, pods require zone In [zone1, zone2];
 *   5000 initial, 1000 measured;
 * - TopologySpreading: zones moon-1..3, 5000 default initial pods, 2000 measured pods with
 *   maxSkew 5 on topology.kubernetes.io/zone, DoNotSchedule, selector color=blue;
 * - SchedulingPodAntiAffinity: 1000 initial + 1000 measured pods labelled color=green with
 *   required anti-affinity on kubernetes.io/hostname (2000 pods in all).
 * Only the measured pods are timed. Throughput floors are kube-scheduler's CI thresholds
 * (kubernetes/kubernetes test/integration/scheduler_perf/config/performance-config.yaml, the
 * threshold of each workload); targets are the issue's, on one core of this machine.
 */
import { performance } from "node:perf_hooks";
import { createSchedulingRun } from "../../shared/sim/scheduler/k8s/adapter.ts";
import {
  type Affinity,
  defaultSchedulerConfig,
  emptyResources,
  type NodeObject,
  type PodObject,
  type TopologySpreadConstraint,
} from "../../shared/sim/scheduler/k8s/manifests.ts";
import { printTable } from "./cli.ts";

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

function node(index: number, zone: string): NodeObject {
  const name = `scheduler-perf-${index}`;
  return {
    name,
    labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": zone },
    allocatable: { milliCPU: 4000, memory: 32 * GiB, ephemeralStorage: 0, pods: 110, scalar: {} },
    taints: [],
    unschedulable: false,
    images: [],
  };
}

interface PodShape {
  namespace: string;
  labels: Record<string, string>;
  affinity: Affinity;
  topologySpreadConstraints: TopologySpreadConstraint[];
}

const plainShape: PodShape = {
  namespace: "default",
  labels: {},
  affinity: {},
  topologySpreadConstraints: [],
};

function pod(name: string, index: number, shape: PodShape): PodObject {
  const requests = { ...emptyResources(), milliCPU: 100, memory: 500 * MiB };
  return {
    name,
    namespace: shape.namespace,
    labels: shape.labels,
    nodeName: "",
    priority: 0,
    priorityClassName: "",
    preemptionPolicy: "PreemptLowerPriority",
    nodeSelector: {},
    affinity: shape.affinity,
    tolerations: [],
    topologySpreadConstraints: shape.topologySpreadConstraints,
    containers: [
      {
        name: "pause",
        image: "registry.k8s.io/pause:3.10",
        requests,
        requestedResources: ["cpu", "memory"],
        ports: [{ containerPort: 80, hostPort: 0, protocol: "TCP", hostIP: "" }],
      },
    ],
    initContainers: [],
    requests: { ...requests, scalar: {} },
    creationIndex: index,
    startTime: "",
  };
}

interface Workload {
  name: string;
  nodes: number;
  zones: readonly string[];
  initPods: number;
  initShape: PodShape;
  measuredPods: number;
  measuredShape: PodShape;
  /** pods/s the issue asks for; null: report only. */
  target: number | null;
  ciFloor: number;
}

const antiAffinity = (namespace: string): PodShape => ({
  namespace,
  labels: { color: "green" },
  affinity: {
    podAntiAffinity: {
      required: [
        {
          labelSelector: { matchLabels: { color: "green" }, matchExpressions: [] },
          namespaces: ["sched-0", "sched-1"],
          topologyKey: "kubernetes.io/hostname",
        },
      ],
      preferred: [],
    },
  },
  topologySpreadConstraints: [],
});

const workloads: readonly Workload[] = [
  {
    name: "SchedulingBasic",
    nodes: 5000,
    zones: ["zone1"],
    initPods: 1000,
    initShape: plainShape,
    measuredPods: 10000,
    measuredShape: plainShape,
    target: 5000,
    ciFloor: 270,
  },
  {
    name: "SchedulingNodeAffinity",
    nodes: 5000,
    zones: ["zone1"],
    initPods: 5000,
    initShape: plainShape,
    measuredPods: 1000,
    measuredShape: {
      ...plainShape,
      affinity: {
        nodeAffinity: {
          required: [
            {
              matchExpressions: [
                { key: "topology.kubernetes.io/zone", operator: "In", values: ["zone1", "zone2"] },
              ],
              matchFields: [],
            },
          ],
          preferred: [],
        },
      },
    },
    target: null,
    ciFloor: 220,
  },
  {
    name: "TopologySpreading",
    nodes: 5000,
    zones: ["moon-1", "moon-2", "moon-3"],
    initPods: 5000,
    initShape: plainShape,
    measuredPods: 2000,
    measuredShape: {
      ...plainShape,
      labels: { color: "blue" },
      topologySpreadConstraints: [
        {
          maxSkew: 5,
          topologyKey: "topology.kubernetes.io/zone",
          whenUnsatisfiable: "DoNotSchedule",
          labelSelector: { matchLabels: { color: "blue" }, matchExpressions: [] },
          nodeAffinityPolicy: "Honor",
          nodeTaintsPolicy: "Ignore",
          matchLabelKeys: [],
        },
      ],
    },
    target: 850,
    ciFloor: 85,
  },
  {
    name: "SchedulingPodAntiAffinity",
    nodes: 5000,
    zones: ["zone1"],
    initPods: 1000,
    initShape: antiAffinity("sched-0"),
    measuredPods: 1000,
    measuredShape: antiAffinity("sched-1"),
    target: 600,
    ciFloor: 60,
  },
];

const heapLimitMB = 500;

interface Row {
  workload: string;
  pods: number;
  seconds: number;
  podsPerSecond: number;
  podsPerCpuSecond: number;
  target: number | null;
  ciFloor: number;
  heapMB: number;
  unscheduled: number;
}

function run(workload: Workload): Row {
  const nodes = Array.from({ length: workload.nodes }, (_, i) =>
    node(i, workload.zones[i % workload.zones.length] ?? "zone1"),
  );
  const scheduler = createSchedulingRun(nodes, [], defaultSchedulerConfig(), 1);
  let unscheduled = 0;
  for (let i = 0; i < workload.initPods; i++) {
    if (scheduler.schedule(pod(`init-${i}`, i, workload.initShape)) === null) unscheduled++;
  }
  const measured = Array.from({ length: workload.measuredPods }, (_, i) =>
    pod(`measured-${i}`, workload.initPods + i, workload.measuredShape),
  );
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (const p of measured) {
    if (scheduler.schedule(p) === null) unscheduled++;
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  // CPU seconds of this process (the main thread plus V8's GC helpers): on a busy machine the
  // wall clock also counts time spent waiting for a core.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const heapMB = process.memoryUsage().heapUsed / MiB;
  return {
    workload: workload.name,
    pods: workload.measuredPods,
    seconds,
    podsPerSecond: workload.measuredPods / seconds,
    podsPerCpuSecond: workload.measuredPods / cpuSeconds,
    target: workload.target,
    ciFloor: workload.ciFloor,
    heapMB,
    unscheduled,
  };
}

const header = [
  "workload",
  "pods",
  "seconds",
  "pods/s",
  "pods/CPU-s",
  "target",
  "CI floor",
  "heap MB",
  "unscheduled",
  "result",
];
// `npm run bench:scheduler -- SchedulingBasic …` runs only the named workloads.
const only = process.argv.slice(2);
const unknown = only.filter((name) => !workloads.some((w) => w.name === name));
if (unknown.length > 0) {
  console.error(
    `bench:scheduler: unknown workload ${unknown.join(", ")}; known: ${workloads.map((w) => w.name).join(", ")}`,
  );
  process.exit(2);
}
const rows: string[][] = [];
for (const workload of workloads.filter((w) => only.length === 0 || only.includes(w.name))) {
  let row: Row;
  try {
    row = run(workload);
  } catch (error) {
    rows.push([
      workload.name,
      String(workload.measuredPods),
      "-",
      "-",
      "-",
      String(workload.target ?? "report"),
      String(workload.ciFloor),
      "-",
      "-",
      `error: ${error instanceof Error ? error.message : String(error)}`,
    ]);
    continue;
  }
  const meetsTarget = row.target === null || row.podsPerSecond >= row.target;
  const pass = meetsTarget && row.heapMB <= heapLimitMB && row.unscheduled === 0;
  rows.push([
    row.workload,
    String(row.pods),
    row.seconds.toFixed(2),
    row.podsPerSecond.toFixed(0),
    row.podsPerCpuSecond.toFixed(0),
    row.target === null ? "report" : `≥ ${row.target}`,
    String(row.ciFloor),
    row.heapMB.toFixed(0),
    String(row.unscheduled),
    pass ? "pass" : "FAIL",
  ]);
}
printTable(header, rows);
if (rows.some((row) => row.at(-1) !== "pass")) process.exitCode = 1;
