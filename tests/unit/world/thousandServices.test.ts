/**
 * Thousand Services (shared/scenarios/thousand-services.yaml): 1 200 Services on one pool of 400
 * pods, the nightly update rolling through the pool from 5:00 and the marketing spike at 8:00. In
 * iptables mode every pool change rewrites 1 200 chains of 400 endpoints (≈ 35 s), so the gateway's
 * new pods wait for their rules while the spike lands; nftables and IPVS keep up.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { KubeProxyMode } from "../../../shared/sim/network/kubeProxy.ts";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import { isSloSample, type SloSampleTrace, type WorldTraceRecord } from "../../../shared/sim/world/types.ts";
import { World } from "../../../shared/sim/world/world.ts";

const file = fileURLToPath(new URL("../../../shared/scenarios/thousand-services.yaml", import.meta.url));
const scenario = loadScenario(readFileSync(file, "utf8"));
const p99Limit = 100;
const spikeAt = 8 * 60_000;
const until = 12 * 60_000;

/** The gateway's samples of a round in which the operator switches kube-proxy to `mode` at `atMs`. */
function play(switchTo?: { mode: KubeProxyMode; atMs: number }): {
  gateway: SloSampleTrace[];
  trace: WorldTraceRecord[];
} {
  const trace: WorldTraceRecord[] = [];
  const world = new World(scenario, 1, { trace: (r) => trace.push(r) });
  if (switchTo !== undefined) {
    world.advanceTo(switchTo.atMs);
    expect(world.apply({ type: "setKubeProxyMode", mode: switchTo.mode })).toEqual({ accepted: true });
  }
  world.advanceTo(until);
  return { gateway: trace.filter(isSloSample).filter((r) => r.service === "gateway"), trace };
}

const breached = (s: SloSampleTrace) => s.p99Ms > p99Limit || s.availability < 0.999;

describe("Thousand Services", () => {
  it("in iptables mode the gateway breaches its p99 objective under the scripted spike, with kube-proxy syncing ≈ 35 s at a time", () => {
    const { gateway, trace } = play();
    const syncs = trace.filter((r) => r.kind === "kubeProxy.synced" && (r.durationMs as number) > 30_000);
    expect(syncs.length).toBeGreaterThan(5);
    const duringSpike = gateway.filter((s) => s.t >= spikeAt && s.t < spikeAt + 3 * 60_000);
    expect(duringSpike.filter((s) => s.p99Ms > p99Limit).length).toBeGreaterThan(30);
    // Before the update reaches the pool the rules keep up and the gateway is fast.
    expect(gateway.filter((s) => s.t > 60_000 && s.t < 5 * 60_000).every((s) => !breached(s))).toBe(true);
  }, 240_000);

  it("switched to nftables or IPVS before the evening, the gateway holds its objective through the update and the spike", () => {
    for (const mode of ["nftables", "ipvs"] as const) {
      const { gateway } = play({ mode, atMs: 30_000 });
      const evening = gateway.filter((s) => s.t >= 5 * 60_000);
      expect(evening.length).toBeGreaterThan(400);
      expect(evening.filter(breached)).toEqual([]);
    }
  }, 240_000);

  it("switched to IPVS in the middle of the breach, the gateway is back under 100 ms within two minutes", () => {
    const at = spikeAt + 20_000;
    const { gateway } = play({ mode: "ipvs", atMs: at });
    expect(gateway.some((s) => s.t > spikeAt && s.t <= at && breached(s))).toBe(true);
    const after = gateway.filter((s) => s.t >= at + 120_000);
    expect(after.length).toBeGreaterThan(60);
    expect(after.filter(breached)).toEqual([]);
  }, 240_000);

  it("switching to nftables at the peak costs a gap: kube-proxy deletes the iptables rules before its first full sync is written", () => {
    const at = spikeAt + 20_000;
    const { gateway } = play({ mode: "nftables", atMs: at });
    const gap = gateway.filter((s) => s.t > at && s.availability === 0);
    expect(gap.length).toBeGreaterThan(20);
    expect(gateway.filter((s) => s.t >= at + 3 * 60_000).filter(breached)).toEqual([]);
  }, 240_000);
});
