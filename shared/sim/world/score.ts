import { commandRoles, type Role } from "../commands.ts";
import type { Scenario } from "../scenario/types.ts";
import { isCommandTrace, isSloSample, type WorldTraceRecord } from "./types.ts";

/**
 * A round's score, computed on the server from what the World traced — never taken from a client.
 * The same records replayed from the stored command log give the same score (`npm run sim`).
 *
 * - time to recovery: from the scenario's incident start to the moment every objective check first
 *   held at once (null: it never did);
 * - SLO burn: requests failed since the incident began, as a fraction of the failures the
 *   objective's availability targets allow for the requests asked (the error budget); 1 = the whole
 *   budget spent, above 1 = overspent. Site reliability practice calls this the budget consumed.
 * - actions: commands that took effect, in total and per role.
 */
export interface RoundScore {
  readonly timeToRecoveryMs: number | null;
  readonly sloBurned: number;
  /** What is left of the error budget, 0 to 1. */
  readonly errorBudgetLeft: number;
  readonly actions: number;
  readonly actionsByRole: Readonly<Record<Role, number>>;
}

export class ScoreKeeper {
  private readonly targets: ReadonlyMap<string, number>;
  private readonly incidentStartMs: number;
  private asked = 0;
  private failed = 0;
  private allowed = 0;
  private recoveredAtMs: number | null = null;
  private readonly byRole: Record<Role, number> = { scheduler: 0, operator: 0, chaos: 0, facilitator: 0 };

  constructor(scenario: Scenario) {
    this.incidentStartMs = scenario.objective.incidentStartMs;
    this.targets = availabilityTargets(scenario);
  }

  /** Feed every trace record of the World, in order (pass it as, or from, the World's trace sink). */
  record(r: WorldTraceRecord): void {
    if (isSloSample(r)) {
      const target = this.targets.get(r.service);
      if (target === undefined || r.t < this.incidentStartMs) return;
      this.asked += r.rps;
      this.failed += r.rps * (1 - r.availability);
      this.allowed += r.rps * (1 - target);
    } else if (isCommandTrace(r) && r.accepted) {
      this.byRole[commandRoles[r.command.type]]++;
    }
  }

  /** The objective first held at this simulated ms (from World.objectiveStatus). */
  recovered(atMs: number | null): void {
    this.recoveredAtMs = atMs;
  }

  score(): RoundScore {
    const burned = this.allowed === 0 ? 0 : this.failed / this.allowed;
    const sloBurned = Math.round(burned * 10_000) / 10_000;
    const actionsByRole = { ...this.byRole };
    return {
      timeToRecoveryMs: this.recoveredAtMs === null ? null : this.recoveredAtMs - this.incidentStartMs,
      sloBurned,
      errorBudgetLeft: Math.max(0, Math.round((1 - burned) * 10_000) / 10_000),
      actions: Object.values(actionsByRole).reduce((a, b) => a + b, 0),
      actionsByRole,
    };
  }
}

/** Each Service's availability objective, 0–1 (the strictest where the objective names it twice). */
export function availabilityTargets(scenario: Scenario): ReadonlyMap<string, number> {
  const targets = new Map<string, number>();
  for (const check of scenario.objective.checks)
    if (check.kind === "availability")
      targets.set(check.service, Math.max(targets.get(check.service) ?? 0, check.atLeast));
  return targets;
}
