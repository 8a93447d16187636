/**
 * The score means one thing each (issue 15): a faster recovery of the same incident never scores
 * worse on any figure, and the same fault sequence scores the same whether the script or a chaos
 * agent played it.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Command } from "../../shared/sim/commands.ts";
import type { Fault } from "../../shared/sim/scenario/faults.ts";
import { demandAt, loadScenario, type Scenario } from "../../shared/sim/scenario/index.ts";
import { parseWorldCommandLog, runWorld, type WorldLoggedCommand } from "../../shared/sim/world/runner.ts";
import { type RoundScore, ScoreKeeper } from "../../shared/sim/world/score.ts";

const load = (id: string): Scenario => loadScenario(readFileSync(`shared/scenarios/${id}.yaml`, "utf8"));
const firstLight = load("first-light");
const launchDay = load("launch-day");

/** No figure is worse in `faster` than in `slower`. */
function neverWorse(faster: RoundScore, slower: RoundScore): void {
  if (slower.timeToRecoveryMs !== null) {
    expect(faster.timeToRecoveryMs).not.toBeNull();
    expect(faster.timeToRecoveryMs ?? 0).toBeLessThanOrEqual(slower.timeToRecoveryMs);
  }
  expect(faster.budgetSpent).toBeLessThanOrEqual(slower.budgetSpent);
  expect(faster.errorBudgetLeft).toBeGreaterThanOrEqual(slower.errorBudgetLeft);
}

/**
 * An incident as the score sees it: from `startMs`, one failing share per second of the Service's
 * demand, cut short after `seconds` of them; then healthy, and the objective met once its window
 * has held.
 */
function scoreOf(
  scenario: Scenario,
  startMs: number,
  failing: readonly number[],
  seconds: number,
): RoundScore {
  const keeper = new ScoreKeeper(scenario);
  keeper.record({ t: startMs, kind: "incident.start", cause: "killNode node/node-a2" });
  const curve = scenario.traffic[0]!;
  const windowMs = 60_000;
  for (let s = 1; s <= seconds + windowMs / 1000; s++) {
    const t = startMs + s * 1000;
    const share = s <= seconds ? (failing[s - 1] ?? 0) : 0;
    keeper.record({
      t,
      kind: "slo.sample",
      service: curve.service,
      rps: demandAt(curve, t),
      availability: 1 - share,
    });
  }
  keeper.record({
    t: startMs + (seconds * 1000 + windowMs),
    kind: "objective.met",
    recoveryMs: seconds * 1000 + windowMs,
  });
  return keeper.score();
}

describe("a faster recovery of the same incident never scores worse", () => {
  it("on the score's own terms: cutting the same outage shorter never lowers a figure", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(firstLight, launchDay),
        fc.integer({ min: 60_000, max: 300_000 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        (scenario, startMs, failing, a, b) => {
          const [short, long] = a <= b ? [a, b] : [b, a];
          neverWorse(scoreOf(scenario, startMs, failing, short), scoreOf(scenario, startMs, failing, long));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("on the World: First Light's playbook played later never scores better", () => {
    const playbook = parseWorldCommandLog(
      readFileSync("shared/scenarios/playbooks/first-light.jsonl", "utf8"),
    );
    const late = (delayMs: number): WorldLoggedCommand[] =>
      playbook.map((c) => ({ ...c, at: c.at + delayMs }));
    const play = (delayMs: number) =>
      runWorld(firstLight, 1, late(delayMs), firstLight.timeLimitMs, { stopAtEnd: true }).score;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 120 }), (a, b) => {
        const [early, later] = a <= b ? [a, b] : [b, a];
        neverWorse(play(early * 1000), play(later * 1000));
      }),
      // Each run plays two rounds of First Light: seconds of CPU.
      { numRuns: 4 },
    );
  });
});

describe("the same fault sequence scores the same whoever played chaos", () => {
  const nodes = firstLight.cluster.nodes.map((n) => n.name);
  const faultArb: fc.Arbitrary<{ fault: Fault; durationMs: number | null }> = fc.oneof(
    fc.record({
      fault: fc.record({ kind: fc.constant("killNode" as const), node: fc.constantFrom(...nodes) }),
      durationMs: fc.constant(null),
    }),
    fc.record({
      fault: fc.record({
        kind: fc.constant("trafficSpike" as const),
        service: fc.constant("web"),
        multiplier: fc.double({ min: 1.2, max: 3, noNaN: true }),
      }),
      durationMs: fc.integer({ min: 10, max: 120 }).map((s) => s * 1000),
    }),
  );

  it("scripted in the scenario, or played as cards at the same instants: the same outcome and score", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 40, max: 200 }),
        // A burst: the next fault within 20 s, shorter than any check's window, so the objective
        // cannot hold again between them (a round that resolves early never sees a later card).
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), faultArb), { minLength: 1, maxLength: 2 }),
        fc.integer({ min: 1, max: 5 }),
        (startS, burst, seed) => {
          let at = startS * 1000;
          const steps = burst.map(([gapS, { fault, durationMs }]) => {
            at += gapS * 1000;
            return { atMs: at, durationMs, note: null, fault };
          });
          const scripted = runWorld({ ...firstLight, faults: steps }, seed, [], firstLight.timeLimitMs, {
            stopAtEnd: true,
          });
          const cards: WorldLoggedCommand[] = steps.map((step) => ({
            at: step.atMs,
            player: "chaos",
            command: {
              type: "injectFault",
              card: null,
              fault: step.fault,
              durationMs: step.durationMs,
            } as Command,
          }));
          const played = runWorld({ ...firstLight, faults: [] }, seed, cards, firstLight.timeLimitMs, {
            stopAtEnd: true,
          });
          expect(played.end).toEqual(scripted.end);
          expect(played.objective.incidentAtMs).toBe(scripted.objective.incidentAtMs);
          const { actions: _a, actionsByRole: _r, ...figures } = scripted.score;
          expect(played.score).toMatchObject(figures);
        },
      ),
      // Each run plays two rounds of First Light.
      { numRuns: 6 },
    );
  });
});
