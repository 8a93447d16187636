/**
 * NodeResourcesFit's scoring strategies, translated from kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/noderesources/least_allocated_test.go,
 * most_allocated_test.go and requested_to_capacity_ratio_test.go
 * (TestLeastAllocatedScoringStrategy, TestMostAllocatedScoringStrategy,
 * TestRequestedToCapacityRatioScoringStrategy, TestBrokenLinearFunction,
 * TestResourceBinPackingSingleExtended, TestResourceBinPackingMultipleExtended).
 *
 * Not translated: the cases that test NodeResourcesFitArgs validation (negative, zero or
 * > 100 weights; no resources at all, which kube-scheduler reports as an Error status). The
 * simulation validates a KubeSchedulerConfiguration when it loads it (k8s/manifests.ts), not
 * in the plugin.
 */
import { describe, expect, it } from "vitest";
import { NodeResourcesFit } from "../../../../shared/sim/scheduler/plugins/NodeResourcesFit/NodeResourcesFit.ts";
import { brokenLinearFunction } from "../../../../shared/sim/scheduler/plugins/NodeResourcesFit/scorers.ts";
import type {
  Node,
  Pod,
  ResourceWeight,
  ScoringStrategyType,
  UtilizationShapePoint,
} from "../../../../shared/sim/scheduler/types.ts";
import {
  capacityNode,
  container,
  makePod,
  makeSnapshot,
  nodeInfosOf,
  reqPod,
  resourceNode,
  runScore,
} from "./fixtures.ts";

const defaultResources: ResourceWeight[] = [
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 },
];
const extendedRes = "abc.com/xyz";
const extendedResourceSet: ResourceWeight[] = [...defaultResources, { name: extendedRes, weight: 1 }];

interface ScoreCase {
  name: string;
  pod: Pod;
  nodes: Node[];
  existing?: Pod[];
  resources: ResourceWeight[];
  shape?: UtilizationShapePoint[];
  want: number[];
}

function scores(type: ScoringStrategyType, c: ScoreCase): number[] {
  const snapshot = makeSnapshot(c.nodes, c.existing ?? []);
  const plugin = new NodeResourcesFit({ type, resources: c.resources, shape: c.shape ?? [] });
  return runScore(plugin, c.pod, nodeInfosOf(snapshot, c.nodes)).raw;
}

const twoContainers = () =>
  reqPod([
    { cpu: "1000", memory: "2000" },
    { cpu: "2000", memory: "3000" },
  ]);

describe("LeastAllocated (least_allocated_test.go)", () => {
  const cases: ScoreCase[] = [
    {
      name: "nothing scheduled, nothing requested",
      pod: makePod(),
      nodes: [
        capacityNode("node1", { cpu: "4000", memory: "10000" }),
        capacityNode("node2", { cpu: "4000", memory: "10000" }),
      ],
      resources: defaultResources,
      want: [100, 100],
    },
    {
      name: "nothing scheduled, resources requested, differently sized nodes",
      pod: twoContainers(),
      nodes: [
        capacityNode("node1", { cpu: "4000", memory: "10000" }),
        capacityNode("node2", { cpu: "6000", memory: "10000" }),
      ],
      resources: defaultResources,
      want: [37, 50],
    },
    {
      name: "no resources requested, pods scheduled",
      pod: makePod(),
      nodes: [
        capacityNode("node1", { cpu: "4000", memory: "10000" }),
        capacityNode("node2", { cpu: "4000", memory: "10000" }),
      ],
      existing: [reqPod([], "node1"), reqPod([], "node1"), reqPod([], "node2"), reqPod([], "node2")],
      resources: defaultResources,
      want: [100, 100],
    },
    {
      name: "no resources requested, pods scheduled with resources",
      pod: makePod(),
      nodes: [
        capacityNode("node1", { cpu: "10000", memory: "20000" }),
        capacityNode("node2", { cpu: "10000", memory: "20000" }),
      ],
      existing: [
        reqPod([{ cpu: "3000", memory: "0" }], "node1"),
        reqPod([{ cpu: "3000", memory: "0" }], "node1"),
        reqPod([{ cpu: "3000", memory: "0" }], "node2"),
        reqPod([{ cpu: "3000", memory: "5000" }], "node2"),
      ],
      resources: defaultResources,
      want: [70, 57],
    },
    {
      name: "resources requested, pods scheduled with resources",
      pod: twoContainers(),
      nodes: [
        capacityNode("node1", { cpu: "10000", memory: "20000" }),
        capacityNode("node2", { cpu: "10000", memory: "20000" }),
      ],
      existing: [
        reqPod([{ cpu: "3000", memory: "0" }], "node1"),
        reqPod([{ cpu: "3000", memory: "5000" }], "node2"),
      ],
      resources: defaultResources,
      want: [57, 45],
    },
    {
      name: "resources requested, pods scheduled with resources, differently sized nodes",
      pod: twoContainers(),
      nodes: [
        capacityNode("node1", { cpu: "10000", memory: "20000" }),
        capacityNode("node2", { cpu: "10000", memory: "50000" }),
      ],
      existing: [
        reqPod([{ cpu: "3000", memory: "0" }], "node1"),
        reqPod([{ cpu: "3000", memory: "5000" }], "node2"),
      ],
      resources: defaultResources,
      want: [57, 60],
    },
    {
      name: "requested resources exceed node capacity",
      pod: reqPod([{ cpu: "3000", memory: "0" }]),
      nodes: [
        capacityNode("node1", { cpu: "4000", memory: "10000" }),
        capacityNode("node2", { cpu: "4000", memory: "10000" }),
      ],
      existing: [
        reqPod([{ cpu: "3000", memory: "0" }], "node1"),
        reqPod([{ cpu: "3000", memory: "5000" }], "node2"),
      ],
      resources: defaultResources,
      want: [50, 25],
    },
    {
      name: "zero node resources, pods scheduled with resources",
      pod: makePod(),
      nodes: [capacityNode("node1", {}), capacityNode("node2", {})],
      existing: [
        reqPod([{ cpu: "3000", memory: "0" }], "node1"),
        reqPod([{ cpu: "3000", memory: "5000" }], "node2"),
      ],
      resources: defaultResources,
      want: [0, 0],
    },
    {
      name: "nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes",
      pod: twoContainers(),
      nodes: [
        capacityNode("node1", { cpu: "4000", memory: "10000" }),
        capacityNode("node2", { cpu: "6000", memory: "10000" }),
      ],
      resources: [
        { name: "memory", weight: 2 },
        { name: "cpu", weight: 1 },
      ],
      want: [41, 50],
    },
    {
      name: "bypass extended resource if the pod does not request",
      pod: twoContainers(),
      nodes: [
        capacityNode("node1", { cpu: "6000", memory: "10000" }),
        capacityNode("node2", { cpu: "6000", memory: "10000", [extendedRes]: "4" }),
      ],
      resources: extendedResourceSet,
      want: [50, 50],
    },
    {
      name: "honor extended resource if the pod requests",
      pod: reqPod([{ cpu: "3000", memory: "5000", [extendedRes]: "2" }]),
      nodes: [
        capacityNode("node1", { cpu: "6000", memory: "10000", [extendedRes]: "4" }),
        capacityNode("node2", { cpu: "6000", memory: "10000", [extendedRes]: "10" }),
      ],
      resources: extendedResourceSet,
      want: [50, 60],
    },
    {
      name: "if the node doesn't have a resource",
      pod: reqPod([{ cpu: "3000", memory: "4000" }]),
      nodes: [
        capacityNode("node1", { cpu: "6000", memory: "10000" }),
        capacityNode("node2", { cpu: "6000", memory: "10000", [extendedRes]: "4" }),
      ],
      resources: [
        { name: extendedRes, weight: 2 },
        { name: "cpu", weight: 1 },
        { name: "memory", weight: 1 },
      ],
      want: [55, 55],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(scores("LeastAllocated", c)).toEqual(c.want);
    });
  }
});

describe("MostAllocated (most_allocated_test.go)", () => {
  const cases: ScoreCase[] = [
    {
      name: "nothing scheduled, nothing requested",
      pod: makePod(),
      nodes: [
        capacityNode("node1", { cpu: "4000", memory: "10000" }),
        capacityNode("node2", { cpu: "4000", memory: "10000" }),
      ],
      resources: defaultResources,
      want: [0, 0],
    },
    {
      name: "nothing scheduled, resources requested, differently sized nodes",
      pod: twoContainers(),
      nodes: [
        capacityNode("node1", { cpu: "4000", memory: "10000" }),
        capacityNode("node2", { cpu: "6000", memory: "10000" }),
      ],
      resources: defaultResources,
      want: [62, 50],
    },
    {
      name: "no resources requested, pods scheduled with resources",
      pod: makePod(),
      nodes: [
        capacityNode("node1", { cpu: "10000", memory: "20000" }),
        capacityNode("node2", { cpu: "10000", memory: "20000" }),
      ],
      existing: [
        reqPod([{ cpu: "3000", memory: "0" }], "node1"),
        reqPod([{ cpu: "3000", memory: "0" }], "node1"),
        reqPod([{ cpu: "3000", memory: "0" }], "node2"),
        reqPod([{ cpu: "3000", memory: "5000" }], "node2"),
      ],
      resources: defaultResources,
      want: [30, 42],
    },
    {
      name: "resources requested, pods scheduled with resources",
      pod: twoContainers(),
      nodes: [
        capacityNode("node1", { cpu: "10000", memory: "20000" }),
        capacityNode("node2", { cpu: "10000", memory: "20000" }),
      ],
      existing: [
        reqPod([{ cpu: "3000", memory: "0" }], "node1"),
        reqPod([{ cpu: "3000", memory: "5000" }], "node2"),
      ],
      resources: defaultResources,
      want: [42, 55],
    },
    {
      name: "resources requested equal node capacity",
      pod: reqPod([
        { cpu: "2000", memory: "4000" },
        { cpu: "3000", memory: "5000" },
      ]),
      nodes: [
        capacityNode("node1", { cpu: "5000", memory: "10000" }),
        capacityNode("node2", { cpu: "10000", memory: "9000" }),
      ],
      resources: defaultResources,
      want: [95, 75],
    },
    {
      // The Go table repeats the name of its second case for this weighted one.
      name: "nothing scheduled, resources requested, differently sized nodes (memory weight 2)",
      pod: twoContainers(),
      nodes: [
        capacityNode("node1", { cpu: "4000", memory: "10000" }),
        capacityNode("node2", { cpu: "6000", memory: "10000" }),
      ],
      resources: [
        { name: "memory", weight: 2 },
        { name: "cpu", weight: 1 },
      ],
      want: [58, 50],
    },
    {
      name: "no resources requested, pods scheduled, nonzero request for resource",
      pod: makePod("", { containers: [container()] }),
      nodes: [
        capacityNode("node1", { cpu: "250m", memory: "1000Mi" }),
        capacityNode("node2", { cpu: "250m", memory: "1000Mi" }),
      ],
      existing: [
        makePod("", { nodeName: "node1", containers: [container()] }),
        makePod("", { nodeName: "node1", containers: [container()] }),
      ],
      resources: defaultResources,
      want: [80, 30],
    },
    {
      name: "bypass extended resource if the pod does not request",
      pod: twoContainers(),
      nodes: [
        capacityNode("node1", { cpu: "6000", memory: "10000" }),
        capacityNode("node2", { cpu: "6000", memory: "10000", [extendedRes]: "4" }),
      ],
      resources: extendedResourceSet,
      want: [50, 50],
    },
    {
      name: "honor extended resource if the pod request",
      pod: reqPod([{ cpu: "3000", memory: "5000", [extendedRes]: "2" }]),
      nodes: [
        capacityNode("node1", { cpu: "6000", memory: "10000", [extendedRes]: "4" }),
        capacityNode("node2", { cpu: "6000", memory: "10000", [extendedRes]: "10" }),
      ],
      resources: extendedResourceSet,
      want: [50, 40],
    },
    {
      name: "if the node doesn't have a resource",
      pod: reqPod([{ cpu: "3000", memory: "4000" }]),
      nodes: [
        capacityNode("node1", { cpu: "6000", memory: "10000" }),
        capacityNode("node2", { cpu: "6000", memory: "10000", [extendedRes]: "4" }),
      ],
      resources: [
        { name: extendedRes, weight: 2 },
        { name: "cpu", weight: 1 },
        { name: "memory", weight: 1 },
      ],
      want: [45, 45],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(scores("MostAllocated", c)).toEqual(c.want);
    });
  }
});

describe("RequestedToCapacityRatio (requested_to_capacity_ratio_test.go)", () => {
  const shape: UtilizationShapePoint[] = [
    { utilization: 0, score: 10 },
    { utilization: 100, score: 0 },
  ];
  const cases: ScoreCase[] = [
    {
      name: "nothing scheduled, nothing requested (default - least requested nodes have priority)",
      pod: makePod(),
      nodes: [
        capacityNode("node1", { cpu: "4000", memory: "10000" }),
        capacityNode("node2", { cpu: "4000", memory: "10000" }),
      ],
      existing: [reqPod([], "node1"), reqPod([], "node1")],
      resources: defaultResources,
      shape,
      want: [100, 100],
    },
    {
      name: "nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)",
      pod: twoContainers(),
      nodes: [
        capacityNode("node1", { cpu: "4000", memory: "10000" }),
        capacityNode("node2", { cpu: "6000", memory: "10000" }),
      ],
      existing: [reqPod([], "node1"), reqPod([], "node1")],
      resources: defaultResources,
      shape,
      want: [38, 50],
    },
    {
      name: "no resources requested, pods scheduled with resources (default - least requested nodes have priority)",
      pod: makePod(),
      nodes: [
        capacityNode("node1", { cpu: "4000", memory: "10000" }),
        capacityNode("node2", { cpu: "6000", memory: "10000" }),
      ],
      existing: [
        reqPod([{ cpu: "3000", memory: "5000" }], "node1"),
        reqPod([{ cpu: "3000", memory: "5000" }], "node2"),
      ],
      resources: defaultResources,
      shape,
      want: [38, 50],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(scores("RequestedToCapacityRatio", c)).toEqual(c.want);
    });
  }

  describe("TestBrokenLinearFunction", () => {
    const tables: { points: [number, number][]; assertions: [number, number][] }[] = [
      {
        points: [
          [10, 1],
          [90, 9],
        ],
        assertions: [
          [-10, 1],
          [0, 1],
          [9, 1],
          [10, 1],
          [15, 1],
          [19, 1],
          [20, 2],
          [89, 8],
          [90, 9],
          [99, 9],
          [100, 9],
          [110, 9],
        ],
      },
      {
        points: [
          [0, 2],
          [40, 10],
          [100, 0],
        ],
        assertions: [
          [-10, 2],
          [0, 2],
          [20, 6],
          [30, 8],
          [40, 10],
          [70, 5],
          [100, 0],
          [110, 0],
        ],
      },
      {
        points: [
          [0, 2],
          [40, 2],
          [100, 2],
        ],
        assertions: [
          [-10, 2],
          [0, 2],
          [20, 2],
          [30, 2],
          [40, 2],
          [70, 2],
          [100, 2],
          [110, 2],
        ],
      },
    ];
    tables.forEach((t, i) => {
      it(`case_${i}`, () => {
        const fn = brokenLinearFunction(t.points.map(([utilization, score]) => ({ utilization, score })));
        for (const [p, expected] of t.assertions) expect([p, fn(p)]).toEqual([p, expected]);
      });
    });
  });

  describe("TestResourceBinPackingSingleExtended", () => {
    const binShape: UtilizationShapePoint[] = [
      { utilization: 0, score: 0 },
      { utilization: 100, score: 1 },
    ];
    const nodes = () => [
      resourceNode("node1", 4000, 10000 * 1024 * 1024, { "intel.com/foo": 8 }),
      resourceNode("node2", 4000, 10000 * 1024 * 1024, { "intel.com/foo": 4 }),
    ];
    const resources = [{ name: "intel.com/foo", weight: 1 }];
    const cases: ScoreCase[] = [
      {
        name: "nothing scheduled, nothing requested",
        pod: makePod(),
        nodes: nodes(),
        resources,
        shape: binShape,
        want: [0, 0],
      },
      {
        name: "resources requested, pods scheduled with less resources",
        pod: reqPod([{ "intel.com/foo": "2" }]),
        nodes: nodes(),
        existing: [makePod()],
        resources,
        shape: binShape,
        want: [2, 5],
      },
      {
        name: "resources requested, pods scheduled with resources, on node with existing pod running ",
        pod: reqPod([{ "intel.com/foo": "2" }]),
        nodes: nodes(),
        existing: [reqPod([{ "intel.com/foo": "2" }], "node2")],
        resources,
        shape: binShape,
        want: [2, 10],
      },
      {
        name: "resources requested, pods scheduled with more resources",
        pod: reqPod([{ "intel.com/foo": "4" }]),
        nodes: nodes(),
        existing: [makePod()],
        resources,
        shape: binShape,
        want: [5, 10],
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        expect(scores("RequestedToCapacityRatio", c)).toEqual(c.want);
      });
    }
  });

  describe("TestResourceBinPackingMultipleExtended", () => {
    const binShape: UtilizationShapePoint[] = [
      { utilization: 0, score: 0 },
      { utilization: 100, score: 1 },
    ];
    const nodes = () => [
      resourceNode("node1", 4000, 10000 * 1024 * 1024, { "intel.com/foo": 8, "intel.com/bar": 4 }),
      resourceNode("node2", 4000, 10000 * 1024 * 1024, { "intel.com/foo": 4, "intel.com/bar": 8 }),
    ];
    const resources = [
      { name: "intel.com/foo", weight: 3 },
      { name: "intel.com/bar", weight: 5 },
    ];
    const pod1 = { "intel.com/foo": "2", "intel.com/bar": "2" };
    const pod2 = { "intel.com/foo": "4", "intel.com/bar": "2" };
    const cases: ScoreCase[] = [
      {
        name: "nothing scheduled, nothing requested",
        pod: makePod(),
        nodes: nodes(),
        resources,
        shape: binShape,
        want: [0, 0],
      },
      {
        name: "resources requested, pods scheduled with less resources",
        pod: reqPod([pod1]),
        nodes: nodes(),
        existing: [makePod()],
        resources,
        shape: binShape,
        want: [4, 3],
      },
      {
        name: "resources requested, pods scheduled with resources, on node with existing pod running ",
        pod: reqPod([pod1]),
        nodes: nodes(),
        existing: [reqPod([pod2], "node2")],
        resources,
        shape: binShape,
        want: [4, 7],
      },
      {
        name: "resources requested, pods scheduled with more resources",
        pod: reqPod([pod2]),
        nodes: nodes(),
        existing: [makePod()],
        resources,
        shape: binShape,
        want: [5, 5],
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        expect(scores("RequestedToCapacityRatio", c)).toEqual(c.want);
      });
    }
  });
});
