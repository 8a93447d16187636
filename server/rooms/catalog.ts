import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEFAULT_SCENARIO } from "../../shared/protocol/messages.ts";
import { loadScenario, type Scenario } from "../../shared/sim/scenario/index.ts";
import type { ObjectiveCheck, ObjectiveKind } from "../../shared/sim/scenario/types.ts";

/** The scenarios a facilitator can choose: every YAML file in shared/scenarios, loaded once. */
const SCENARIO_DIR = fileURLToPath(new URL("../../shared/scenarios/", import.meta.url));

export { DEFAULT_SCENARIO };

function loadCatalog(): ReadonlyMap<string, Scenario> {
  const scenarios = new Map<string, Scenario>();
  for (const file of readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .sort()) {
    // A broken file stops the server at start-up with the loader's message (line and field).
    try {
      const scenario = loadScenario(readFileSync(`${SCENARIO_DIR}${file}`, "utf8"));
      scenarios.set(scenario.id, scenario);
    } catch (error) {
      throw new Error(`shared/scenarios/${file}: ${error instanceof Error ? error.message : error}`);
    }
  }
  if (!scenarios.has(DEFAULT_SCENARIO)) throw new Error(`${DEFAULT_SCENARIO}.yaml is missing`);
  return scenarios;
}

export const scenarioCatalog = loadCatalog();

/** A facilitator's summary of a scenario: its level and what it teaches (server/runsheet/notes.ts). */
export interface ScenarioSummary {
  readonly difficulty: string;
  readonly teaches: { readonly en: string; readonly ko: string };
}

/**
 * What the facilitator's gallery lists: id, titles, length (game minutes, and real minutes at 1×),
 * size, and from the run sheet's notes the level and what it teaches (null when not written); and
 * the objective's checks, from which the briefing card words the round's goal in the player's language.
 */
export function scenarioListing(summaries: ReadonlyMap<string, ScenarioSummary> = new Map()): {
  readonly id: string;
  readonly title: { readonly en: string; readonly ko: string };
  readonly minutes: number;
  readonly realMinutes: number;
  readonly nodes: number;
  readonly services: number;
  readonly difficulty: string | null;
  readonly teaches: { readonly en: string; readonly ko: string } | null;
  readonly objective: { readonly kind: ObjectiveKind; readonly checks: readonly ObjectiveCheck[] };
}[] {
  return [...scenarioCatalog.values()].map((s) => {
    const summary = summaries.get(s.id);
    return {
      id: s.id,
      title: s.title,
      minutes: Math.round(s.timeLimitMs / 60_000),
      realMinutes: Math.round(s.timeLimitMs / s.gameSpeed / 60_000),
      nodes: s.cluster.nodes.length,
      services: s.cluster.services.length,
      difficulty: summary?.difficulty ?? null,
      teaches: summary?.teaches ?? null,
      objective: { kind: s.objective.kind, checks: s.objective.checks },
    };
  });
}
