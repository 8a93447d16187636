/**
 * The scheduling cycle of shared/sim/scheduler/scheduler.ts held to kube-scheduler's
 * schedule_one.go: how many nodes are searched and from where, the FitError summary line,
 * ties, the dry-run explain(), and the queue's reaction to cluster events.
 */
import { describe, expect, it } from "vitest";
import { numFeasibleNodesToFind } from "../../../../shared/sim/scheduler/scheduler.ts";
import type { Pod } from "../../../../shared/sim/scheduler/types.ts";
import { loadCluster, nodeYaml, podYaml, yamlOf } from "./support.ts";

describe("numFeasibleNodesToFind (schedule_one.go)", () => {
  it.each([
    // [nodes, configured percentage, nodes to find]
    [50, 0, 50], // fewer than 100 nodes: all of them
    [100, 0, 100], // adaptive 50 % = 50, raised to the minimum of 100
    [1000, 0, 420], // adaptive 50 − 1000/125 = 42 %
    [5000, 0, 500], // adaptive 50 − 40 = 10 %
    [6000, 0, 300], // adaptive 50 − 48 = 2 %, raised to the 5 % floor
    [1000, 30, 300], // a configured percentage
    [150, 30, 100], // 45 nodes, raised to the minimum of 100
  ])("%i nodes, percentage %i → %i", (nodes, percentage, expected) => {
    expect(numFeasibleNodesToFind(percentage, nodes)).toBe(expected);
  });
});

describe("the FitError summary line", () => {
  it("counts each reason, sorts them as strings and appends the preemption verdict", () => {
    const { scheduler, pending } = loadCluster(
      yamlOf(
        nodeYaml("small-1", "1"),
        nodeYaml("small-2", "1"),
        ...["gpu-1", "gpu-2", "gpu-3"].map(
          (name) =>
            `${nodeYaml(name, "8")}spec: { taints: [{ key: dedicated, value: gpu, effect: NoSchedule }] }\n`,
        ),
        podYaml("web-1", "2"),
      ),
    );
    const explanation = scheduler.explain(pending[0] as Pod);
    expect(explanation.node).toBeNull();
    // The preemption message is itself a FitError line ending in "." and gets another one:
    // real clusters print the same ".." in their FailedScheduling events.
    expect(explanation.summary).toBe(
      "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {dedicated: gpu}. " +
        "preemption: 0/5 nodes are available: 2 No preemption victims found for incoming pod, " +
        "3 Preemption is not helpful for scheduling..",
    );
    const byName = Object.fromEntries(explanation.nodes.map((n) => [n.name, n]));
    expect(byName["small-1"]).toMatchObject({
      feasible: false,
      plugin: "NodeResourcesFit",
      code: "Unschedulable",
    });
    expect(byName["gpu-2"]).toMatchObject({
      feasible: false,
      plugin: "TaintToleration",
      code: "UnschedulableAndUnresolvable",
      reasons: ["node(s) had untolerated taint {dedicated: gpu}"],
    });
  });

  it("reports an empty cluster as kube-scheduler does", () => {
    const { scheduler, pending } = loadCluster(podYaml("web-1", "1"));
    scheduler.addPod(pending[0] as Pod, 0);
    expect(scheduler.scheduleOne(0)?.explanation.summary).toBe("no nodes available to schedule pods");
  });
});

describe("the search: round-robin start, percentage of nodes, ties", () => {
  const manyNodes = (n: number) => Array.from({ length: n }, (_, i) => nodeYaml(`node-${i}`, "64"));

  it("looks at 100 of 200 nodes per pod, the next pod starting where the last one stopped", () => {
    const pods = ["a-1", "b-1", "c-1"].map((name) => podYaml(name, "100m"));
    const { scheduler, pending } = loadCluster(yamlOf(...manyNodes(200), ...pods));
    const evaluated: number[][] = [];
    for (const pod of pending) {
      scheduler.addPod(pod, 0);
      const result = scheduler.scheduleOne(0, true);
      expect(result?.explanation.evaluatedNodes).toBe(100);
      const indexes = (result?.explanation.nodes ?? []).flatMap((n, i) => (n.evaluated ? [i] : []));
      evaluated.push(indexes);
      const chosen = (result?.explanation.nodes ?? []).findIndex((n) => n.name === result?.explanation.node);
      expect(indexes).toContain(chosen);
    }
    expect(evaluated[0]).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(evaluated[1]).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
    expect(evaluated[2]).toEqual(evaluated[0]);
  });

  it("breaks ties between equal totals with the seeded PRNG: the same seed, the same node", () => {
    const yaml = yamlOf(...manyNodes(5), podYaml("web-1", "1"));
    const choose = (seed: number) => {
      const { scheduler, pending } = loadCluster(yaml, seed);
      scheduler.addPod(pending[0] as Pod, 0);
      return scheduler.scheduleOne(0)?.explanation.node;
    };
    const chosen = Array.from({ length: 30 }, (_, seed) => choose(seed));
    expect(new Set(chosen).size).toBeGreaterThan(2);
    expect(Array.from({ length: 30 }, (_, seed) => choose(seed))).toEqual(chosen);
  });

  it("takes the only feasible node without scoring it", () => {
    const { scheduler, pending } = loadCluster(
      yamlOf(nodeYaml("small", "1"), nodeYaml("big", "8"), podYaml("web-1", "2")),
    );
    const explanation = scheduler.explain(pending[0] as Pod);
    expect(explanation.node).toBe("big");
    expect(explanation.nodes.find((n) => n.name === "big")).toMatchObject({
      feasible: true,
      total: null,
      scores: {},
    });
  });
});

describe("explain(): a dry run", () => {
  it("decides what the next cycle decides, and changes nothing", () => {
    const { scheduler, pending } = loadCluster(
      yamlOf(
        ...Array.from({ length: 6 }, (_, i) => nodeYaml(`node-${i}`, "4")),
        podYaml("web-1", "1"),
        podYaml("web-2", "1"),
      ),
      7,
    );
    const first = pending[0] as Pod;
    const second = pending[1] as Pod;
    const dry = scheduler.explain(first);
    expect(scheduler.explain(first)).toEqual(dry);
    scheduler.addPod(first, 0);
    const real = scheduler.scheduleOne(0, true);
    expect(real?.explanation).toEqual(dry);
    // The bound pod now counts: the second pod's explanation sees it.
    const next = scheduler.explain(second);
    const boundNode = next.nodes.find((n) => n.name === dry.node);
    expect(boundNode?.scores.NodeResourcesFit?.raw).toBeLessThan(
      dry.nodes.find((n) => n.name === dry.node)?.scores.NodeResourcesFit?.raw ?? 0,
    );
  });
});

describe("a plugin error", () => {
  it("fails the cycle with the plugin's message; the pod backs off and nothing is bound", () => {
    const { scheduler, pending } = loadCluster(
      yamlOf(
        nodeYaml("n1", "4"),
        podYaml("web-1", "1", {
          spec: [
            "  affinity:",
            "    nodeAffinity:",
            "      preferredDuringSchedulingIgnoredDuringExecution:",
            '        - { weight: 1, preference: { matchExpressions: [{ key: "invalid key", operator: In, values: [a] }] } }',
          ].join("\n"),
        }),
        nodeYaml("n2", "4"),
      ),
    );
    scheduler.addPod(pending[0] as Pod, 0);
    const result = scheduler.scheduleOne(0, true);
    expect(result?.explanation.node).toBeNull();
    expect(result?.explanation.summary).toMatch(
      /^running PreScore plugin "NodeAffinity": .*Invalid value: "invalid key"/,
    );
    expect(scheduler.queue.where("default/web-1")).toBe("backoff");
    expect(scheduler.snapshot.nodeOfPod("default/web-1")).toBeUndefined();
  });
});
