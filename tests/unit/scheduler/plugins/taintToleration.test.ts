/**
 * TaintToleration, translated from kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go
 * (TestTaintTolerationScore with NormalizeScore, TestTaintTolerationFilter).
 *
 * The filter reason is the one kube-scheduler printed until recently and that this project's
 * spec uses, "node(s) had untolerated taint {key: value}" (as in the file's older revisions);
 * the newest upstream revision prints "node(s) had untolerated taint(s)" instead.
 * Not translated: the numeric Gt/Lt toleration operators (feature gate
 * TaintTolerationComparisonOperators, alpha), which the object model does not have.
 */
import { describe, expect, it } from "vitest";
import { TaintToleration } from "../../../../shared/sim/scheduler/plugins/TaintToleration/TaintToleration.ts";
import type { Taint, Toleration } from "../../../../shared/sim/scheduler/types.ts";
import {
  filterOne,
  makeNode,
  makePod,
  makeSnapshot,
  nodeInfosOf,
  runScore,
  taint,
  toleration,
  verdict,
} from "./fixtures.ts";

const nodeWithTaints = (name: string, taints: Taint[]) => makeNode(name, { taints });
const podWithTolerations = (name: string, tolerations: Toleration[]) => makePod(name, { tolerations });

describe("TaintToleration Score (TestTaintTolerationScore)", () => {
  const cases: { name: string; tolerations: Toleration[]; nodes: [string, Taint[]][]; want: number[] }[] = [
    {
      name: "node with taints tolerated by the pod, gets a higher score than those node with intolerable taints",
      tolerations: [toleration("foo", "Equal", "bar", "PreferNoSchedule")],
      nodes: [
        ["nodeA", [taint("foo", "bar", "PreferNoSchedule")]],
        ["nodeB", [taint("foo", "blah", "PreferNoSchedule")]],
      ],
      want: [100, 0],
    },
    {
      name: "the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has",
      tolerations: [
        toleration("cpu-type", "Equal", "arm64", "PreferNoSchedule"),
        toleration("disk-type", "Equal", "ssd", "PreferNoSchedule"),
      ],
      nodes: [
        ["nodeA", []],
        ["nodeB", [taint("cpu-type", "arm64", "PreferNoSchedule")]],
        [
          "nodeC",
          [taint("cpu-type", "arm64", "PreferNoSchedule"), taint("disk-type", "ssd", "PreferNoSchedule")],
        ],
      ],
      want: [100, 100, 100],
    },
    {
      name: "the more intolerable taints a node has, the lower score it gets.",
      tolerations: [toleration("foo", "Equal", "bar", "PreferNoSchedule")],
      nodes: [
        ["nodeA", []],
        ["nodeB", [taint("cpu-type", "arm64", "PreferNoSchedule")]],
        [
          "nodeC",
          [taint("cpu-type", "arm64", "PreferNoSchedule"), taint("disk-type", "ssd", "PreferNoSchedule")],
        ],
      ],
      want: [100, 50, 0],
    },
    {
      name: "only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function",
      tolerations: [
        toleration("cpu-type", "Equal", "arm64", "NoSchedule"),
        toleration("disk-type", "Equal", "ssd", "NoSchedule"),
      ],
      nodes: [
        ["nodeA", []],
        ["nodeB", [taint("cpu-type", "arm64", "NoSchedule")]],
        [
          "nodeC",
          [taint("cpu-type", "arm64", "PreferNoSchedule"), taint("disk-type", "ssd", "PreferNoSchedule")],
        ],
      ],
      want: [100, 100, 0],
    },
    {
      name: "Default behaviour No taints and tolerations, lands on node with no taints",
      tolerations: [],
      nodes: [
        ["nodeA", []],
        ["nodeB", [taint("cpu-type", "arm64", "PreferNoSchedule")]],
      ],
      want: [100, 0],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const nodes = c.nodes.map(([name, taints]) => nodeWithTaints(name, taints));
      const snapshot = makeSnapshot(nodes);
      const run = runScore(
        new TaintToleration(),
        podWithTolerations("pod1", c.tolerations),
        nodeInfosOf(snapshot, nodes),
      );
      expect(run.preScoreStatus).toBeNull();
      expect(run.normalized).toEqual(c.want);
    });
  }
});

describe("TaintToleration Filter (TestTaintTolerationFilter)", () => {
  const untolerated = (key: string, value: string) => ({
    code: "UnschedulableAndUnresolvable",
    reasons: [`node(s) had untolerated taint {${key}: ${value}}`],
  });
  const cases: {
    name: string;
    tolerations: Toleration[];
    taints: Taint[];
    want: ReturnType<typeof verdict>;
  }[] = [
    {
      name: "A pod having no tolerations can't be scheduled onto a node with nonempty taints",
      tolerations: [],
      taints: [taint("dedicated", "user1", "NoSchedule")],
      want: untolerated("dedicated", "user1"),
    },
    {
      name: "A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule",
      // An unset operator is Equal.
      tolerations: [toleration("dedicated", "Equal", "user1", "NoSchedule")],
      taints: [taint("dedicated", "user1", "NoSchedule")],
      want: null,
    },
    {
      name: "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
      tolerations: [toleration("dedicated", "Equal", "user2", "NoSchedule")],
      taints: [taint("dedicated", "user1", "NoSchedule")],
      want: untolerated("dedicated", "user1"),
    },
    {
      name: "A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node",
      tolerations: [toleration("foo", "Exists", "", "NoSchedule")],
      taints: [taint("foo", "bar", "NoSchedule")],
      want: null,
    },
    {
      name: "A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node",
      tolerations: [
        toleration("dedicated", "Equal", "user2", "NoSchedule"),
        toleration("foo", "Exists", "", "NoSchedule"),
      ],
      taints: [taint("dedicated", "user2", "NoSchedule"), taint("foo", "bar", "NoSchedule")],
      want: null,
    },
    {
      name: "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node",
      tolerations: [toleration("foo", "Equal", "bar", "PreferNoSchedule")],
      taints: [taint("foo", "bar", "NoSchedule")],
      want: untolerated("foo", "bar"),
    },
    {
      name: "The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node",
      tolerations: [toleration("foo", "Equal", "bar", "")],
      taints: [taint("foo", "bar", "NoSchedule")],
      want: null,
    },
    {
      name: "The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
      tolerations: [toleration("dedicated", "Equal", "user2", "NoSchedule")],
      taints: [taint("dedicated", "user1", "PreferNoSchedule")],
      want: null,
    },
    {
      name: "The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
      tolerations: [],
      taints: [taint("dedicated", "user1", "PreferNoSchedule")],
      want: null,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const node = nodeWithTaints("nodeA", c.taints);
      const snapshot = makeSnapshot([node]);
      const got = filterOne(
        new TaintToleration(),
        podWithTolerations("pod1", c.tolerations),
        nodeInfosOf(snapshot, [node])[0]!,
      );
      expect(verdict(got)).toEqual(c.want);
    });
  }
});
