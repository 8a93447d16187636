/**
 * QoS classes and what the node does with them (shared/sim/kubelet/qos.ts), held to
 * pkg/apis/core/v1/helper/qos, pkg/kubelet/qos/policy.go and pkg/kubelet/cm/helpers_linux.go.
 */
import { describe, expect, it } from "vitest";
import {
  type ContainerResources,
  cfsAllocation,
  cpuShares,
  oomBadness,
  oomScoreAdj,
  qosClass,
} from "../../../shared/sim/kubelet/qos.ts";

const Gi = 1024 ** 3;
const c = (
  requests: [number, number],
  limits: [number | null, number | null] = [null, null],
): ContainerResources => ({
  requests: { milliCPU: requests[0], memoryBytes: requests[1] },
  limits: { milliCPU: limits[0], memoryBytes: limits[1] },
});

describe("QoS classes (GetPodQOS)", () => {
  it.each<[string, ContainerResources[], string]>([
    ["no requests or limits anywhere", [c([0, 0])], "BestEffort"],
    ["limits equal to requests for CPU and memory", [c([500, Gi], [500, Gi])], "Guaranteed"],
    ["limits only (requests default to them)", [c([0, 0], [500, Gi])], "Guaranteed"],
    ["a request below its limit", [c([250, Gi], [500, Gi])], "Burstable"],
    ["no CPU limit", [c([250, Gi], [null, Gi])], "Burstable"],
    ["one Guaranteed and one BestEffort container", [c([500, Gi], [500, Gi]), c([0, 0])], "Burstable"],
  ])("%s → %s", (_rule, containers, expected) => {
    expect(qosClass(containers)).toBe(expected);
  });
});

describe("oom_score_adj (GetContainerOOMScoreAdjust)", () => {
  it("is −997 for Guaranteed, 1000 for BestEffort, 1000 − 1000 × request / capacity for Burstable", () => {
    expect(oomScoreAdj("Guaranteed", Gi, 16 * Gi)).toBe(-997);
    expect(oomScoreAdj("BestEffort", 0, 16 * Gi)).toBe(1000);
    expect(oomScoreAdj("Burstable", 4 * Gi, 16 * Gi)).toBe(750);
  });

  it("keeps Burstable within [3, 999]: above Guaranteed, below BestEffort", () => {
    expect(oomScoreAdj("Burstable", 16 * Gi, 16 * Gi)).toBe(3);
    expect(oomScoreAdj("Burstable", 0, 16 * Gi)).toBe(999);
  });

  it("lets the kernel kill the biggest, least protected process first", () => {
    const hog = oomBadness(14 * Gi, 16 * Gi, oomScoreAdj("Burstable", Gi, 16 * Gi));
    const guaranteed = oomBadness(Gi, 16 * Gi, oomScoreAdj("Guaranteed", Gi, 16 * Gi));
    const bestEffort = oomBadness(Gi / 4, 16 * Gi, 1000);
    expect(hog).toBeGreaterThan(bestEffort);
    expect(bestEffort).toBeGreaterThan(guaranteed);
  });
});

describe("CPU under contention (cpu.shares, CFS quota)", () => {
  it("gives 1024 shares per requested core, and 2 to a BestEffort container", () => {
    expect(cpuShares(1000)).toBe(1024);
    expect(cpuShares(250)).toBe(256);
    expect(cpuShares(0)).toBe(2);
  });

  it("divides a busy node by shares: a 250m pod beside a 6-core one without limits gets about a third of a core", () => {
    const [hog, checkout] = cfsAllocation(8000, [
      { shares: cpuShares(6000), limitMilliCPU: null },
      { shares: cpuShares(250), limitMilliCPU: null },
    ]);
    expect(checkout).toBeCloseTo((8000 * 256) / (6144 + 256), 6);
    expect(hog).toBeGreaterThan(7000);
  });

  it("hands what a capped container leaves to the others", () => {
    const [hog, checkout] = cfsAllocation(8000, [
      { shares: cpuShares(2000), limitMilliCPU: 2000 },
      { shares: cpuShares(250), limitMilliCPU: null },
    ]);
    expect(hog).toBe(2000);
    expect(checkout).toBeCloseTo(6000, 6);
  });

  it("barely feels a BestEffort neighbour: its 2 shares against the others' requests", () => {
    const [, checkout] = cfsAllocation(8000, [
      { shares: cpuShares(0), limitMilliCPU: null },
      { shares: cpuShares(250), limitMilliCPU: null },
    ]);
    expect(checkout).toBeGreaterThan(7900);
  });
});
