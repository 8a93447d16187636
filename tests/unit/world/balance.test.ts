/**
 * Every round a real decision (issue 15): for every shipped scenario and seeds 1, 2 and 3, doing
 * nothing fails (unless the scenario says it is a tutorial), the expert playbook wins, and a naive
 * bot of random valid operator actions wins less often than the expert — and at most one seed in
 * three, except in a tutorial (`tutorial: true`, or the guided first incident, whose run sheet says
 * "tutorial": one coached drain is its whole lesson). The same table as `npm run balance`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runSheetNotes } from "../../../server/runsheet/notes.ts";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import { type BalanceRow, playBalanceRound, won } from "../../../shared/sim/world/balance.ts";
import { parseWorldCommandLog } from "../../../shared/sim/world/runner.ts";

const SEEDS = [1, 2, 3];
const ids = readdirSync("shared/scenarios")
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.replace(/\.yaml$/, ""))
  .sort();
const playbookOf = (id: string) => `shared/scenarios/playbooks/${id}.jsonl`;

describe("every scenario has its expert playbook", () => {
  it.each(ids)("%s", (id) => {
    expect(existsSync(playbookOf(id))).toBe(true);
  });
});

// A row is a whole round to its end: seconds of CPU each, three per seed.
describe.each(ids)("%s: skill decides", { timeout: 300_000 }, (id) => {
  const scenario = loadScenario(readFileSync(`shared/scenarios/${id}.yaml`, "utf8"));
  const playbook = parseWorldCommandLog(readFileSync(playbookOf(id), "utf8"));
  const naive: BalanceRow[] = [];
  const expert: BalanceRow[] = [];

  it.each(SEEDS)(
    "seed %i: idle fails (or the scenario is an announced tutorial), the playbook wins",
    (seed) => {
      const idle = playBalanceRound(scenario, seed, "idle");
      if (!scenario.tutorial) expect(idle.outcome).toBe("failed");
      const played = playBalanceRound(scenario, seed, "expert", playbook);
      expect(played.outcome).not.toBe("failed");
      // And clearly: faster, or with more of the error budget kept.
      if (idle.outcome !== "failed")
        expect(
          (played.timeToRecoveryMs ?? 0) < (idle.timeToRecoveryMs ?? Number.POSITIVE_INFINITY) ||
            played.errorBudgetLeft > idle.errorBudgetLeft,
        ).toBe(true);
      expert.push(played);
      naive.push(playBalanceRound(scenario, seed, "naive"));
    },
  );

  it("the naive bot wins less often than the playbook, and mostly fails", () => {
    expect(naive.length).toBe(SEEDS.length);
    expect(naive.filter(won).length).toBeLessThan(expert.filter(won).length);
    const tutorial = scenario.tutorial || runSheetNotes.get(id)?.difficulty === "tutorial";
    if (!tutorial) expect(naive.filter(won).length).toBeLessThanOrEqual(1);
  });
});
