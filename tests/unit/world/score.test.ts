import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import { ScoreKeeper } from "../../../shared/sim/world/score.ts";

// Launch Day's objective: storefront ≥ 99 %, checkout ≥ 99.5 %, incident from 2 min.
const scenario = loadScenario(readFileSync("shared/scenarios/launch-day.yaml", "utf8"));

describe("the round's score: error budget burned, time to recovery, actions by role", () => {
  it("counts failures against the budget the availability targets allow, from the incident's start", () => {
    const keeper = new ScoreKeeper(scenario);
    // Before the incident: not counted.
    keeper.record({ t: 60_000, kind: "slo.sample", service: "storefront", rps: 1000, availability: 0 });
    // 1000 requests at 99.5 %: 5 failed of the 10 allowed (1 %).
    keeper.record({ t: 121_000, kind: "slo.sample", service: "storefront", rps: 1000, availability: 0.995 });
    // api has no availability check: not counted.
    keeper.record({ t: 121_000, kind: "slo.sample", service: "api", rps: 1000, availability: 0 });
    // 100 checkout requests all failed: 100 failed of 0.5 allowed.
    expect(keeper.score().sloBurned).toBe(0.5);
    keeper.record({ t: 122_000, kind: "slo.sample", service: "checkout", rps: 100, availability: 0 });
    expect(keeper.score().sloBurned).toBeCloseTo(105 / 10.5, 3);
    expect(keeper.score().errorBudgetLeft).toBe(0);
  });

  it("times recovery from the incident's start and counts only accepted commands, by role", () => {
    const keeper = new ScoreKeeper(scenario);
    const command = (type: string, accepted: boolean) =>
      keeper.record({ t: 130_000, kind: "command", command: { type }, accepted });
    command("scale", true);
    command("cordon", false);
    command("bindPod", true);
    command("injectFault", true);
    expect(keeper.score().timeToRecoveryMs).toBeNull();
    keeper.recovered(420_000);
    expect(keeper.score()).toMatchObject({
      timeToRecoveryMs: 300_000,
      actions: 3,
      actionsByRole: { scheduler: 1, operator: 1, chaos: 1, facilitator: 0 },
    });
  });
});
