import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import { availabilityTargets, errorBudget, ScoreKeeper } from "../../../shared/sim/world/score.ts";

// Launch Day's objective: storefront ≥ 99 %, checkout ≥ 99.5 %; its traffic climbs from 2 min.
const scenario = loadScenario(readFileSync("shared/scenarios/launch-day.yaml", "utf8"));
const HOUR_S = 3600;

describe("the round's score: error budget of the SLO window, time to recovery, actions by role", () => {
  it("sizes the budget from the traffic the window asks: each target's share of its requests", () => {
    // From 10 min on the launch has peaked: storefront 30 000 rps, checkout 800 rps, for the whole hour.
    const budget = errorBudget(scenario, availabilityTargets(scenario), 10 * 60_000);
    expect(budget).toBeCloseTo(HOUR_S * (30_000 * 0.01 + 800 * 0.005), 3);
  });

  it("counts failures only from the incident's start, against the budget fixed then", () => {
    const keeper = new ScoreKeeper(scenario);
    // Before the incident: not counted.
    keeper.record({ t: 60_000, kind: "slo.sample", service: "storefront", rps: 1000, availability: 0 });
    keeper.record({ t: 600_000, kind: "incident.start", cause: "" });
    const budget = errorBudget(scenario, availabilityTargets(scenario), 600_000);
    // 1000 storefront requests at 99.5 %: 5 failed.
    keeper.record({ t: 601_000, kind: "slo.sample", service: "storefront", rps: 1000, availability: 0.995 });
    // api has no availability check: not counted.
    keeper.record({ t: 601_000, kind: "slo.sample", service: "api", rps: 1000, availability: 0 });
    expect(keeper.score().budgetSpent).toBeCloseTo(5 / budget, 4);
    // A short dip spends a part of the budget, not all of it: 100 checkout requests all failed.
    keeper.record({ t: 602_000, kind: "slo.sample", service: "checkout", rps: 100, availability: 0 });
    const spent = keeper.score().budgetSpent;
    expect(spent).toBeCloseTo(105 / budget, 4);
    expect(spent).toBeLessThan(0.01);
    expect(keeper.score().errorBudgetLeft).toBeCloseTo(1 - spent, 4);
  });

  it("never gives budget back: a longer round at full health leaves what was spent spent", () => {
    const keeper = new ScoreKeeper(scenario);
    keeper.record({ t: 120_000, kind: "incident.start", cause: "killNode node/node-a-1" });
    keeper.record({ t: 121_000, kind: "slo.sample", service: "storefront", rps: 30_000, availability: 0.5 });
    const after = keeper.score().budgetSpent;
    for (let t = 122_000; t < 600_000; t += 1000)
      keeper.record({ t, kind: "slo.sample", service: "storefront", rps: 30_000, availability: 1 });
    expect(keeper.score().budgetSpent).toBe(after);
  });

  it("times recovery from the incident's start and counts only accepted, not read-only, commands by role", () => {
    // First Light is a recover round (Launch Day is survived, not recovered).
    const keeper = new ScoreKeeper(loadScenario(readFileSync("shared/scenarios/first-light.yaml", "utf8")));
    const command = (type: string, accepted: boolean) =>
      keeper.record({ t: 130_000, kind: "command", command: { type }, accepted });
    command("scale", true);
    command("cordon", false);
    command("bindPod", true);
    command("previewScores", true);
    command("injectFault", true);
    expect(keeper.score().timeToRecoveryMs).toBeNull();
    keeper.record({ t: 420_000, kind: "objective.met", recoveryMs: 300_000 });
    expect(keeper.score().timeToRecoveryMs).toBe(300_000);
    // In a survive round the same record is no time to recovery: it holds to the end.
    const survive = new ScoreKeeper(scenario);
    survive.record({ t: 420_000, kind: "objective.met", recoveryMs: 300_000 });
    expect(survive.score().timeToRecoveryMs).toBeNull();
    expect(keeper.score()).toMatchObject({
      timeToRecoveryMs: 300_000,
      actions: 3,
      actionsByRole: { scheduler: 1, operator: 1, chaos: 1, facilitator: 0 },
    });
  });
});
