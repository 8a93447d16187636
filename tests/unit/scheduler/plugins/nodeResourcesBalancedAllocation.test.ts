/**
 * NodeResourcesBalancedAllocation, translated from kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/noderesources/balanced_allocation_test.go
 * (TestNodeResourcesBalancedAllocation, the current standard-deviation formula).
 *
 * Not translated: the DRA extended-resource cases ("include DRA resource on a node…"), since
 * the simulation has no DeviceClasses or ResourceSlices.
 */
import { describe, expect, it } from "vitest";
import { NodeResourcesBalancedAllocation } from "../../../../shared/sim/scheduler/plugins/NodeResourcesBalancedAllocation/NodeResourcesBalancedAllocation.ts";
import type { Node, Pod, ResourceWeight } from "../../../../shared/sim/scheduler/types.ts";
import { container, makePod, makeSnapshot, nodeInfosOf, reqPod, resourceNode, runScore } from "./fixtures.ts";

const defaultSet: ResourceWeight[] = [
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 },
];
const withGPU: ResourceWeight[] = [...defaultSet, { name: "nvidia.com/gpu", weight: 1 }];

const cpuOnly = (nodeName = "") =>
  makePod("", {
    nodeName,
    containers: [container({ cpu: "1000m", memory: "0" }), container({ cpu: "2000m", memory: "0" })],
  });
const cpuAndMemory = (nodeName = "") =>
  makePod("", {
    nodeName,
    containers: [container({ cpu: "1000m", memory: "2000" }), container({ cpu: "2000m", memory: "3000" })],
  });
const cpuAndMemoryAndGPU = (nodeName = "") =>
  makePod("", {
    nodeName,
    containers: [
      container({ cpu: "1000m", memory: "2000" }),
      container({ cpu: "2000m", memory: "3000", "nvidia.com/gpu": "3" }),
    ],
  });
const gpu8 = { "nvidia.com/gpu": 8 };

interface Case {
  name: string;
  pod: Pod;
  nodes: Node[];
  pods?: Pod[];
  resources: ResourceWeight[];
  runPreScore: boolean;
  wantPreScoreSkip?: boolean;
  want?: number[];
}

const cases: Case[] = [
  {
    name: "nothing scheduled, nothing requested, skip in PreScore",
    pod: makePod(),
    nodes: [resourceNode("node1", 4000, 10000), resourceNode("node2", 4000, 10000)],
    resources: defaultSet,
    runPreScore: true,
    wantPreScoreSkip: true,
  },
  {
    name: "nothing scheduled, resources requested, differently sized nodes",
    pod: cpuAndMemory(),
    nodes: [resourceNode("node1", 4000, 10000), resourceNode("node2", 6000, 10000)],
    resources: defaultSet,
    runPreScore: true,
    want: [87, 100],
  },
  {
    name: "resources requested, pods scheduled with resources",
    pod: cpuAndMemory(),
    nodes: [resourceNode("node1", 10000, 20000), resourceNode("node2", 10000, 20000)],
    pods: [cpuOnly("node1"), cpuAndMemory("node2")],
    resources: defaultSet,
    runPreScore: true,
    want: [82, 95],
  },
  {
    name: "resources requested, pods scheduled with resources, differently sized nodes",
    pod: cpuAndMemory(),
    nodes: [resourceNode("node1", 10000, 20000), resourceNode("node2", 10000, 50000)],
    pods: [cpuOnly("node1"), cpuAndMemory("node2")],
    resources: defaultSet,
    runPreScore: true,
    want: [82, 80],
  },
  {
    name: "requested resources at node capacity",
    pod: cpuOnly(),
    nodes: [resourceNode("node1", 6000, 10000), resourceNode("node2", 6000, 10000)],
    pods: [cpuOnly("node1"), cpuAndMemory("node2")],
    resources: defaultSet,
    runPreScore: true,
    want: [50, 75],
  },
  {
    name: "include scalar resource on a node for balanced resource allocation",
    pod: reqPod([{ memory: "0", "nvidia.com/gpu": "1" }]),
    nodes: [resourceNode("node1", 3500, 40000, gpu8), resourceNode("node2", 3500, 40000, gpu8)],
    pods: [cpuAndMemory("node2"), cpuAndMemoryAndGPU("node1")],
    resources: withGPU,
    runPreScore: true,
    want: [70, 65],
  },
  {
    name: "node without the scalar resource should skip the scalar resource",
    pod: cpuAndMemory(),
    nodes: [resourceNode("node1", 3500, 40000, gpu8), resourceNode("node2", 3500, 40000)],
    pods: [],
    resources: withGPU,
    runPreScore: true,
    want: [63, 63],
  },
  {
    name: "resources requested, pods scheduled with resources if PreScore not called",
    pod: cpuAndMemory(),
    nodes: [resourceNode("node1", 10000, 20000), resourceNode("node2", 10000, 20000)],
    pods: [cpuOnly("node1"), cpuAndMemory("node2")],
    resources: defaultSet,
    runPreScore: false,
    want: [82, 95],
  },
];

describe("NodeResourcesBalancedAllocation (balanced_allocation_test.go)", () => {
  for (const c of cases) {
    it(c.name, () => {
      const snapshot = makeSnapshot(c.nodes, c.pods ?? []);
      const plugin = new NodeResourcesBalancedAllocation(c.resources);
      const run = runScore(plugin, c.pod, nodeInfosOf(snapshot, c.nodes), { preScore: c.runPreScore });
      if (c.wantPreScoreSkip === true) {
        expect(run.preScoreStatus?.code).toBe("Skip");
        return;
      }
      expect(run.preScoreStatus).toBeNull();
      expect(run.raw).toEqual(c.want);
    });
  }
});
