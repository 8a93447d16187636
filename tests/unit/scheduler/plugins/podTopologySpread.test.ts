/**
 * PodTopologySpread's filter, a subset translated from kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/podtopologyspread/filtering_test.go (TestSingleConstraint
 * and the first case of TestMultipleConstraints): PreFilter over the snapshot, then Filter's
 * status code on every node.
 *
 * Not translated: "terminating Pods should be excluded" (the object model has no
 * deletionTimestamp; a deleted pod leaves the cache at once).
 */
import { describe, expect, it } from "vitest";
import { PodTopologySpread } from "../../../../shared/sim/scheduler/plugins/PodTopologySpread/PodTopologySpread.ts";
import type { Node, Pod, TopologySpreadConstraint } from "../../../../shared/sim/scheduler/types.ts";
import {
  labelSelector,
  makeNode,
  makePod,
  makeSnapshot,
  nodeInfosOf,
  req,
  runFilter,
  term,
} from "./fixtures.ts";

function spread(maxSkew: number, topologyKey: string, existsKey: string): TopologySpreadConstraint {
  return {
    maxSkew,
    topologyKey,
    whenUnsatisfiable: "DoNotSchedule",
    labelSelector: labelSelector({}, [req(existsKey, "Exists")]),
    nodeAffinityPolicy: "Honor",
    nodeTaintsPolicy: "Ignore",
    matchLabelKeys: [],
  };
}

const zoned = (name: string, zone: string) => makeNode(name, { labels: { zone, node: name } });
const fourNodes = () => [
  zoned("node-a", "zone1"),
  zoned("node-b", "zone1"),
  zoned("node-x", "zone2"),
  zoned("node-y", "zone2"),
];
const foo = (name: string, node: string, namespace = "default") =>
  makePod(name, { nodeName: node, namespace, labels: { foo: "" } });
const spread2103 = () => [
  foo("p-a1", "node-a"),
  foo("p-a2", "node-a"),
  foo("p-b1", "node-b"),
  foo("p-y1", "node-y"),
  foo("p-y2", "node-y"),
  foo("p-y3", "node-y"),
];

type Code = "Success" | "Unschedulable" | "UnschedulableAndUnresolvable";

interface Case {
  name: string;
  pod: Pod;
  nodes: Node[];
  existing?: Pod[];
  want: Record<string, Code>;
}

const all = (code: Code, ...names: string[]) => Object.fromEntries(names.map((n) => [n, code]));

const cases: Case[] = [
  {
    name: "no existing pods",
    pod: makePod("p", { labels: { foo: "" }, topologySpreadConstraints: [spread(1, "zone", "foo")] }),
    nodes: fourNodes(),
    want: all("Success", "node-a", "node-b", "node-x", "node-y"),
  },
  {
    name: "no existing pods, incoming pod doesn't match itself",
    pod: makePod("p", { labels: { foo: "" }, topologySpreadConstraints: [spread(1, "zone", "bar")] }),
    nodes: fourNodes(),
    want: all("Success", "node-a", "node-b", "node-x", "node-y"),
  },
  {
    name: "existing pods in a different namespace do not count",
    pod: makePod("p", { labels: { foo: "" }, topologySpreadConstraints: [spread(1, "zone", "foo")] }),
    nodes: fourNodes(),
    existing: [
      foo("p-a1", "node-a", "ns1"),
      foo("p-b1", "node-a", "ns2"),
      foo("p-x1", "node-x"),
      foo("p-y1", "node-y"),
    ],
    want: { "node-a": "Success", "node-b": "Success", "node-x": "Unschedulable", "node-y": "Unschedulable" },
  },
  {
    name: "pods spread across zones as 3/3, all nodes fit",
    pod: makePod("p", { labels: { foo: "" }, topologySpreadConstraints: [spread(1, "zone", "foo")] }),
    nodes: fourNodes(),
    existing: spread2103(),
    want: all("Success", "node-a", "node-b", "node-x", "node-y"),
  },
  {
    name: "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
    pod: makePod("p", { labels: { foo: "" }, topologySpreadConstraints: [spread(1, "zone", "foo")] }),
    nodes: [
      zoned("node-a", "zone1"),
      makeNode("node-b", { labels: { zon: "zone1", node: "node-b" } }),
      zoned("node-x", "zone2"),
      zoned("node-y", "zone2"),
    ],
    existing: [foo("p-a1", "node-a"), foo("p-b1", "node-b"), foo("p-x1", "node-x"), foo("p-y1", "node-y")],
    want: {
      "node-a": "Success",
      "node-b": "UnschedulableAndUnresolvable",
      "node-x": "Unschedulable",
      "node-y": "Unschedulable",
    },
  },
  {
    name: "pod cannot be scheduled as all nodes don't have label 'rack'",
    pod: makePod("p", { labels: { foo: "" }, topologySpreadConstraints: [spread(1, "rack", "foo")] }),
    nodes: [zoned("node-a", "zone1"), zoned("node-x", "zone2")],
    want: all("UnschedulableAndUnresolvable", "node-a", "node-x"),
  },
  {
    name: "pods spread across nodes as 2/1/0/3, only node-x fits",
    pod: makePod("p", { labels: { foo: "" }, topologySpreadConstraints: [spread(1, "node", "foo")] }),
    nodes: fourNodes(),
    existing: spread2103(),
    want: {
      "node-a": "Unschedulable",
      "node-b": "Unschedulable",
      "node-x": "Success",
      "node-y": "Unschedulable",
    },
  },
  {
    name: "pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit",
    pod: makePod("p", { labels: { foo: "" }, topologySpreadConstraints: [spread(2, "node", "foo")] }),
    nodes: fourNodes(),
    existing: spread2103(),
    want: { "node-a": "Unschedulable", "node-b": "Success", "node-x": "Success", "node-y": "Unschedulable" },
  },
  {
    name: "pods spread across nodes as 2/1/0/3, but pod doesn't match itself",
    pod: makePod("p", { labels: { bar: "" }, topologySpreadConstraints: [spread(1, "node", "foo")] }),
    nodes: fourNodes(),
    existing: spread2103(),
    want: { "node-a": "Unschedulable", "node-b": "Success", "node-x": "Success", "node-y": "Unschedulable" },
  },
  {
    name: "incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits",
    pod: makePod("p", {
      labels: { foo: "" },
      affinity: {
        nodeAffinity: { required: [term([req("node", "In", ["node-a", "node-y"])])], preferred: [] },
      },
      topologySpreadConstraints: [spread(1, "node", "foo")],
    }),
    nodes: fourNodes(),
    existing: spread2103(),
    // node-b and node-x pass this plugin; NodeAffinity (not run here) rejects them.
    want: { "node-a": "Success", "node-b": "Success", "node-x": "Success", "node-y": "Unschedulable" },
  },
  {
    name: "two Constraints on zone and node, spreads = [3/3, 2/1/0/3]",
    pod: makePod("p", {
      labels: { foo: "" },
      topologySpreadConstraints: [spread(1, "zone", "foo"), spread(1, "node", "foo")],
    }),
    nodes: fourNodes(),
    existing: spread2103(),
    want: {
      "node-a": "Unschedulable",
      "node-b": "Unschedulable",
      "node-x": "Success",
      "node-y": "Unschedulable",
    },
  },
];

describe("PodTopologySpread Filter (filtering_test.go)", () => {
  for (const c of cases) {
    it(c.name, () => {
      const snapshot = makeSnapshot(c.nodes, c.existing ?? []);
      const infos = nodeInfosOf(snapshot, c.nodes);
      const run = runFilter(new PodTopologySpread(snapshot), c.pod, infos, snapshot.list());
      expect(run.preFilterStatus).toBeNull();
      const got = Object.fromEntries(c.nodes.map((n, i) => [n.name, run.statuses[i]?.code ?? "Success"]));
      expect(got).toEqual(c.want);
    });
  }
});
