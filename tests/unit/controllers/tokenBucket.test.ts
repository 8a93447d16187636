import { describe, expect, it } from "vitest";
import { newTokenBucket, nextAcceptAtMs, tryAccept, withQps } from "../../../shared/sim/controllers/index.ts";

describe("eviction token bucket (burst 1)", () => {
  it.each([
    { qps: 0.1, accepts: [0, 10_000, 20_000] },
    { qps: 0.01, accepts: [0, 100_000] },
    { qps: 0, accepts: [] },
  ])("at $qps/s, requests every second pass at $accepts", ({ qps, accepts }) => {
    let bucket = newTokenBucket(qps, 1, 0);
    const passed: number[] = [];
    for (let t = 0; t <= 120_000 && passed.length < 3; t += 1_000) {
      const r = tryAccept(bucket, t);
      bucket = r.bucket;
      if (r.accepted) passed.push(t);
    }
    expect(passed).toEqual(accepts);
  });

  it("next accept time follows the rate", () => {
    const spent = tryAccept(newTokenBucket(0.1, 1, 0), 0).bucket;
    expect(nextAcceptAtMs(spent, 4_000)).toBe(10_000);
    expect(nextAcceptAtMs(newTokenBucket(0, 1, 0), 0)).toBeNull();
  });

  it.each([
    { name: "an empty bucket swapped to a new rate stays empty", spend: true, acceptsAtOnce: false },
    { name: "a full bucket swapped to a new rate stays full", spend: false, acceptsAtOnce: true },
  ])("$name (SwapLimiter)", ({ spend, acceptsAtOnce }) => {
    let bucket = newTokenBucket(0.1, 1, 0);
    if (spend) bucket = tryAccept(bucket, 0).bucket;
    const swapped = withQps(bucket, 0.01, 1_000);
    expect(tryAccept(swapped, 1_000).accepted).toBe(acceptsAtOnce);
  });
});
