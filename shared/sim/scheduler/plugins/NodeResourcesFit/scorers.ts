/**
 * The resource scoring strategies of NodeResourcesFit (least_allocated.go, most_allocated.go,
 * requested_to_capacity_ratio.go) and BalancedAllocation's scorer (balanced_allocation.go).
 * Each takes per-resource requested and allocatable amounts; a resource with allocatable 0 is
 * skipped.
 */
import type { ResourceWeight, UtilizationShapePoint } from "../../types.ts";
import { maxNodeScore } from "../helper.ts";

export type ResourceScorer = (requested: readonly number[], allocatable: readonly number[]) => number;

// config.MaxCustomPriorityScore: the shape's scores are 0–10, scaled to MaxNodeScore.
const maxCustomPriorityScore = 10;
// requested_to_capacity_ratio.go: maxUtilization.
const maxUtilization = 100;

/** Go's integer division truncates toward zero. */
function div(a: number, b: number): number {
  return Math.trunc(a / b);
}

export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) return 0;
  return div((capacity - requested) * maxNodeScore, capacity);
}

export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  // Pods without requests count the non-zero defaults, so requested may exceed capacity.
  const used = Math.min(requested, capacity);
  return div(used * maxNodeScore, capacity);
}

function weightedAverage(
  resources: readonly ResourceWeight[],
  perResource: (requested: number, capacity: number) => number,
): ResourceScorer {
  const weights = resources.map((r) => r.weight);
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = weights[i] ?? 0;
      nodeScore += perResource(requested[i] as number, allocatable[i] as number) * weight;
      weightSum += weight;
    }
    return weightSum === 0 ? 0 : div(nodeScore, weightSum);
  };
}

export function leastAllocatedScorer(resources: readonly ResourceWeight[]): ResourceScorer {
  return weightedAverage(resources, leastRequestedScore);
}

export function mostAllocatedScorer(resources: readonly ResourceWeight[]): ResourceScorer {
  return weightedAverage(resources, mostRequestedScore);
}

/** helper.BuildBrokenLinearFunction over (utilization, score) points. */
export function brokenLinearFunction(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      const point = shape[i] as UtilizationShapePoint;
      if (p <= point.utilization) {
        if (i === 0) return point.score;
        const prev = shape[i - 1] as UtilizationShapePoint;
        return (
          prev.score +
          div((point.score - prev.score) * (p - prev.utilization), point.utilization - prev.utilization)
        );
      }
    }
    return (shape[shape.length - 1] as UtilizationShapePoint).score;
  };
}

export function requestedToCapacityRatioScorer(
  resources: readonly ResourceWeight[],
  shape: readonly UtilizationShapePoint[],
): ResourceScorer {
  const scaled = shape.map((p) => ({
    utilization: p.utilization,
    score: p.score * div(maxNodeScore, maxCustomPriorityScore),
  }));
  const raw = brokenLinearFunction(scaled);
  const resourceScore = (requested: number, capacity: number) => {
    if (capacity === 0 || requested > capacity) return raw(maxUtilization);
    return raw(div(requested * maxUtilization, capacity));
  };
  const weights = resources.map((r) => r.weight);
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = weights[i] ?? 0;
      const score = resourceScore(requested[i] as number, allocatable[i] as number);
      // Only resources with a positive score take part in the average.
      if (score > 0) {
        nodeScore += score * weight;
        weightSum += weight;
      }
    }
    if (weightSum === 0) return 0;
    return goRound(nodeScore / weightSum);
  };
}

/** math.Round: half away from zero. */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** balancedResourceScorer: (1 − std of the utilization fractions) × 100, truncated. */
export function balancedResourceScorer(requested: readonly number[], allocatable: readonly number[]): number {
  // Two passes instead of a list of fractions: this runs for every scored node.
  let count = 0;
  let total = 0;
  let first = 0;
  let second = 0;
  for (let i = 0; i < requested.length; i++) {
    const fraction = utilization(requested, allocatable, i);
    if (fraction < 0) continue;
    if (count === 0) first = fraction;
    else if (count === 1) second = fraction;
    total += fraction;
    count++;
  }
  let std = 0;
  if (count === 2) {
    std = Math.abs((first - second) / 2);
  } else if (count > 2) {
    const mean = total / count;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      const fraction = utilization(requested, allocatable, i);
      if (fraction >= 0) sum += (fraction - mean) * (fraction - mean);
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * maxNodeScore);
}

/** requested/allocatable capped at 1, or −1 for a resource the node does not offer. */
function utilization(requested: readonly number[], allocatable: readonly number[], i: number): number {
  const alloc = allocatable[i] as number;
  if (alloc === 0) return -1;
  return Math.min((requested[i] as number) / alloc, 1);
}
