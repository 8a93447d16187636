/**
 * NodeResourcesFit's filter and scoring tables, translated from kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/noderesources/fit_test.go (TestEnoughRequests,
 * TestNotEnoughRequests, TestStorageRequests, TestFitScore).
 *
 * Not translated, because the simulation has no such input: the IgnoredResources /
 * IgnoredResourceGroups arguments ("skip checking ignored extended resource…"), pod overhead
 * ("resources + pod overhead fits", "requests + overhead does not fit for memory"), the
 * SidecarContainers feature gate (TestRestartableInitContainers) and the PreFilter-state error
 * (TestPreFilterDisabled: the requests live in PodInfo, so there is no state to miss).
 */
import { describe, expect, it } from "vitest";
import { NodeResourcesFit } from "../../../../shared/sim/scheduler/plugins/NodeResourcesFit/NodeResourcesFit.ts";
import type { Pod, ResourceWeight, SchedulerConfig } from "../../../../shared/sim/scheduler/types.ts";
import {
  capacityNode,
  filterOne,
  makeNode,
  makePod,
  makeSnapshot,
  nodeInfosOf,
  reqPod,
  resourceContainer,
  runScore,
  verdict,
} from "./fixtures.ts";

const extendedResourceA = "example.com/aaa";
const extendedResourceB = "example.com/bbb";
const kubernetesIOResourceA = "kubernetes.io/something";
const kubernetesIOResourceB = "subdomain.kubernetes.io/something";
const hugePageResourceA = "hugepages-2Mi";

const defaultResources: ResourceWeight[] = [
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 },
];

function strategy(
  type: SchedulerConfig["scoringStrategy"]["type"],
  resources: ResourceWeight[] = defaultResources,
  shape: SchedulerConfig["scoringStrategy"]["shape"] = [],
): SchedulerConfig["scoringStrategy"] {
  return { type, resources, shape };
}

interface R {
  milliCPU?: number;
  memory?: number;
  ephemeralStorage?: number;
  scalar?: Record<string, number>;
}

/** newResourcePod(usage...): one container per usage. */
function resourcePod(...usage: R[]): Pod {
  return makePod("", { containers: usage.map(resourceContainer) });
}

/** newResourceInitPod(pod, usage...): the usages become init containers. */
function resourceInitPod(pod: Pod, ...usage: R[]): Pod {
  pod.initContainers = usage.map(resourceContainer);
  return pod;
}

const reason = (name: string) => `Insufficient ${name}`;

/**
 * makeAllocatableResources(milliCPU, memory, pods, extendedA, storage, hugePageA) and a node
 * holding `existing` (framework.NewNodeInfo(existing) then SetNode).
 */
function fitOn(
  pod: Pod,
  existing: Pod,
  alloc: [number, number, number, number, number, number],
): ReturnType<typeof verdict> {
  const [milliCPU, memory, pods, extA, storage, hugePage] = alloc;
  const node = makeNode("node", {
    allocatable: {
      milliCPU,
      memory,
      pods,
      ephemeralStorage: storage,
      scalar: { [extendedResourceA]: extA, [hugePageResourceA]: hugePage },
    },
  });
  existing.nodeName = "node";
  const snapshot = makeSnapshot([node], [existing]);
  const plugin = new NodeResourcesFit(strategy("LeastAllocated"));
  return verdict(filterOne(plugin, pod, nodeInfosOf(snapshot, [node])[0]!));
}

const unschedulable = (...reasons: string[]) => ({ code: "Unschedulable", reasons });

describe("NodeResourcesFit Filter (fit_test.go TestEnoughRequests)", () => {
  const cases: { name: string; pod: Pod; existing: Pod; want: ReturnType<typeof verdict> }[] = [
    {
      name: "no resources requested always fits",
      pod: makePod(),
      existing: resourcePod({ milliCPU: 10, memory: 20 }),
      want: null,
    },
    {
      name: "too many resources fails",
      pod: resourcePod({ milliCPU: 1, memory: 1 }),
      existing: resourcePod({ milliCPU: 10, memory: 20 }),
      want: unschedulable(reason("cpu"), reason("memory")),
    },
    {
      name: "too many resources fails due to init container cpu",
      pod: resourceInitPod(resourcePod({ milliCPU: 1, memory: 1 }), { milliCPU: 3, memory: 1 }),
      existing: resourcePod({ milliCPU: 8, memory: 19 }),
      want: unschedulable(reason("cpu")),
    },
    {
      name: "too many resources fails due to highest init container cpu",
      pod: resourceInitPod(
        resourcePod({ milliCPU: 1, memory: 1 }),
        { milliCPU: 3, memory: 1 },
        { milliCPU: 2, memory: 1 },
      ),
      existing: resourcePod({ milliCPU: 8, memory: 19 }),
      want: unschedulable(reason("cpu")),
    },
    {
      name: "too many resources fails due to init container memory",
      pod: resourceInitPod(resourcePod({ milliCPU: 1, memory: 1 }), { milliCPU: 1, memory: 3 }),
      existing: resourcePod({ milliCPU: 9, memory: 19 }),
      want: unschedulable(reason("memory")),
    },
    {
      name: "too many resources fails due to highest init container memory",
      pod: resourceInitPod(
        resourcePod({ milliCPU: 1, memory: 1 }),
        { milliCPU: 1, memory: 3 },
        { milliCPU: 1, memory: 2 },
      ),
      existing: resourcePod({ milliCPU: 9, memory: 19 }),
      want: unschedulable(reason("memory")),
    },
    {
      name: "init container fits because it's the max, not sum, of containers and init containers",
      pod: resourceInitPod(resourcePod({ milliCPU: 1, memory: 1 }), { milliCPU: 1, memory: 1 }),
      existing: resourcePod({ milliCPU: 9, memory: 19 }),
      want: null,
    },
    {
      name: "multiple init containers fit because it's the max, not sum, of containers and init containers",
      pod: resourceInitPod(
        resourcePod({ milliCPU: 1, memory: 1 }),
        { milliCPU: 1, memory: 1 },
        { milliCPU: 1, memory: 1 },
      ),
      existing: resourcePod({ milliCPU: 9, memory: 19 }),
      want: null,
    },
    {
      name: "both resources fit",
      pod: resourcePod({ milliCPU: 1, memory: 1 }),
      existing: resourcePod({ milliCPU: 5, memory: 5 }),
      want: null,
    },
    {
      name: "one resource memory fits",
      pod: resourcePod({ milliCPU: 2, memory: 1 }),
      existing: resourcePod({ milliCPU: 9, memory: 5 }),
      want: unschedulable(reason("cpu")),
    },
    {
      name: "one resource cpu fits",
      pod: resourcePod({ milliCPU: 1, memory: 2 }),
      existing: resourcePod({ milliCPU: 5, memory: 19 }),
      want: unschedulable(reason("memory")),
    },
    {
      name: "equal edge case",
      pod: resourcePod({ milliCPU: 5, memory: 1 }),
      existing: resourcePod({ milliCPU: 5, memory: 19 }),
      want: null,
    },
    {
      name: "equal edge case for init container",
      pod: resourceInitPod(resourcePod({ milliCPU: 4, memory: 1 }), { milliCPU: 5, memory: 1 }),
      existing: resourcePod({ milliCPU: 5, memory: 19 }),
      want: null,
    },
    {
      name: "extended resource fits",
      pod: resourcePod({ scalar: { [extendedResourceA]: 1 } }),
      existing: resourcePod({}),
      want: null,
    },
    {
      name: "extended resource fits for init container",
      pod: resourceInitPod(resourcePod({}), { scalar: { [extendedResourceA]: 1 } }),
      existing: resourcePod({}),
      want: null,
    },
    {
      name: "extended resource capacity enforced",
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 10 } }),
      existing: resourcePod({ milliCPU: 0, memory: 0, scalar: { [extendedResourceA]: 0 } }),
      want: unschedulable(reason(extendedResourceA)),
    },
    {
      name: "extended resource capacity enforced for init container",
      pod: resourceInitPod(resourcePod({}), {
        milliCPU: 1,
        memory: 1,
        scalar: { [extendedResourceA]: 10 },
      }),
      existing: resourcePod({ milliCPU: 0, memory: 0, scalar: { [extendedResourceA]: 0 } }),
      want: unschedulable(reason(extendedResourceA)),
    },
    {
      name: "extended resource allocatable enforced",
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 1 } }),
      existing: resourcePod({ milliCPU: 0, memory: 0, scalar: { [extendedResourceA]: 5 } }),
      want: unschedulable(reason(extendedResourceA)),
    },
    {
      name: "extended resource allocatable enforced for init container",
      pod: resourceInitPod(resourcePod({}), { milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 1 } }),
      existing: resourcePod({ milliCPU: 0, memory: 0, scalar: { [extendedResourceA]: 5 } }),
      want: unschedulable(reason(extendedResourceA)),
    },
    {
      name: "extended resource allocatable enforced for multiple containers",
      pod: resourcePod(
        { milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 3 } },
        { milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 3 } },
      ),
      existing: resourcePod({ milliCPU: 0, memory: 0, scalar: { [extendedResourceA]: 2 } }),
      want: unschedulable(reason(extendedResourceA)),
    },
    {
      name: "extended resource allocatable admits multiple init containers",
      pod: resourceInitPod(
        resourcePod({}),
        { milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 3 } },
        { milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 3 } },
      ),
      existing: resourcePod({ milliCPU: 0, memory: 0, scalar: { [extendedResourceA]: 2 } }),
      want: null,
    },
    {
      name: "extended resource allocatable enforced for multiple init containers",
      pod: resourceInitPod(
        resourcePod({}),
        { milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 6 } },
        { milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 3 } },
      ),
      existing: resourcePod({ milliCPU: 0, memory: 0, scalar: { [extendedResourceA]: 2 } }),
      want: unschedulable(reason(extendedResourceA)),
    },
    {
      name: "extended resource allocatable enforced for unknown resource",
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [extendedResourceB]: 1 } }),
      existing: resourcePod({ milliCPU: 0, memory: 0 }),
      want: unschedulable(reason(extendedResourceB)),
    },
    {
      name: "extended resource allocatable enforced for unknown resource for init container",
      pod: resourceInitPod(resourcePod({}), { milliCPU: 1, memory: 1, scalar: { [extendedResourceB]: 1 } }),
      existing: resourcePod({ milliCPU: 0, memory: 0 }),
      want: unschedulable(reason(extendedResourceB)),
    },
    {
      name: "kubernetes.io resource capacity enforced",
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [kubernetesIOResourceA]: 10 } }),
      existing: resourcePod({ milliCPU: 0, memory: 0 }),
      want: unschedulable(reason(kubernetesIOResourceA)),
    },
    {
      name: "kubernetes.io resource capacity enforced for init container",
      pod: resourceInitPod(resourcePod({}), {
        milliCPU: 1,
        memory: 1,
        scalar: { [kubernetesIOResourceB]: 10 },
      }),
      existing: resourcePod({ milliCPU: 0, memory: 0 }),
      want: unschedulable(reason(kubernetesIOResourceB)),
    },
    {
      name: "hugepages resource capacity enforced",
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [hugePageResourceA]: 10 } }),
      existing: resourcePod({ milliCPU: 0, memory: 0, scalar: { [hugePageResourceA]: 0 } }),
      want: unschedulable(reason(hugePageResourceA)),
    },
    {
      name: "hugepages resource capacity enforced for init container",
      pod: resourceInitPod(resourcePod({}), { milliCPU: 1, memory: 1, scalar: { [hugePageResourceA]: 10 } }),
      existing: resourcePod({ milliCPU: 0, memory: 0, scalar: { [hugePageResourceA]: 0 } }),
      want: unschedulable(reason(hugePageResourceA)),
    },
    {
      name: "hugepages resource allocatable enforced for multiple containers",
      pod: resourcePod(
        { milliCPU: 1, memory: 1, scalar: { [hugePageResourceA]: 3 } },
        { milliCPU: 1, memory: 1, scalar: { [hugePageResourceA]: 3 } },
      ),
      existing: resourcePod({ milliCPU: 0, memory: 0, scalar: { [hugePageResourceA]: 2 } }),
      want: unschedulable(reason(hugePageResourceA)),
    },
    {
      name: "skip checking extended resource request with quantity zero via resource groups",
      pod: resourcePod({ milliCPU: 1, memory: 1, scalar: { [extendedResourceA]: 0 } }),
      existing: resourcePod({ milliCPU: 0, memory: 0, scalar: { [extendedResourceA]: 6 } }),
      want: null,
    },
    {
      name: "skip checking resource request with quantity zero",
      pod: resourcePod({ scalar: { [extendedResourceA]: 1 } }),
      existing: resourcePod({ milliCPU: 20, memory: 30, scalar: { [extendedResourceA]: 1 } }),
      want: null,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(fitOn(c.pod, c.existing, [10, 20, 32, 5, 20, 5])).toEqual(c.want);
    });
  }
});

describe("NodeResourcesFit Filter (fit_test.go TestNotEnoughRequests)", () => {
  const tooMany = unschedulable("Too many pods");
  const cases: { name: string; pod: Pod; existing: Pod }[] = [
    {
      name: "even without specified resources, predicate fails when there's no space for additional pod",
      pod: makePod(),
      existing: resourcePod({ milliCPU: 10, memory: 20 }),
    },
    {
      name: "even if both resources fit, predicate fails when there's no space for additional pod",
      pod: resourcePod({ milliCPU: 1, memory: 1 }),
      existing: resourcePod({ milliCPU: 5, memory: 5 }),
    },
    {
      name: "even for equal edge case, predicate fails when there's no space for additional pod",
      pod: resourcePod({ milliCPU: 5, memory: 1 }),
      existing: resourcePod({ milliCPU: 5, memory: 19 }),
    },
    {
      name: "even for equal edge case, predicate fails when there's no space for additional pod due to init container",
      pod: resourceInitPod(resourcePod({ milliCPU: 5, memory: 1 }), { milliCPU: 5, memory: 1 }),
      existing: resourcePod({ milliCPU: 5, memory: 19 }),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(fitOn(c.pod, c.existing, [10, 20, 1, 0, 0, 0])).toEqual(tooMany);
    });
  }
});

describe("NodeResourcesFit Filter (fit_test.go TestStorageRequests)", () => {
  const cases: { name: string; pod: Pod; existing: Pod; want: ReturnType<typeof verdict> }[] = [
    {
      name: "empty storage requested, and pod fits",
      pod: resourcePod({ milliCPU: 1, memory: 1 }),
      existing: resourcePod({ milliCPU: 2, memory: 10 }),
      want: null,
    },
    {
      name: "storage ephemeral local storage request exceeds allocatable",
      pod: resourcePod({ ephemeralStorage: 25 }),
      existing: resourcePod({ milliCPU: 2, memory: 2 }),
      want: unschedulable(reason("ephemeral-storage")),
    },
    {
      name: "ephemeral local storage is sufficient",
      pod: resourceInitPod(resourcePod({ ephemeralStorage: 5 })),
      existing: resourcePod({ milliCPU: 2, memory: 2, ephemeralStorage: 10 }),
      want: null,
    },
    {
      name: "pod fits",
      pod: resourcePod({ ephemeralStorage: 10 }),
      existing: resourcePod({ milliCPU: 2, memory: 2 }),
      want: null,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(fitOn(c.pod, c.existing, [10, 20, 32, 5, 20, 5])).toEqual(c.want);
    });
  }
});

describe("NodeResourcesFit Score (fit_test.go TestFitScore)", () => {
  const nodes = () => [
    capacityNode("node1", { cpu: "4000", memory: "10000" }),
    capacityNode("node2", { cpu: "6000", memory: "10000" }),
  ];
  const existing = () => [
    reqPod([{ cpu: "2000", memory: "4000" }], "node1"),
    reqPod([{ cpu: "1000", memory: "2000" }], "node2"),
  ];
  const cases: {
    name: string;
    pod: Pod;
    strategy: SchedulerConfig["scoringStrategy"];
    want: number[];
    runPreScore: boolean;
  }[] = [];
  for (const runPreScore of [true, false]) {
    const suffix = runPreScore ? "" : " if PreScore is not called";
    cases.push(
      {
        name: `test case for ScoringStrategy RequestedToCapacityRatio case1${suffix}`,
        pod: reqPod([{ cpu: "3000", memory: "5000" }]),
        strategy: strategy("RequestedToCapacityRatio", defaultResources, [
          { utilization: 0, score: 10 },
          { utilization: 100, score: 0 },
        ]),
        want: [10, 32],
        runPreScore,
      },
      {
        name: `test case for ScoringStrategy MostAllocated${suffix}`,
        pod: reqPod([{ cpu: "1000", memory: "2000" }]),
        strategy: strategy("MostAllocated"),
        want: [67, 36],
        runPreScore,
      },
      {
        name: `test case for ScoringStrategy LeastAllocated${suffix}`,
        pod: reqPod([{ cpu: "1000", memory: "2000" }]),
        strategy: strategy("LeastAllocated"),
        want: [32, 63],
        runPreScore,
      },
    );
  }
  cases.push({
    name: "test case for ScoringStrategy RequestedToCapacityRatio case2",
    pod: reqPod([{ cpu: "3000", memory: "5000" }]),
    strategy: strategy("RequestedToCapacityRatio", defaultResources, [
      { utilization: 0, score: 0 },
      { utilization: 100, score: 10 },
    ]),
    want: [95, 68],
    runPreScore: true,
  });
  for (const c of cases) {
    it(c.name, () => {
      const ns = nodes();
      const snapshot = makeSnapshot(ns, existing());
      const plugin = new NodeResourcesFit(c.strategy);
      const run = runScore(plugin, c.pod, nodeInfosOf(snapshot, ns), { preScore: c.runPreScore });
      expect(run.raw).toEqual(c.want);
    });
  }
});
