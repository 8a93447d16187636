/**
 * InterPodAffinity, translated from kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/interpodaffinity/filtering_test.go
 * (TestRequiredAffinitySingleNode, TestRequiredAffinityMultipleNodes: PreFilter status, then
 * Filter's status on every node; TestPreFilterStateAddRemovePod and
 * TestGetTPMapMatchingIncomingAffinityAntiAffinity: the PreFilter state's counts, compared
 * as their positive entries since the simulation's state also keeps domains counting 0) and
 * scoring_test.go (TestPreferredAffinity,
 * TestPreferredAffinityWithHardPodAffinitySymmetricWeight: PreScore, Score, NormalizeScore).
 *
 * Namespaces: the Go tables' default namespace "" is "default" here. Namespaces in the
 * simulation carry only the kubernetes.io/metadata.name label, so the Go namespace objects'
 * `team` labels (subteam1.team1 and subteam2.team1 are team1; subteam1.team2 and
 * subteam2.team2 are team2) become a selector on the names: `team In [team1]` is
 * `kubernetes.io/metadata.name In [subteam1.team1, subteam2.team1]`.
 *
 * Not translated: the cases with an invalid label value ("{{.bad-value.}}") in a term (the
 * simulation's objects are validated before they reach the scheduler), and
 * "Ignore preferred terms of existing pods" (InterPodAffinityArgs.IgnorePreferredTermsOfExistingPods
 * is a profile setting the simulation does not have).
 */
import { describe, expect, it } from "vitest";
import { CycleState, type StateData } from "../../../../shared/sim/scheduler/framework/interface.ts";
import { InterPodAffinity } from "../../../../shared/sim/scheduler/plugins/InterPodAffinity/InterPodAffinity.ts";
import { PodInfo } from "../../../../shared/sim/scheduler/podInfo.ts";
import type { Affinity, LabelSelector, Node, Pod } from "../../../../shared/sim/scheduler/types.ts";
import {
  labelSelector,
  makeNode,
  makePod,
  makeSnapshot,
  nodeInfosOf,
  podAffinity,
  podAffinityTerm,
  req,
  runFilter,
  runScore,
  verdict,
  weighted,
} from "./fixtures.ts";

const exists = (key: string) => labelSelector({}, [req(key, "Exists")]);
const isIn = (key: string, values: string[]) => labelSelector({}, [req(key, "In", values)]);
const notIn = (key: string, values: string[]) => labelSelector({}, [req(key, "NotIn", values)]);
/** `team In [team1]` over the namespaces of the Go tables (see the header). */
const team1 = labelSelector({}, [
  req("kubernetes.io/metadata.name", "In", ["subteam1.team1", "subteam2.team1"]),
]);

const node = (name: string, labels: Record<string, string>) => makeNode(name, { labels });

type Verdict = ReturnType<typeof verdict>;
const affinityNotMatch: Verdict = {
  code: "UnschedulableAndUnresolvable",
  reasons: ["node(s) didn't match pod affinity rules"],
};
const antiAffinityNotMatch: Verdict = {
  code: "Unschedulable",
  reasons: ["node(s) didn't match pod anti-affinity rules"],
};
const existingAntiAffinityNotMatch: Verdict = {
  code: "Unschedulable",
  reasons: ["node(s) didn't satisfy existing pods anti-affinity rules"],
};

// ---------------------------------------------------------------------------------------------
// Filter.

interface FilterCase {
  name: string;
  pod: Pod;
  pods?: Pod[];
  nodes: Node[];
  /** PreFilter returns Skip (Filter is then not run). */
  wantSkip?: boolean;
  /** Filter's verdict per node, in `nodes` order (null = fits). */
  want: Verdict[];
}

const podLabel = { service: "securityscan" };
const podLabel2 = { security: "S1" };
const node1 = () => node("node1", { region: "r1", zone: "z11" });
const existingPod = () => makePod("", { labels: podLabel, nodeName: "node1" });

const singleNode = (c: Omit<FilterCase, "nodes" | "want"> & { want?: Verdict }): FilterCase => ({
  name: c.name,
  pod: c.pod,
  nodes: [node1()],
  want: [c.want ?? null],
  ...(c.pods !== undefined ? { pods: c.pods } : {}),
  ...(c.wantSkip !== undefined ? { wantSkip: c.wantSkip } : {}),
});

const labelled = (labels: Record<string, string>, affinity: Affinity, namespace = "default") =>
  makePod("", { labels, affinity, namespace });

const requiredAffinitySingleNode: FilterCase[] = [
  singleNode({
    name: "A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods",
    pod: makePod(),
    wantSkip: true,
  }),
  singleNode({
    name: "satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod",
    pod: labelled(
      podLabel2,
      podAffinity({ required: [podAffinityTerm(isIn("service", ["securityscan", "value2"]), "region")] }),
    ),
    pods: [existingPod()],
  }),
  singleNode({
    name: "satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod",
    pod: labelled(
      podLabel2,
      podAffinity({ required: [podAffinityTerm(notIn("service", ["securityscan3", "value3"]), "region")] }),
    ),
    pods: [existingPod()],
  }),
  singleNode({
    name: "Does not satisfy the PodAffinity with labelSelector because of diff Namespace",
    pod: labelled(
      podLabel2,
      podAffinity({
        required: [
          podAffinityTerm(isIn("service", ["securityscan", "value2"]), "", { namespaces: ["DiffNameSpace"] }),
        ],
        antiRequired: [],
      }),
    ),
    pods: [makePod("", { namespace: "ns", labels: podLabel, nodeName: "node1" })],
    want: affinityNotMatch,
  }),
  singleNode({
    name: "Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
    pod: labelled(
      podLabel,
      podAffinity({ required: [podAffinityTerm(isIn("service", ["antivirusscan", "value2"]), "")] }),
    ),
    pods: [existingPod()],
    want: affinityNotMatch,
  }),
  singleNode({
    name: "satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution ",
    pod: labelled(
      podLabel2,
      podAffinity({
        required: [
          podAffinityTerm(
            labelSelector({}, [req("service", "Exists"), req("wrongkey", "DoesNotExist")]),
            "region",
          ),
          podAffinityTerm(
            labelSelector({}, [
              req("service", "In", ["securityscan"]),
              req("service", "NotIn", ["WrongValue"]),
            ]),
            "region",
          ),
        ],
        antiRequired: [],
      }),
    ),
    pods: [existingPod()],
  }),
  singleNode({
    name: "The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
    pod: labelled(
      podLabel2,
      podAffinity({
        required: [
          podAffinityTerm(
            labelSelector({}, [req("service", "Exists"), req("wrongkey", "DoesNotExist")]),
            "region",
          ),
          podAffinityTerm(
            labelSelector({}, [
              req("service", "In", ["securityscan2"]),
              req("service", "NotIn", ["WrongValue"]),
            ]),
            "region",
          ),
        ],
        antiRequired: [],
      }),
    ),
    pods: [existingPod()],
    want: affinityNotMatch,
  }),
  singleNode({
    name: "satisfies the PodAffinity and PodAntiAffinity with the existing pod",
    pod: labelled(
      podLabel2,
      podAffinity({
        required: [podAffinityTerm(isIn("service", ["securityscan", "value2"]), "region")],
        antiRequired: [podAffinityTerm(isIn("service", ["antivirusscan", "value2"]), "node")],
      }),
    ),
    pods: [existingPod()],
  }),
  singleNode({
    name: "satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod",
    pod: labelled(
      podLabel2,
      podAffinity({
        required: [podAffinityTerm(isIn("service", ["securityscan", "value2"]), "region")],
        antiRequired: [podAffinityTerm(isIn("service", ["antivirusscan", "value2"]), "node")],
      }),
    ),
    pods: [
      makePod("", {
        labels: podLabel,
        nodeName: "node1",
        affinity: podAffinity({
          antiRequired: [podAffinityTerm(isIn("service", ["antivirusscan", "value2"]), "node")],
        }),
      }),
    ],
  }),
  singleNode({
    name: "satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
    pod: labelled(
      podLabel2,
      podAffinity({
        required: [podAffinityTerm(isIn("service", ["securityscan", "value2"]), "region")],
        antiRequired: [podAffinityTerm(isIn("service", ["securityscan", "value2"]), "zone")],
      }),
    ),
    pods: [existingPod()],
    want: antiAffinityNotMatch,
  }),
  singleNode({
    name: "satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
    pod: labelled(
      podLabel,
      podAffinity({
        required: [podAffinityTerm(isIn("service", ["securityscan", "value2"]), "region")],
        antiRequired: [podAffinityTerm(isIn("service", ["antivirusscan", "value2"]), "node")],
      }),
    ),
    pods: [
      makePod("", {
        labels: podLabel,
        nodeName: "node1",
        affinity: podAffinity({
          antiRequired: [podAffinityTerm(isIn("service", ["securityscan", "value2"]), "zone")],
        }),
      }),
    ],
    want: existingAntiAffinityNotMatch,
  }),
  singleNode({
    name: "pod matches its own Label in PodAffinity and that matches the existing pod Labels",
    pod: labelled(
      podLabel,
      podAffinity({ required: [podAffinityTerm(notIn("service", ["securityscan", "value2"]), "region")] }),
    ),
    // node2 is not in the snapshot: the pod on it counts nowhere.
    pods: [makePod("", { labels: podLabel, nodeName: "node2" })],
    want: affinityNotMatch,
  }),
  singleNode({
    name: "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
    pod: makePod("", { labels: podLabel }),
    pods: [
      makePod("", {
        labels: podLabel,
        nodeName: "node1",
        affinity: podAffinity({
          antiRequired: [podAffinityTerm(isIn("service", ["securityscan", "value2"]), "zone")],
        }),
      }),
    ],
    want: existingAntiAffinityNotMatch,
  }),
  singleNode({
    name: "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod",
    pod: makePod("", { labels: podLabel }),
    pods: [
      makePod("", {
        labels: podLabel,
        nodeName: "node1",
        affinity: podAffinity({
          antiRequired: [podAffinityTerm(notIn("service", ["securityscan", "value2"]), "zone")],
        }),
      }),
    ],
    wantSkip: true,
  }),
  singleNode({
    name: "satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
    pod: labelled(
      podLabel,
      podAffinity({
        antiRequired: [
          podAffinityTerm(exists("service"), "region"),
          podAffinityTerm(exists("security"), "region"),
        ],
      }),
    ),
    pods: [
      makePod("", {
        labels: podLabel2,
        nodeName: "node1",
        affinity: podAffinity({ antiRequired: [podAffinityTerm(exists("security"), "zone")] }),
      }),
    ],
    want: antiAffinityNotMatch,
  }),
  singleNode({
    name: "PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms",
    pod: labelled(
      podLabel,
      podAffinity({
        antiRequired: [
          podAffinityTerm(exists("service"), "zone"),
          podAffinityTerm(exists("security"), "zone"),
        ],
      }),
    ),
    pods: [
      makePod("", {
        labels: podLabel2,
        nodeName: "node1",
        affinity: podAffinity({ antiRequired: [podAffinityTerm(exists("security"), "zone")] }),
      }),
    ],
    want: antiAffinityNotMatch,
  }),
  singleNode({
    name: "PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms",
    pod: labelled(podLabel2, podAffinity({ antiRequired: [podAffinityTerm(exists("security"), "zone")] })),
    pods: [
      makePod("", {
        labels: podLabel,
        nodeName: "node1",
        affinity: podAffinity({
          antiRequired: [
            podAffinityTerm(exists("service"), "zone"),
            podAffinityTerm(exists("security"), "zone"),
          ],
        }),
      }),
    ],
    want: existingAntiAffinityNotMatch,
  }),
  singleNode({
    name: "PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms",
    pod: labelled(
      { abc: "", xyz: "" },
      podAffinity({
        antiRequired: [podAffinityTerm(exists("abc"), "zone"), podAffinityTerm(exists("def"), "zone")],
      }),
    ),
    pods: [
      makePod("", {
        labels: { def: "", xyz: "" },
        nodeName: "node1",
        affinity: podAffinity({
          antiRequired: [podAffinityTerm(exists("abc"), "zone"), podAffinityTerm(exists("def"), "zone")],
        }),
      }),
    ],
    want: antiAffinityNotMatch,
  }),
  singleNode({
    name: "PodAntiAffinity symmetry check b2: incoming pod and existing pod partially match each other on AffinityTerms",
    pod: labelled(
      { def: "", xyz: "" },
      podAffinity({
        antiRequired: [podAffinityTerm(exists("abc"), "zone"), podAffinityTerm(exists("def"), "zone")],
      }),
    ),
    pods: [
      makePod("", {
        labels: { abc: "", xyz: "" },
        nodeName: "node1",
        affinity: podAffinity({
          antiRequired: [podAffinityTerm(exists("abc"), "zone"), podAffinityTerm(exists("def"), "zone")],
        }),
      }),
    ],
    want: antiAffinityNotMatch,
  }),
  singleNode({
    name: "affinity with NamespaceSelector",
    pod: labelled(
      podLabel2,
      podAffinity({
        required: [
          podAffinityTerm(isIn("service", ["securityscan", "value2"]), "region", {
            namespaceSelector: team1,
          }),
        ],
        antiRequired: [],
      }),
    ),
    pods: [makePod("", { namespace: "subteam1.team1", labels: podLabel, nodeName: "node1" })],
  }),
  singleNode({
    name: "affinity with non-matching NamespaceSelector",
    pod: labelled(
      podLabel2,
      podAffinity({
        required: [
          podAffinityTerm(isIn("service", ["securityscan", "value2"]), "region", {
            namespaceSelector: team1,
          }),
        ],
        antiRequired: [],
      }),
    ),
    pods: [makePod("", { namespace: "subteam1.team2", labels: podLabel, nodeName: "node1" })],
    want: affinityNotMatch,
  }),
  singleNode({
    name: "anti-affinity with matching NamespaceSelector",
    pod: labelled(
      podLabel2,
      podAffinity({
        required: [],
        antiRequired: [
          podAffinityTerm(isIn("service", ["securityscan", "value2"]), "zone", { namespaceSelector: team1 }),
        ],
      }),
      "subteam1.team1",
    ),
    pods: [makePod("", { namespace: "subteam2.team1", labels: podLabel, nodeName: "node1" })],
    want: antiAffinityNotMatch,
  }),
  singleNode({
    name: "anti-affinity with matching all NamespaceSelector",
    pod: labelled(
      podLabel2,
      podAffinity({
        required: [],
        antiRequired: [
          podAffinityTerm(isIn("service", ["securityscan", "value2"]), "zone", {
            namespaceSelector: labelSelector(),
          }),
        ],
      }),
      "subteam1.team1",
    ),
    pods: [makePod("", { namespace: "subteam2.team1", labels: podLabel, nodeName: "node1" })],
    want: antiAffinityNotMatch,
  }),
  singleNode({
    name: "anti-affinity with non-matching NamespaceSelector",
    pod: labelled(
      podLabel2,
      podAffinity({
        required: [],
        antiRequired: [
          podAffinityTerm(isIn("service", ["securityscan", "value2"]), "zone", { namespaceSelector: team1 }),
        ],
      }),
      "subteam1.team1",
    ),
    pods: [makePod("", { namespace: "subteam1.team2", labels: podLabel, nodeName: "node1" })],
  }),
];

const rgChina = { region: "China" };
const rgChinaAzAz1 = { region: "China", az: "az1" };
const rgIndia = { region: "India" };
const rzh = (name: string, zone: string) => node(name, { region: "r1", zone, hostname: name });

const requiredAffinityMultipleNodes: FilterCase[] = [
  {
    name: "A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules",
    pod: makePod("", {
      affinity: podAffinity({ required: [podAffinityTerm(isIn("foo", ["bar"]), "region")] }),
    }),
    pods: [makePod("p1", { nodeName: "node1", labels: { foo: "bar" } })],
    nodes: [node("node1", rgChina), node("node2", rgChinaAzAz1), node("node3", rgIndia)],
    want: [null, null, affinityNotMatch],
  },
  {
    name:
      "The affinity rule is to schedule all of the pods of this collection to the same zone. The first pod of the collection " +
      "should not be blocked from being scheduled onto any node, even there's no existing pod that matches the rule anywhere.",
    pod: labelled(
      { foo: "bar", service: "securityscan" },
      podAffinity({
        required: [
          podAffinityTerm(isIn("foo", ["bar"]), "zone"),
          podAffinityTerm(isIn("service", ["securityscan"]), "zone"),
        ],
      }),
    ),
    pods: [makePod("p1", { nodeName: "nodeA", labels: { foo: "bar" } })],
    nodes: [node("nodeA", { zone: "az1", hostname: "h1" }), node("nodeB", { zone: "az2", hostname: "h2" })],
    want: [null, null],
  },
  {
    name: "The first pod of the collection can only be scheduled on nodes labelled with the requested topology keys",
    pod: labelled(
      { foo: "bar", service: "securityscan" },
      podAffinity({
        required: [
          podAffinityTerm(isIn("foo", ["bar"]), "zone"),
          podAffinityTerm(isIn("service", ["securityscan"]), "zone"),
        ],
      }),
    ),
    pods: [makePod("p1", { nodeName: "nodeA", labels: { foo: "bar" } })],
    nodes: [
      node("nodeA", { zoneLabel: "az1", hostname: "h1" }),
      node("nodeB", { zoneLabel: "az2", hostname: "h2" }),
    ],
    want: [affinityNotMatch, affinityNotMatch],
  },
  {
    name: "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.",
    pod: makePod("", {
      affinity: podAffinity({ antiRequired: [podAffinityTerm(isIn("foo", ["abc"]), "region")] }),
    }),
    pods: [makePod("", { nodeName: "nodeA", labels: { foo: "abc" } })],
    nodes: [
      node("nodeA", { region: "r1", hostname: "nodeA" }),
      node("nodeB", { region: "r1", hostname: "nodeB" }),
    ],
    want: [antiAffinityNotMatch, antiAffinityNotMatch],
  },
  {
    name: "This test ensures that anti-affinity matches a pod when any term of the anti-affinity rule matches a pod.",
    pod: makePod("", {
      affinity: podAffinity({
        antiRequired: [
          podAffinityTerm(isIn("foo", ["abc"]), "region"),
          podAffinityTerm(isIn("service", ["securityscan"]), "zone"),
        ],
      }),
    }),
    pods: [makePod("", { nodeName: "nodeA", labels: { foo: "abc", service: "securityscan" } })],
    nodes: [rzh("nodeA", "z1"), rzh("nodeB", "z2")],
    want: [antiAffinityNotMatch, antiAffinityNotMatch],
  },
  {
    name: "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB but can be scheduled onto nodeC",
    pod: makePod("", {
      affinity: podAffinity({ antiRequired: [podAffinityTerm(isIn("foo", ["abc"]), "region")] }),
    }),
    pods: [makePod("", { nodeName: "nodeA", labels: { foo: "abc" } })],
    nodes: [node("nodeA", rgChina), node("nodeB", rgChinaAzAz1), node("nodeC", rgIndia)],
    want: [antiAffinityNotMatch, antiAffinityNotMatch, null],
  },
  {
    name: "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity rule but in different namespace)",
    pod: labelled(
      { foo: "123" },
      podAffinity({ antiRequired: [podAffinityTerm(isIn("foo", ["bar"]), "region")] }),
      "NS1",
    ),
    pods: [
      makePod("", { nodeName: "nodeA", namespace: "NS1", labels: { foo: "bar" } }),
      makePod("", {
        nodeName: "nodeC",
        namespace: "NS2",
        affinity: podAffinity({ antiRequired: [podAffinityTerm(isIn("foo", ["123"]), "region")] }),
      }),
    ],
    nodes: [node("nodeA", rgChina), node("nodeB", rgChinaAzAz1), node("nodeC", rgIndia)],
    want: [antiAffinityNotMatch, antiAffinityNotMatch, null],
  },
  {
    name: "Test existing pod's anti-affinity: if an existing pod has a term with invalid topologyKey, labelSelector of the term is firstly checked, and then topologyKey of the term is also checked",
    pod: makePod("", { labels: { foo: "" } }),
    pods: [
      makePod("", {
        nodeName: "nodeA",
        affinity: podAffinity({ antiRequired: [podAffinityTerm(exists("foo"), "invalid-node-label")] }),
      }),
    ],
    nodes: [rzh("nodeA", "z1"), rzh("nodeB", "z1")],
    wantSkip: true,
    want: [null, null],
  },
  {
    name: "Test incoming pod's anti-affinity: even if labelSelector matches, we still check if topologyKey matches",
    pod: makePod("", {
      nodeName: "nodeA",
      affinity: podAffinity({ antiRequired: [podAffinityTerm(exists("foo"), "invalid-node-label")] }),
    }),
    pods: [makePod("", { nodeName: "nodeA", labels: { foo: "" } })],
    nodes: [rzh("nodeA", "z1"), rzh("nodeB", "z1")],
    want: [null, null],
  },
  {
    name: "Test existing pod's anti-affinity: incoming pod wouldn't considered as a fit as it violates each existingPod's terms on all nodes",
    pod: makePod("", { labels: { foo: "", bar: "" } }),
    pods: [
      makePod("", {
        nodeName: "nodeA",
        affinity: podAffinity({ antiRequired: [podAffinityTerm(exists("foo"), "zone")] }),
      }),
      makePod("", {
        nodeName: "nodeA",
        affinity: podAffinity({ antiRequired: [podAffinityTerm(exists("bar"), "region")] }),
      }),
    ],
    nodes: [rzh("nodeA", "z1"), rzh("nodeB", "z2")],
    want: [existingAntiAffinityNotMatch, existingAntiAffinityNotMatch],
  },
  {
    name: "Test incoming pod's anti-affinity: incoming pod wouldn't considered as a fit as it at least violates one anti-affinity rule of existingPod",
    pod: makePod("", {
      affinity: podAffinity({
        antiRequired: [podAffinityTerm(exists("foo"), "zone"), podAffinityTerm(exists("bar"), "region")],
      }),
    }),
    pods: [
      makePod("", { nodeName: "nodeA", labels: { foo: "" } }),
      makePod("", { nodeName: "nodeB", labels: { bar: "" } }),
    ],
    nodes: [rzh("nodeA", "z1"), rzh("nodeB", "z2")],
    want: [antiAffinityNotMatch, antiAffinityNotMatch],
  },
  {
    name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
    pod: makePod("", { labels: { foo: "", bar: "" } }),
    pods: [
      makePod("", {
        nodeName: "nodeA",
        affinity: podAffinity({
          antiRequired: [
            podAffinityTerm(exists("foo"), "invalid-node-label"),
            podAffinityTerm(exists("bar"), "zone"),
          ],
        }),
      }),
    ],
    nodes: [rzh("nodeA", "z1"), rzh("nodeB", "z2")],
    want: [existingAntiAffinityNotMatch, null],
  },
  {
    name: "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
    pod: makePod("", {
      affinity: podAffinity({
        antiRequired: [
          podAffinityTerm(exists("foo"), "invalid-node-label"),
          podAffinityTerm(exists("bar"), "zone"),
        ],
      }),
    }),
    pods: [makePod("podA", { nodeName: "nodeA", labels: { foo: "", bar: "" } })],
    nodes: [rzh("nodeA", "z1"), rzh("nodeB", "z2")],
    want: [antiAffinityNotMatch, null],
  },
  {
    name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
    pod: makePod("", { labels: { foo: "", bar: "" } }),
    pods: [
      makePod("", {
        nodeName: "nodeA",
        affinity: podAffinity({
          antiRequired: [podAffinityTerm(exists("foo"), "region"), podAffinityTerm(exists("bar"), "zone")],
        }),
      }),
    ],
    nodes: [rzh("nodeA", "z1"), rzh("nodeB", "z2")],
    want: [existingAntiAffinityNotMatch, existingAntiAffinityNotMatch],
  },
  {
    name: "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
    pod: makePod("", {
      affinity: podAffinity({
        antiRequired: [podAffinityTerm(exists("foo"), "region"), podAffinityTerm(exists("bar"), "zone")],
      }),
    }),
    pods: [makePod("", { nodeName: "nodeA", labels: { foo: "", bar: "" } })],
    nodes: [rzh("nodeA", "z1"), rzh("nodeB", "z2")],
    want: [antiAffinityNotMatch, antiAffinityNotMatch],
  },
  {
    name: "Test existing pod's anti-affinity: existingPod on nodeA and nodeB has at least one anti-affinity term matches incoming pod, so incoming pod can only be scheduled to nodeC",
    pod: makePod("", { labels: { foo: "", bar: "" } }),
    pods: [
      makePod("", {
        nodeName: "nodeA",
        affinity: podAffinity({
          antiRequired: [podAffinityTerm(exists("foo"), "zone"), podAffinityTerm(exists("labelA"), "zone")],
        }),
      }),
      makePod("", {
        nodeName: "nodeB",
        affinity: podAffinity({
          antiRequired: [podAffinityTerm(exists("bar"), "zone"), podAffinityTerm(exists("labelB"), "zone")],
        }),
      }),
    ],
    nodes: [rzh("nodeA", "z1"), rzh("nodeB", "z2"), rzh("nodeC", "z3")],
    want: [existingAntiAffinityNotMatch, existingAntiAffinityNotMatch, null],
  },
  {
    name: "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match",
    pod: makePod("", {
      affinity: podAffinity({
        required: [podAffinityTerm(exists("foo"), "region"), podAffinityTerm(exists("bar"), "zone")],
      }),
    }),
    pods: [makePod("pod1", { nodeName: "nodeA", labels: { foo: "", bar: "" } })],
    nodes: [rzh("nodeA", "z1"), rzh("nodeB", "z1")],
    want: [null, null],
  },
  {
    name: "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match, and the match logic should be satisfied on the same pod",
    pod: makePod("", {
      affinity: podAffinity({
        required: [podAffinityTerm(exists("foo"), "region"), podAffinityTerm(exists("bar"), "zone")],
      }),
    }),
    pods: [
      makePod("pod1", { nodeName: "nodeA", labels: { foo: "" } }),
      makePod("pod2", { nodeName: "nodeB", labels: { bar: "" } }),
    ],
    nodes: [rzh("nodeA", "z1"), rzh("nodeB", "z2")],
    want: [affinityNotMatch, affinityNotMatch],
  },
];

function checkFilter(c: FilterCase): void {
  const snapshot = makeSnapshot(c.nodes, c.pods ?? []);
  const infos = nodeInfosOf(snapshot, c.nodes);
  const run = runFilter(new InterPodAffinity(snapshot, 1), c.pod, infos, snapshot.list());
  if (c.wantSkip === true) {
    expect(run.preFilterStatus?.code).toBe("Skip");
    return;
  }
  expect(verdict(run.preFilterStatus)).toBeNull();
  expect(run.statuses.map(verdict)).toEqual(c.want);
}

describe("InterPodAffinity Filter: TestRequiredAffinitySingleNode (filtering_test.go)", () => {
  for (const c of requiredAffinitySingleNode) it(c.name, () => checkFilter(c));
});

describe("InterPodAffinity Filter: TestRequiredAffinityMultipleNodes (filtering_test.go)", () => {
  for (const c of requiredAffinityMultipleNodes) it(c.name, () => checkFilter(c));
});

// ---------------------------------------------------------------------------------------------
// The PreFilter state: TestPreFilterStateAddRemovePod, TestGetTPMapMatchingIncomingAffinityAntiAffinity.

type Counts = ReadonlyMap<string, ReadonlyMap<string, number>>;
/** The plugin's PreFilter state as the Go tests read it. */
interface PreFilterStateView extends StateData {
  existingAntiAffinityCounts: Counts;
  affinityCounts: Counts;
  antiAffinityCounts: Counts;
}
/** topologyToMatchedTermCount: "key=value" → count, positive entries only. */
type Pairs = Record<string, number>;
function pairs(counts: Counts): Pairs {
  const out: Pairs = {};
  for (const [key, byValue] of counts)
    for (const [value, n] of byValue) if (n > 0) out[`${key}=${value}`] = n;
  return out;
}
function view(state: CycleState): { existing: Pairs; affinity: Pairs; anti: Pairs } {
  const s = state.read<PreFilterStateView>("PreFilterInterPodAffinity");
  if (s === undefined) throw new Error("no PreFilter state");
  return {
    existing: pairs(s.existingAntiAffinityCounts),
    affinity: pairs(s.affinityCounts),
    anti: pairs(s.antiAffinityCounts),
  };
}
function preFilterState(
  plugin: InterPodAffinity,
  pod: Pod,
  nodes: ReturnType<typeof makeSnapshot>,
): CycleState {
  const state = new CycleState();
  expect(plugin.preFilter(state, new PodInfo(pod), nodes.list()).status).toBeNull();
  return state;
}

describe("InterPodAffinity PreFilter state: TestPreFilterStateAddRemovePod (filtering_test.go)", () => {
  const r1z11 = { region: "r1", zone: "z11" };
  const r1z12 = { region: "r1", zone: "z12" };
  const r2z21 = { region: "r2", zone: "z21" };
  const selector1 = { foo: "bar" };
  const antiAffinityFooBar = (): Affinity =>
    podAffinity({ antiRequired: [podAffinityTerm(isIn("foo", ["bar"]), "region")] });
  const complexTerms = () => [
    podAffinityTerm(isIn("foo", ["bar", "buzz"]), "region"),
    podAffinityTerm(notIn("service", ["bar", "security", "test"]), "zone"),
  ];
  const antiAffinityComplex = (): Affinity => podAffinity({ antiRequired: complexTerms() });
  const affinityComplex = (): Affinity => podAffinity({ required: complexTerms() });
  const nodes = () => [node("nodeA", r1z11), node("nodeB", r1z12), node("nodeC", r2z21)];

  const cases: {
    name: string;
    pendingPod: Pod;
    existingPods: () => Pod[];
    addedPod: Pod;
    expectedAntiAffinity: Pairs;
    expectedAffinity: Pairs;
  }[] = [
    {
      name: "preFilterState anti-affinity terms are updated correctly after adding and removing a pod",
      pendingPod: makePod("pending", { labels: selector1, affinity: antiAffinityFooBar() }),
      existingPods: () => [
        makePod("p1", { labels: selector1, nodeName: "nodeA" }),
        makePod("p2", { nodeName: "nodeC", affinity: antiAffinityFooBar() }),
      ],
      addedPod: makePod("addedPod", { labels: selector1, nodeName: "nodeB", affinity: antiAffinityFooBar() }),
      expectedAntiAffinity: { "region=r1": 2 },
      expectedAffinity: {},
    },
    {
      name: "preFilterState anti-affinity terms are updated correctly after adding and removing a pod",
      pendingPod: makePod("pending", { labels: selector1, affinity: antiAffinityComplex() }),
      existingPods: () => [
        makePod("p1", { labels: selector1, nodeName: "nodeA" }),
        makePod("p2", { nodeName: "nodeC", affinity: antiAffinityFooBar() }),
      ],
      addedPod: makePod("addedPod", {
        labels: selector1,
        nodeName: "nodeA",
        affinity: antiAffinityComplex(),
      }),
      expectedAntiAffinity: { "region=r1": 2, "zone=z11": 2, "zone=z21": 1 },
      expectedAffinity: {},
    },
    {
      name: "preFilterState matching pod affinity and anti-affinity are updated correctly after adding and removing a pod",
      pendingPod: makePod("pending", { labels: selector1, affinity: affinityComplex() }),
      existingPods: () => [
        makePod("p1", { labels: selector1, nodeName: "nodeA" }),
        makePod("p2", {
          nodeName: "nodeC",
          affinity: { ...affinityComplex(), ...antiAffinityFooBar() },
        }),
      ],
      addedPod: makePod("addedPod", {
        labels: selector1,
        nodeName: "nodeA",
        affinity: antiAffinityComplex(),
      }),
      expectedAntiAffinity: {},
      expectedAffinity: { "region=r1": 2, "zone=z11": 2 },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      // The state PreFilter builds when the added pod is already in the cluster.
      const allSnapshot = makeSnapshot(nodes(), [...c.existingPods(), c.addedPod]);
      const allPodsState = view(
        preFilterState(new InterPodAffinity(allSnapshot, 1), c.pendingPod, allSnapshot),
      );

      const snapshot = makeSnapshot(nodes(), c.existingPods());
      const plugin = new InterPodAffinity(snapshot, 1);
      const state = preFilterState(plugin, c.pendingPod, snapshot);
      const originalState = view(state);

      const nodeInfo = snapshot.get(c.addedPod.nodeName);
      if (nodeInfo === undefined) throw new Error("no node");
      const pending = new PodInfo(c.pendingPod);
      const added = new PodInfo(c.addedPod);
      plugin.addPod(state, pending, added, nodeInfo);
      const newState = view(state);
      expect(newState.anti).toEqual(c.expectedAntiAffinity);
      expect(newState.affinity).toEqual(c.expectedAffinity);
      expect(newState).toEqual(allPodsState);
      // AddPod changes this cycle's state only: the cluster (a new cycle's PreFilter) is as it was.
      expect(view(preFilterState(plugin, c.pendingPod, snapshot))).toEqual(originalState);

      plugin.removePod(state, pending, added, nodeInfo);
      expect(view(state)).toEqual(originalState);
    });
  }
});

describe("InterPodAffinity PreFilter state: TestGetTPMapMatchingIncomingAffinityAntiAffinity (filtering_test.go)", () => {
  const normal = (...labels: string[]) =>
    makePod("normal", { nodeName: "nodeA", labels: Object.fromEntries(labels.map((l) => [l, ""])) });
  const nodeA = () => node("nodeA", { hostname: "nodeA" });
  const terms = (affinity: string[], anti: string[]) =>
    podAffinity({
      required: affinity.map((k) => podAffinityTerm(exists(k), "hostname")),
      antiRequired: anti.map((k) => podAffinityTerm(exists(k), "hostname")),
    });
  const cases: {
    name: string;
    existingPods: Pod[];
    pod: Pod;
    /** null: the pod has no required terms, PreFilter skips and counts nothing. */
    want: { affinity: Pairs; anti: Pairs } | null;
  }[] = [
    { name: "nil test", existingPods: [], pod: makePod("aaa-normal"), want: null },
    {
      name: "incoming pod without affinity/anti-affinity causes a no-op",
      existingPods: [normal("aaa")],
      pod: makePod("aaa-normal"),
      want: null,
    },
    {
      name: "no pod has label that violates incoming pod's affinity and anti-affinity",
      existingPods: [normal("bbb")],
      pod: makePod("aaa-anti", { affinity: terms(["aaa"], ["aaa"]) }),
      want: { affinity: {}, anti: {} },
    },
    {
      name: "existing pod matches incoming pod's affinity and anti-affinity - single term case",
      existingPods: [normal("aaa")],
      pod: makePod("affi-antiaffi", { affinity: terms(["aaa"], ["aaa"]) }),
      want: { affinity: { "hostname=nodeA": 1 }, anti: { "hostname=nodeA": 1 } },
    },
    {
      name: "existing pod matches incoming pod's affinity and anti-affinity - multiple terms case",
      existingPods: [normal("aaa", "bbb")],
      pod: makePod("affi-antiaffi", { affinity: terms(["aaa", "bbb"], ["aaa"]) }),
      // One for each affinity term.
      want: { affinity: { "hostname=nodeA": 2 }, anti: { "hostname=nodeA": 1 } },
    },
    {
      name: "existing pod not match incoming pod's affinity but matches anti-affinity",
      existingPods: [normal("aaa")],
      pod: makePod("affi-antiaffi", { affinity: terms(["aaa", "bbb"], ["aaa", "bbb"]) }),
      want: { affinity: {}, anti: { "hostname=nodeA": 1 } },
    },
    {
      name: "incoming pod's anti-affinity has more than one term - existing pod violates partial term - case 1",
      existingPods: [normal("aaa", "bbb")],
      pod: makePod("anaffi-antiaffiti", { affinity: terms(["aaa", "ccc"], ["aaa", "ccc"]) }),
      want: { affinity: {}, anti: { "hostname=nodeA": 1 } },
    },
    {
      name: "incoming pod's anti-affinity has more than one term - existing pod violates partial term - case 2",
      existingPods: [normal("bbb")],
      pod: makePod("affi-antiaffi", { affinity: terms(["aaa", "bbb"], ["aaa", "bbb"]) }),
      want: { affinity: {}, anti: { "hostname=nodeA": 1 } },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const snapshot = makeSnapshot([nodeA()], c.existingPods);
      const plugin = new InterPodAffinity(snapshot, 1);
      if (c.want === null) {
        const state = new CycleState();
        expect(plugin.preFilter(state, new PodInfo(c.pod), snapshot.list()).status?.code).toBe("Skip");
        return;
      }
      const got = view(preFilterState(plugin, c.pod, snapshot));
      expect({ affinity: got.affinity, anti: got.anti }).toEqual(c.want);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Scoring.

const s1 = { security: "S1" };
const s2 = { security: "S2" };
const az1 = { az: "az1" };
const az2 = { az: "az2" };

const stayWithS1InRegion = podAffinity({
  preferred: [weighted(5, podAffinityTerm(isIn("security", ["S1"]), "region"))],
});
const stayWithS2InRegion = podAffinity({
  preferred: [weighted(6, podAffinityTerm(isIn("security", ["S2"]), "region"))],
});
const affinity3 = podAffinity({
  preferred: [
    weighted(
      8,
      podAffinityTerm(
        labelSelector({}, [req("security", "NotIn", ["S1"]), req("security", "In", ["S2"])]),
        "region",
      ),
    ),
    weighted(
      2,
      podAffinityTerm(
        labelSelector({}, [req("security", "Exists"), req("wrongkey", "DoesNotExist")]),
        "region",
      ),
    ),
  ],
});
const hardAffinity = podAffinity({
  required: [
    podAffinityTerm(isIn("security", ["S1", "value2"]), "region"),
    podAffinityTerm(
      labelSelector({}, [req("security", "Exists"), req("wrongkey", "DoesNotExist")]),
      "region",
    ),
  ],
});
const awayFromS1InAz = podAffinity({
  antiPreferred: [weighted(5, podAffinityTerm(isIn("security", ["S1"]), "az"))],
});
const awayFromS2InAz = podAffinity({
  antiPreferred: [weighted(5, podAffinityTerm(isIn("security", ["S2"]), "az"))],
});
const stayWithS1InRegionAwayFromS2InAz = podAffinity({
  preferred: [weighted(8, podAffinityTerm(isIn("security", ["S1"]), "region"))],
  antiPreferred: [weighted(5, podAffinityTerm(isIn("security", ["S2"]), "az"))],
});
const nsSelectorTerm = (): { namespaces: string[]; namespaceSelector: LabelSelector } => ({
  namespaces: ["subteam2.team2"],
  namespaceSelector: team1,
});
const affinityNamespaceSelector = podAffinity({
  preferred: [weighted(5, podAffinityTerm(isIn("security", ["S1"]), "region", nsSelectorTerm()))],
});
const antiAffinityNamespaceSelector = podAffinity({
  antiPreferred: [weighted(5, podAffinityTerm(isIn("security", ["S1"]), "region", nsSelectorTerm()))],
});

interface ScoreCase {
  name: string;
  pod: Pod;
  pods?: Pod[];
  nodes: Node[];
  hardPodAffinityWeight?: number;
  /** PreScore returns Skip (the Go tables stop there). */
  wantSkip?: boolean;
  want?: number[];
}

const on = (
  nodeName: string,
  labels: Record<string, string>,
  affinity: Affinity = {},
  namespace = "default",
) => makePod("", { nodeName, labels, affinity, namespace });
const incoming = (labels: Record<string, string>, affinity: Affinity = {}, namespace = "default") =>
  makePod("", { labels, affinity, namespace });

const preferredAffinity: ScoreCase[] = [
  {
    name: "all nodes are same priority as Affinity is nil",
    pod: incoming(s1),
    nodes: [node("node1", rgChina), node("node2", rgIndia), node("node3", az1)],
    wantSkip: true,
  },
  {
    name:
      "Affinity: pod that matches topology key & pods in nodes will get high score comparing to others" +
      "which doesn't match either pods in nodes or in topology key",
    pod: incoming(s1, stayWithS1InRegion),
    pods: [on("node1", s1), on("node2", s2), on("node3", s1)],
    nodes: [node("node1", rgChina), node("node2", rgIndia), node("node3", az1)],
    want: [100, 0, 0],
  },
  {
    name: "All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score",
    pod: incoming({}, stayWithS1InRegion),
    pods: [on("node1", s1)],
    nodes: [node("node1", rgChina), node("node2", rgChinaAzAz1), node("node3", rgIndia)],
    want: [100, 100, 0],
  },
  {
    name: "Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score",
    pod: incoming(s1, stayWithS2InRegion),
    pods: [
      on("node1", s2),
      on("node1", s2),
      on("node2", s2),
      on("node3", s2),
      on("node4", s2),
      on("node5", s2),
    ],
    nodes: [
      node("node1", rgChina),
      node("node2", rgIndia),
      node("node3", rgChina),
      node("node4", rgChina),
      node("node5", rgIndia),
    ],
    want: [100, 0, 100, 100, 0],
  },
  {
    name: "Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures ",
    pod: incoming(s1, affinity3),
    pods: [on("node1", s1), on("node2", s2), on("node3", s1)],
    nodes: [node("node1", rgChina), node("node2", rgIndia), node("node3", az1)],
    want: [20, 100, 0],
  },
  {
    name: "Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry",
    pod: incoming(s2),
    pods: [on("node1", s1, stayWithS1InRegion), on("node2", s2, stayWithS2InRegion)],
    nodes: [node("node1", rgChina), node("node2", rgIndia), node("node3", az1)],
    want: [0, 100, 0],
  },
  {
    name: "Affinity symmetry with namespace selector",
    pod: incoming(s1, {}, "subteam1.team1"),
    pods: [on("node1", s1, affinityNamespaceSelector), on("node2", s2, stayWithS2InRegion)],
    nodes: [node("node1", rgChina), node("node2", rgIndia), node("node3", az1)],
    want: [100, 0, 0],
  },
  {
    name: "AntiAffinity symmetry with namespace selector",
    pod: incoming(s1, {}, "subteam1.team1"),
    pods: [on("node1", s1, antiAffinityNamespaceSelector), on("node2", s2, stayWithS2InRegion)],
    nodes: [node("node1", rgChina), node("node2", rgIndia), node("node3", az1)],
    want: [0, 100, 100],
  },
  {
    name: "Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry",
    pod: incoming(s1),
    pods: [on("node1", s1, hardAffinity), on("node2", s2, hardAffinity)],
    nodes: [node("node1", rgChina), node("node2", rgIndia), node("node3", az1)],
    want: [100, 100, 0],
  },
  {
    name: "Anti Affinity: pod that does not match existing pods in node will get high score ",
    pod: incoming(s1, awayFromS1InAz),
    pods: [on("node1", s1), on("node2", s2)],
    nodes: [node("node1", az1), node("node2", rgChina)],
    want: [0, 100],
  },
  {
    name: "Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others ",
    pod: incoming(s1, awayFromS1InAz),
    pods: [on("node1", s1), on("node2", s1)],
    nodes: [node("node1", az1), node("node2", rgChina)],
    want: [0, 100],
  },
  {
    name: "Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score",
    pod: incoming(s1, awayFromS1InAz),
    pods: [on("node1", s1), on("node1", s1), on("node2", s2)],
    nodes: [node("node1", az1), node("node2", rgIndia)],
    want: [0, 100],
  },
  {
    name: "Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score",
    pod: incoming(s2),
    pods: [on("node1", s1, awayFromS2InAz), on("node2", s2, awayFromS1InAz)],
    nodes: [node("node1", az1), node("node2", az2)],
    want: [0, 100],
  },
  {
    name: "Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity",
    pod: incoming(s1, stayWithS1InRegionAwayFromS2InAz),
    pods: [on("node1", s1), on("node2", s1)],
    nodes: [node("node1", rgChina), node("node2", az1)],
    want: [100, 0],
  },
  {
    name: "Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels",
    pod: incoming(s1, stayWithS1InRegionAwayFromS2InAz),
    pods: [
      on("node1", s1),
      on("node1", s1),
      on("node2", s1),
      on("node3", s1),
      on("node3", s1),
      on("node4", s1),
      on("node5", s1),
    ],
    nodes: [
      node("node1", rgChinaAzAz1),
      node("node2", rgIndia),
      node("node3", rgChina),
      node("node4", rgChina),
      node("node5", rgIndia),
    ],
    want: [100, 0, 100, 100, 0],
  },
  {
    name: "Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry",
    pod: incoming(s1, stayWithS1InRegionAwayFromS2InAz),
    pods: [
      on("node1", s1),
      on("node2", s2),
      on("node3", {}, stayWithS1InRegionAwayFromS2InAz),
      on("node4", {}, awayFromS1InAz),
    ],
    nodes: [node("node1", rgChina), node("node2", az1), node("node3", rgIndia), node("node4", az2)],
    want: [100, 0, 100, 0],
  },
  {
    name: "Avoid panic when partial nodes in a topology don't have pods with affinity",
    pod: incoming(s1),
    pods: [on("node1", s1), on("node2", {}, stayWithS1InRegionAwayFromS2InAz)],
    nodes: [node("node1", rgChina), node("node2", rgChina)],
    want: [0, 0],
  },
  {
    name: "Affinity with pods matching NamespaceSelector",
    pod: incoming(s1, affinityNamespaceSelector, "subteam1.team1"),
    pods: [
      on("node1", s1, {}, "subteam1.team1"),
      on("node1", s1, {}, "subteam1.team1"),
      on("node1", s1, {}, "subteam1.team2"),
      on("node2", s1, {}, "subteam2.team1"),
    ],
    nodes: [node("node1", rgChina), node("node2", rgIndia)],
    want: [100, 0],
  },
  {
    name: "Affinity with pods matching both NamespaceSelector and Namespaces fields",
    pod: incoming(s1, affinityNamespaceSelector, "subteam1.team1"),
    pods: [
      on("node1", s1, {}, "subteam1.team1"),
      on("node1", s1, {}, "subteam1.team1"),
      on("node1", s1, {}, "subteam2.team2"),
      on("node2", s1, {}, "subteam2.team1"),
    ],
    nodes: [node("node1", rgChina), node("node2", rgIndia)],
    want: [100, 0],
  },
  {
    // The Go table repeats this name for the anti-affinity variant.
    name: "Affinity with pods matching NamespaceSelector",
    pod: incoming(s1, antiAffinityNamespaceSelector, "subteam1.team1"),
    pods: [
      on("node1", s1, {}, "subteam1.team1"),
      on("node1", s1, {}, "subteam1.team1"),
      on("node1", s1, {}, "subteam1.team2"),
      on("node2", s1, {}, "subteam2.team1"),
    ],
    nodes: [node("node1", rgChina), node("node2", rgIndia)],
    want: [0, 100],
  },
  {
    name: "Affinity with pods matching both NamespaceSelector and Namespaces fields",
    pod: incoming(s1, antiAffinityNamespaceSelector, "subteam1.team1"),
    pods: [
      on("node1", s1, {}, "subteam1.team1"),
      on("node1", s1, {}, "subteam1.team1"),
      on("node1", s1, {}, "subteam2.team2"),
      on("node2", s1, {}, "subteam2.team1"),
    ],
    nodes: [node("node1", rgChina), node("node2", rgIndia)],
    want: [0, 100],
  },
  {
    name: "Do not ignore preferred terms of existing pods",
    pod: incoming(s2),
    pods: [on("node1", s1, stayWithS1InRegionAwayFromS2InAz), on("node2", s2, stayWithS2InRegion)],
    nodes: [node("node1", rgChina), node("node2", rgIndia)],
    want: [0, 100],
  },
  {
    name: "No nodes to score",
    pod: incoming(s2),
    nodes: [],
    wantSkip: true,
  },
];

const serviceS1 = { service: "S1" };
const hardPodAffinity = podAffinity({
  required: [
    podAffinityTerm(isIn("service", ["S1"]), "region", {
      namespaces: ["default", "subteam2.team2"],
      namespaceSelector: team1,
    }),
  ],
});
const hardNodes = () => [node("node1", rgChina), node("node2", rgIndia), node("node3", az1)];
const hardPods = () => [on("node1", {}, hardPodAffinity), on("node2", {}, hardPodAffinity)];

const hardPodAffinitySymmetricWeight: ScoreCase[] = [
  {
    name: "with default weight",
    pod: incoming(serviceS1),
    pods: hardPods(),
    nodes: hardNodes(),
    hardPodAffinityWeight: 1,
    want: [100, 100, 0],
  },
  {
    name: "with zero weight",
    pod: incoming(serviceS1),
    pods: hardPods(),
    nodes: hardNodes(),
    hardPodAffinityWeight: 0,
    wantSkip: true,
  },
  {
    name: "with no matching namespace",
    pod: incoming(serviceS1, {}, "subteam1.team2"),
    pods: hardPods(),
    nodes: hardNodes(),
    hardPodAffinityWeight: 1,
    wantSkip: true,
  },
  {
    name: "with matching NamespaceSelector",
    pod: incoming(serviceS1, {}, "subteam1.team1"),
    pods: hardPods(),
    nodes: hardNodes(),
    hardPodAffinityWeight: 1,
    want: [100, 100, 0],
  },
  {
    name: "with matching Namespaces",
    pod: incoming(serviceS1, {}, "subteam2.team2"),
    pods: hardPods(),
    nodes: hardNodes(),
    hardPodAffinityWeight: 1,
    want: [100, 100, 0],
  },
];

function checkScore(c: ScoreCase): void {
  const snapshot = makeSnapshot(c.nodes, c.pods ?? []);
  const infos = nodeInfosOf(snapshot, c.nodes);
  const run = runScore(new InterPodAffinity(snapshot, c.hardPodAffinityWeight ?? 1), c.pod, infos);
  if (c.wantSkip === true) {
    expect(run.preScoreStatus?.code).toBe("Skip");
    return;
  }
  expect(run.preScoreStatus).toBeNull();
  expect(run.normalized).toEqual(c.want);
}

describe("InterPodAffinity Score: TestPreferredAffinity (scoring_test.go)", () => {
  for (const c of preferredAffinity) it(c.name, () => checkScore(c));
});

describe("InterPodAffinity Score: TestPreferredAffinityWithHardPodAffinitySymmetricWeight (scoring_test.go)", () => {
  for (const c of hardPodAffinitySymmetricWeight) it(c.name, () => checkScore(c));
});
