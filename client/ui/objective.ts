/**
 * The objective in words, the same on the incident screen, the projector and the debrief: where the
 * round stands, how it ended and why (shared/sim/world/outcome.ts decides, this says it), what stands
 * in the objective's way, and each number's one-line explanation.
 */
import type { ObjectiveRisk } from "../../shared/sim/world/risks.ts";
import { t } from "../i18n/index.ts";
import { en, type MessageKey } from "../i18n/strings.ts";
import type { ClusterView } from "../net/connection.ts";
import { formatMinutes } from "./statusFormat.ts";
import { colors } from "./theme.ts";

export type ObjectiveKind = "recover" | "survive" | "versus";

export function objectiveKind(view: Pick<ClusterView, "objectiveKind">): ObjectiveKind {
  return view.objectiveKind === "survive" || view.objectiveKind === "versus" ? view.objectiveKind : "recover";
}

/** Where the round stands, in one line, with its colour: quiet, under way, recovered, holding on. */
export function phaseLine(view: ClusterView): [string, number] {
  const { incidentAtMs, timeToRecoveryMs } = view.score;
  if (incidentAtMs < 0) return [t("phase.quiet"), colors.muted];
  if (objectiveKind(view) !== "recover")
    return [
      t("phase.holding", { at: formatMinutes(incidentAtMs), end: formatMinutes(view.timeLimitMs) }),
      colors.starting,
    ];
  if (timeToRecoveryMs >= 0)
    return [t("phase.recovered", { time: formatMinutes(timeToRecoveryMs) }), colors.healthy];
  return [t("phase.underway", { at: formatMinutes(incidentAtMs) }), colors.pending];
}

/** A failing check as the end sentence names it: `podsPending`, `availability:web`. */
export function failingWords(failing: readonly string[]): string {
  return failing
    .map((check) => {
      const at = check.indexOf(":");
      const kind = at < 0 ? check : check.slice(0, at);
      const subject = at < 0 ? "" : check.slice(at + 1);
      const key = `fail.${kind}`;
      return isKey(key) ? t(key, { subject }) : check;
    })
    .join(", ");
}

/** How the round ended, in one sentence (empty while it runs). */
export function endSentence(view: ClusterView): string {
  const failing = failingWords(view.outcomeFailing);
  switch (view.outcomeReason) {
    case "recovered":
      return t("end.recovered", { time: formatMinutes(Math.max(0, view.score.timeToRecoveryMs)) });
    case "notRecovered":
      return t("end.notRecovered", { failing });
    case "neverBroken":
      return t("end.neverBroken");
    case "noIncident":
      return t("end.noIncident");
    case "budgetSpent":
      return t("end.budgetSpent", { time: formatMinutes(view.timeMs) });
    case "held":
      return t("end.held", { percent: percent(view.score.errorBudgetLeft) });
    case "notHeldAtEnd":
      return t("end.notHeldAtEnd", { failing });
    case "ended":
      return t("end.ended");
    default:
      return "";
  }
}

/** Whether the finished round ranks on this week's board, or why not. */
export function rankingSentence(view: ClusterView): string {
  if (view.ranked) return t("board.ranked", { period: view.period });
  const key = `board.unranked.${view.unranked}`;
  return isKey(key) ? t(key) : "";
}

/** Which board the round's seed plays: this week's, or practice (with the seed the board plays). */
export function boardWords(view: Pick<ClusterView, "seed" | "boardSeed" | "period">): string {
  return view.seed === view.boardSeed
    ? t("board.week", { period: view.period })
    : t("board.practice", { seed: view.boardSeed });
}

/** What stands in the objective's way, one sentence each. */
export function riskSentences(risks: readonly ObjectiveRisk[]): string[] {
  return risks.map((risk) => {
    if (risk.kind === "noQuorum") return t("warn.noQuorum", { members: risk.members, quorum: risk.quorum });
    if (risk.kind === "podsCannotFit")
      return t("warn.podsCannotFit", { pods: risk.pods, reason: schedulerReason(risk.reason) });
    return t("warn.hpaBeyondCapacity", { deployment: risk.deployment, wanted: risk.wanted, fit: risk.fit });
  });
}

/** kube-scheduler's summary up to its preemption clause: "0/6 nodes are available: 6 Insufficient cpu." */
function schedulerReason(summary: string): string {
  const cut = summary.indexOf(" preemption:");
  const reason = (cut < 0 ? summary : summary.slice(0, cut)).trim();
  return reason.endsWith(".") ? reason : `${reason}.`;
}

/** The one-line explanations of the objective panel's and the debrief's numbers. */
export const explanations = {
  recovery: () => t("help.recovery"),
  holding: (view: ClusterView) => t("help.holding", { end: formatMinutes(view.timeLimitMs) }),
  budget: (view: ClusterView) =>
    t("help.budget", { window: windowWords(view.errorBudgetWindowMs), targets: budgetTargets(view) }),
  actions: () => t("help.actions"),
  checks: (view: ClusterView) => t(objectiveKind(view) === "recover" ? "help.checks" : "help.checksSurvive"),
  warnings: () => t("help.warnings"),
  kind: (view: ClusterView) => t(`kind.${objectiveKind(view)}.goal`),
  tutorial: () => t("help.tutorial"),
  chaos: () => t("help.chaos"),
  outcome: () => t("help.outcome"),
};

/** The availability targets that spend the error budget: "api ≥ 99.5%" (other services do not). */
export function budgetTargets(view: ClusterView): string {
  return view.services
    .filter((s) => s.availabilityTarget > 0)
    .map((s) => `${s.name} ≥ ${+(s.availabilityTarget * 100).toFixed(2)}%`)
    .join(", ");
}

/** 3 600 000 ms → "1 h", 1 800 000 → "30 min". */
function windowWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

export const percent = (share: number): string => (Math.max(0, Math.min(1, share)) * 100).toFixed(1);

function isKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
