import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEFAULT_SCENARIO } from "../../shared/protocol/messages.ts";
import { loadScenario, type Scenario } from "../../shared/sim/scenario/index.ts";
import type { ObjectiveCheck } from "../../shared/sim/scenario/types.ts";

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

/**
 * What the lobby lists: id, titles, length and size, for the facilitator's choice; and the
 * objective's checks, from which the briefing card words the round's goal in the player's language.
 */
export function scenarioListing(): {
  readonly id: string;
  readonly title: { readonly en: string; readonly ko: string };
  readonly minutes: number;
  readonly nodes: number;
  readonly objective: { readonly incidentStartMs: number; readonly checks: readonly ObjectiveCheck[] };
}[] {
  return [...scenarioCatalog.values()].map((s) => ({
    id: s.id,
    title: s.title,
    minutes: Math.round(s.timeLimitMs / 60_000),
    nodes: s.cluster.nodes.length,
    objective: { incidentStartMs: s.objective.incidentStartMs, checks: s.objective.checks },
  }));
}
