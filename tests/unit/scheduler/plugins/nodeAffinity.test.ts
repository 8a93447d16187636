/**
 * NodeAffinity, translated from kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go (TestNodeAffinity:
 * PreFilter status and result, Filter status; TestNodeAffinityPriority: PreScore, Score and
 * NormalizeScore).
 *
 * Not translated: the NodeAffinityArgs.AddedAffinity cases ("Matches added affinity…",
 * "Doesn't match added affinity", "added affinity…"), a scheduler-profile setting the
 * simulation does not have.
 */
import { describe, expect, it } from "vitest";
import { CycleState } from "../../../../shared/sim/scheduler/framework/interface.ts";
import {
  errReasonConflict,
  errReasonPod,
  NodeAffinity,
} from "../../../../shared/sim/scheduler/plugins/NodeAffinity/NodeAffinity.ts";
import { PodInfo } from "../../../../shared/sim/scheduler/podInfo.ts";
import type {
  Affinity,
  NodeSelectorTerm,
  Pod,
  PreferredSchedulingTerm,
} from "../../../../shared/sim/scheduler/types.ts";
import { makeNode, makePod, makeSnapshot, nodeInfosOf, req, runScore, term, verdict } from "./fixtures.ts";

const required = (...terms: NodeSelectorTerm[]): Affinity => ({
  nodeAffinity: { required: terms, preferred: [] },
});
const withRequired = (...terms: NodeSelectorTerm[]) => makePod("", { affinity: required(...terms) });
const name = "metadata.name";
const unresolvable = (reason: string) => ({ code: "UnschedulableAndUnresolvable", reasons: [reason] });

interface FilterCase {
  name: string;
  pod: Pod;
  labels?: Record<string, string>;
  nodeName?: string;
  runPreFilter: boolean;
  wantPreFilterStatus?: ReturnType<typeof verdict>;
  wantPreFilterResult?: string[];
  wantStatus?: ReturnType<typeof verdict>;
}

const filterCases: FilterCase[] = [
  {
    name: "missing labels",
    pod: makePod("", { nodeSelector: { foo: "bar" } }),
    wantStatus: unresolvable(errReasonPod),
    runPreFilter: true,
  },
  {
    name: "same labels",
    pod: makePod("", { nodeSelector: { foo: "bar" } }),
    labels: { foo: "bar" },
    runPreFilter: true,
  },
  {
    name: "node labels are superset",
    pod: makePod("", { nodeSelector: { foo: "bar" } }),
    labels: { foo: "bar", baz: "blah" },
    runPreFilter: true,
  },
  {
    name: "node labels are subset",
    pod: makePod("", { nodeSelector: { foo: "bar", baz: "blah" } }),
    labels: { foo: "bar" },
    wantStatus: unresolvable(errReasonPod),
    runPreFilter: true,
  },
  {
    name: "Pod with matchExpressions using In operator that matches the existing node",
    pod: withRequired(term([req("foo", "In", ["bar", "value2"])])),
    labels: { foo: "bar" },
    runPreFilter: true,
  },
  {
    name: "Pod with matchExpressions using Gt operator that matches the existing node",
    pod: withRequired(term([req("kernel-version", "Gt", ["0204"])])),
    labels: { "kernel-version": "0206" },
    runPreFilter: true,
  },
  {
    name: "Pod with matchExpressions using NotIn operator that matches the existing node",
    pod: withRequired(term([req("mem-type", "NotIn", ["DDR", "DDR2"])])),
    labels: { "mem-type": "DDR3" },
    runPreFilter: true,
  },
  {
    name: "Pod with matchExpressions using Exists operator that matches the existing node",
    pod: withRequired(term([req("GPU", "Exists")])),
    labels: { GPU: "NVIDIA-GRID-K1" },
    runPreFilter: true,
  },
  {
    name: "Pod with affinity that don't match node's labels won't schedule onto the node",
    pod: withRequired(term([req("foo", "In", ["value1", "value2"])])),
    labels: { foo: "bar" },
    wantStatus: unresolvable(errReasonPod),
    runPreFilter: true,
  },
  {
    name: "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node",
    pod: withRequired(term([])),
    labels: { foo: "bar" },
    wantStatus: unresolvable(errReasonPod),
    runPreFilter: true,
  },
  {
    name: "Pod with no Affinity will schedule onto a node",
    pod: makePod(),
    labels: { foo: "bar" },
    wantPreFilterStatus: { code: "Skip", reasons: [] },
    runPreFilter: true,
  },
  {
    name: "Pod with Affinity but nil NodeSelector will schedule onto a node",
    pod: makePod("", { affinity: { nodeAffinity: { preferred: [] } } }),
    labels: { foo: "bar" },
    wantPreFilterStatus: { code: "Skip", reasons: [] },
    runPreFilter: true,
  },
  {
    name: "Pod with multiple matchExpressions ANDed that matches the existing node",
    pod: withRequired(term([req("GPU", "Exists"), req("GPU", "NotIn", ["AMD", "INTER"])])),
    labels: { GPU: "NVIDIA-GRID-K1" },
    runPreFilter: true,
  },
  {
    name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
    pod: withRequired(term([req("GPU", "Exists"), req("GPU", "In", ["AMD", "INTER"])])),
    labels: { GPU: "NVIDIA-GRID-K1" },
    wantStatus: unresolvable(errReasonPod),
    runPreFilter: true,
  },
  {
    name: "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
    pod: withRequired(
      term([req("foo", "In", ["bar", "value2"])]),
      term([req("diffkey", "In", ["wrong", "value2"])]),
    ),
    labels: { foo: "bar" },
    runPreFilter: true,
  },
  {
    name: "Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node",
    pod: makePod("", { nodeSelector: { foo: "bar" }, affinity: required(term([req("foo", "Exists")])) }),
    labels: { foo: "bar" },
    runPreFilter: true,
  },
  {
    name: "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
    pod: makePod("", { nodeSelector: { foo: "bar" }, affinity: required(term([req("foo", "Exists")])) }),
    labels: { foo: "barrrrrr" },
    wantStatus: unresolvable(errReasonPod),
    runPreFilter: true,
  },
  {
    name: "Pod with an invalid value in Affinity term won't be scheduled onto the node",
    pod: withRequired(term([req("foo", "NotIn", ["invalid value: ___@#$%^"])])),
    labels: { foo: "bar" },
    wantStatus: unresolvable(errReasonPod),
    runPreFilter: true,
  },
  {
    name: "Pod with matchFields using In operator that matches the existing node",
    pod: withRequired(term([], [req(name, "In", ["node1"])])),
    nodeName: "node1",
    wantPreFilterResult: ["node1"],
    runPreFilter: true,
  },
  {
    name: "Pod with matchFields using In operator that does not match the existing node",
    pod: withRequired(term([], [req(name, "In", ["node1"])])),
    nodeName: "node2",
    wantStatus: unresolvable(errReasonPod),
    wantPreFilterResult: ["node1"],
    runPreFilter: true,
  },
  {
    name: "Pod with two terms: matchFields does not match, but matchExpressions matches",
    pod: withRequired(
      term([], [req(name, "In", ["node1"]), req(name, "In", ["node2"])]),
      term([req("foo", "In", ["bar"])]),
    ),
    nodeName: "node2",
    labels: { foo: "bar" },
    runPreFilter: true,
  },
  {
    name: "Pod with one term: matchFields does not match, but matchExpressions matches",
    pod: withRequired(term([req("foo", "In", ["bar"])], [req(name, "In", ["node1"])])),
    nodeName: "node2",
    labels: { foo: "bar" },
    wantPreFilterResult: ["node1"],
    wantStatus: unresolvable(errReasonPod),
    runPreFilter: true,
  },
  {
    name: "Pod with one term: both matchFields and matchExpressions match",
    pod: withRequired(term([req("foo", "In", ["bar"])], [req(name, "In", ["node1"])])),
    nodeName: "node1",
    labels: { foo: "bar" },
    wantPreFilterResult: ["node1"],
    runPreFilter: true,
  },
  {
    name: "Pod with two terms: both matchFields and matchExpressions do not match",
    pod: withRequired(term([], [req(name, "In", ["node1"])]), term([req("foo", "In", ["not-match-to-bar"])])),
    nodeName: "node2",
    labels: { foo: "bar" },
    wantStatus: unresolvable(errReasonPod),
    runPreFilter: true,
  },
  {
    name: "Pod with two terms of node.Name affinity",
    pod: withRequired(term([], [req(name, "In", ["node1"])]), term([], [req(name, "In", ["node2"])])),
    nodeName: "node2",
    wantPreFilterResult: ["node1", "node2"],
    runPreFilter: true,
  },
  {
    name: "Pod with two conflicting mach field requirements",
    pod: withRequired(term([], [req(name, "In", ["node1"]), req(name, "In", ["node2"])])),
    nodeName: "node2",
    labels: { foo: "bar" },
    wantPreFilterStatus: unresolvable(errReasonConflict),
    wantStatus: unresolvable(errReasonPod),
    runPreFilter: true,
  },
  {
    name: "Matches node selector correctly even if PreFilter is not called",
    pod: makePod("", { nodeSelector: { foo: "bar" } }),
    labels: { foo: "bar", baz: "blah" },
    runPreFilter: false,
  },
  {
    name: "Matches node affinity correctly even if PreFilter is not called",
    pod: withRequired(term([req("GPU", "Exists"), req("GPU", "NotIn", ["AMD", "INTER"])])),
    labels: { GPU: "NVIDIA-GRID-K1" },
    runPreFilter: false,
  },
];

describe("NodeAffinity PreFilter and Filter (TestNodeAffinity)", () => {
  for (const c of filterCases) {
    it(c.name, () => {
      const node = makeNode(c.nodeName ?? "", { labels: c.labels ?? {} });
      const nodeInfo = nodeInfosOf(makeSnapshot([node]), [node])[0]!;
      const plugin = new NodeAffinity();
      const state = new CycleState();
      const podInfo = new PodInfo(c.pod);
      if (c.runPreFilter) {
        const outcome = plugin.preFilter(state, podInfo);
        expect(verdict(outcome.status)).toEqual(c.wantPreFilterStatus ?? null);
        expect(outcome.nodeNames === undefined ? undefined : [...outcome.nodeNames].sort()).toEqual(
          c.wantPreFilterResult,
        );
      }
      expect(verdict(plugin.filter(state, podInfo, nodeInfo))).toEqual(c.wantStatus ?? null);
    });
  }
});

describe("NodeAffinity Score (TestNodeAffinityPriority)", () => {
  const label1 = { foo: "bar" };
  const label2 = { key: "value" };
  const label3 = { az: "az1" };
  const label4 = { abc: "az11", def: "az22" };
  const label5 = { foo: "bar", key: "value", az: "az1" };
  const preferred = (...terms: PreferredSchedulingTerm[]): Affinity => ({
    nodeAffinity: { preferred: terms },
  });
  const affinity1 = preferred({ weight: 2, preference: term([req("foo", "In", ["bar"])]) });
  const affinity2 = preferred(
    { weight: 2, preference: term([req("foo", "In", ["bar"])]) },
    { weight: 4, preference: term([req("key", "In", ["value"])]) },
    {
      weight: 5,
      preference: term([req("foo", "In", ["bar"]), req("key", "In", ["value"]), req("az", "In", ["az1"])]),
    },
  );

  const cases: {
    name: string;
    affinity: Affinity;
    nodes: [string, Record<string, string>][];
    runPreScore: boolean;
    wantPreScoreStatus?: ReturnType<typeof verdict>;
    want?: number[];
  }[] = [
    {
      name: "all nodes are same priority as NodeAffinity is nil",
      affinity: {},
      nodes: [
        ["node1", label1],
        ["node2", label2],
        ["node3", label3],
      ],
      runPreScore: false,
      want: [0, 0, 0],
    },
    {
      name: "Skip is returned in PreScore when NodeAffinity is nil",
      affinity: {},
      nodes: [["node1", label1]],
      runPreScore: true,
      wantPreScoreStatus: { code: "Skip", reasons: [] },
    },
    {
      name: "PreScore returns error when an incoming Pod has a broken affinity",
      affinity: preferred({ weight: 2, preference: term([req("invalid key", "In", ["bar"])]) }),
      nodes: [["node1", label1]],
      runPreScore: true,
      wantPreScoreStatus: {
        code: "Error",
        reasons: [
          `[0].matchExpressions[0].key: Invalid value: "invalid key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
        ],
      },
    },
    {
      name: "no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero",
      affinity: affinity1,
      nodes: [
        ["node1", label4],
        ["node2", label2],
        ["node3", label3],
      ],
      runPreScore: true,
      want: [0, 0, 0],
    },
    {
      name: "only node1 matches the preferred scheduling requirements of pod",
      affinity: affinity1,
      nodes: [
        ["node1", label1],
        ["node2", label2],
        ["node3", label3],
      ],
      runPreScore: true,
      want: [100, 0, 0],
    },
    {
      name: "all nodes matches the preferred scheduling requirements of pod but with different priorities ",
      affinity: affinity2,
      nodes: [
        ["node1", label1],
        ["node5", label5],
        ["node2", label2],
      ],
      runPreScore: true,
      want: [18, 100, 36],
    },
    {
      // The Go table runs PreScore here despite the name; without it the scores must be the same.
      name: "calculate the priorities correctly even if PreScore is not called",
      affinity: affinity2,
      nodes: [
        ["node1", label1],
        ["node5", label5],
        ["node2", label2],
      ],
      runPreScore: false,
      want: [18, 100, 36],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const nodes = c.nodes.map(([n, labels]) => makeNode(n, { labels }));
      const run = runScore(
        new NodeAffinity(),
        makePod("", { affinity: c.affinity }),
        nodeInfosOf(makeSnapshot(nodes), nodes),
        {
          preScore: c.runPreScore,
        },
      );
      if (c.wantPreScoreStatus !== undefined) {
        expect(verdict(run.preScoreStatus)).toEqual(c.wantPreScoreStatus);
        return;
      }
      expect(run.preScoreStatus).toBeNull();
      expect(run.normalized).toEqual(c.want);
    });
  }
});
