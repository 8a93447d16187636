/**
 * Traffic on the World: the queueing model's closed forms, kube-proxy's cost, and what players
 * see — requests to a dead node's pods failing until its endpoints are pulled, the objective
 * breached and recovered, the HPA scaling on the launch-day ramp.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import {
  clientTimeoutMs,
  maxUtilisation,
  serviceSecond,
  sojournQuantileMs,
} from "../../../shared/sim/world/traffic.ts";
import type { WorldTraceRecord } from "../../../shared/sim/world/types.ts";
import { World } from "../../../shared/sim/world/world.ts";

const folder = fileURLToPath(new URL("../../../shared/scenarios/", import.meta.url));
const scenario = (name: string) => loadScenario(readFileSync(`${folder}${name}.yaml`, "utf8"));
const up = (capacityRps: number) => ({ up: true, capacityRps });

describe("the queueing model", () => {
  it("gives M/M/1's exponential sojourn quantiles: −ln(1 − q)/(μ − λ)", () => {
    expect(sojournQuantileMs(50, 100, 0.5)).toBeCloseTo((Math.LN2 / 50) * 1000, 9);
    expect(sojournQuantileMs(50, 100, 0.99)).toBeCloseTo((Math.log(100) / 50) * 1000, 9);
    // Two pods of 100 rps at 100 rps in all: each at ρ = 0.5.
    const s = serviceSecond(100, [up(100), up(100)], 20, 0);
    expect(s.availability).toBe(1);
    expect(s.utilisation).toBeCloseTo(0.5, 12);
    expect(s.p99Ms).toBeCloseTo(20 + (Math.log(100) / 50) * 1000, 9);
  });

  it("sheds what a pod cannot serve above the maximum utilisation", () => {
    const s = serviceSecond(300, [up(100), up(100)], 20, 0);
    expect(s.servedRps).toBeCloseTo(2 * maxUtilisation * 100, 9);
    expect(s.availability).toBeCloseTo((2 * maxUtilisation * 100) / 300, 9);
    // More than 1 % failing: the p99 is the client's timeout.
    expect(s.p99Ms).toBe(clientTimeoutMs);
  });

  it("fails the share sent to pods on dead nodes, and everything with no endpoints", () => {
    const s = serviceSecond(100, [up(1000), { up: false, capacityRps: 1000 }], 10, 0);
    expect(s.availability).toBeCloseTo(0.5, 12);
    expect(serviceSecond(100, [], 10, 0)).toMatchObject({
      availability: 0,
      failedRps: 100,
      p99Ms: clientTimeoutMs,
    });
    expect(serviceSecond(0, [], 10, 0).availability).toBe(1);
  });
});

describe("traffic on the World", () => {
  it("zone-down: requests to the dead zone fail until its endpoints go; the survivors cannot hold the rest", () => {
    const trace: WorldTraceRecord[] = [];
    const s = scenario("zone-down");
    const world = new World(s, 1, { trace: (r) => trace.push(r) });
    world.advanceTo(s.timeLimitMs);
    const web = trace.filter((r) => r.kind === "slo.sample" && r.service === "web");
    const kill = s.faults[0]?.atMs ?? 0;
    const before = web.filter((r) => r.t < kill);
    expect(before.every((r) => r.availability === 1)).toBe(true);
    // Between the kills and the node lifecycle controller marking the pods not ready.
    const dip = web.filter((r) => r.t > kill && r.t < kill + 60_000);
    expect(Math.min(...dip.map((r) => r.availability as number))).toBeLessThan(0.8);
    // Once the lost zone's endpoints are gone, two zones' web pods serve most of it, not all:
    // their replacements fit nowhere while the analytics jobs hold the room.
    const after = web.filter((r) => r.t > kill + 120_000);
    expect(Math.max(...after.map((r) => r.availability as number))).toBeLessThan(0.995);
    expect(Math.min(...after.map((r) => r.availability as number))).toBeGreaterThan(0.8);
    expect(world.podList().filter((p) => p.nodeName === "").length).toBeGreaterThan(0);
    const status = world.objectiveStatus();
    expect(status.breached).toBe(true);
    expect(status.recoveredAtMs).toBeNull();
  });

  it("launch-day: the HPA scales the storefront up, within its limits, as the ramp arrives", () => {
    const trace: WorldTraceRecord[] = [];
    const s = scenario("launch-day");
    const world = new World({ ...s, faults: [] }, 1, { trace: (r) => trace.push(r) });
    world.advanceTo(8 * 60_000);
    const rescales = trace.filter((r) => r.kind === "hpa.rescale" && r.hpa === "storefront");
    expect(rescales.length).toBeGreaterThan(0);
    expect((rescales[0]?.to as number) > (rescales[0]?.from as number)).toBe(true);
    // The HPA controller runs every 15 s.
    for (const r of rescales) expect(r.t % 15_000).toBe(0);
    expect(Math.max(...rescales.map((r) => r.to as number))).toBeLessThanOrEqual(120);
  });

  it("a traffic spike multiplies a Service's demand for its duration", () => {
    const s = scenario("zone-down");
    const world = new World({ ...s, faults: [] }, 2);
    world.advanceTo(60_000);
    const base = world.sloSamples("web").at(-1)?.demandRps ?? 0;
    world.inject({ kind: "trafficSpike", service: "web", multiplier: 3 });
    world.advanceTo(65_000);
    expect(world.sloSamples("web").at(-1)?.demandRps).toBeCloseTo(3 * base, 6);
  });
});

describe("the HPA on the World", () => {
  it("at 4 replicas and twice its CPU target goes to 8 in one 15 s period", () => {
    const launch = scenario("launch-day");
    const storefront = launch.cluster.deployments.find((d) => d.name === "storefront");
    const hpa = launch.cluster.horizontalPodAutoscalers.find((h) => h.deployment === "storefront");
    if (storefront === undefined || hpa === undefined) throw new Error("launch-day lost its storefront");
    const request = (storefront.template.containers[0]?.requests.milliCPU ?? 0) / 1000;
    // Every pod at 2 × 70 % of its CPU request.
    const rps = 4 * 2 * hpa.targetCPUUtilization * request * storefront.behaviour.requestsPerCore;
    const s = {
      ...launch,
      faults: [],
      traffic: [
        { service: "storefront", shape: "steady" as const, points: [{ atMs: 0, requestsPerSecond: rps }] },
      ],
      cluster: {
        ...launch.cluster,
        deployments: [{ ...storefront, replicas: 4 }],
        horizontalPodAutoscalers: [{ ...hpa, minReplicas: 4 }],
        services: launch.cluster.services.filter((sv) => sv.name === "storefront"),
      },
    };
    const trace: WorldTraceRecord[] = [];
    const world = new World(s, 1, { trace: (r) => trace.push(r) });
    world.advanceTo(16_000);
    expect(trace.filter((r) => r.kind === "hpa.rescale")).toEqual([
      expect.objectContaining({ t: 15_000, from: 4, to: 8 }),
    ]);
  });
});
