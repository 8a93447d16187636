import type { Rate } from "./limits.ts";

/** Keys beyond this many are pruned of full buckets, so a spray of addresses cannot grow the map without bound. */
const PRUNE_ABOVE = 10_000;

/**
 * Token buckets by key (a client address, or one key for the whole server), on the wall clock:
 * `burst` requests at once, then `perMinute` a minute. A key absent from the map has a full bucket.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly rate: Rate;
  private readonly now: () => number;

  constructor(rate: Rate, now: () => number = () => performance.now()) {
    this.rate = rate;
    this.now = now;
  }

  /** Seconds until `key` may make a request (0: now), without taking a token. */
  wait(key: string): number {
    const tokens = this.tokens(key);
    if (tokens >= 1) return 0;
    return Math.ceil(((1 - tokens) * 60) / this.rate.perMinute);
  }

  /** Takes one of `key`'s tokens (call after `wait` said 0). */
  take(key: string): void {
    const tokens = this.tokens(key);
    this.buckets.set(key, { tokens: Math.max(0, tokens - 1), at: this.now() });
    if (this.buckets.size > PRUNE_ABOVE) this.prune();
  }

  private tokens(key: string): number {
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return this.rate.burst;
    const refilled = ((this.now() - bucket.at) / 60_000) * this.rate.perMinute;
    return Math.min(this.rate.burst, bucket.tokens + refilled);
  }

  private prune(): void {
    for (const key of [...this.buckets.keys()])
      if (this.tokens(key) >= this.rate.burst) this.buckets.delete(key);
  }
}
