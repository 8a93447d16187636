import type { Role } from "../shared/protocol/messages.ts";
import type { ObjectiveCheck } from "../shared/sim/scenario/types.ts";
import { t } from "./i18n/index.ts";
import type { MessageKey } from "./i18n/strings.ts";
import type { ScenarioListing } from "./net/api.ts";

/**
 * The words of the briefing card (scenes/Briefing.ts): the round's goal in one sentence, made from
 * the scenario's objective so it always says what the server checks, and the keys a player needs.
 */

/** One objective check in words: "web answers 99% of requests". */
export function checkPhrase(check: ObjectiveCheck): string {
  switch (check.kind) {
    case "availability":
      return t("brief.check.availability", { service: check.service, percent: percent(check.atLeast) });
    case "p99Latency":
      return t("brief.check.p99Latency", { service: check.service, ms: check.atMostMs });
    case "podsPending":
      return check.atMost === 0
        ? t("brief.check.podsPending")
        : t("brief.check.podsPendingSome", { n: check.atMost });
    case "etcdLeader":
      return t("brief.check.etcdLeader");
    case "nodesReady":
      return t("brief.check.nodesReady", { n: check.atLeast });
    case "readyReplicas":
      return t("brief.check.readyReplicas", { deployment: check.deployment, n: check.atLeast });
  }
}

/**
 * The goal sentence: what the objective's kind asks (restore the checks once the incident breaks
 * them; keep them, and the error budget, to the end; or both sides of a versus round), every check,
 * and the round's length.
 */
export function goalSentence(scenario: Pick<ScenarioListing, "objective" | "minutes">): string {
  const { kind, checks } = scenario.objective;
  if (checks.length === 0) return t("brief.goalNone");
  const words = { checks: checks.map(checkPhrase).join(" · "), minutes: scenario.minutes };
  return t(
    kind === "survive" ? "brief.goalSurvive" : kind === "versus" ? "brief.goalVersus" : "brief.goalSentence",
    words,
  );
}

/** 99.5 % reads "99.5", 99 % reads "99". */
function percent(fraction: number): string {
  return String(Math.round(fraction * 1000) / 10);
}

/** A key (or gesture) and what it does, for the card's list. */
export interface KeyHint {
  readonly keys: string;
  readonly what: string;
}

/** The keys this player needs: each role's own gesture, then the ones every player has. */
export function keyHints(roles: readonly Role[]): KeyHint[] {
  const hint = (keys: string, what: MessageKey): KeyHint => ({ keys, what: t(what) });
  const hints: KeyHint[] = [];
  if (roles.includes("operator")) hints.push(hint(t("brief.key.node"), "brief.key.node.what"));
  if (roles.includes("scheduler")) hints.push(hint(t("brief.key.drag"), "brief.key.drag.what"));
  if (roles.includes("chaos")) hints.push(hint(t("brief.key.card"), "brief.key.card.what"));
  hints.push(
    hint("`", "brief.key.console.what"),
    hint("+  −  0", "brief.key.zoom.what"),
    hint("← ↑ → ↓  Enter", "brief.key.walk.what"),
    hint("Tab  Enter  Esc", "brief.key.tab.what"),
    hint("M", "brief.key.mute.what"),
  );
  return hints;
}
