import { describe, expect, it } from "vitest";
import {
  balanceScaleUp,
  drainableUnderBudgets,
  initialProvisionerState,
  nodeBootDurationMs,
  nodesToAdd,
  type ProvisionedNode,
  type ProvisionerState,
  scaleDownUnneededMs,
  scanCluster,
  scanIntervalMs,
} from "../../../shared/sim/controllers/index.ts";
import { createRandom } from "../../../shared/sim/random.ts";

const template = { milliCPU: 4000, memoryMiB: 16_384 };
const pod = { milliCPU: 1000, memoryMiB: 1024 };

describe("node provisioner scale-up: enough template nodes for the unschedulable pods", () => {
  it.each([
    { pods: 1, upcoming: 0, max: 10, add: 1 },
    { pods: 9, upcoming: 0, max: 10, add: 3 },
    { pods: 9, upcoming: 2, max: 10, add: 1 }, // booting nodes count as already there
    { pods: 100, upcoming: 0, max: 5, add: 5 },
    { pods: 0, upcoming: 0, max: 10, add: 0 },
  ])("$pods pods of 1 CPU, $upcoming booting, room for $max → add $add", ({ pods, upcoming, max, add }) => {
    expect(nodesToAdd(Array(pods).fill(pod), template, upcoming, max)).toBe(add);
  });

  it("a pod bigger than the template adds nothing", () => {
    expect(nodesToAdd([{ milliCPU: 8000, memoryMiB: 1 }], template, 0, 10)).toBe(0);
  });

  it("new nodes boot in 3–4 minutes, the same for the same seed", () => {
    const draws = (seed: number) => {
      const random = createRandom(seed, "provisioner");
      return Array.from({ length: 50 }, () => nodeBootDurationMs(random));
    };
    expect(draws(7)).toEqual(draws(7));
    for (const d of draws(7)) {
      expect(d).toBeGreaterThanOrEqual(180_000);
      expect(d).toBeLessThanOrEqual(240_000);
    }
  });
});

describe("--balance-similar-node-groups: a scale-up fills the smallest node group first", () => {
  it.each([
    { sizes: [4, 4, 4], add: 3, expected: [1, 1, 1] },
    { sizes: [4, 4, 4], add: 4, expected: [2, 1, 1] },
    { sizes: [5, 4, 3], add: 3, expected: [0, 1, 2] },
    { sizes: [5, 4, 3], add: 6, expected: [1, 2, 3] },
    { sizes: [2, 2], add: 0, expected: [0, 0] },
    { sizes: [7], add: 3, expected: [3] },
    { sizes: [], add: 2, expected: [] },
  ])("groups of $sizes get $expected of $add new nodes", ({ sizes, add, expected }) => {
    expect(balanceScaleUp(sizes, add)).toEqual(expected);
  });
});

describe("node provisioner scale-down: a node unneeded for 10 minutes is removed", () => {
  const node = (name: string, pods: number): ProvisionedNode => ({
    name,
    allocatable: template,
    requested: { milliCPU: pods * 1000, memoryMiB: pods * 1024 },
    pods: Array(pods).fill(pod),
  });
  const cluster = [node("busy-1", 3), node("busy-2", 2), node("idle", 0)];

  function removalTime(state0: ProvisionerState): number | null {
    let state = state0;
    for (let t = 0; t <= 20 * 60_000; t += scanIntervalMs) {
      const scan = scanCluster(
        state,
        { nodes: cluster, unschedulable: [], upcomingNodes: 0, template, minNodes: 1, maxNodes: 10 },
        t,
      );
      state = scan.state;
      if (scan.removeNodes.length > 0) {
        expect(scan.removeNodes).toEqual(["idle"]);
        return t;
      }
    }
    return null;
  }

  it("an empty node goes after exactly scale-down-unneeded-time", () => {
    expect(removalTime(initialProvisionerState)).toBe(scaleDownUnneededMs);
  });

  it("no scale-down within 10 minutes of a scale-up", () => {
    expect(removalTime({ unneededSinceMs: new Map(), lastScaleUpAtMs: 300_000 })).toBe(900_000);
  });

  it("a half-full node whose pods fit nowhere else stays", () => {
    const full = [node("a", 4), node("b", 1)];
    const scan = scanCluster(
      { unneededSinceMs: new Map([["b", 0]]), lastScaleUpAtMs: null },
      { nodes: full, unschedulable: [], upcomingNodes: 0, template, minNodes: 1, maxNodes: 10 },
      scaleDownUnneededMs,
    );
    expect(scan.removeNodes).toEqual([]);
  });
});

describe("scale-down and PodDisruptionBudgets (cluster-autoscaler's PDB drainability rule, TestDrainable)", () => {
  const withPods = (name: string, budgets: (readonly string[])[]): ProvisionedNode => ({
    name,
    allocatable: template,
    requested: { milliCPU: budgets.length * 1000, memoryMiB: budgets.length * 1024 },
    pods: budgets.map((b) => ({ ...pod, budgets: b })),
  });
  const allowed = (entries: [string, number][]) => new Map(entries);

  it.each([
    { name: "no pdbs", budgets: [[]], remaining: [], drainable: true },
    {
      name: "no matching pdbs",
      budgets: [["other"]],
      remaining: [
        ["web", 0],
        ["other", 1],
      ],
      drainable: true,
    },
    {
      name: "pdb prevents scale-down",
      budgets: [["web"]],
      remaining: [
        ["web", 0],
        ["other", 1],
      ],
      drainable: false,
    },
  ] as { name: string; budgets: string[][]; remaining: [string, number][]; drainable: boolean }[])(
    "$name",
    ({ budgets, remaining, drainable }) => {
      expect(drainableUnderBudgets(withPods("n", budgets), allowed(remaining))).toBe(drainable);
    },
  );

  function unneeded(nodes: ProvisionedNode[], disruptionsAllowed: Map<string, number>): string[] {
    const scan = scanCluster(
      initialProvisionerState,
      { nodes, unschedulable: [], upcomingNodes: 0, template, minNodes: 1, maxNodes: 10, disruptionsAllowed },
      0,
    );
    return [...scan.state.unneededSinceMs.keys()];
  }

  it("a node whose pod a budget with no disruption left holds is never unneeded, however idle", () => {
    const nodes = [withPods("busy", [[], [], []]), withPods("idle", [["web"]])];
    expect(unneeded(nodes, allowed([["web", 1]]))).toEqual(["idle"]);
    expect(unneeded(nodes, allowed([["web", 0]]))).toEqual([]);
  });

  it("a node found unneeded spends its pods' disruptions for the nodes after it (RemainingPdbTracker.RemovePods)", () => {
    const nodes = [withPods("big", []), withPods("idle-1", [["web"]]), withPods("idle-2", [["web"]])];
    expect(unneeded(nodes, allowed([["web", 1]]))).toEqual(["big", "idle-1"]);
    expect(unneeded(nodes, allowed([["web", 2]]))).toEqual(["big", "idle-1", "idle-2"]);
  });
});
