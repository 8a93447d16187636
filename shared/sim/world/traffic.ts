/**
 * Traffic on a Service, one game second at a time: demand split evenly over the ready endpoints
 * (kube-proxy picks one at random in iptables and nftables modes, round-robin in IPVS mode: even
 * either way),
 * each pod a single-server queue (M/M/1) whose service rate comes from its CPU request, and the
 * time kube-proxy's rules add to a new connection (shared/sim/network/kubeProxy.ts). Pure functions
 * of plain numbers.
 */

import { ln } from "../engine/math.ts";

/**
 * The utilisation above which a pod's queue is taken to overflow: what it cannot serve within it
 * fails (client time-outs, 503s). Not a documented constant: a game choice — M/M/1 latency grows
 * without bound as ρ → 1, and real servers shed or time out well before.
 */
export const maxUtilisation = 0.95;

/** What a client waits at most: a request slower than this failed. A game choice (a common client timeout). */
export const clientTimeoutMs = 30_000;

export interface Endpoint {
  /** Its node is up: a request sent to a dead node's pod times out. */
  readonly up: boolean;
  /** Requests per second it can serve (its μ). */
  readonly capacityRps: number;
}

export interface ServiceSecond {
  readonly demandRps: number;
  readonly servedRps: number;
  readonly failedRps: number;
  /** servedRps / demandRps (1 with no demand). */
  readonly availability: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Mean utilisation of the endpoints that served (ρ), for the HPA's CPU metric. */
  readonly utilisation: number;
}

/** M/M/1 sojourn time is exponential with rate μ − λ: its q-quantile is −ln(1 − q)/(μ − λ). */
export function sojournQuantileMs(lambda: number, mu: number, q: number): number {
  return (-ln(1 - q) / (mu - lambda)) * 1000;
}

/** One game second of a Service. */
export function serviceSecond(
  demandRps: number,
  endpoints: readonly Endpoint[],
  baseLatencyMs: number,
  proxyLatencyMs: number,
): ServiceSecond {
  if (demandRps <= 0) {
    return {
      demandRps: 0,
      servedRps: 0,
      failedRps: 0,
      availability: 1,
      p50Ms: baseLatencyMs + proxyLatencyMs,
      p99Ms: baseLatencyMs + proxyLatencyMs,
      utilisation: 0,
    };
  }
  if (endpoints.length === 0) {
    // No endpoints: connection refused for every request.
    return {
      demandRps,
      servedRps: 0,
      failedRps: demandRps,
      availability: 0,
      p50Ms: clientTimeoutMs,
      p99Ms: clientTimeoutMs,
      utilisation: 0,
    };
  }
  const share = demandRps / endpoints.length;
  let served = 0;
  let p50 = 0;
  let p99 = 0;
  let utilisation = 0;
  let serving = 0;
  for (const e of endpoints) {
    if (!e.up || e.capacityRps <= 0) continue;
    const lambda = Math.min(share, maxUtilisation * e.capacityRps);
    served += lambda;
    serving++;
    utilisation += lambda / e.capacityRps;
    p50 = Math.max(p50, sojournQuantileMs(lambda, e.capacityRps, 0.5));
    p99 = Math.max(p99, sojournQuantileMs(lambda, e.capacityRps, 0.99));
  }
  const fixed = baseLatencyMs + proxyLatencyMs;
  const failedShare = (demandRps - served) / demandRps;
  // Failed requests waited for the client's timeout: once more than 1 % (50 %) fail, the p99 (p50) is that.
  const quantile = (q: number, queued: number) =>
    serving === 0 || failedShare > 1 - q ? clientTimeoutMs : Math.min(clientTimeoutMs, fixed + queued);
  return {
    demandRps,
    servedRps: served,
    failedRps: demandRps - served,
    availability: served / demandRps,
    p50Ms: quantile(0.5, p50),
    p99Ms: quantile(0.99, p99),
    utilisation: serving === 0 ? 0 : utilisation / serving,
  };
}
