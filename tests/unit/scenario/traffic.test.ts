import { describe, expect, it } from "vitest";
import { demandAt, type TrafficCurve } from "../../../shared/sim/scenario/index.ts";

const curve: TrafficCurve = {
  service: "web",
  shape: "points",
  points: [
    { atMs: 1000, requestsPerSecond: 100 },
    { atMs: 3000, requestsPerSecond: 300 },
    { atMs: 3000, requestsPerSecond: 50 },
    { atMs: 5000, requestsPerSecond: 50 },
  ],
};

describe("demand follows the curve: linear between points, flat outside them", () => {
  it.each([
    [0, 100],
    [1000, 100],
    [2000, 200],
    [2999, 299.9],
    [3000, 50],
    [4000, 50],
    [99_000, 50],
  ])("at %i ms → %d requests/s", (atMs, rps) => {
    expect(demandAt(curve, atMs)).toBeCloseTo(rps, 9);
  });

  it("an empty curve asks for nothing", () => {
    expect(demandAt({ service: "web", shape: "points", points: [] }, 10)).toBe(0);
  });
});
