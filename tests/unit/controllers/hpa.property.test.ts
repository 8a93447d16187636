/**
 * HPA bounds under random load: every sync stays within [minReplicas, maxReplicas], grows by at
 * most max(+100 %, +4) per 15 s period, and never goes below the highest recommendation of the
 * last 300 s (or the current count, if lower).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  defaultBehavior,
  type HpaState,
  hpaSyncPeriodMs,
  initialHpaState,
  type MetricPod,
  syncHpa,
} from "../../../shared/sim/controllers/index.ts";

describe("HPA invariants (property)", () => {
  it("min/max bounds, scale-up rate and scale-down stabilization hold under random load", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 5, max: 200 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 80 }),
        (minReplicas, maxReplicas, loads) => {
          const spec = { minReplicas, maxReplicas, target: 50, behavior: defaultBehavior };
          let state: HpaState = initialHpaState;
          let replicas = minReplicas;
          loads.forEach((load, i) => {
            const now = (i + 1) * hpaSyncPeriodMs;
            const pods: MetricPod[] = Array.from({ length: replicas }, (_, k) => ({
              name: `p${k}`,
              phase: "Running",
              deleting: false,
              unready: false,
              value: load,
            }));
            const sync = syncHpa(spec, state, replicas, pods, now);
            expect(sync.desiredReplicas).toBeGreaterThanOrEqual(minReplicas);
            expect(sync.desiredReplicas).toBeLessThanOrEqual(maxReplicas);
            expect(sync.desiredReplicas).toBeLessThanOrEqual(Math.max(2 * replicas, replicas + 4));
            if (sync.desiredReplicas < replicas) {
              const windowMax = Math.max(
                ...sync.state.recommendations.filter((r) => r.atMs > now - 300_000).map((r) => r.replicas),
              );
              expect(sync.desiredReplicas).toBeGreaterThanOrEqual(Math.min(windowMax, replicas, maxReplicas));
            }
            state = sync.state;
            replicas = sync.desiredReplicas;
          });
        },
      ),
      { numRuns: 200, seed: 15 },
    );
  });
});
