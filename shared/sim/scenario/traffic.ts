import type { TrafficCurve } from "./types.ts";

/**
 * Requests per second a curve asks of its service at simulated time `atMs`: linear between
 * points, the first point's value before it and the last one's after it.
 */
export function demandAt(curve: TrafficCurve, atMs: number): number {
  const { points } = curve;
  const first = points[0];
  if (first === undefined) return 0;
  if (atMs <= first.atMs) return first.requestsPerSecond;
  for (let i = 1; i < points.length; i++) {
    const after = points[i]!;
    if (atMs < after.atMs) {
      const before = points[i - 1]!;
      const progress = (atMs - before.atMs) / (after.atMs - before.atMs);
      return before.requestsPerSecond + (after.requestsPerSecond - before.requestsPerSecond) * progress;
    }
  }
  return points[points.length - 1]!.requestsPerSecond;
}
