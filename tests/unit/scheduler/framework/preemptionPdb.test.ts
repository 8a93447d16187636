/**
 * DefaultPreemption and PodDisruptionBudgets: best-effort, as kube-scheduler does it
 * (pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go, v1.32). Cases ported by
 * name from default_preemption_test.go's TestDryRunPreemption, on its shapes: a node of 500m, a
 * preemptor of 500m, victims of 200m labelled app=foo.
 */
import { describe, expect, it } from "vitest";
import { CycleState } from "../../../../shared/sim/scheduler/framework/interface.ts";
import { NodeToStatus, unschedulable } from "../../../../shared/sim/scheduler/framework/status.ts";
import {
  type DefaultPreemption,
  filterPodsWithPDBViolation,
} from "../../../../shared/sim/scheduler/plugins/DefaultPreemption/DefaultPreemption.ts";
import { PodInfo } from "../../../../shared/sim/scheduler/podInfo.ts";
import type { DisruptionBudget, Pod } from "../../../../shared/sim/scheduler/types.ts";
import { loadCluster, nodeYaml, podOf, podYaml, yamlOf } from "./support.ts";

const highPriority = 1000;
const midPriority = 100;

const budget = (disruptionsAllowed: number, disruptedPods: string[] = []): DisruptionBudget => ({
  namespace: "default",
  selector: { app: "foo" },
  disruptionsAllowed,
  disruptedPods,
});

/** A victim of 200m named foo-N (label app=foo), as the upstream test's p1.N, on `node`. */
const foo = (n: number, node = "node1") => podYaml(`foo-${n}`, "200m", { node, priority: midPriority });

/** The dry run of preemption for a 500m pod of high priority: every node a candidate, with its victims and violations. */
function dryRun(nodes: string[], pods: string[], budgets: DisruptionBudget[]) {
  const { scheduler } = loadCluster(yamlOf(...nodes, ...pods), 1, budgets);
  const preemptor = new PodInfo(podOf(podYaml("p", "500m", { priority: highPriority })));
  const fw = scheduler.framework;
  const state = new CycleState();
  const allNodes = scheduler.snapshot.list();
  fw.runPreFilterPlugins(state, preemptor, allNodes);
  const statuses = new NodeToStatus();
  for (const n of allNodes) statuses.set(n.name, unschedulable("Insufficient cpu"));
  const plugin = fw.profile.postFilter.find((p) => p.name === "DefaultPreemption") as DefaultPreemption;
  const { candidates } = plugin.findCandidates(state, preemptor, allNodes, statuses);
  const outcome = plugin.preempt(state.clone(), preemptor, statuses);
  return {
    candidates: candidates.map((c) => ({
      name: c.name,
      // As the upstream test compares them: by name (equal priorities leave their order to the sort).
      victims: c.victims.map((v) => v.pod.name).sort(),
      numPDBViolations: c.numPDBViolations,
    })),
    nominated: outcome.result?.nominatedNodeName ?? null,
  };
}

describe("DefaultPreemption with PodDisruptionBudgets (TestDryRunPreemption)", () => {
  it("preemption with violation of same pdb", () => {
    const run = dryRun([nodeYaml("node1", "500m")], [foo(1), foo(2)], [budget(1)]);
    expect(run.candidates).toEqual([{ name: "node1", victims: ["foo-1", "foo-2"], numPDBViolations: 1 }]);
  });

  it("preemption with violation of the pdb with pod whose eviction was processed, the victim doesn't belong to DisruptedPods", () => {
    const run = dryRun([nodeYaml("node1", "500m")], [foo(1), foo(2)], [budget(1, ["p2"])]);
    expect(run.candidates).toEqual([{ name: "node1", victims: ["foo-1", "foo-2"], numPDBViolations: 1 }]);
  });

  it("preemption with violation of the pdb with pod whose eviction was processed, the victim belongs to DisruptedPods", () => {
    const run = dryRun([nodeYaml("node1", "500m")], [foo(1), foo(2)], [budget(1, ["foo-2"])]);
    expect(run.candidates).toEqual([{ name: "node1", victims: ["foo-1", "foo-2"], numPDBViolations: 0 }]);
  });

  it("preemption with violation of the pdb with pod whose eviction was processed, the victim which belongs to DisruptedPods is treated as 'nonViolating'", () => {
    const run = dryRun([nodeYaml("node1", "500m")], [foo(1), foo(2), foo(3)], [budget(1, ["foo-3"])]);
    expect(run.candidates).toEqual([
      { name: "node1", victims: ["foo-1", "foo-2", "foo-3"], numPDBViolations: 1 },
    ]);
  });
});

describe("DefaultPreemption prefers what a budget allows, but a budget does not stop it", () => {
  it("the node whose victims violate no budget is nominated over one whose victims would", () => {
    const run = dryRun(
      [nodeYaml("node1", "500m"), nodeYaml("node2", "500m")],
      [
        podYaml("foo-1", "500m", { node: "node1", priority: midPriority }),
        podYaml("bar-1", "500m", { node: "node2", priority: midPriority }),
      ],
      [budget(0)],
    );
    expect(run.candidates).toContainEqual({ name: "node1", victims: ["foo-1"], numPDBViolations: 1 });
    expect(run.candidates).toContainEqual({ name: "node2", victims: ["bar-1"], numPDBViolations: 0 });
    expect(run.nominated).toBe("node2");
  });

  it("with only a violating node, the pod still preempts there: the budget is best-effort", () => {
    const run = dryRun([nodeYaml("node1", "500m")], [foo(1), foo(2)], [budget(0)]);
    expect(run.candidates).toEqual([{ name: "node1", victims: ["foo-1", "foo-2"], numPDBViolations: 2 }]);
    expect(run.nominated).toBe("node1");
  });

  it("violating pods are reprieved first: the one kept is the budget's, not the higher-priority free pod", () => {
    // A full 700m node: 500m must be freed, so of the three pods only one 200m pod can stay.
    const run = dryRun(
      [nodeYaml("node1", "700m")],
      [
        podYaml("foo-1", "200m", { node: "node1", priority: 10 }),
        podYaml("bar-1", "200m", { node: "node1", priority: 50 }),
        podYaml("baz-1", "300m", { node: "node1", priority: 5 }),
      ],
      [budget(0)],
    );
    // Without the budget, bar-1 (50) would be kept first and foo-1 (10) go; with it, foo-1 is kept.
    expect(run.candidates).toEqual([{ name: "node1", victims: ["bar-1", "baz-1"], numPDBViolations: 0 }]);
  });
});

describe("filterPodsWithPDBViolation", () => {
  const info = (name: string, labels: Record<string, string>) =>
    new PodInfo({ ...(podOf(podYaml(name, "100m")) as Pod), labels });

  it("spends each matching budget's disruptionsAllowed in order; a pod without labels or an empty selector matches nothing", () => {
    const { violating, nonViolating } = filterPodsWithPDBViolation(
      [info("a", { app: "foo" }), info("b", { app: "foo" }), info("c", {}), info("d", { app: "bar" })],
      [budget(1), { ...budget(0), selector: {} }],
    );
    expect(violating.map((p) => p.pod.name)).toEqual(["b"]);
    expect(nonViolating.map((p) => p.pod.name)).toEqual(["a", "c", "d"]);
  });

  it("a budget of another namespace does not count", () => {
    const { violating } = filterPodsWithPDBViolation(
      [info("a", { app: "foo" })],
      [{ ...budget(0), namespace: "shop" }],
    );
    expect(violating).toEqual([]);
  });
});
