import { commandRoles, type Role, readOnlyCommandTypes } from "../commands.ts";
import { demandAt } from "../scenario/traffic.ts";
import type { Scenario } from "../scenario/types.ts";
import { isCommandTrace, isSloSample, type WorldTraceRecord } from "./types.ts";

/**
 * A round's score, computed on the server from what the World traced — never taken from a client.
 * The same records replayed from the stored command log give the same score (`npm run sim`).
 * Each figure means one thing, and none improves when the team is slower:
 *
 * - time to recovery (recover rounds): from the incident's start — the first fault that struck,
 *   scripted or played, or the moment the scenario's own load starts it — to the moment every
 *   objective check held again (null: it has not);
 * - budget spent: requests failed since the incident began, over the error budget of the
 *   objective's SLO window: the failures each availability target allows of the requests the
 *   scenario's traffic asks over that window from the incident's start. The budget is fixed when the
 *   incident begins, so every failed request spends it and a longer round earns none. 1 = all spent;
 *   above 1 = overspent. In a versus round it is the chaos agent's score.
 * - error budget left: 1 − budget spent, 0 to 1: the defenders' score in survive and versus rounds;
 * - actions: commands that took effect (not read-only ones such as a score preview), by role.
 */
export interface RoundScore {
  readonly timeToRecoveryMs: number | null;
  readonly budgetSpent: number;
  readonly errorBudgetLeft: number;
  readonly actions: number;
  readonly actionsByRole: Readonly<Record<Role, number>>;
}

/** What a ScoreKeeper has gathered, as plain data: a round's keyframe carries it (ScoreKeeper.restore). */
export interface ScoreKeeperSnapshot {
  readonly allowed: number | null;
  readonly failed: number;
  readonly timeToRecoveryMs: number | null;
  readonly byRole: Readonly<Record<Role, number>>;
}

export class ScoreKeeper {
  private readonly scenario: Scenario;
  private readonly targets: ReadonlyMap<string, number>;
  /** Failures the window allows; null until the incident begins. */
  private allowed: number | null = null;
  private failed = 0;
  private timeToRecoveryMs: number | null = null;
  private readonly byRole: Record<Role, number> = { scheduler: 0, operator: 0, chaos: 0, facilitator: 0 };

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    this.targets = availabilityTargets(scenario);
  }

  /** Feed every trace record of the World, in order (pass it as, or from, the World's trace sink). */
  record(r: WorldTraceRecord): void {
    if (r.kind === "incident.start") this.allowed = errorBudget(this.scenario, this.targets, r.t);
    else if (isSloSample(r)) {
      const target = this.targets.get(r.service);
      // Samples of the incident's own second were taken before it struck.
      if (target === undefined || this.allowed === null) return;
      this.failed += r.rps * (1 - r.availability);
    } else if (r.kind === "objective.met" && this.scenario.objective.kind === "recover") {
      const ms = r.recoveryMs;
      if (typeof ms === "number") this.timeToRecoveryMs = ms;
    } else if (isCommandTrace(r) && r.accepted && !readOnlyCommandTypes.has(r.command.type)) {
      this.byRole[commandRoles[r.command.type]]++;
    }
  }

  snapshot(): ScoreKeeperSnapshot {
    return {
      allowed: this.allowed,
      failed: this.failed,
      timeToRecoveryMs: this.timeToRecoveryMs,
      byRole: { ...this.byRole },
    };
  }

  /** Carries on from what `snapshot()` returned, as if it had been fed the same records. */
  restore(from: ScoreKeeperSnapshot): void {
    this.allowed = from.allowed;
    this.failed = from.failed;
    this.timeToRecoveryMs = from.timeToRecoveryMs;
    for (const role of Object.keys(this.byRole) as Role[]) this.byRole[role] = from.byRole[role] ?? 0;
  }

  score(): RoundScore {
    const spent = this.allowed === null || this.allowed === 0 ? 0 : this.failed / this.allowed;
    const actionsByRole = { ...this.byRole };
    return {
      timeToRecoveryMs: this.timeToRecoveryMs,
      budgetSpent: round4(spent),
      errorBudgetLeft: Math.max(0, round4(1 - spent)),
      actions: Object.values(actionsByRole).reduce((a, b) => a + b, 0),
      actionsByRole,
    };
  }
}

/** Actions of the defenders (scheduler and operator): a round without any does not rank, except a tutorial's. */
export function defenderActions(score: RoundScore): number {
  return score.actionsByRole.scheduler + score.actionsByRole.operator;
}

/**
 * The failures the objective's availability targets allow over its SLO window from `fromMs`: each
 * target's share of the requests its Service's traffic curve asks, second by second (spikes are
 * faults, not the expected load, so they do not enlarge it).
 */
export function errorBudget(
  scenario: Scenario,
  targets: ReadonlyMap<string, number>,
  fromMs: number,
): number {
  let allowed = 0;
  const seconds = Math.round(scenario.objective.errorBudgetWindowMs / 1000);
  for (const curve of scenario.traffic) {
    const target = targets.get(curve.service);
    if (target === undefined) continue;
    let asked = 0;
    for (let s = 1; s <= seconds; s++) asked += demandAt(curve, fromMs + s * 1000);
    allowed += asked * (1 - target);
  }
  return allowed;
}

/** Each Service's availability objective, 0–1 (the strictest where the objective names it twice). */
export function availabilityTargets(scenario: Scenario): ReadonlyMap<string, number> {
  const targets = new Map<string, number>();
  for (const check of scenario.objective.checks)
    if (check.kind === "availability")
      targets.set(check.service, Math.max(targets.get(check.service) ?? 0, check.atLeast));
  return targets;
}

const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;
