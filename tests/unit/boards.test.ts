import { describe, expect, it } from "vitest";
import {
  boardOf,
  boardSeed,
  isPeriod,
  parseBoard,
  periodOf,
  type RankingFacts,
  rankedBoard,
} from "../../server/rounds/boards.ts";

describe("a board a week per scenario, playing the week's seed", () => {
  it.each([
    ["2026-12-07T10:00:00Z", "2026-W50"],
    // ISO 8601: the week belongs to the year of its Thursday.
    ["2021-01-03T23:59:59Z", "2020-W53"],
    ["2024-12-30T00:00:00Z", "2025-W01"],
    ["2026-01-01T00:00:00Z", "2026-W01"],
    // Monday starts the week, in UTC.
    ["2026-12-13T23:59:59Z", "2026-W50"],
    ["2026-12-14T00:00:00Z", "2026-W51"],
  ])("%s is in week %s", (date, week) => {
    expect(periodOf(new Date(date))).toBe(week);
    expect(isPeriod(week)).toBe(true);
  });

  it("gives each scenario and week its own seed, the same on every process", () => {
    expect(boardSeed("first-light", "2026-W50")).toBe(boardSeed("first-light", "2026-W50"));
    expect(boardSeed("first-light", "2026-W50")).not.toBe(boardSeed("first-light", "2026-W51"));
    expect(boardSeed("first-light", "2026-W50")).not.toBe(boardSeed("zone-down", "2026-W50"));
    expect(boardSeed("zone-down", "2026-W50")).toBeLessThan(2 ** 31);
    expect(parseBoard(boardOf("first-light", "2026-W50"))).toEqual({
      scenarioId: "first-light",
      period: "2026-W50",
    });
    expect(parseBoard("first-light@yesterday")).toBeNull();
    expect(isPeriod("2026-W54")).toBe(false);
  });

  const ranked: RankingFacts = {
    scenarioId: "first-light",
    tutorial: false,
    seed: boardSeed("first-light", "2026-W50"),
    period: "2026-W50",
    scripted: true,
    faultsInjected: 0,
    defenderActions: 2,
  };

  it.each<[string, Partial<RankingFacts>, string]>([
    ["another seed: practice", { seed: 7 }, "practice"],
    ["a chaos agent", { scripted: false }, "chaosAgent"],
    ["a card on top of the script", { faultsInjected: 1 }, "injected"],
    ["nobody acted", { defenderActions: 0 }, "noAction"],
  ])("does not rank %s", (_what, change, reason) => {
    expect(rankedBoard({ ...ranked, ...change })).toEqual({ unranked: reason });
  });

  it("ranks the week's seed against the script with actions, and a tutorial even without", () => {
    expect(rankedBoard(ranked)).toEqual({ board: "first-light@2026-W50" });
    expect(rankedBoard({ ...ranked, tutorial: true, defenderActions: 0 })).toEqual({
      board: "first-light@2026-W50",
    });
  });
});
