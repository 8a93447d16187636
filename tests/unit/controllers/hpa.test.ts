import { describe, expect, it } from "vitest";
import {
  cpuSampleUnready,
  defaultBehavior,
  type HpaSpec,
  type HpaState,
  hpaSyncPeriodMs,
  initialHpaState,
  type MetricPod,
  proposeReplicas,
  syncHpa,
} from "../../../shared/sim/controllers/index.ts";

const spec: HpaSpec = { minReplicas: 1, maxReplicas: 100, target: 50, behavior: defaultBehavior };

const pods = (n: number, value: number | null, over: Partial<MetricPod> = {}): MetricPod[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `p${i}`,
    phase: "Running" as const,
    deleting: false,
    unready: false,
    value,
    ...over,
  }));

/** Runs the HPA every 15 s with `utilization(t)` on every pod; returns the replicas after each sync. */
function run(startReplicas: number, utilization: (t: number) => number, syncs: number, hpa: HpaSpec = spec) {
  let replicas = startReplicas;
  let state: HpaState = initialHpaState;
  const history: number[] = [];
  for (let i = 1; i <= syncs; i++) {
    const t = i * hpaSyncPeriodMs;
    const sync = syncHpa(hpa, state, replicas, pods(replicas, utilization(t)), t);
    state = sync.state;
    replicas = sync.desiredReplicas;
    history.push(replicas);
  }
  return history;
}

describe("HPA: desired = ceil(current × metric / target)", () => {
  it("4 replicas at 2× the target go to 8 in one 15 s period", () => {
    expect(syncHpa(spec, initialHpaState, 4, pods(4, 100), 15_000).desiredReplicas).toBe(8);
  });

  it.each([
    { name: "ratio 1.08 is within the 0.1 tolerance", current: 10, value: 54, desired: 10 },
    { name: "ratio 0.92 is within the tolerance", current: 10, value: 46, desired: 10 },
    // In float64, as in Go, |1 − 55/50| is 0.10000000000000009 > 0.1: the boundary itself scales.
    { name: "ratio exactly 1.1 is just outside it (float64)", current: 10, value: 55, desired: 11 },
    { name: "ratio 1.12 scales up", current: 10, value: 56, desired: 12 },
    { name: "ratio 0.5 halves", current: 10, value: 25, desired: 5 },
  ])("$name", ({ current, value, desired }) => {
    const proposal = proposeReplicas(current, 50, pods(current, value));
    expect(proposal.kind === "replicas" && proposal.replicas).toBe(desired);
  });
});

describe("scale-up policies: max of +100 % and +4 pods per 15 s", () => {
  it.each([
    { from: 1, ratio: 20, next: 5 }, // +4 pods beats +100 %
    { from: 4, ratio: 10, next: 8 }, // both allow 8
    { from: 10, ratio: 10, next: 20 }, // +100 % beats +4
  ])("$from replicas at $ratio× target → $next after one sync", ({ from, ratio, next }) => {
    expect(syncHpa(spec, initialHpaState, from, pods(from, 50 * ratio), 15_000).desiredReplicas).toBe(next);
  });

  it("a sustained 10× load doubles every period until maxReplicas", () => {
    expect(run(4, () => 500, 5, { ...spec, maxReplicas: 40 })).toEqual([8, 16, 32, 40, 40]);
  });
});

describe("scale-down stabilization: the highest recommendation of the last 300 s", () => {
  it("load drops at 60 s: replicas held until the 10-replica recommendations leave the window", () => {
    // 10 replicas at target, then demand for 2 pods' worth from t = 60 s.
    const history = run(10, (t) => (t < 60_000 ? 50 : 10), 30);
    const heldUntil = history.findIndex((r) => r < 10);
    // The last 10-replica recommendation was at 45 s; at 345 s it is 300 s old and out of the window
    // (horizontal.go keeps recommendations with timestamp.After(now − window)).
    expect(history.slice(0, heldUntil).every((r) => r === 10)).toBe(true);
    expect((heldUntil + 1) * hpaSyncPeriodMs).toBe(345_000);
    expect(history[heldUntil]).toBe(2);
  });

  it("minReplicas bounds a scale-down", () => {
    const sync = syncHpa({ ...spec, minReplicas: 3 }, initialHpaState, 10, pods(10, 1), 15_000);
    expect(sync.desiredReplicas).toBe(3);
  });
});

describe("missing metrics and not-ready pods (HPA algorithm details)", () => {
  it("scale-up: missing pods count as 0 and can cancel it", () => {
    // 2 ready pods at 60 (ratio 1.2); 2 missing count as 0 → ratio 0.6: direction flips, no change.
    const input = [...pods(2, 60), ...pods(2, null).map((p, i) => ({ ...p, name: `m${i}` }))];
    expect(proposeReplicas(4, 50, input)).toMatchObject({ kind: "replicas", replicas: 4 });
  });

  it.each([
    // 2 ready at 10 (ratio 0.2); 2 missing count as max(100 %, target) of their request → average 55 %:
    // the direction flips, so no change.
    { kind: "utilization" as const, replicas: 4 },
    // Plain metrics: missing pods count as the target → ratio 0.6 over 4 pods → 3.
    { kind: "value" as const, replicas: 3 },
  ])("scale-down ($kind): missing pods are assumed busy, damping it", ({ kind, replicas }) => {
    const input = [...pods(2, 10), ...pods(2, null).map((p, i) => ({ ...p, name: `m${i}` }))];
    expect(proposeReplicas(4, 50, input, 0.1, kind)).toMatchObject({ kind: "replicas", replicas });
  });

  it("utilization is truncated to a whole percent before the ratio", () => {
    // 10 pods averaging 54.9 % → 54 % → ratio 1.08: within the tolerance.
    const input = pods(10, 54.9);
    expect(proposeReplicas(10, 50, input)).toMatchObject({ replicas: 10 });
    expect(proposeReplicas(10, 50, input, 0.1, "value")).toMatchObject({ replicas: 10 });
    expect(proposeReplicas(10, 50, pods(10, 55.9), 0.1, "value")).toMatchObject({ replicas: 12 });
    expect(proposeReplicas(10, 50, pods(10, 55.9))).toMatchObject({ replicas: 11 });
  });

  it("scale-up: not-ready pods count as 0", () => {
    // 2 ready at 150 (ratio 3); 2 not-ready at 0 → ratio 1.5 over 4 pods → 6.
    const input = [
      ...pods(2, 150),
      ...pods(2, 200, { unready: true }).map((p, i) => ({ ...p, name: `u${i}` })),
    ];
    expect(proposeReplicas(4, 50, input)).toMatchObject({ kind: "replicas", replicas: 6 });
  });

  it("failed and deleting pods are ignored; no ready metrics means no decision", () => {
    expect(proposeReplicas(3, 50, pods(3, 100, { phase: "Failed" }))).toEqual({ kind: "noMetrics" });
    expect(syncHpa(spec, initialHpaState, 3, pods(3, null, { deleting: true }), 15_000)).toMatchObject({
      desiredReplicas: 3,
      reason: "NoMetrics",
    });
  });

  it("a target scaled to 0 with minReplicas > 0 disables autoscaling", () => {
    expect(syncHpa(spec, initialHpaState, 0, [], 15_000).reason).toBe("ScalingDisabled");
  });
});

describe("custom behavior: policies limit the rate, selectPolicy picks among them", () => {
  const slowDown: HpaSpec = {
    ...spec,
    behavior: {
      scaleUp: defaultBehavior.scaleUp,
      scaleDown: {
        stabilizationWindowSeconds: 0,
        selectPolicy: "Max",
        policies: [{ type: "Pods", value: 1, periodSeconds: 60 }],
      },
    },
  };

  it("scale-down of 1 pod per 60 s removes one pod a minute", () => {
    // Demand for 2 pods' worth: without the policy 10 → 2 at once.
    expect(run(10, () => 10, 12, slowDown)).toEqual([9, 9, 9, 9, 8, 8, 8, 8, 7, 7, 7, 7]);
  });

  it("selectPolicy Min picks the smaller of +100 % and +4 pods", () => {
    const minUp: HpaSpec = {
      ...spec,
      behavior: { ...defaultBehavior, scaleUp: { ...defaultBehavior.scaleUp, selectPolicy: "Min" } },
    };
    expect(syncHpa(minUp, initialHpaState, 10, pods(10, 500), 15_000).desiredReplicas).toBe(14);
  });

  it("selectPolicy Disabled never scales that way", () => {
    const noDown: HpaSpec = {
      ...spec,
      behavior: {
        ...defaultBehavior,
        scaleDown: { ...defaultBehavior.scaleDown, stabilizationWindowSeconds: 0, selectPolicy: "Disabled" },
      },
    };
    expect(syncHpa(noDown, initialHpaState, 10, pods(10, 5), 15_000).desiredReplicas).toBe(10);
  });
});

describe("CPU samples of starting pods are set aside (cpu-initialization-period 5 min, readiness delay 30 s)", () => {
  const now = 1_000_000;
  it.each([
    { name: "no Ready condition", started: now - 10_000, ready: null, sampleAt: now, unready: true },
    {
      name: "young and not ready",
      started: now - 60_000,
      ready: { ready: false, lastTransitionMs: now - 60_000 },
      sampleAt: now,
      unready: true,
    },
    {
      name: "young, ready, sample older than one window after ready",
      started: now - 60_000,
      ready: { ready: true, lastTransitionMs: now - 20_000 },
      sampleAt: now,
      unready: true,
    },
    {
      name: "young, ready, sample covers a window after ready",
      started: now - 120_000,
      ready: { ready: true, lastTransitionMs: now - 90_000 },
      sampleAt: now,
      unready: false,
    },
    {
      name: "old, not ready, never was ready",
      started: now - 600_000,
      ready: { ready: false, lastTransitionMs: now - 590_000 },
      sampleAt: now,
      unready: true,
    },
    {
      name: "old, not ready, was ready before (a real failure: counted)",
      started: now - 600_000,
      ready: { ready: false, lastTransitionMs: now - 60_000 },
      sampleAt: now,
      unready: false,
    },
    {
      name: "old and ready",
      started: now - 600_000,
      ready: { ready: true, lastTransitionMs: now - 500_000 },
      sampleAt: now,
      unready: false,
    },
  ])("$name → unready $unready", ({ started, ready, sampleAt, unready }) => {
    const context = {
      podStartedAtMs: started,
      readyCondition: ready,
      sampleTimestampMs: sampleAt,
      sampleWindowMs: 30_000,
    };
    expect(cpuSampleUnready(context, now)).toBe(unready);
  });
});
