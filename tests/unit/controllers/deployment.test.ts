import { describe, expect, it } from "vitest";
import {
  defaultMaxSurge,
  defaultMaxUnavailable,
  newReplicaSetReplicas,
  oldReplicaSetsReplicas,
  progressDeadlineExceeded,
  type RollingUpdateSpec,
  type RolloutReplicaSet,
  resolveFenceposts,
  rollbackTarget,
  rolloutStatus,
} from "../../../shared/sim/controllers/index.ts";

describe("rolling update fenceposts: maxSurge rounds up, maxUnavailable rounds down", () => {
  it.each([
    { replicas: 10, surge: 3, unavailable: 2 },
    { replicas: 4, surge: 1, unavailable: 1 },
    { replicas: 3, surge: 1, unavailable: 0 },
    { replicas: 1, surge: 1, unavailable: 0 },
  ])(
    "25 %/25 % of $replicas → surge $surge, unavailable $unavailable",
    ({ replicas, surge, unavailable }) => {
      expect(resolveFenceposts(defaultMaxSurge, defaultMaxUnavailable, replicas)).toEqual({
        surge,
        unavailable,
      });
    },
  );

  it("both zero: one pod may be unavailable so the rollout can move", () => {
    expect(resolveFenceposts({ kind: "int", value: 0 }, { kind: "percent", value: 10 }, 5)).toEqual({
      surge: 0,
      unavailable: 1,
    });
  });
});

/**
 * Plays a rollout in rounds: the controller sizes the ReplicaSets, then every pod it asked for
 * becomes available (the new ones after one round), until the rollout is complete.
 */
function playRollout(spec: RollingUpdateSpec) {
  let oldRS: RolloutReplicaSet = {
    name: "v1",
    replicas: spec.replicas,
    available: spec.replicas,
    revision: 1,
    createdAtMs: 0,
  };
  let newRS: RolloutReplicaSet = { name: "v2", replicas: 0, available: 0, revision: 2, createdAtMs: 1 };
  const rounds: { total: number; available: number }[] = [];
  for (let round = 0; round < 100; round++) {
    const newReplicas = newReplicaSetReplicas(spec, newRS, [oldRS]);
    newRS = { ...newRS, replicas: newReplicas };
    const oldReplicas = oldReplicaSetsReplicas(spec, newRS, [oldRS])[oldRS.name]!;
    oldRS = { ...oldRS, replicas: oldReplicas, available: Math.min(oldRS.available, oldReplicas) };
    rounds.push({ total: newRS.replicas + oldRS.replicas, available: newRS.available + oldRS.available });
    newRS = { ...newRS, available: newRS.replicas };
    const status = {
      replicas: newRS.replicas + oldRS.replicas,
      updatedReplicas: newRS.replicas,
      availableReplicas: newRS.available + oldRS.available,
    };
    if (rolloutStatus("web", spec.replicas, status, false).done) break;
  }
  return { rounds, oldRS, newRS };
}

describe("rolling update stays within replicas + surge and replicas − unavailable", () => {
  it.each([
    { replicas: 10, maxSurge: defaultMaxSurge, maxUnavailable: defaultMaxUnavailable },
    { replicas: 4, maxSurge: defaultMaxSurge, maxUnavailable: defaultMaxUnavailable },
    {
      replicas: 3,
      maxSurge: { kind: "int" as const, value: 1 },
      maxUnavailable: { kind: "int" as const, value: 0 },
    },
    {
      replicas: 20,
      maxSurge: { kind: "int" as const, value: 0 },
      maxUnavailable: { kind: "percent" as const, value: 50 },
    },
  ])("$replicas replicas", (spec) => {
    const { surge, unavailable } = resolveFenceposts(spec.maxSurge, spec.maxUnavailable, spec.replicas);
    const { rounds, oldRS, newRS } = playRollout(spec);
    for (const r of rounds) {
      expect(r.total).toBeLessThanOrEqual(spec.replicas + surge);
      expect(r.available).toBeGreaterThanOrEqual(spec.replicas - unavailable);
    }
    expect(oldRS.replicas).toBe(0);
    expect(newRS.replicas).toBe(spec.replicas);
  });

  it("10 replicas at 25 %/25 %: first round surges to 13 and drops the old set to 8", () => {
    const spec = { replicas: 10, maxSurge: defaultMaxSurge, maxUnavailable: defaultMaxUnavailable };
    const old: RolloutReplicaSet = { name: "v1", replicas: 10, available: 10, revision: 1, createdAtMs: 0 };
    const fresh: RolloutReplicaSet = { name: "v2", replicas: 0, available: 0, revision: 2, createdAtMs: 1 };
    const newReplicas = newReplicaSetReplicas(spec, fresh, [old]);
    expect(newReplicas).toBe(3);
    expect(oldReplicaSetsReplicas(spec, { ...fresh, replicas: newReplicas }, [old])).toEqual({ v1: 8 });
  });

  it("a crash-looping new version stalls: old pods are not scaled below minAvailable", () => {
    const spec = { replicas: 10, maxSurge: defaultMaxSurge, maxUnavailable: defaultMaxUnavailable };
    const old: RolloutReplicaSet = { name: "v1", replicas: 8, available: 8, revision: 1, createdAtMs: 0 };
    const broken: RolloutReplicaSet = { name: "v2", replicas: 5, available: 0, revision: 2, createdAtMs: 1 };
    expect(newReplicaSetReplicas(spec, broken, [old])).toBe(5);
    expect(oldReplicaSetsReplicas(spec, broken, [old])).toEqual({ v1: 8 });
  });
});

describe("rollout status, progress deadline and rollback", () => {
  it.each([
    {
      status: { replicas: 13, updatedReplicas: 3, availableReplicas: 10 },
      done: false,
      message:
        'Waiting for deployment "web" rollout to finish: 3 out of 10 new replicas have been updated...',
    },
    {
      status: { replicas: 12, updatedReplicas: 10, availableReplicas: 10 },
      done: false,
      message: 'Waiting for deployment "web" rollout to finish: 2 old replicas are pending termination...',
    },
    {
      status: { replicas: 10, updatedReplicas: 10, availableReplicas: 7 },
      done: false,
      message: 'Waiting for deployment "web" rollout to finish: 7 of 10 updated replicas are available...',
    },
    {
      status: { replicas: 10, updatedReplicas: 10, availableReplicas: 10 },
      done: true,
      message: 'deployment "web" successfully rolled out',
    },
  ])("$message", ({ status, done, message }) => {
    expect(rolloutStatus("web", 10, status, false)).toEqual({ done, message });
  });

  it.each([
    { sinceMs: 600_000, exceeded: false },
    { sinceMs: 600_001, exceeded: true },
  ])(
    "no progress for $sinceMs ms → deadline exceeded: $exceeded (progressDeadlineSeconds 600)",
    ({ sinceMs, exceeded }) => {
      expect(progressDeadlineExceeded(0, sinceMs, false)).toBe(exceeded);
    },
  );

  const history: RolloutReplicaSet[] = [
    { name: "v1", replicas: 0, available: 0, revision: 1, createdAtMs: 0 },
    { name: "v2", replicas: 0, available: 0, revision: 2, createdAtMs: 1 },
    { name: "v3", replicas: 10, available: 0, revision: 3, createdAtMs: 2 },
  ];

  it("undo goes to the previous revision and makes it the newest", () => {
    expect(rollbackTarget(history)).toEqual({ target: history[1], newRevision: 4 });
    expect(rollbackTarget(history, 1)).toEqual({ target: history[0], newRevision: 4 });
    expect(rollbackTarget(history.slice(0, 1))).toBeNull();
  });
});
