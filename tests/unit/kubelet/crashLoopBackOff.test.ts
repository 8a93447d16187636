import { describe, expect, it } from "vitest";
import {
  type CrashLoopBackOff,
  noBackOff,
  oomKill,
  oomKilledExitCode,
  restartAfterExit,
  shouldRestart,
} from "../../../shared/sim/kubelet/index.ts";

/** Crashes `runMs` after each (re)start; returns the back-off applied to each restart, in seconds. */
function crashLoop(runsMs: readonly number[]): number[] {
  let state: CrashLoopBackOff = noBackOff;
  let startedAt = 0;
  const delays: number[] = [];
  for (const run of runsMs) {
    const decision = restartAfterExit(state, startedAt + run);
    delays.push(decision.backOffMs / 1000);
    state = decision.next;
    startedAt = decision.restartAtMs;
  }
  return delays;
}

describe("CrashLoopBackOff: 10 s doubling to 300 s, reset after 10 min clean", () => {
  it("a container crashing right after start restarts after 10, 20, 40, 80, 160, 300, 300 s", () => {
    expect(crashLoop([1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000])).toEqual([
      10, 20, 40, 80, 160, 300, 300,
    ]);
  });

  it.each([
    { name: "10 min + 1 ms clean resets to 10 s", cleanMs: 600_001, expected: 10 },
    { name: "exactly 10 min clean does not reset", cleanMs: 600_000, expected: 300 },
    { name: "5 min clean does not reset", cleanMs: 300_000, expected: 300 },
  ])("$name", ({ cleanMs, expected }) => {
    const delays = crashLoop([1_000, 1_000, 1_000, 1_000, 1_000, 1_000, cleanMs]);
    expect(delays.at(-1)).toBe(expected);
  });

  it("counts restarts and schedules the restart at exit + back-off", () => {
    const first = restartAfterExit(noBackOff, 5_000);
    expect(first.restartAtMs).toBe(15_000);
    expect(first.next.restartCount).toBe(1);
  });
});

describe("OOM kill: usage over the limit ends the container with 137 OOMKilled", () => {
  it.each([
    { usageMiB: 256, limitMiB: 256, killed: false },
    { usageMiB: 257, limitMiB: 256, killed: true },
    { usageMiB: 10_000, limitMiB: null, killed: false },
  ])("usage $usageMiB Mi, limit $limitMiB Mi → killed $killed", ({ usageMiB, limitMiB, killed }) => {
    const termination = oomKill({ usageMiB, limitMiB });
    expect(termination !== null).toBe(killed);
    if (termination) expect(termination).toEqual({ exitCode: oomKilledExitCode, reason: "OOMKilled" });
  });

  it("an OOM-killed container feeds the same back-off", () => {
    const exit = oomKill({ usageMiB: 300, limitMiB: 256 });
    expect(exit?.exitCode).toBe(137);
    expect(restartAfterExit(noBackOff, 42_000).restartAtMs).toBe(52_000);
  });
});

describe("restartPolicy decides whether an exit restarts at all", () => {
  it.each([
    { policy: "Always" as const, exitCode: 0, restart: true },
    { policy: "Always" as const, exitCode: 137, restart: true },
    { policy: "OnFailure" as const, exitCode: 0, restart: false },
    { policy: "OnFailure" as const, exitCode: 1, restart: true },
    { policy: "Never" as const, exitCode: 137, restart: false },
  ])("$policy, exit $exitCode → restart $restart", ({ policy, exitCode, restart }) => {
    expect(shouldRestart(policy, exitCode)).toBe(restart);
  });
});
