/**
 * A token bucket in simulated time (client-go util/flowcontrol `NewTokenBucketRateLimiter`, used
 * with TryAccept by the node lifecycle controller's rate-limited timed queues).
 */
export interface TokenBucket {
  /** Tokens per second; 0 never accepts (client-go `NewFakeNeverRateLimiter`). */
  readonly qps: number;
  readonly burst: number;
  readonly tokens: number;
  readonly lastRefillMs: number;
}

/** A bucket starts full, so the first request passes at once. */
export function newTokenBucket(qps: number, burst: number, nowMs: number): TokenBucket {
  return { qps, burst, tokens: burst, lastRefillMs: nowMs };
}

function refill(bucket: TokenBucket, nowMs: number): TokenBucket {
  const elapsedMs = Math.max(0, nowMs - bucket.lastRefillMs);
  const tokens = Math.min(bucket.burst, bucket.tokens + (elapsedMs * bucket.qps) / 1000);
  return { ...bucket, tokens, lastRefillMs: nowMs };
}

export function tryAccept(bucket: TokenBucket, nowMs: number): { accepted: boolean; bucket: TokenBucket } {
  const filled = refill(bucket, nowMs);
  // A tolerance for float accumulation, so 0.1 qps × 10 000 ms is exactly one token.
  if (filled.qps > 0 && filled.tokens >= 1 - 1e-9) {
    return { accepted: true, bucket: { ...filled, tokens: Math.max(0, filled.tokens - 1) } };
  }
  return { accepted: false, bucket: filled };
}

/** The earliest time a request can pass, or `null` if never (qps 0). */
export function nextAcceptAtMs(bucket: TokenBucket, nowMs: number): number | null {
  const filled = refill(bucket, nowMs);
  if (filled.qps <= 0) return null;
  if (filled.tokens >= 1 - 1e-9) return nowMs;
  return nowMs + Math.ceil(((1 - filled.tokens) * 1000) / filled.qps);
}

/**
 * RateLimitedTimedQueue.SwapLimiter (pkg/controller/nodelifecycle/scheduler): a new rate gets a fresh
 * full bucket — drained at once if the old one had no token, so a swap never grants a free eviction.
 * The same rate keeps the bucket.
 */
export function withQps(bucket: TokenBucket, qps: number, nowMs: number): TokenBucket {
  const filled = refill(bucket, nowMs);
  if (filled.qps === qps) return filled;
  const oldHadToken = filled.qps > 0 && filled.tokens >= 1 - 1e-9;
  return { qps, burst: bucket.burst, tokens: oldHadToken ? bucket.burst : 0, lastRefillMs: nowMs };
}
