/**
 * The World under random commands (node kills and restarts, cordons, scaling), checked after
 * every step (tests/support/worldInvariants.ts): no pod on a missing node, no node over its
 * allocatable by the requests of the pods bound to it, no Deployment with more active pods than
 * replicas + maxSurge, Endpoints only of live pods, the scenario's limits, a finite digest.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../shared/sim/scenario/index.ts";
import type { WorldCommand } from "../../shared/sim/world/types.ts";
import { World } from "../../shared/sim/world/world.ts";
import { worldInvariantBreaks } from "../support/worldInvariants.ts";

const folder = fileURLToPath(new URL("../../shared/scenarios/", import.meta.url));
const launchDay = loadScenario(readFileSync(`${folder}launch-day.yaml`, "utf8"));
// Launch Day without its LIST flood, which loads the API servers but binds nothing (and is slow to simulate).
const scenario = { ...launchDay, faults: launchDay.faults.filter((f) => f.fault.kind !== "apiFlood") };
const nodes = scenario.cluster.nodes.map((n) => n.name);
const deployments = scenario.cluster.deployments.map((d) => d.name);

const commandArb: fc.Arbitrary<WorldCommand> = fc.oneof(
  fc.record({
    type: fc.constant("injectFault" as const),
    card: fc.constant(null),
    fault: fc.record({
      kind: fc.constantFrom("killNode" as const, "restartNode" as const),
      node: fc.constantFrom(...nodes),
    }),
    durationMs: fc.constant(null),
  }),
  fc.record({ type: fc.constant("cordon" as const), node: fc.constantFrom(...nodes) }),
  fc.record({ type: fc.constant("uncordon" as const), node: fc.constantFrom(...nodes) }),
  fc.record({
    type: fc.constant("scale" as const),
    deployment: fc.constantFrom(...deployments),
    replicas: fc.integer({ min: 0, max: 40 }),
  }),
  fc.record({
    type: fc.constant("setImage" as const),
    deployment: fc.constantFrom(...deployments),
    image: fc.constantFrom("corp/app:2", "corp/app:3"),
  }),
  fc.record({
    type: fc.constant("rolloutUndo" as const),
    deployment: fc.constantFrom(...deployments),
    toRevision: fc.constant(null),
  }),
);

function checkInvariants(world: World): void {
  expect(worldInvariantBreaks(world)).toEqual([]);
}

describe("World invariants under random commands (kills, restarts, cordons, scaling, rollouts)", () => {
  it("hold after every step", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1_000, max: 120_000 }), commandArb), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.integer({ min: 0, max: 1000 }),
        (steps, seed) => {
          const world = new World(scenario, seed);
          let t = 0;
          for (const [wait, command] of steps) {
            t += wait;
            world.advanceTo(t);
            checkInvariants(world);
            // The controllers react to a command as watch events, so check after time has moved.
            world.apply(command);
          }
          world.advanceTo(t + 300_000);
          checkInvariants(world);
        },
      ),
      { numRuns: 40, seed: 5 },
    );
  });
});
