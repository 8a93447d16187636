import { describe, expect, it } from "vitest";
import {
  podsToDelete,
  type RankedPod,
  replicaSetAction,
  slowStartBatch,
  slowStartBatches,
} from "../../../shared/sim/controllers/index.ts";

describe("ReplicaSet: diff clipped to the 500 burst", () => {
  it.each([
    { replicas: 3, active: 3, action: { kind: "none" } },
    { replicas: 10, active: 3, action: { kind: "create", count: 7 } },
    { replicas: 2, active: 5, action: { kind: "delete", count: 3 } },
    { replicas: 2000, active: 0, action: { kind: "create", count: 500 } },
    { replicas: 0, active: 1200, action: { kind: "delete", count: 500 } },
  ])("replicas $replicas, active $active", ({ replicas, active, action }) => {
    expect(replicaSetAction(replicas, active)).toEqual(action);
  });
});

describe("slow start: batches 1, 2, 4, 8, … stopping at the first error", () => {
  it.each([
    { count: 1, batches: [1] },
    { count: 10, batches: [1, 2, 4, 3] },
    { count: 500, batches: [1, 2, 4, 8, 16, 32, 64, 128, 245] },
  ])("$count creations go in batches $batches", ({ count, batches }) => {
    expect(slowStartBatches(count)).toEqual(batches);
  });

  it.each([
    {
      name: "all succeed",
      failFrom: Number.POSITIVE_INFINITY,
      succeeded: 10,
      skipped: 0,
      batches: [1, 2, 4, 3],
    },
    {
      name: "quota exhausted at the 1st call: one call, 9 skipped",
      failFrom: 0,
      succeeded: 0,
      skipped: 9,
      batches: [1],
    },
    {
      name: "fails from the 5th call: the batch of 4 finishes, the rest is skipped",
      failFrom: 4,
      succeeded: 4,
      skipped: 3,
      batches: [1, 2, 4],
    },
  ])("$name", ({ failFrom, succeeded, skipped, batches }) => {
    expect(slowStartBatch(10, (i) => i < failFrom)).toEqual({ succeeded, skipped, batches });
  });
});

describe("deletion ranking follows controller.ActivePodsWithRanks", () => {
  const now = 10 * 3_600_000;
  const base: RankedPod = {
    name: "",
    nodeName: "node-1",
    phase: "Running",
    ready: true,
    readySinceMs: 0,
    restartCount: 0,
    createdAtMs: 0,
  };
  const pod = (name: string, over: Partial<RankedPod>): RankedPod => ({ ...base, name, ...over });

  it.each([
    {
      rule: "unassigned before assigned",
      first: pod("a", { nodeName: "", phase: "Pending", ready: false }),
      second: pod("b", {}),
    },
    {
      rule: "Pending before Running",
      first: pod("a", { phase: "Pending", ready: false, nodeName: "node-2" }),
      second: pod("b", { nodeName: "node-3" }),
    },
    {
      rule: "Unknown before Running",
      first: pod("a", { phase: "Unknown", nodeName: "node-2" }),
      second: pod("b", { nodeName: "node-3" }),
    },
    {
      rule: "not ready before ready",
      first: pod("a", { ready: false, readySinceMs: null, nodeName: "node-2" }),
      second: pod("b", { nodeName: "node-3" }),
    },
    {
      rule: "lower deletion cost first",
      first: pod("a", { deletionCost: -5, nodeName: "node-2" }),
      second: pod("b", { nodeName: "node-3" }),
    },
    {
      rule: "ready more recently first (different log2 bucket)",
      first: pod("a", { readySinceMs: now - 60_000, nodeName: "node-2" }),
      second: pod("b", { readySinceMs: now - 3_600_000, nodeName: "node-3" }),
    },
    {
      rule: "more restarts first",
      first: pod("a", { restartCount: 5, nodeName: "node-2" }),
      second: pod("b", { nodeName: "node-3" }),
    },
    {
      rule: "newer before older (ready times equal)",
      first: pod("b", { createdAtMs: now - 60_000, readySinceMs: 0, nodeName: "node-2" }),
      second: pod("a", { createdAtMs: 0, nodeName: "node-3" }),
    },
  ])("$rule", ({ first, second }) => {
    expect(podsToDelete([second, first], 1, now).map((p) => p.name)).toEqual([first.name]);
  });

  it("pods doubled up on a node go before lone pods", () => {
    const pods = [
      pod("alone", { nodeName: "n1" }),
      pod("pair-1", { nodeName: "n2" }),
      pod("pair-2", { nodeName: "n2" }),
    ];
    expect(podsToDelete(pods, 2, now).map((p) => p.name)).toEqual(["pair-1", "pair-2"]);
  });

  it("a scale-down from a mixed set deletes the cheapest pods first", () => {
    const pods = [
      pod("running-ready-old", { nodeName: "n1" }),
      pod("pending-bound", { nodeName: "n2", phase: "Pending", ready: false, readySinceMs: null }),
      pod("unassigned", { nodeName: "", phase: "Pending", ready: false, readySinceMs: null }),
      pod("running-not-ready", { nodeName: "n3", ready: false, readySinceMs: null }),
      pod("running-ready-new", { nodeName: "n4", readySinceMs: now - 1_000 }),
    ];
    expect(podsToDelete(pods, 5, now).map((p) => p.name)).toEqual([
      "unassigned",
      "pending-bound",
      "running-not-ready",
      "running-ready-new",
      "running-ready-old",
    ]);
  });
});
