import { describe, expect, it } from "vitest";
import { isLeaseHeld, nextLeaseAttemptMs } from "../../../shared/sim/kubelet/index.ts";

describe("node lease: renewed every 10 s, held for 40 s", () => {
  it.each([
    { failuresInRow: 0, next: 10_000 },
    { failuresInRow: 1, next: 200 },
    { failuresInRow: 2, next: 400 },
    { failuresInRow: 6, next: 6_400 },
    { failuresInRow: 7, next: 7_000 },
    { failuresInRow: 20, next: 7_000 },
  ])("after $failuresInRow failures the next attempt is in $next ms", ({ failuresInRow, next }) => {
    expect(nextLeaseAttemptMs(0, failuresInRow)).toBe(next);
  });

  it.each([
    { age: 40_000, held: true },
    { age: 40_001, held: false },
  ])("a lease renewed $age ms ago is held: $held", ({ age, held }) => {
    expect(isLeaseHeld(0, age)).toBe(held);
  });
});
