/**
 * Two of the plugin vectors through the whole scheduling cycle (new Scheduler(), default
 * profile and weights), so the tables above are known to hold once the framework normalizes,
 * weights and sums them. The vectors are kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go (TestNodeAffinityPriority) and
 * the FitError format of pkg/scheduler/framework/types.go (v1.32).
 */
import { describe, expect, it } from "vitest";
import { Scheduler } from "../../../../shared/sim/scheduler/scheduler.ts";
import type { Node } from "../../../../shared/sim/scheduler/types.ts";
import { container, makeNode, makePod, req, taint, term } from "./fixtures.ts";

const roomy = (name: string, labels: Record<string, string> = {}, milliCPU = 4000): Node =>
  makeNode(name, {
    labels,
    allocatable: { milliCPU, memory: 8 * 2 ** 30, pods: 110 },
  });

describe("end to end through new Scheduler()", () => {
  it("NodeAffinity preferred terms: normalized 18, 100, 36 with weight 2, and the best node wins", () => {
    const scheduler = new Scheduler();
    scheduler.addNode(roomy("node1", { foo: "bar" }), 0);
    scheduler.addNode(roomy("node5", { foo: "bar", key: "value", az: "az1" }), 0);
    scheduler.addNode(roomy("node2", { key: "value" }), 0);
    const pod = makePod("web", {
      containers: [container({ cpu: "100m", memory: "128Mi" })],
      affinity: {
        nodeAffinity: {
          preferred: [
            { weight: 2, preference: term([req("foo", "In", ["bar"])]) },
            { weight: 4, preference: term([req("key", "In", ["value"])]) },
            {
              weight: 5,
              preference: term([
                req("foo", "In", ["bar"]),
                req("key", "In", ["value"]),
                req("az", "In", ["az1"]),
              ]),
            },
          ],
        },
      },
    });
    const explanation = scheduler.explain(pod);
    const byNode = Object.fromEntries(explanation.nodes.map((n) => [n.name, n.scores.NodeAffinity]));
    expect(byNode.node1).toEqual({ raw: 2, normalized: 18, weight: 2 });
    expect(byNode.node5).toEqual({ raw: 11, normalized: 100, weight: 2 });
    expect(byNode.node2).toEqual({ raw: 4, normalized: 36, weight: 2 });
    // Every other plugin scores the identical empty nodes alike, so NodeAffinity decides.
    expect(explanation.node).toBe("node5");
  });

  it("the FitError summary counts each filter reason over the nodes", () => {
    const scheduler = new Scheduler();
    scheduler.addNode(roomy("small-1", {}, 500), 0);
    scheduler.addNode(roomy("small-2", {}, 500), 0);
    for (const name of ["gpu-1", "gpu-2", "gpu-3"]) {
      const node = roomy(name);
      node.taints = [taint("dedicated", "gpu", "NoSchedule")];
      scheduler.addNode(node, 0);
    }
    const pod = makePod("big", { containers: [container({ cpu: "1", memory: "1Gi" })] });
    const explanation = scheduler.explain(pod);
    expect(explanation.node).toBeNull();
    // DefaultPreemption's own FitError follows, and the outer format adds its period after the
    // inner one: real kube-scheduler events end in "…for scheduling.." just so.
    expect(explanation.summary).toBe(
      "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {dedicated: gpu}. " +
        "preemption: 0/5 nodes are available: 2 No preemption victims found for incoming pod, " +
        "3 Preemption is not helpful for scheduling..",
    );
    const verdicts = Object.fromEntries(
      explanation.nodes.map((n) => [n.name, [n.plugin, n.code, n.reasons]]),
    );
    expect(verdicts["small-1"]).toEqual(["NodeResourcesFit", "Unschedulable", ["Insufficient cpu"]]);
    expect(verdicts["gpu-1"]).toEqual([
      "TaintToleration",
      "UnschedulableAndUnresolvable",
      ["node(s) had untolerated taint {dedicated: gpu}"],
    ]);
  });
});
