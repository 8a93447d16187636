/**
 * What a room plays, the verifier replays (issue 18, items 3 and 9). The World is the same world
 * however its time is cut, so a room that runs its cluster in short steps to stay within its tick's
 * budget plays what one advance gives; and commands land at the same point live and in a replay —
 * at a tick's time, before its advance, from time 0 on — so any command log replays to the digest
 * the room reached.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readOnlyCommandTypes } from "../../shared/sim/commands.ts";
import { loadScenario } from "../../shared/sim/scenario/index.ts";
import { runWorld, type WorldLoggedCommand } from "../../shared/sim/world/runner.ts";
import type { WorldCommand } from "../../shared/sim/world/types.ts";
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

const nodes = scenario.cluster.nodes.map((n) => n.name);
const members = scenario.etcd.members.map((m) => m.name);
const deployments = scenario.cluster.deployments.map((d) => d.name);
const node = fc.constantFrom(...nodes, "node-z9");

/** Commands a room may apply, good and bad: the World refuses some, and those are not logged. */
const commandArb: fc.Arbitrary<WorldCommand> = fc.oneof(
  fc.record({ type: fc.constantFrom("cordon" as const, "uncordon" as const), node }),
  fc.record({ type: fc.constant("drain" as const), node, gracePeriodMs: fc.constantFrom(null, 0, 5_000) }),
  fc.record({
    type: fc.constant("scale" as const),
    deployment: fc.constantFrom(...deployments),
    replicas: fc.integer({ min: 0, max: 30 }),
  }),
  fc.record({
    type: fc.constant("setImage" as const),
    deployment: fc.constantFrom(...deployments),
    image: fc.constantFrom("shop/web:9", "shop/web:10"),
  }),
  fc.record({ type: fc.constant("previewScores" as const), pod: fc.constantFrom("web-x", "worker-y") }),
  fc.record({ type: fc.constant("snapshotEtcd" as const), name: fc.constantFrom("before", "after") }),
  fc.record({
    type: fc.constant("injectFault" as const),
    card: fc.constant(null),
    fault: fc.oneof(
      fc.record({ kind: fc.constantFrom("killNode" as const, "restartNode" as const), node }),
      fc.record({
        kind: fc.constant("partition" as const),
        groups: fc.constant([[members[0]!], members.slice(1)]),
      }),
      fc.record({
        kind: fc.constant("slowDisk" as const),
        member: fc.constantFrom(...members),
        fsyncLatencyMs: fc.integer({ min: 1, max: 200 }),
      }),
    ),
    durationMs: fc.constantFrom(null, 1_000, 20_000),
  }),
);

/** A room's tick: the commands that arrived, the speed (simulated ms asked) and how far the budget let it go. */
const tickArb = fc.record({
  commands: fc.array(commandArb, { maxLength: 3 }),
  simMs: fc.constantFrom(100, 500, 1_000, 6_000),
  // The share of the tick's time the CPU budget allowed, in steps of 250 ms (1: all of it).
  reached: fc.constantFrom(1, 1, 1, 0.25, 0.5),
});

describe("a round played as a room plays it replays from its command log to the same digest", () => {
  it("whatever the commands (refused ones included), their times (from 0) and the room's speed", () => {
    fc.assert(
      fc.property(
        fc.array(tickArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 1_000 }),
        (ticks, seed) => {
          // Live, as IncidentRoom.step: the tick's commands at the World's time, then the advance.
          const live = new World(scenario, seed);
          const log: WorldLoggedCommand[] = [];
          for (const tick of ticks) {
            for (const command of tick.commands) {
              const result = live.apply(command);
              if (result.accepted && !readOnlyCommandTypes.has(command.type))
                log.push({ at: live.now, player: "p1", command });
            }
            const target = live.now + Math.max(250, Math.round((tick.simMs * tick.reached) / 250) * 250);
            while (live.now < target) live.advanceTo(Math.min(target, live.now + 250));
          }
          const replay = runWorld(scenario, seed, log, live.now);
          expect(replay.commands.rejected).toBe(0);
          expect(replay.hash).toBe(live.hash());
        },
      ),
      { numRuns: 12 },
    );
  }, 180_000);
});
