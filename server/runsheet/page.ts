import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type LessonId, lessonKeys, pickLessons } from "../../shared/lessons/lessons.ts";
import { en as lessonsEn, ko as lessonsKo } from "../../shared/lessons/text.ts";
import type { Scenario } from "../../shared/sim/scenario/types.ts";
import { parseWorldCommandLog, type WorldLoggedCommand } from "../../shared/sim/world/runner.ts";
import { actionWords } from "../../shared/words/actions.ts";
import { commandLine } from "../../shared/words/commandLine.ts";
import { faultWords, type Language } from "../../shared/words/faults.ts";
import type { RunSheetNotes } from "./notes.ts";
import { checkWords, difficultyWords, type PageWord, pageWords } from "./strings.ts";

/**
 * The facilitator's run sheet of a scenario as one printable HTML page (GET /runsheet/<id>?lang=en|ko):
 * how long the round lasts at 1× and 2×, what it teaches, the briefing to read aloud, the scripted
 * incident and the goal in words, the moment to pause on, what teams miss, the playbook's steps,
 * three questions and the lessons with their sources. Built from the scenario file, its notes
 * (./notes.ts), its playbook (shared/scenarios/playbooks/<id>.jsonl, read on each request so a new
 * one shows at once) and the lessons' words (shared/lessons).
 */

const PLAYBOOK_DIR = fileURLToPath(new URL("../../shared/scenarios/playbooks/", import.meta.url));
const LOGO = readFileSync(new URL("../../assets/images/logo.svg", import.meta.url), "utf8");

export const LANGUAGES: readonly Language[] = ["en", "ko"];

/** Where the run sheet's routes serve the game's Hangul font (@fontsource/noto-sans-kr: its CSS and files). */
export const RUNSHEET_FONT_PATH = "/runsheet/fonts";

/** What the playbook file says: its steps, that there is none, or why it cannot be read. */
export type Playbook =
  | { readonly kind: "steps"; readonly steps: readonly WorldLoggedCommand[] }
  | { readonly kind: "none" }
  | { readonly kind: "broken"; readonly reason: string };

export function readPlaybook(id: string, dir = PLAYBOOK_DIR): Playbook {
  const file = `${dir}${id}.jsonl`;
  if (!existsSync(file)) return { kind: "none" };
  try {
    return { kind: "steps", steps: parseWorldCommandLog(readFileSync(file, "utf8")) };
  } catch (error) {
    return { kind: "broken", reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The run sheet's page. */
export function runSheetPage(
  scenario: Scenario,
  notes: RunSheetNotes | undefined,
  playbook: Playbook,
  lang: Language,
): string {
  const w = words(lang);
  const title = scenario.title[lang];
  const services = scenario.cluster.services.length;
  const length = w("lengthLine", {
    at1: clock(scenario.timeLimitMs / scenario.gameSpeed),
    at2: clock(scenario.timeLimitMs / scenario.gameSpeed / 2),
  });
  const steps = playbook.kind === "steps" ? playbook.steps : [];
  const lessons = pickLessons({
    scenarioId: scenario.id,
    milestones: [],
    timeline: steps.map((step) => ({ command: step.command.type, accepted: true })),
    leaseReads: scenario.etcd.readOnlyOption === "leaseBased",
  });
  const other = lang === "en" ? "ko" : "en";
  const body = [
    `<header>
      <div class="brand">${LOGO}<span>CLUSTER CRISIS · ${html(w("kicker"))}</span></div>
      <nav class="screen-only"><a href="?lang=${other}" hreflang="${other}">${html(w("other"))}</a>
        <button type="button" onclick="print()">${html(w("print"))}</button></nav>
      <h1>${html(title)}</h1>
      <p class="meta">${notes ? `<span class="chip">${html(difficultyWords[notes.difficulty][lang])}</span> ` : ""}${html(
        w("meta", {
          nodes: scenario.cluster.nodes.length,
          services,
          id: scenario.id,
          version: scenario.version,
        }),
      )}</p>
    </header>`,
    `<section class="facts">
      <div><h2>${html(w("length"))}</h2><p class="big">${html(length)}</p><p class="note">${html(w("lengthNote", { game: clock(scenario.timeLimitMs) }))}</p></div>
      ${notes ? `<div><h2>${html(w("teaches"))}</h2><p>${html(notes.teaches[lang])}</p></div>` : `<div><p class="note">${html(w("noNotes"))}</p></div>`}
    </section>`,
    section(w("briefing"), `<blockquote>${html(scenario.briefing[lang])}</blockquote>`),
    section(
      w("script"),
      scriptList(scenario, lang) +
        `<p class="note">${html(w("scriptClock", { start: clock(incidentStart(scenario)) }))}</p>`,
    ),
    section(
      w("objective"),
      `<ul>${scenario.objective.checks.map((c) => `<li>${html(checkWords(c, lang))}</li>`).join("")}</ul>`,
    ),
    notes ? section(w("keyMoment"), `<p class="callout">${html(notes.keyMoment[lang])}</p>`) : "",
    notes ? section(w("missed"), `<p>${html(notes.usuallyMissed[lang])}</p>`) : "",
    section(w("playbook"), playbookTable(playbook, lang)),
    notes
      ? section(
          w("questions"),
          `<ol class="questions">${notes.questions.map((q) => `<li>${html(q[lang])}</li>`).join("")}</ol>`,
        )
      : "",
    section(w("lessons"), lessons.map((id) => lessonCard(id, lang)).join("")),
  ];
  return document(lang, `${title} · ${w("kicker")}`, body.join("\n"));
}

/** The list of every scenario's run sheet. */
export function runSheetIndex(scenarios: readonly Scenario[], lang: Language): string {
  const w = words(lang);
  return document(
    lang,
    w("index"),
    `<header><div class="brand">${LOGO}<span>CLUSTER CRISIS</span></div><h1>${html(w("index"))}</h1>
      <p class="meta">${html(w("indexIntro"))}</p></header>${scenarioLinks(scenarios, lang)}`,
  );
}

/** 404: no such scenario, with the run sheets that exist. */
export function notFoundPage(id: string, scenarios: readonly Scenario[], lang: Language): string {
  const w = words(lang);
  return document(
    lang,
    w("notFound"),
    `<header><div class="brand">${LOGO}<span>CLUSTER CRISIS</span></div><h1>${html(w("notFound"))}</h1></header>
    <p>${html(w("notFoundBody", { id }))}</p>${scenarioLinks(scenarios, lang)}`,
  );
}

/** 400: the request itself is wrong (an unknown language). */
export function badRequestPage(message: string, lang: Language): string {
  const w = words(lang);
  return document(
    lang,
    w("badRequest"),
    `<header><div class="brand">${LOGO}<span>CLUSTER CRISIS</span></div><h1>${html(w("badRequest"))}</h1></header><p>${html(message)}</p>`,
  );
}

export function badLanguageMessage(lang: string, pageLang: Language): string {
  return words(pageLang)("badLang", { lang });
}

function scenarioLinks(scenarios: readonly Scenario[], lang: Language): string {
  return `<ul class="links">${scenarios
    .map(
      (s) =>
        `<li><a href="/runsheet/${encodeURIComponent(s.id)}?lang=${lang}">${html(s.title[lang])}</a> <span class="note">${html(s.id)}</span></li>`,
    )
    .join("")}</ul>`;
}

function scriptList(scenario: Scenario, lang: Language): string {
  if (scenario.faults.length === 0) return `<p>${html(words(lang)("scriptNone"))}</p>`;
  return `<table class="steps">${scenario.faults
    .map((step) => {
      // The scenario's notes are written in English: the English sheet shows them under the fault.
      const note = lang === "en" && step.note ? `<div class="note">${html(step.note)}</div>` : "";
      return `<tr><td class="at">${clock(step.atMs)}</td><td>${html(faultWords(step.fault, lang, step.durationMs))}${note}</td></tr>`;
    })
    .join("")}</table>`;
}

function playbookTable(playbook: Playbook, lang: Language): string {
  const w = words(lang);
  if (playbook.kind === "none") return `<p class="note">${html(w("playbookNone"))}</p>`;
  if (playbook.kind === "broken")
    return `<p class="note">${html(w("playbookBroken", { reason: playbook.reason }))}</p>`;
  return `<table class="steps">${playbook.steps
    .map(({ at, command }) => {
      const line = commandLine(command);
      const said = actionWords(command, lang);
      const words = said === line ? "" : `<div class="note">${html(said)}</div>`;
      return `<tr><td class="at">${clock(at)}</td><td><code>${html(line)}</code>${words}</td></tr>`;
    })
    .join("")}</table>`;
}

function lessonCard(id: LessonId, lang: Language): string {
  const text = lang === "ko" ? lessonsKo : lessonsEn;
  const keys = lessonKeys(id);
  return `<article class="lesson"><h3>${html(text[keys.title])}</h3><p>${html(text[keys.body])}</p>
    <p class="sources"><b>${html(words(lang)("sources"))}:</b> ${html(text[keys.real])}</p></article>`;
}

function section(heading: string, content: string): string {
  return `<section><h2>${html(heading)}</h2>${content}</section>`;
}

function words(lang: Language) {
  return (key: PageWord, vars: Record<string, string | number> = {}): string =>
    pageWords[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** m:ss, as the round's clock shows time. */
function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${(s % 60).toString().padStart(2, "0")}`;
}

/** Text made safe inside HTML. */
function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page around the content: screen and print styles, nothing fetched from elsewhere. */
function document(lang: Language, title: string, content: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title>
<link rel="stylesheet" href="${RUNSHEET_FONT_PATH}/400.css">
<link rel="stylesheet" href="${RUNSHEET_FONT_PATH}/700.css">
<style>${STYLE}</style>
</head>
<body><main>${content}</main></body>
</html>
`;
}

const STYLE = `
@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef1f6; color: #18203a; font: 14px/1.5 "Inter", "Segoe UI", "Noto Sans", "Helvetica Neue", Arial, "Noto Sans KR", sans-serif; }
/* Korean first on a Korean sheet: a Latin system font (Liberation Sans for Arial) may claim Hangul it cannot draw. */
html:lang(ko) body, html:lang(ko) button { font-family: "Noto Sans KR", "Inter", "Segoe UI", sans-serif; }
main { max-width: 820px; margin: 24px auto; background: #fff; padding: 36px 44px 44px; border-radius: 14px; box-shadow: 0 8px 30px rgba(15, 24, 48, .12); }
header { border-bottom: 3px solid #38e1c6; padding-bottom: 14px; margin-bottom: 18px; position: relative; }
.brand { display: flex; align-items: center; gap: 10px; font-weight: 700; letter-spacing: 2px; font-size: 12px; color: #3a4a6b; }
.brand svg { width: 30px; height: 30px; }
nav { position: absolute; top: 0; right: 0; display: flex; gap: 10px; align-items: center; }
nav a, nav button { font: inherit; font-size: 13px; color: #0f1830; background: #e3f9f5; border: 1px solid #38e1c6; border-radius: 8px; padding: 5px 12px; text-decoration: none; cursor: pointer; }
h1 { font-size: 32px; margin: 10px 0 4px; color: #0f1830; }
h2 { font-size: 13px; letter-spacing: 1.5px; text-transform: uppercase; color: #117a6a; margin: 0 0 8px; }
h3 { font-size: 15px; margin: 0 0 6px; color: #0f1830; }
section { margin: 0 0 18px; break-inside: avoid; }
.meta { color: #4b5878; margin: 0; }
.chip { display: inline-block; background: #0f1830; color: #fff; border-radius: 6px; padding: 1px 9px; font-weight: 700; font-size: 12px; letter-spacing: .5px; margin-right: 4px; }
.facts { display: grid; grid-template-columns: 1fr 1.4fr; gap: 18px; background: #f4f7fb; border-radius: 10px; padding: 14px 18px; }
.big { font-size: 18px; font-weight: 700; margin: 0 0 4px; }
.note { color: #5a6784; font-size: 12.5px; margin: 2px 0 0; }
blockquote { margin: 0; padding: 10px 16px; border-left: 4px solid #3a7bfd; background: #f3f6fe; font-style: italic; }
.callout { margin: 0; padding: 10px 16px; border-left: 4px solid #e69f00; background: #fff7e6; font-weight: 600; }
table.steps { width: 100%; border-collapse: collapse; }
table.steps td { padding: 6px 8px; border-bottom: 1px solid #e3e8f1; vertical-align: top; }
td.at { width: 64px; font-family: "JetBrains Mono", "DejaVu Sans Mono", Menlo, monospace; font-weight: 700; color: #117a6a; white-space: nowrap; }
code { font-family: "JetBrains Mono", "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; background: #f1f3f8; padding: 1px 5px; border-radius: 4px; word-break: break-all; }
ol.questions li { margin: 0 0 8px; font-weight: 600; }
.lesson { border: 1px solid #dfe5ef; border-left: 4px solid #38e1c6; border-radius: 8px; padding: 10px 14px; margin: 0 0 10px; break-inside: avoid; }
.lesson p { margin: 0 0 6px; }
.sources { font-size: 12.5px; color: #3a4a6b; }
ul.links li { margin: 6px 0; font-size: 16px; }
@media print {
  body { background: #fff; font-size: 11.5pt; }
  main { box-shadow: none; margin: 0; padding: 0; max-width: none; border-radius: 0; }
  .screen-only { display: none; }
  a { color: inherit; text-decoration: none; }
}
`;

/** When a scripted round's incident starts: the declared load's start, or the script's first fault. */
function incidentStart(scenario: Scenario): number {
  return (
    scenario.objective.incidentStartMs ??
    Math.min(...scenario.faults.map((f) => f.atMs), scenario.timeLimitMs)
  );
}
