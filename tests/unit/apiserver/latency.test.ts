import { describe, expect, it } from "vitest";
import {
  cumulativeBuckets,
  newLatencyHistogram,
  observe,
  quantile,
  requestDurationBuckets,
  since,
  verbClass,
} from "../../../shared/sim/apiserver/latency.ts";

function histogram(values: number[]) {
  const h = newLatencyHistogram();
  for (const v of values) observe(h, v);
  return h;
}
const times = (n: number, v: number) => new Array<number>(n).fill(v);

describe("apiserver_request_duration_seconds", () => {
  it("has kube-apiserver's bucket bounds", () => {
    expect(requestDurationBuckets).toEqual([
      0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
    ]);
  });

  it("counts a value in the first bucket whose bound is ≥ it (le), beyond 60 s in +Inf", () => {
    const h = histogram([0.005, 0.0051, 60, 61]);
    const buckets = cumulativeBuckets(h);
    expect(buckets[0]).toEqual({ le: 0.005, count: 1 });
    expect(buckets[1]).toEqual({ le: 0.025, count: 2 });
    expect(buckets.at(-2)).toEqual({ le: 60, count: 3 });
    expect(buckets.at(-1)).toEqual({ le: Number.POSITIVE_INFINITY, count: 4 });
    expect(h.count).toBe(4);
    expect(h.sum).toBeCloseTo(121.0101, 10);
  });

  it.each([
    // 50 at 10 ms in (0.005, 0.025], 50 at 300 ms in (0.2, 0.4].
    { q: 0.25, expected: 0.005 + 0.02 * (25 / 50) },
    { q: 0.5, expected: 0.025 },
    { q: 0.9, expected: 0.2 + 0.2 * (40 / 50) },
    { q: 0.99, expected: 0.2 + 0.2 * (49 / 50) },
    { q: 1, expected: 0.4 },
  ])("histogram_quantile($q) interpolates linearly inside the bucket: $expected", ({ q, expected }) => {
    expect(quantile(histogram([...times(50, 0.01), ...times(50, 0.3)]), q)).toBeCloseTo(expected, 12);
  });

  it("the lowest bucket starts at 0; the +Inf bucket answers the highest finite bound", () => {
    expect(quantile(histogram(times(4, 0.001)), 0.5)).toBeCloseTo(0.0025, 12);
    expect(quantile(histogram([...times(9, 1.1), 100]), 0.99)).toBe(60);
  });

  it("edge cases follow PromQL: NaN when empty, ±Inf outside [0, 1]", () => {
    expect(quantile(newLatencyHistogram(), 0.5)).toBeNaN();
    expect(quantile(histogram([1]), -0.1)).toBe(Number.NEGATIVE_INFINITY);
    expect(quantile(histogram([1]), 1.1)).toBe(Number.POSITIVE_INFINITY);
    expect(quantile(histogram([1]), Number.NaN)).toBeNaN();
  });

  it("a window is the difference of two readings, as increase() makes it", () => {
    const h = histogram(times(100, 0.01));
    const earlier = structuredClone(h);
    for (const v of times(10, 3.5)) observe(h, v);
    const window = since(h, earlier);
    expect(window.count).toBe(10);
    expect(window.sum).toBeCloseTo(35, 9);
    // All ten in (3, 4]: the median sits halfway.
    expect(quantile(window, 0.5)).toBeCloseTo(3.5, 12);
    expect(quantile(h, 0.5)).toBeCloseTo(0.005 + 0.02 * (55 / 100), 12);
  });

  it.each([
    ["get", "read"],
    ["list", "read"],
    ["watch", "read"],
    ["create", "mutating"],
    ["update", "mutating"],
    ["patch", "mutating"],
    ["delete", "mutating"],
  ])("%s is a %s verb", (verb, cls) => {
    expect(verbClass(verb)).toBe(cls);
  });
});
