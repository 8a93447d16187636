/**
 * PodTopologySpread's scoring, translated from kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/podtopologyspread/scoring_test.go: TestPreScoreSkip,
 * TestPreScoreStateEmptyNodes (the PreScore state: constraints, ignored nodes, domains and
 * normalizing weights) and TestPodTopologySpreadScore (PreScore over the candidate nodes with
 * every node in the snapshot, then Score and NormalizeScore).
 *
 * The Service or ReplicaSet that owns a pod (helper.DefaultSelector) is the plugin's
 * DefaultSelectorSource here; SystemDefaulting is the plugin's default constraints, and
 * ListDefaulting with DefaultConstraints is the list passed in.
 *
 * Not translated: "terminating Pods should be excluded" (no deletionTimestamp in the object
 * model; a deleted pod leaves the cache at once) and "matchLabelKeys ignored when feature gate
 * disabled" (node inclusion policies and matchLabelKeys are always on in the simulation, as
 * their feature gates are GA; the enabled-gate cases are translated).
 */
import { describe, expect, it } from "vitest";
import type { StateData } from "../../../../shared/sim/scheduler/framework/interface.ts";
import { CycleState } from "../../../../shared/sim/scheduler/framework/interface.ts";
import { Selector } from "../../../../shared/sim/scheduler/labels.ts";
import {
  type DefaultSelectorSource,
  labelHostname,
  labelTopologyZone,
  PodTopologySpread,
  topologyNormalizingWeight,
} from "../../../../shared/sim/scheduler/plugins/PodTopologySpread/PodTopologySpread.ts";
import type {
  LabelSelector,
  Node,
  Pod,
  Taint,
  TopologySpreadConstraint,
} from "../../../../shared/sim/scheduler/types.ts";
import {
  labelSelector,
  makeNode,
  makePod,
  makeSnapshot,
  nodeInfosOf,
  req,
  runScore,
  spreadConstraint,
  term,
} from "./fixtures.ts";

const fooSelector = labelSelector({}, [req("foo", "Exists")]);
const barSelector = labelSelector({}, [req("bar", "Exists")]);
// podtopologyspread's test taint: the unschedulable taint, NoSchedule.
const taints: Taint[] = [{ key: "node.kubernetes.io/unschedulable", value: "", effect: "NoSchedule" }];

const node = (name: string, labels: Record<string, string>, nodeTaints: Taint[] = []) =>
  makeNode(name, { labels, taints: nodeTaints });
const host = (name: string) => node(name, { [labelHostname]: name });
const zoned = (name: string, zone: string) => node(name, { zone, [labelHostname]: name });
const labelled = (name: string, nodeName: string, labels: Record<string, string>, namespace = "default") =>
  makePod(name, { nodeName, labels, namespace });
const foo = (name: string, nodeName: string) => labelled(name, nodeName, { foo: "" });

const soft = (
  maxSkew: number,
  topologyKey: string,
  selector: LabelSelector | undefined,
  o: Parameters<typeof spreadConstraint>[4] = {},
) => spreadConstraint(maxSkew, topologyKey, "ScheduleAnyway", selector, o);
const incoming = (
  labels: Record<string, string>,
  constraints: TopologySpreadConstraint[],
  o: Partial<Pod> = {},
) =>
  makePod("p", {
    labels,
    topologySpreadConstraints: constraints,
    ...(o.nodeSelector !== undefined ? { nodeSelector: o.nodeSelector } : {}),
    ...(o.affinity !== undefined ? { affinity: o.affinity } : {}),
  });
const nodeAffinityFooIn = { nodeAffinity: { required: [term([req("foo", "In", [""])])], preferred: [] } };

/** A ReplicaSet or Service selecting the pod (the plugin's default selector). */
const ownedBy =
  (selector: LabelSelector): DefaultSelectorSource =>
  () =>
    selector;
const notOwned: DefaultSelectorSource = () => undefined;

// ---------------------------------------------------------------------------------------------
// TestPreScoreSkip.

describe("PodTopologySpread PreScore: TestPreScoreSkip (scoring_test.go)", () => {
  const cases: {
    name: string;
    pod: Pod;
    nodes: Node[];
    defaultConstraints: TopologySpreadConstraint[];
    defaultSelector: DefaultSelectorSource;
  }[] = [
    {
      name: "the pod doesn't have soft topology spread Constraints",
      pod: makePod("p"),
      nodes: [host("node-a"), host("node-b")],
      defaultConstraints: [],
      defaultSelector: notOwned,
    },
    {
      name: "default constraints and a replicaset that doesn't match",
      pod: makePod("p", { labels: { foo: "bar", baz: "sup" } }),
      nodes: [node("node-a", { planet: "mars" })],
      defaultConstraints: [soft(2, "planet", undefined)],
      // The pod's owner rs2 does not exist (rs1 selects `tar`): no default selector.
      defaultSelector: notOwned,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const snapshot = makeSnapshot(c.nodes);
      const plugin = new PodTopologySpread(snapshot, c.defaultSelector, c.defaultConstraints);
      const run = runScore(plugin, c.pod, nodeInfosOf(snapshot, c.nodes));
      expect(run.preScoreStatus?.code).toBe("Skip");
    });
  }
});

// ---------------------------------------------------------------------------------------------
// TestPreScoreStateEmptyNodes.

/** The fields of the plugin's PreScore state that the Go table compares. */
interface PreScoreStateView extends StateData {
  constraints: readonly {
    maxSkew: number;
    topologyKey: string;
    selector: Selector;
    minDomains: number;
    nodeAffinityPolicy: string;
    nodeTaintsPolicy: string;
  }[];
  ignoredNodes: ReadonlySet<string>;
  topologyValueToPodCounts: readonly Map<string, number>[];
  topologyNormalizingWeight: readonly number[];
}

interface WantConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelector | undefined;
  nodeAffinityPolicy?: "Honor" | "Ignore";
  nodeTaintsPolicy?: "Honor" | "Ignore";
}

interface StateCase {
  name: string;
  pod: Pod;
  nodes: Node[];
  defaultConstraints?: TopologySpreadConstraint[];
  defaultSelector?: DefaultSelectorSource;
  want: {
    constraints: WantConstraint[];
    ignoredNodes: string[];
    /** "key=value" → matching pods, over every non-hostname constraint. */
    pairs: Record<string, number>;
    weights: number[];
  };
}

const xyzNodes = () => [zoned("node-a", "zone1"), zoned("node-b", "zone1"), zoned("node-x", "zone2")];
const xyzFooNodes = (xTaints: Taint[] = []) => [
  node("node-a", { zone: "zone1", foo: "", [labelHostname]: "node-a" }),
  node("node-b", { zone: "zone1", foo: "", [labelHostname]: "node-b" }),
  node("node-x", { zone: "zone2", [labelHostname]: "node-x" }, xTaints),
];
const zoneBar = (o: Partial<WantConstraint> = {}): WantConstraint => ({
  maxSkew: 1,
  topologyKey: "zone",
  selector: barSelector,
  ...o,
});
const zone12 = { "zone=zone1": 0, "zone=zone2": 0 };

const stateCases: StateCase[] = [
  {
    name: "normal case",
    pod: incoming({ foo: "" }, [soft(1, "zone", fooSelector), soft(1, labelHostname, fooSelector)]),
    nodes: xyzNodes(),
    want: {
      constraints: [
        { maxSkew: 1, topologyKey: "zone", selector: fooSelector },
        { maxSkew: 1, topologyKey: labelHostname, selector: fooSelector },
      ],
      ignoredNodes: [],
      pairs: zone12,
      weights: [topologyNormalizingWeight(2), topologyNormalizingWeight(3)],
    },
  },
  {
    name: "null selector",
    pod: incoming({ foo: "" }, [soft(1, "zone", undefined)]),
    nodes: xyzNodes(),
    want: {
      constraints: [{ maxSkew: 1, topologyKey: "zone", selector: undefined }],
      ignoredNodes: [],
      pairs: zone12,
      weights: [topologyNormalizingWeight(2)],
    },
  },
  {
    name: "node-x doesn't have label zone",
    pod: incoming({ foo: "" }, [soft(1, "zone", fooSelector), soft(1, labelHostname, barSelector)]),
    nodes: [zoned("node-a", "zone1"), zoned("node-b", "zone1"), host("node-x")],
    want: {
      constraints: [
        { maxSkew: 1, topologyKey: "zone", selector: fooSelector },
        { maxSkew: 1, topologyKey: labelHostname, selector: barSelector },
      ],
      ignoredNodes: ["node-x"],
      pairs: { "zone=zone1": 0 },
      weights: [topologyNormalizingWeight(1), topologyNormalizingWeight(2)],
    },
  },
  {
    name: "system default constraints and a replicaset",
    pod: makePod("p", { labels: { foo: "tar", baz: "sup" } }),
    nodes: [
      node("node-a", { [labelHostname]: "node-a", [labelTopologyZone]: "mars" }),
      node("node-b", { [labelHostname]: "node-b", [labelTopologyZone]: "mars" }),
      // Without a zone label a node is still spread by hostname: its zone is "".
      host("node-c"),
      host("node-d"),
    ],
    defaultSelector: ownedBy(fooSelector),
    want: {
      constraints: [
        { maxSkew: 3, topologyKey: labelHostname, selector: fooSelector },
        { maxSkew: 5, topologyKey: labelTopologyZone, selector: fooSelector },
      ],
      ignoredNodes: [],
      pairs: { [`${labelTopologyZone}=mars`]: 0, [`${labelTopologyZone}=`]: 0 },
      weights: [topologyNormalizingWeight(4), topologyNormalizingWeight(2)],
    },
  },
  {
    name: "default constraints and a replicaset",
    pod: makePod("p", { labels: { foo: "tar", baz: "sup" } }),
    nodes: [node("node-a", { rack: "rack1", [labelHostname]: "node-a", planet: "mars" })],
    defaultConstraints: [
      soft(1, labelHostname, undefined),
      spreadConstraint(2, "rack", "DoNotSchedule", undefined),
      soft(2, "planet", undefined),
    ],
    defaultSelector: ownedBy(fooSelector),
    want: {
      constraints: [
        { maxSkew: 1, topologyKey: labelHostname, selector: fooSelector },
        { maxSkew: 2, topologyKey: "planet", selector: fooSelector },
      ],
      ignoredNodes: [],
      pairs: { "planet=mars": 0 },
      weights: [topologyNormalizingWeight(1), topologyNormalizingWeight(1)],
    },
  },
  {
    name: "default constraints and a replicaset, but pod has constraints",
    pod: incoming({ foo: "bar", baz: "sup" }, [
      spreadConstraint(1, "zone", "DoNotSchedule", barSelector),
      soft(2, "planet", labelSelector({ baz: "sup" })),
    ]),
    nodes: [node("node-a", { planet: "mars", galaxy: "andromeda" })],
    defaultConstraints: [soft(2, "galaxy", undefined)],
    defaultSelector: ownedBy(fooSelector),
    want: {
      constraints: [{ maxSkew: 2, topologyKey: "planet", selector: labelSelector({ baz: "sup" }) }],
      ignoredNodes: [],
      pairs: { "planet=mars": 0 },
      weights: [topologyNormalizingWeight(1)],
    },
  },
  {
    name: "NodeAffinityPolicy honored with labelSelectors",
    pod: incoming({ foo: "" }, [soft(1, "zone", barSelector)], { nodeSelector: { foo: "" } }),
    nodes: xyzFooNodes(),
    want: {
      constraints: [zoneBar()],
      ignoredNodes: [],
      pairs: zone12,
      weights: [topologyNormalizingWeight(2)],
    },
  },
  {
    name: "NodeAffinityPolicy ignored with labelSelectors",
    pod: incoming({ foo: "" }, [soft(1, "zone", barSelector, { nodeAffinityPolicy: "Ignore" })], {
      nodeSelector: { foo: "" },
    }),
    nodes: xyzFooNodes(),
    want: {
      constraints: [zoneBar({ nodeAffinityPolicy: "Ignore" })],
      ignoredNodes: [],
      pairs: zone12,
      weights: [topologyNormalizingWeight(2)],
    },
  },
  {
    name: "NodeAffinityPolicy honored with nodeAffinity",
    pod: incoming({ foo: "" }, [soft(1, "zone", barSelector)], { affinity: nodeAffinityFooIn }),
    nodes: xyzFooNodes(),
    want: {
      constraints: [zoneBar()],
      ignoredNodes: [],
      pairs: zone12,
      weights: [topologyNormalizingWeight(2)],
    },
  },
  {
    name: "NodeAffinityPolicy ignored with nodeAffinity",
    pod: incoming({ foo: "" }, [soft(1, "zone", barSelector, { nodeAffinityPolicy: "Ignore" })], {
      affinity: nodeAffinityFooIn,
    }),
    nodes: xyzFooNodes(),
    want: {
      constraints: [zoneBar({ nodeAffinityPolicy: "Ignore" })],
      ignoredNodes: [],
      pairs: zone12,
      weights: [topologyNormalizingWeight(2)],
    },
  },
  {
    name: "NodeTaintsPolicy honored",
    pod: incoming({ foo: "" }, [soft(1, "zone", barSelector, { nodeTaintsPolicy: "Honor" })]),
    nodes: xyzFooNodes(taints),
    want: {
      constraints: [zoneBar({ nodeTaintsPolicy: "Honor" })],
      ignoredNodes: [],
      pairs: zone12,
      weights: [topologyNormalizingWeight(2)],
    },
  },
  {
    name: "NodeTaintsPolicy ignored",
    pod: incoming({ foo: "" }, [soft(1, "zone", barSelector)]),
    nodes: xyzFooNodes(taints),
    want: {
      constraints: [zoneBar()],
      ignoredNodes: [],
      pairs: zone12,
      weights: [topologyNormalizingWeight(2)],
    },
  },
];

describe("PodTopologySpread PreScore: TestPreScoreStateEmptyNodes (scoring_test.go)", () => {
  for (const c of stateCases) {
    it(c.name, () => {
      const snapshot = makeSnapshot(c.nodes);
      const plugin =
        c.defaultConstraints === undefined
          ? new PodTopologySpread(snapshot, c.defaultSelector ?? notOwned)
          : new PodTopologySpread(snapshot, c.defaultSelector ?? notOwned, c.defaultConstraints);
      const state = new CycleState();
      const run = runScore(plugin, c.pod, nodeInfosOf(snapshot, c.nodes), { state });
      expect(run.preScoreStatus).toBeNull();
      const got = state.read<PreScoreStateView>("PreScorePodTopologySpread");
      if (got === undefined) throw new Error("no PreScore state");
      expect(
        got.constraints.map((k) => ({
          maxSkew: k.maxSkew,
          topologyKey: k.topologyKey,
          selector: k.selector.key,
          minDomains: k.minDomains,
          nodeAffinityPolicy: k.nodeAffinityPolicy,
          nodeTaintsPolicy: k.nodeTaintsPolicy,
        })),
      ).toEqual(
        c.want.constraints.map((k) => ({
          maxSkew: k.maxSkew,
          topologyKey: k.topologyKey,
          selector: new Selector(k.selector).key,
          minDomains: 1,
          nodeAffinityPolicy: k.nodeAffinityPolicy ?? "Honor",
          nodeTaintsPolicy: k.nodeTaintsPolicy ?? "Ignore",
        })),
      );
      expect([...got.ignoredNodes].sort()).toEqual(c.want.ignoredNodes);
      const pairs: Record<string, number> = {};
      got.constraints.forEach((k, i) => {
        for (const [value, n] of got.topologyValueToPodCounts[i] ?? [])
          pairs[`${k.topologyKey}=${value}`] = n;
      });
      expect(pairs).toEqual(c.want.pairs);
      expect(got.topologyNormalizingWeight).toEqual(c.want.weights);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// TestPodTopologySpreadScore.

interface ScoreCase {
  name: string;
  pod: Pod;
  existingPods?: Pod[];
  /** The candidate nodes (they passed Filter), scored in this order. */
  nodes: Node[];
  /** Nodes in the cluster that did not pass Filter. */
  failedNodes?: Node[];
  defaultSelector?: DefaultSelectorSource;
  want: number[];
}

const hostSpread = (maxSkew: number, selector: LabelSelector | undefined) =>
  incoming({ foo: "" }, [soft(maxSkew, labelHostname, selector)]);
/** Matching pods spread as 2/1/0/3 over node-a…node-d. */
const spread2103 = () => [
  foo("p-a1", "node-a"),
  foo("p-a2", "node-a"),
  foo("p-b1", "node-b"),
  foo("p-d1", "node-d"),
  foo("p-d2", "node-d"),
  foo("p-d3", "node-d"),
];
/** Matching pods spread as 4/3/2/1 over node-a…node-d. */
const spread4321 = () => [
  foo("p-a1", "node-a"),
  foo("p-a2", "node-a"),
  foo("p-a3", "node-a"),
  foo("p-a4", "node-a"),
  foo("p-b1", "node-b"),
  foo("p-b2", "node-b"),
  foo("p-b3", "node-b"),
  foo("p-c1", "node-c"),
  foo("p-c2", "node-c"),
  foo("p-d1", "node-d"),
];
/** Matching pods spread as 4/2/1/3 over node-a, node-b, node-x, node-y. */
const spread4213 = () => [
  foo("p-a1", "node-a"),
  foo("p-a2", "node-a"),
  foo("p-a3", "node-a"),
  foo("p-a4", "node-a"),
  foo("p-b1", "node-b"),
  foo("p-b2", "node-b"),
  foo("p-x1", "node-x"),
  foo("p-y1", "node-y"),
  foo("p-y2", "node-y"),
  foo("p-y3", "node-y"),
];
const abcd = () => [host("node-a"), host("node-b"), host("node-c"), host("node-d")];
const zoneAndHost = (zoneSelector: LabelSelector, hostSelector: LabelSelector) =>
  incoming({ foo: "", bar: "" }, [soft(1, "zone", zoneSelector), soft(1, labelHostname, hostSelector)]);
const abxyZoned = () => [
  zoned("node-a", "zone1"),
  zoned("node-b", "zone1"),
  zoned("node-x", "zone2"),
  zoned("node-y", "zone2"),
];
/** Nodes keyed by a "node" label, node-a and node-b also labelled foo (inclusion-policy cases). */
const policyNodes = (cTaints: Taint[] = [], fooLabels = true) => [
  node("node-a", { node: "node-a", ...(fooLabels ? { foo: "" } : {}) }),
  node("node-b", { node: "node-b", ...(fooLabels ? { foo: "" } : {}) }),
  node("node-c", { node: "node-c" }, cTaints),
];
const policyPods = () => [
  foo("p-a1", "node-a"),
  foo("p-a2", "node-a"),
  foo("p-b1", "node-b"),
  foo("p-c1", "node-c"),
];
const abcdZoned = () => [
  zoned("node-a", "zone1"),
  zoned("node-b", "zone1"),
  zoned("node-c", "zone2"),
  zoned("node-d", "zone2"),
];

const scoreCases: ScoreCase[] = [
  {
    name: "one constraint on node, no existing pods",
    pod: hostSpread(1, fooSelector),
    nodes: [host("node-a"), host("node-b")],
    want: [100, 100],
  },
  {
    name: "one constraint on node, only one node is candidate",
    pod: hostSpread(1, fooSelector),
    existingPods: [foo("p-a1", "node-a"), foo("p-a2", "node-a"), foo("p-b1", "node-b")],
    nodes: [host("node-a")],
    failedNodes: [host("node-b")],
    want: [100],
  },
  {
    name: "one constraint on node, all nodes have the same number of matching pods",
    pod: hostSpread(1, fooSelector),
    existingPods: [foo("p-a1", "node-a"), foo("p-b1", "node-b")],
    nodes: [host("node-a"), host("node-b")],
    want: [100, 100],
  },
  {
    name: "one constraint on node, all 4 nodes are candidates",
    pod: hostSpread(1, fooSelector),
    existingPods: spread2103(),
    nodes: abcd(),
    want: [20, 60, 100, 0],
  },
  {
    name: "one constraint on node, null selector",
    pod: hostSpread(1, undefined),
    existingPods: spread2103(),
    nodes: abcd(),
    want: [100, 100, 100, 100],
  },
  {
    name: "one constraint on node, all 4 nodes are candidates, maxSkew=2",
    pod: hostSpread(2, fooSelector),
    existingPods: spread2103(),
    nodes: abcd(),
    want: [33, 66, 100, 16],
  },
  {
    name: "one constraint on node, all 4 nodes are candidates, maxSkew=3",
    pod: hostSpread(3, fooSelector),
    existingPods: spread4321(),
    nodes: abcd(),
    want: [44, 66, 77, 100],
  },
  {
    name: "system defaulting, nodes don't have zone, pods match service",
    pod: makePod("p", { labels: { foo: "" } }),
    existingPods: spread4321(),
    nodes: abcd(),
    // A Service selecting foo="".
    defaultSelector: ownedBy(labelSelector({ foo: "" })),
    want: [44, 66, 77, 100],
  },
  {
    name: "one constraint on node, 3 out of 4 nodes are candidates",
    pod: hostSpread(1, fooSelector),
    existingPods: spread4213(),
    nodes: [host("node-a"), host("node-b"), host("node-x")],
    failedNodes: [host("node-y")],
    want: [33, 83, 100],
  },
  {
    name: "one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key",
    pod: hostSpread(1, fooSelector),
    existingPods: spread4213(),
    nodes: [host("node-a"), node("node-b", { n: "node-b" }), host("node-x")],
    failedNodes: [host("node-y")],
    want: [16, 0, 100],
  },
  {
    name: "one constraint on zone, 3 out of 4 nodes are candidates",
    pod: incoming({ foo: "" }, [soft(1, "zone", fooSelector)]),
    existingPods: spread4213(),
    nodes: [zoned("node-a", "zone1"), zoned("node-b", "zone1"), zoned("node-x", "zone2")],
    failedNodes: [zoned("node-y", "zone2")],
    want: [75, 75, 100],
  },
  {
    name: "two Constraints on zone and node, 2 out of 4 nodes are candidates",
    pod: incoming({ foo: "" }, [soft(1, "zone", fooSelector), soft(1, labelHostname, fooSelector)]),
    existingPods: [
      foo("p-a1", "node-a"),
      foo("p-a2", "node-a"),
      foo("p-b1", "node-b"),
      foo("p-x1", "node-x"),
      foo("p-x2", "node-x"),
      foo("p-y1", "node-y"),
      foo("p-y2", "node-y"),
      foo("p-y3", "node-y"),
      foo("p-y4", "node-y"),
    ],
    nodes: [zoned("node-a", "zone1"), zoned("node-x", "zone2")],
    failedNodes: [zoned("node-b", "zone1"), zoned("node-y", "zone2")],
    want: [100, 63],
  },
  {
    name: "two Constraints on zone and node, with different labelSelectors",
    pod: zoneAndHost(fooSelector, barSelector),
    existingPods: [
      foo("p-a1", "node-a"),
      labelled("p-b1", "node-b", { foo: "", bar: "" }),
      foo("p-y1", "node-y"),
      labelled("p-y2", "node-y", { bar: "" }),
    ],
    nodes: abxyZoned(),
    want: [60, 20, 100, 60],
  },
  {
    name: "two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods",
    pod: zoneAndHost(fooSelector, barSelector),
    existingPods: [
      labelled("p-b1", "node-b", { bar: "" }),
      foo("p-x1", "node-x"),
      labelled("p-y1", "node-y", { foo: "", bar: "" }),
    ],
    nodes: abxyZoned(),
    want: [100, 60, 40, 0],
  },
  {
    name: "two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates",
    pod: zoneAndHost(fooSelector, barSelector),
    existingPods: [
      foo("p-a1", "node-a"),
      labelled("p-b1", "node-b", { foo: "", bar: "" }),
      foo("p-y1", "node-y"),
      labelled("p-y2", "node-y", { bar: "" }),
    ],
    nodes: [zoned("node-a", "zone1"), zoned("node-b", "zone1"), zoned("node-x", "zone2")],
    failedNodes: [zoned("node-y", "zone2")],
    want: [50, 25, 100],
  },
  {
    name: "existing pods in a different namespace do not count",
    pod: hostSpread(1, fooSelector),
    existingPods: [
      labelled("p-a1", "node-a", { foo: "" }, "ns1"),
      foo("p-a2", "node-a"),
      foo("p-b1", "node-b"),
      foo("p-b2", "node-b"),
    ],
    nodes: [host("node-a"), host("node-b")],
    want: [100, 33],
  },
  {
    name: "minDomains has no effect when ScheduleAnyway",
    // Larger than the number of domains (3).
    pod: incoming({ foo: "" }, [soft(2, "node", fooSelector, { minDomains: 10 })]),
    existingPods: [
      foo("p-a1", "node-a"),
      foo("p-a2", "node-a"),
      foo("p-b1", "node-b"),
      foo("p-b2", "node-b"),
      foo("p-c1", "node-c"),
    ],
    nodes: [
      node("node-a", { node: "node-a" }),
      node("node-b", { node: "node-b" }),
      node("node-c", { node: "node-c" }),
    ],
    want: [75, 75, 100],
  },
  {
    name: "NodeAffinityPolicy honoed with labelSelectors",
    pod: incoming({ foo: "" }, [soft(1, "node", fooSelector)], { nodeSelector: { foo: "" } }),
    existingPods: policyPods(),
    nodes: policyNodes(),
    want: [0, 33, 100],
  },
  {
    name: "NodeAffinityPolicy ignored with labelSelectors",
    pod: incoming({ foo: "" }, [soft(1, "node", fooSelector, { nodeAffinityPolicy: "Ignore" })], {
      nodeSelector: { foo: "" },
    }),
    existingPods: policyPods(),
    nodes: policyNodes(),
    want: [66, 100, 100],
  },
  {
    name: "NodeAffinityPolicy honoed with nodeAffinity",
    pod: incoming({ foo: "" }, [soft(1, "node", fooSelector)], { affinity: nodeAffinityFooIn }),
    existingPods: policyPods(),
    nodes: policyNodes(),
    want: [0, 33, 100],
  },
  {
    name: "NodeAffinityPolicy ignored with nodeAffinity",
    pod: incoming({ foo: "" }, [soft(1, "node", fooSelector, { nodeAffinityPolicy: "Ignore" })], {
      affinity: nodeAffinityFooIn,
    }),
    existingPods: policyPods(),
    nodes: policyNodes(),
    want: [66, 100, 100],
  },
  {
    name: "NodeTaintsPolicy honored",
    pod: incoming({ foo: "" }, [soft(1, "node", fooSelector, { nodeTaintsPolicy: "Honor" })]),
    existingPods: policyPods(),
    nodes: policyNodes(taints, false),
    want: [0, 33, 100],
  },
  {
    name: "NodeTaintsPolicy ignored",
    pod: incoming({ foo: "" }, [soft(1, "node", fooSelector)]),
    existingPods: policyPods(),
    nodes: policyNodes(taints, false),
    want: [66, 100, 100],
  },
  {
    name: "matchLabelKeys ANDed with LabelSelector when LabelSelector is empty",
    pod: incoming({ foo: "", bar: "" }, [
      soft(1, "zone", labelSelector(), { matchLabelKeys: ["foo"] }),
      soft(1, labelHostname, labelSelector(), { matchLabelKeys: ["bar"] }),
    ]),
    existingPods: [
      foo("p-a1", "node-a"),
      labelled("p-b1", "node-b", { foo: "", bar: "" }),
      foo("p-y1", "node-c"),
      labelled("p-y2", "node-c", { bar: "" }),
    ],
    nodes: abcdZoned(),
    want: [60, 20, 60, 100],
  },
  {
    name: "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
    pod: incoming({ foo: "", bar: "", baz: "" }, [
      soft(1, "zone", fooSelector),
      soft(1, labelHostname, barSelector, { matchLabelKeys: ["baz"] }),
    ]),
    existingPods: [
      foo("p-a1", "node-a"),
      labelled("p-b1", "node-b", { foo: "", bar: "", baz: "" }),
      foo("p-c1", "node-c"),
      labelled("p-c2", "node-c", { bar: "" }),
      labelled("p-d3", "node-c", { bar: "", baz: "" }),
    ],
    nodes: abcdZoned(),
    want: [60, 20, 60, 100],
  },
];

describe("PodTopologySpread Score: TestPodTopologySpreadScore (scoring_test.go)", () => {
  for (const c of scoreCases) {
    it(c.name, () => {
      const snapshot = makeSnapshot([...c.nodes, ...(c.failedNodes ?? [])], c.existingPods ?? []);
      const plugin = new PodTopologySpread(snapshot, c.defaultSelector ?? notOwned);
      const run = runScore(plugin, c.pod, nodeInfosOf(snapshot, c.nodes));
      expect(run.preScoreStatus).toBeNull();
      expect(run.normalized).toEqual(c.want);
    });
  }
});
