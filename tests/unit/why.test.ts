import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { whyKey } from "../../client/events/why.ts";
import { en, ko } from "../../client/i18n/areas/events.ts";
import { loadScenario } from "../../shared/sim/scenario/index.ts";
import { World } from "../../shared/sim/world/world.ts";

/** Every TypeScript file of the simulation, as text. */
function simSources(dir = "shared/sim"): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return simSources(path);
    return entry.name.endsWith(".ts") ? [readFileSync(path, "utf8")] : [];
  });
}

/** The arguments of each `this.record(…)` call: up to the parenthesis that closes it. */
function recordCalls(source: string): string[] {
  const calls: string[] = [];
  for (const match of source.matchAll(/this\.record\(/g)) {
    let depth = 1;
    let i = match.index + match[0].length;
    const start = i;
    for (; depth > 0 && i < source.length; i++) {
      if (source[i] === "(") depth++;
      if (source[i] === ")") depth--;
    }
    calls.push(source.slice(start, i - 1));
  }
  return calls;
}

/**
 * The reasons the World can record: the string literals of each record call's second argument.
 * A reason held in a variable is found through the `on:`/`off:` words table it comes from (node
 * pressure), so a new event written with a literal or in that table is caught here.
 */
function emittedReasons(): Set<string> {
  const reasons = new Set<string>();
  for (const source of simSources()) {
    for (const call of recordCalls(source)) {
      // Arguments: type, reason, object, message; neither of the first two has a comma of its own.
      const reason = call.split(",")[1] ?? "";
      const literals = [...reason.matchAll(/"([A-Z][A-Za-z]+)"/g)].map((m) => m[1] ?? "");
      for (const literal of literals) reasons.add(literal);
      if (literals.length === 0)
        for (const m of source.matchAll(/\b(?:on|off): "([A-Z][A-Za-z]+)"/g)) reasons.add(m[1] ?? "");
    }
  }
  return reasons;
}

const reasons = [...emittedReasons()].sort();

describe("every event reason the simulation records has a one-line why", () => {
  it("finds the reasons in the simulation's source", () => {
    // A floor, so a broken parser cannot pass by finding nothing.
    expect(reasons.length).toBeGreaterThan(25);
    expect(reasons).toEqual(
      expect.arrayContaining(["NodeNotReady", "FailedScheduling", "BackOff", "Evicted"]),
    );
    expect(reasons).toEqual(expect.arrayContaining(["NodeHasInsufficientMemory", "NodeHasNoDiskPressure"]));
  });

  it.each(reasons)("%s: in English and Korean", (reason) => {
    const key = whyKey(reason);
    expect(key).toBe(`why.${reason}`);
    expect(en[key].length).toBeGreaterThan(20);
    expect(ko[key]).toMatch(/[가-힣]/);
  });

  it("falls back to a generic why for a reason it does not know", () => {
    expect(whyKey("SomethingNew")).toBe("events.whyUnknown");
  });

  it("covers what a live scenario actually records (the parser misses nothing there)", () => {
    const world = new World(loadScenario(readFileSync("shared/scenarios/kubelets-bad-day.yaml", "utf8")), 1);
    const seen = new Set<string>();
    for (let t = 30_000; t <= 600_000; t += 30_000) {
      world.advanceTo(t);
      for (const event of world.recentEvents()) seen.add(event.reason);
    }
    expect(seen.size).toBeGreaterThan(3);
    for (const reason of seen) expect(reasons).toContain(reason);
  });
});
