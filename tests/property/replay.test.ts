/**
 * The World is the same world however its time is cut: advanced in one call or in steps of any
 * size, it reaches the same digest. A room that runs its cluster in short steps to stay within its
 * tick's budget (issue 18, item 3) therefore plays exactly what the verifier replays.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../shared/sim/scenario/index.ts";
import { World } from "../../shared/sim/world/world.ts";

const folder = fileURLToPath(new URL("../../shared/scenarios/", import.meta.url));
const scenario = loadScenario(readFileSync(`${folder}first-light.yaml`, "utf8"));
const untilMs = 90_000;

describe("advancing the World in steps", () => {
  const whole = new World(scenario, 9);
  whole.advanceTo(untilMs);
  const expected = whole.hash();

  it("gives the digest of one advance, whatever the steps", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 40 }), (steps) => {
        const world = new World(scenario, 9);
        for (const step of steps) world.advanceTo(Math.min(untilMs, world.now + step));
        world.advanceTo(untilMs);
        expect(world.hash()).toBe(expected);
      }),
      { numRuns: 6 },
    );
  }, 60_000);
});
