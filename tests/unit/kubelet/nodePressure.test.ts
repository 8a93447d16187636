import { describe, expect, it } from "vitest";
import {
  type EvictionCandidate,
  evictedPodStatus,
  evictionPressureTransitionPeriodMs,
  type NodeSignals,
  noPressure,
  observePressure,
  podToEvict,
  pressureTaints,
  rankForEviction,
  resourceUnderPressure,
  thresholdsMet,
} from "../../../shared/sim/kubelet/index.ts";

const GiB = 1024 ** 3;
const healthy: NodeSignals = {
  "memory.available": { available: 2048, capacity: 8192 },
  "nodefs.available": { available: 50 * GiB, capacity: 100 * GiB },
  "imagefs.available": { available: 50 * GiB, capacity: 100 * GiB },
  "nodefs.inodesFree": { available: 5_000_000, capacity: 6_000_000 },
};

describe("hard eviction thresholds: memory.available<100Mi, nodefs<10%, imagefs<15%, inodes<5%", () => {
  it.each([
    {
      name: "memory 99 Mi is under pressure",
      patch: { "memory.available": { available: 99, capacity: 8192 } },
      conditions: ["MemoryPressure"],
    },
    {
      name: "memory 100 Mi is not (strictly less than)",
      patch: { "memory.available": { available: 100, capacity: 8192 } },
      conditions: [],
    },
    {
      name: "nodefs 9.9 % free is DiskPressure",
      patch: { "nodefs.available": { available: 9.9 * GiB, capacity: 100 * GiB } },
      conditions: ["DiskPressure"],
    },
    {
      name: "nodefs 10 % free is not",
      patch: { "nodefs.available": { available: 10 * GiB, capacity: 100 * GiB } },
      conditions: [],
    },
    {
      name: "imagefs 14 % free is DiskPressure",
      patch: { "imagefs.available": { available: 14 * GiB, capacity: 100 * GiB } },
      conditions: ["DiskPressure"],
    },
    {
      name: "imagefs 16 % free is not",
      patch: { "imagefs.available": { available: 16 * GiB, capacity: 100 * GiB } },
      conditions: [],
    },
    {
      name: "inodes 4 % free is DiskPressure",
      patch: { "nodefs.inodesFree": { available: 240_000, capacity: 6_000_000 } },
      conditions: ["DiskPressure"],
    },
    { name: "healthy node has no pressure", patch: {}, conditions: [] },
  ])("$name", ({ patch, conditions }) => {
    const observed = observePressure(noPressure, { ...healthy, ...patch }, 0);
    expect([...observed.conditions]).toEqual(conditions);
  });

  it("memory pressure comes with the memory-pressure NoSchedule taint, disk with disk-pressure", () => {
    expect(pressureTaints(new Set(["MemoryPressure", "DiskPressure"]))).toEqual([
      { key: "node.kubernetes.io/memory-pressure", effect: "NoSchedule" },
      { key: "node.kubernetes.io/disk-pressure", effect: "NoSchedule" },
    ]);
  });

  it("a condition is held for evictionPressureTransitionPeriod (5 min) after the signal recovers", () => {
    const low = { ...healthy, "memory.available": { available: 50, capacity: 8192 } };
    const first = observePressure(noPressure, low, 0);
    const recovered = observePressure(first.state, healthy, evictionPressureTransitionPeriodMs - 1);
    expect(recovered.conditions.has("MemoryPressure")).toBe(true);
    expect(recovered.met).toEqual([]);
    const released = observePressure(recovered.state, healthy, evictionPressureTransitionPeriodMs);
    expect(released.conditions.has("MemoryPressure")).toBe(false);
  });

  it("memory is reclaimed before disk", () => {
    const both = thresholdsMet({
      ...healthy,
      "memory.available": { available: 1, capacity: 8192 },
      "nodefs.available": { available: 1, capacity: 100 * GiB },
    });
    expect(resourceUnderPressure(both)).toBe("memory");
  });
});

describe("kubelet eviction ranking: over requests first, then lower priority, then larger overage", () => {
  const pods: EvictionCandidate[] = [
    { name: "guaranteed-high", priority: 1000, usage: 500, request: 500 },
    { name: "burstable-low-big", priority: 0, usage: 900, request: 100 },
    { name: "burstable-low-small", priority: 0, usage: 200, request: 100 },
    { name: "burstable-high", priority: 1000, usage: 2000, request: 100 },
    { name: "besteffort-under", priority: 0, usage: 0, request: 0 },
    { name: "within-low", priority: 0, usage: 100, request: 400 },
  ];

  it("ranks the pods in eviction order", () => {
    expect(rankForEviction(pods).map((p) => p.name)).toEqual([
      "burstable-low-big",
      "burstable-low-small",
      "burstable-high",
      "besteffort-under",
      "within-low",
      "guaranteed-high",
    ]);
  });

  it("an evicted pod is Failed/Evicted with no grace period", () => {
    expect(evictedPodStatus("memory")).toEqual({
      phase: "Failed",
      reason: "Evicted",
      message: "The node was low on resource: memory.",
      gracePeriodMs: 0,
    });
  });

  it("evicts one pod per pass", () => {
    expect(podToEvict(pods)?.name).toBe("burstable-low-big");
    expect(podToEvict([])).toBeNull();
  });
});
