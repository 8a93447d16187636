/**
 * Rolling update bounds under random readiness: whatever order the new pods become available in,
 * the Deployment never runs more than replicas + maxSurge pods, never has fewer than
 * replicas − maxUnavailable available, and finishes once every new pod is available.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type IntOrPercent,
  newReplicaSetReplicas,
  oldReplicaSetsReplicas,
  type RolloutReplicaSet,
  resolveFenceposts,
  rolloutStatus,
} from "../../../shared/sim/controllers/index.ts";

const intOrPercent: fc.Arbitrary<IntOrPercent> = fc.oneof(
  fc.record({ kind: fc.constant("int" as const), value: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ kind: fc.constant("percent" as const), value: fc.integer({ min: 0, max: 100 }) }),
);

describe("rolling update invariants (property)", () => {
  it("total ≤ replicas + surge, available ≥ replicas − unavailable, and the rollout completes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        intOrPercent,
        intOrPercent,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (replicas, maxSurge, maxUnavailable, readiness) => {
          const spec = { replicas, maxSurge, maxUnavailable };
          const { surge, unavailable } = resolveFenceposts(maxSurge, maxUnavailable, replicas);
          let oldRS: RolloutReplicaSet = {
            name: "v1",
            replicas,
            available: replicas,
            revision: 1,
            createdAtMs: 0,
          };
          let newRS: RolloutReplicaSet = {
            name: "v2",
            replicas: 0,
            available: 0,
            revision: 2,
            createdAtMs: 1,
          };
          for (let round = 0; round < 400; round++) {
            newRS = { ...newRS, replicas: newReplicaSetReplicas(spec, newRS, [oldRS]) };
            const oldReplicas = oldReplicaSetsReplicas(spec, newRS, [oldRS]).v1!;
            oldRS = { ...oldRS, replicas: oldReplicas, available: Math.min(oldRS.available, oldReplicas) };
            expect(newRS.replicas + oldRS.replicas).toBeLessThanOrEqual(replicas + surge);
            expect(newRS.available + oldRS.available).toBeGreaterThanOrEqual(
              Math.min(replicas, replicas - unavailable),
            );
            // A random share of the not-yet-available new pods becomes available; all of them after the script.
            const share = readiness[round] ?? 1;
            const waiting = newRS.replicas - newRS.available;
            newRS = { ...newRS, available: newRS.available + Math.ceil(waiting * share) };
            const status = {
              replicas: newRS.replicas + oldRS.replicas,
              updatedReplicas: newRS.replicas,
              availableReplicas: newRS.available + oldRS.available,
            };
            if (rolloutStatus("web", replicas, status, false).done) return;
          }
          throw new Error("the rollout did not complete");
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});
