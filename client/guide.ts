import type { ClusterView } from "./net/connection.ts";

/**
 * The guided first incident: a first-time player's solo round on a small scenario made for it
 * (shared/scenarios/first-incident.yaml: a node loses power 15 s in), with coach marks on the real
 * incident screen — a node died → here is its card → open its menu → drain it → watch its pods
 * move. This module decides which step shows, from the replicated view and what the player did; the
 * coach marks (ui/CoachMarks.ts) draw it. Finished or skipped, it is remembered in localStorage and
 * not offered again; Settings plays it again.
 */
export const GUIDED_SCENARIO = "first-incident";

const DONE_KEY = "clusterCrisis.guide";

export function guideDone(): boolean {
  return localStorage.getItem(DONE_KEY) === "done";
}

export function markGuideDone(): void {
  localStorage.setItem(DONE_KEY, "done");
}

/** Settings' "play it again": the guide shows on the next guided round. */
export function resetGuide(): void {
  localStorage.removeItem(DONE_KEY);
}

/** The scenario Play Solo starts: the guided incident the first time, then the server's default. */
export function soloScenario(): string | undefined {
  return guideDone() ? undefined : GUIDED_SCENARIO;
}

/** Whether this round is the guided incident and its guide still runs. */
export function guiding(view: Pick<ClusterView, "solo" | "scenarioId">): boolean {
  return view.solo && view.scenarioId === GUIDED_SCENARIO && !guideDone();
}

export type GuideStep = "map" | "died" | "card" | "menu" | "move" | "over";
export const GUIDE_STEPS: readonly GuideStep[] = ["map", "died", "card", "menu", "move", "over"];

/** What the player did that the guide waits for (the view cannot tell a menu open or a step read). */
export interface GuideProgress {
  /** The first step has been read (NEXT pressed): the guide may fast-forward to the fault. */
  readonly mapRead: boolean;
  /** The dead node's menu is open. */
  readonly menuOpen: boolean;
  /** A drain of the dead node was accepted. */
  readonly drained: boolean;
}

/** The node the incident killed: the first fault's target (`killNode node/node-a2` → node-a2), or "". */
export function deadNode(view: Pick<ClusterView, "milestones">): string {
  const fault = view.milestones.find((m) => m.kind === "incidentStart");
  const target = fault?.detail.split(" ")[1] ?? "";
  return target.startsWith("node/") ? target.slice("node/".length) : "";
}

/**
 * The step to show. Each waits for the cluster or the player: the fault for "died", the node
 * lifecycle controller's NotReady for "card", the menu for "menu", the drain for "move", the
 * objective met (the round resolved) for "over".
 */
export function guideStep(
  view: Pick<ClusterView, "milestones" | "nodes" | "phase" | "outcome">,
  progress: GuideProgress,
): GuideStep {
  if (view.outcome === "resolved" || view.milestones.some((m) => m.kind === "objectiveMet")) return "over";
  if (progress.drained) return "move";
  const node = deadNode(view);
  if (node === "") return "map";
  const lost = view.nodes.find((n) => n.name === node);
  if (lost === undefined || lost.ready === "True") return "died";
  return progress.menuOpen ? "menu" : "card";
}

/**
 * The guide fast-forwards the game while nothing is asked of the player: once the map has been
 * read until the fault strikes, and through the node lifecycle controller's 50 s grace period.
 */
export function fastForwarding(step: GuideStep, progress: GuideProgress): boolean {
  return step === "died" || (step === "map" && progress.mapRead);
}
