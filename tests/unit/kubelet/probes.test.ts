import { describe, expect, it } from "vitest";
import {
  activeProbes,
  type ContainerProbes,
  containerReady,
  defaultProbeSpec,
  nextProbeAtMs,
  type ProbeAnswer,
  type ProbeKind,
  type ProbeStep,
  startContainerProbes,
  stepProbe,
} from "../../../shared/sim/kubelet/index.ts";

type Behaviour = (kind: ProbeKind, atMs: number) => ProbeAnswer;

const healthy: ProbeAnswer = { kind: "answered", healthy: true, latencyMs: 5 };
const failing: ProbeAnswer = { kind: "answered", healthy: false, latencyMs: 5 };
const hung: ProbeAnswer = { kind: "noAnswer" };

/** Drives the probes until `untilMs` or the first restart; returns the steps with their probe kind. */
function drive(probes: ContainerProbes, behaviour: Behaviour, untilMs: number) {
  const steps: (ProbeStep & { kind: ProbeKind; atMs: number })[] = [];
  let current = probes;
  for (;;) {
    const due = nextProbeAtMs(current);
    if (due === null || due > untilMs) break;
    const kind = activeProbes(current).find((p) => p.nextProbeAtMs === due)!.kind;
    const step = stepProbe(current, kind, behaviour(kind, due));
    steps.push({ ...step, kind, atMs: due });
    current = step.probes;
    if (step.action.kind === "restartContainer") break;
  }
  return { steps, probes: current };
}

describe("liveness: failureThreshold 3 × periodSeconds 10 → restart", () => {
  it("a container that hangs at 25 s is restarted ≈ 30 s later (3 probes, 1 s timeout each)", () => {
    const probes = startContainerProbes({ liveness: defaultProbeSpec }, 0);
    const { steps } = drive(probes, (_k, at) => (at < 25_000 ? healthy : hung), 600_000);
    const restart = steps.at(-1)!;
    expect(restart.action).toEqual({ kind: "restartContainer", reason: "LivenessProbeFailed" });
    // Probes at 30, 40, 50 s fail; the third times out at 51 s.
    expect(restart.observedAtMs).toBe(51_000);
    expect(restart.observedAtMs - 25_000).toBeGreaterThanOrEqual(21_000);
    expect(restart.observedAtMs - 25_000).toBeLessThanOrEqual(31_000);
  });

  it.each([
    {
      name: "two failures then a success do not restart",
      pattern: [false, false, true, false, false],
      restarts: false,
    },
    { name: "three failures in a row restart", pattern: [true, false, false, false], restarts: true },
  ])("$name", ({ pattern, restarts }) => {
    const probes = startContainerProbes({ liveness: defaultProbeSpec }, 0);
    const { steps } = drive(probes, (_k, at) => ((pattern[at / 10_000] ?? true) ? healthy : failing), 40_000);
    expect(steps.some((s) => s.action.kind === "restartContainer")).toBe(restarts);
  });

  it("an answer slower than timeoutSeconds counts as a failure", () => {
    const slow: ProbeAnswer = { kind: "answered", healthy: true, latencyMs: 1_500 };
    const probes = startContainerProbes({ liveness: defaultProbeSpec }, 0);
    const { steps } = drive(probes, () => slow, 600_000);
    expect(steps.map((s) => s.atMs)).toEqual([0, 10_000, 20_000]);
    expect(steps.at(-1)!.action.kind).toBe("restartContainer");
  });
});

describe("readiness: not ready until it succeeds, not ready again after 3 failures", () => {
  it("a pod becomes ready at its first success and leaves endpoints after 3 failures", () => {
    const probes = startContainerProbes({ readiness: { ...defaultProbeSpec, initialDelaySeconds: 5 } }, 0);
    expect(containerReady(probes)).toBe(false);
    const { steps } = drive(probes, (_k, at) => (at < 30_000 ? healthy : failing), 65_000);
    const changes = steps.filter((s) => s.action.kind === "readinessChanged").map((s) => [s.atMs, s.action]);
    expect(changes).toEqual([
      [5_000, { kind: "readinessChanged", ready: true }],
      [55_000, { kind: "readinessChanged", ready: false }],
    ]);
  });

  it("successThreshold 2: ready only after two successes in a row", () => {
    const spec = { ...defaultProbeSpec, successThreshold: 2 };
    const probes = startContainerProbes({ readiness: spec }, 0);
    const { steps } = drive(probes, (_k, at) => (at === 10_000 ? failing : healthy), 45_000);
    const ready = steps.find((s) => s.action.kind === "readinessChanged");
    // 0 ok, 10 fails (resets the count), 20 ok, 30 ok → ready at 30 s.
    expect(ready?.atMs).toBe(30_000);
  });

  it("readiness failure never restarts the container", () => {
    const probes = startContainerProbes({ readiness: defaultProbeSpec }, 0);
    const { steps } = drive(probes, () => failing, 300_000);
    expect(steps.every((s) => s.action.kind !== "restartContainer")).toBe(true);
  });
});

describe("startup probe gates liveness and readiness", () => {
  const startup = { ...defaultProbeSpec, failureThreshold: 30 };

  it("liveness and readiness do not run until startup succeeds", () => {
    const probes = startContainerProbes(
      { startup, liveness: defaultProbeSpec, readiness: defaultProbeSpec },
      0,
    );
    const slowStart: Behaviour = (kind, at) => (kind === "startup" && at < 60_000 ? failing : healthy);
    const { steps } = drive(probes, slowStart, 100_000);
    const firstOther = steps.find((s) => s.kind !== "startup")!;
    expect(steps.filter((s) => s.kind === "startup").map((s) => s.atMs)).toEqual([
      0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000,
    ]);
    expect(firstOther.atMs).toBeGreaterThan(60_000);
  });

  it("startup failing failureThreshold times restarts the container", () => {
    const probes = startContainerProbes({ startup, liveness: defaultProbeSpec }, 0);
    const { steps } = drive(probes, () => failing, 1_000_000);
    expect(steps.length).toBe(30);
    expect(steps.at(-1)!.action).toEqual({ kind: "restartContainer", reason: "StartupProbeFailed" });
  });
});
