import Phaser from "phaser";
import { saidResult } from "../i18n/actions.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/strings.ts";
import { type ClusterView, connection, type EventView, type ServerNotice } from "../net/connection.ts";
import { onMuteChange } from "./sound.ts";

/**
 * A text narration of the game for screen readers. The canvas is a picture to assistive technology,
 * so two visually hidden ARIA live regions beside it (client/index.html) say what changes: a polite
 * log (`role="log"`) for the incident's events, command results, round phases and screen changes,
 * and an assertive one for refusals, which should interrupt.
 *
 * An event storm (a node dying evicts dozens of pods) would make a screen reader talk for minutes,
 * so sentences are gathered and said at most every FLUSH_MS: the first MAX_PER_FLUSH events, then
 * "12 more events".
 */
const FLUSH_MS = 2_000;
const MAX_PER_FLUSH = 3;
/** Sentences kept in the log region: enough context for a reader who browses back, no more. */
const KEEP = 40;
/** Event keys remembered for de-duplication (the view carries only the latest events). */
const REMEMBER = 2_000;

let polite: HTMLElement | null = null;
let assertive: HTMLElement | null = null;
const seen = new Set<string>();
let pendingEvents: string[] = [];
let pendingOther: string[] = [];
let scheduled = false;
let lastPhase: ClusterView["phase"] | "" = "";
let lastRound = -1;

/** Starts narrating: screen changes of `game`, and everything the connection hears. */
export function startNarration(game: Phaser.Game): void {
  polite = region("narration", "polite");
  assertive = region("narration-alert", "assertive");
  game.events.once(Phaser.Core.Events.READY, () => {
    for (const scene of game.scene.scenes) {
      scene.events.on(Phaser.Scenes.Events.CREATE, () => announceScene(scene.scene.key));
    }
  });
  connection().onView((view) => narrateView(view));
  connection().onNotice((notice) => narrateNotice(notice));
  onMuteChange((muted) => narrate(t(muted ? "narration.muted" : "narration.unmuted")));
}

/** Says `sentence` soon, politely (after the current one), or at once when `urgent`. */
export function narrate(sentence: string, urgent = false): void {
  if (urgent) {
    write(assertive, sentence);
    return;
  }
  pendingOther.push(sentence);
  schedule();
}

/** Each scene's spoken name, by scene key. */
const SCENE_NAMES: Readonly<Record<string, MessageKey>> = {
  Boot: "narration.scene.Boot",
  Title: "narration.scene.Title",
  Settings: "narration.scene.Settings",
  Lobby: "narration.scene.Lobby",
  Briefing: "narration.scene.Briefing",
  Incident: "narration.scene.Incident",
  Debrief: "narration.scene.Debrief",
  Projector: "narration.scene.Projector",
  Puzzles: "narration.scene.Puzzles",
  Puzzle: "narration.scene.Puzzle",
  Leaderboard: "narration.scene.Leaderboard",
};

function announceScene(key: string): void {
  const named = SCENE_NAMES[key];
  narrate(t("narration.scene", { name: named ? t(named) : key }));
}

function narrateView(view: ClusterView): void {
  if (view.phase !== lastPhase || view.round !== lastRound) {
    const phaseSentence = phaseChange(view);
    if (phaseSentence) narrate(phaseSentence);
    lastPhase = view.phase;
    lastRound = view.round;
  }
  for (const event of view.events) {
    const key = eventKey(event);
    if (seen.has(key)) continue;
    seen.add(key);
    pendingEvents.push(
      t(event.type === "Warning" ? "narration.warning" : "narration.event", {
        object: event.object,
        reason: event.reason,
        message: event.message,
      }),
    );
  }
  if (seen.size > REMEMBER) {
    // Sets keep insertion order: forget the oldest half.
    for (const key of [...seen].slice(0, REMEMBER / 2)) seen.delete(key);
  }
  if (pendingEvents.length > 0) schedule();
}

function phaseChange(view: ClusterView): string | null {
  const vars = { round: view.round, title: view.scenarioTitle };
  switch (view.phase) {
    case "briefing":
      return t("narration.briefing", vars);
    case "live":
      return t("narration.live", vars);
    case "debrief":
      if (view.outcome === "resolved") return t("narration.resolved", vars);
      if (view.outcome === "survived") return t("narration.survived", vars);
      if (view.outcome === "failed") return t("narration.failed", vars);
      if (view.outcome === "ended") return t("narration.ended", vars);
      return null;
    default:
      return null;
  }
}

function narrateNotice(notice: ServerNotice): void {
  if (notice.kind === "moving") narrate(`${t("notice.moving")} ${t("notice.movingDetail")}`, true);
  else if (notice.kind === "moved") narrate(t("notice.moved"), true);
  else if (notice.kind === "closed") {
    narrate(t("narration.closed", { reason: notice.reason }), true);
  } else if (notice.kind === "error") {
    narrate(t("narration.refused", { message: notice.error.message }), true);
  } else if (notice.result.accepted) {
    narrate(t("narration.applied", { action: saidResult(notice.result) }));
  } else {
    narrate(
      t("narration.rejected", { action: saidResult(notice.result), reason: notice.result.reason ?? "" }),
      true,
    );
  }
}

const eventKey = (e: EventView): string => `${e.time}|${e.type}|${e.reason}|${e.object}|${e.message}`;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  // A screen change or a result is said at once; events wait to be gathered into one report.
  setTimeout(flush, pendingEvents.length === 0 ? 0 : FLUSH_MS);
}

function flush(): void {
  scheduled = false;
  const sentences = [...pendingOther, ...pendingEvents.slice(0, MAX_PER_FLUSH)];
  const more = pendingEvents.length - MAX_PER_FLUSH;
  if (more > 0) sentences.push(t("narration.more", { n: more }));
  pendingOther = [];
  pendingEvents = [];
  for (const sentence of sentences) write(polite, sentence);
}

function write(into: HTMLElement | null, sentence: string): void {
  if (!into) return;
  const line = document.createElement("p");
  line.textContent = sentence;
  into.append(line);
  while (into.childElementCount > KEEP) into.firstElementChild?.remove();
}

/** The live region with this id from index.html, made here if the page lacks it. */
function region(id: string, politeness: "polite" | "assertive"): HTMLElement {
  const existing = document.getElementById(id);
  if (existing) return existing;
  const made = document.createElement("div");
  made.id = id;
  made.className = "visually-hidden";
  made.setAttribute("aria-live", politeness);
  made.setAttribute("role", politeness === "polite" ? "log" : "alert");
  document.body.append(made);
  return made;
}
