/**
 * `apiserver_request_duration_seconds`, the kube-apiserver's request latency histogram, as plain data.
 * The real one is labelled by verb, group, version, resource, subresource, scope and component; the
 * simulation keeps one histogram per verb class (read-only or mutating, as the API call latency SLO
 * splits them). Quantiles are read as PromQL's histogram_quantile does.
 */

/**
 * The bucket upper bounds in seconds (requestLatencies in
 * staging/src/k8s.io/apiserver/pkg/endpoints/metrics/metrics.go), plus the implicit +Inf bucket.
 */
export const requestDurationBuckets: readonly number[] = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];

export type VerbClass = "read" | "mutating";

/** Read-only verbs as kube-apiserver counts them (nonMutatingRequestVerbs, server/filters/maxinflight.go). */
export function verbClass(verb: string): VerbClass {
  return verb === "get" || verb === "list" || verb === "watch" ? "read" : "mutating";
}

export interface LatencyHistogram {
  /** Observations per bucket, not cumulative; the last entry is the +Inf bucket. */
  readonly counts: number[];
  count: number;
  /** Seconds. */
  sum: number;
}

export function newLatencyHistogram(): LatencyHistogram {
  return { counts: new Array<number>(requestDurationBuckets.length + 1).fill(0), count: 0, sum: 0 };
}

/** A value lands in the first bucket whose upper bound is ≥ it (Prometheus buckets are `le`). */
export function observe(h: LatencyHistogram, seconds: number): void {
  let i = requestDurationBuckets.findIndex((upper) => seconds <= upper);
  if (i < 0) i = requestDurationBuckets.length;
  h.counts[i] = (h.counts[i] ?? 0) + 1;
  h.count++;
  h.sum += seconds;
}

/** The `_bucket` series: cumulative counts per upper bound, +Inf last. */
export function cumulativeBuckets(h: LatencyHistogram): { le: number; count: number }[] {
  let running = 0;
  return h.counts.map((c, i) => {
    running += c;
    return { le: requestDurationBuckets[i] ?? Number.POSITIVE_INFINITY, count: running };
  });
}

/** What was observed between an earlier copy of the histogram and now (PromQL increase()). */
export function since(now: LatencyHistogram, earlier: LatencyHistogram): LatencyHistogram {
  return {
    counts: now.counts.map((c, i) => c - (earlier.counts[i] ?? 0)),
    count: now.count - earlier.count,
    sum: now.sum - earlier.sum,
  };
}

/**
 * histogram_quantile (prometheus promql/quantile.go bucketQuantile): the rank q × count falls in
 * some bucket, and the value is interpolated linearly inside it, the lowest bucket starting at 0.
 * A rank in the +Inf bucket gives the highest finite bound. NaN with no observations; −Inf for
 * q < 0, +Inf for q > 1.
 */
export function quantile(h: LatencyHistogram, q: number): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const buckets = cumulativeBuckets(h);
  const observations = buckets.at(-1)?.count ?? 0;
  if (observations === 0) return Number.NaN;
  const rank = q * observations;
  const b = buckets.findIndex((bucket, i) => i === buckets.length - 1 || bucket.count >= rank);
  if (b === buckets.length - 1) return requestDurationBuckets.at(-1) as number;
  const below = b > 0 ? (buckets[b - 1] as { le: number; count: number }) : { le: 0, count: 0 };
  const bucket = buckets[b] as { le: number; count: number };
  return below.le + (bucket.le - below.le) * ((rank - below.count) / (bucket.count - below.count));
}
