import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scenarioCatalog } from "../../server/rooms/catalog.ts";
import { loadRunSheetNotes, RUNSHEET_DIR, runSheetNotes } from "../../server/runsheet/notes.ts";
import { readPlaybook, runSheetPage } from "../../server/runsheet/page.ts";

const SCENARIO_DIR = new URL("../../shared/scenarios/", import.meta.url).pathname;
const firstLight = scenarioCatalog.get("first-light")!;
const notes = runSheetNotes.get("first-light");

const GOOD = `scenario: first-light
difficulty: beginner
teaches: { en: Nodes die., ko: 노드가 죽습니다. }
keyMoment: { en: At 2:50., ko: 2:50에. }
usuallyMissed: { en: Drain., ko: drain. }
questions:
  - { en: One?, ko: 하나? }
  - { en: Two?, ko: 둘? }
  - { en: Three?, ko: 셋? }
`;

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

/** A folder holding these files, for the loaders. */
function folder(files: Record<string, string>): string {
  const dir = `${mkdtempSync(join(tmpdir(), "runsheet-"))}/`;
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("run sheet notes (shared/scenarios/runsheets)", () => {
  it("exist for every scenario file, and the server loaded each one", () => {
    const scenarios = readdirSync(SCENARIO_DIR)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.slice(0, -5));
    const sheets = readdirSync(RUNSHEET_DIR)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.slice(0, -5));
    expect(sheets.sort()).toEqual(scenarios.sort());
    expect([...runSheetNotes.keys()].sort()).toEqual([...scenarioCatalog.keys()].sort());
    for (const [id, sheet] of runSheetNotes) {
      expect(sheet.scenario).toBe(id);
      expect(sheet.questions).toHaveLength(3);
    }
  });

  it("loads a well-formed file", () => {
    const loaded = loadRunSheetNotes(folder({ "first-light.yaml": GOOD }), new Set(["first-light"]));
    expect(loaded.get("first-light")).toMatchObject({
      difficulty: "beginner",
      teaches: { ko: "노드가 죽습니다." },
    });
  });

  it.each([
    ["a YAML syntax error", GOOD.replace("difficulty: beginner", "difficulty: [beginner"), "YAML syntax"],
    ["a missing field", GOOD.replace(/keyMoment:.*\n/, ""), "keyMoment: required, but missing"],
    ["a missing language", GOOD.replace("ko: 2:50에. ", ""), "keyMoment.ko: required, but missing"],
    [
      "two questions",
      GOOD.replace("  - { en: Three?, ko: 셋? }\n", ""),
      "questions: expected exactly three questions",
    ],
    [
      "an unknown difficulty",
      GOOD.replace("beginner", "easy"),
      "difficulty: expected one of tutorial, beginner",
    ],
    ["an unknown field", `${GOOD}duration: 10m\n`, "duration"],
    [
      "another scenario's name",
      GOOD.replace("scenario: first-light", "scenario: zone-down"),
      'says "zone-down"',
    ],
    [
      "an empty sentence",
      GOOD.replace("Drain.", '""'),
      "usuallyMissed.en: expected text, got an empty string",
    ],
  ])("refuses %s, naming the file and the field", (_what, text, reason) => {
    const dir = folder({ "first-light.yaml": text });
    expect(() => loadRunSheetNotes(dir, new Set(["first-light"]))).toThrow(
      new RegExp(
        `^shared/scenarios/runsheets/first-light\\.yaml: .*${reason.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
      ),
    );
  });

  it("refuses notes for a scenario that does not exist", () => {
    const dir = folder({ "meteor-strike.yaml": GOOD.replace("first-light", "meteor-strike") });
    expect(() => loadRunSheetNotes(dir, new Set(["first-light"]))).toThrow(
      'shared/scenarios/runsheets/meteor-strike.yaml: no scenario "meteor-strike" in shared/scenarios',
    );
  });
});

describe("the run sheet page", () => {
  const minutes = (ms: number) =>
    `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, "0")}`;
  const atOne = minutes(firstLight.timeLimitMs);
  const atTwo = minutes(firstLight.timeLimitMs / 2);
  it("gives the length at 1× and 2×, the notes, the script and the goal in words, in English and in Korean", () => {
    const en = runSheetPage(firstLight, notes, { kind: "none" }, "en");
    // First Light's time limit, at its game speed of 1.
    expect(firstLight.gameSpeed).toBe(1);
    expect(en).toContain(`${atOne} at 1× · ${atTwo} at 2×`);
    expect(en).toContain(notes!.keyMoment.en);
    for (const question of notes!.questions) expect(en).toContain(html(question.en));
    expect(en).toContain("node/node-a2 loses power");
    expect(en).toContain("no pod Pending for 30 s");
    expect(en).toContain("Why evictions wait 5 minutes");
    expect(en).toContain("No playbook has been written for this scenario yet.");
    const ko = runSheetPage(firstLight, notes, { kind: "none" }, "ko");
    expect(ko).toContain('<html lang="ko">');
    expect(ko).toContain(`1×로 ${atOne} · 2×로 ${atTwo}`);
    expect(ko).toContain(notes!.usuallyMissed.ko);
    expect(ko).toContain("node/node-a2 전원 꺼짐");
    expect(ko).toContain("축출이 5분을 기다리는 이유");
  });

  it("shows the playbook's steps as command lines with their words, and the lessons its commands touch", () => {
    const dir = folder({
      "first-light.jsonl": [
        '{"at": 170000, "command": {"type": "drain", "node": "node-a2", "gracePeriodMs": null}}',
        '{"at": 175000, "command": {"type": "bindPod", "pod": "web-1", "node": "node-b1"}}',
      ].join("\n"),
    });
    const playbook = readPlaybook("first-light", dir);
    expect(playbook.kind).toBe("steps");
    const page = runSheetPage(firstLight, notes, playbook, "en");
    expect(page).toContain("2:50</td><td><code>kubectl drain node-a2 --ignore-daemonsets</code>");
    expect(page).toContain("place pod web-1 on node-b1");
    // A drain in the playbook brings the PodDisruptionBudget lesson.
    expect(page).toContain("Drains respect PodDisruptionBudgets");
  });

  it("says when the playbook cannot be read, and when the notes are missing", () => {
    const dir = folder({ "first-light.jsonl": '{"at": 1000, "command": {"type": "fly"}}\n' });
    const playbook = readPlaybook("first-light", dir);
    expect(playbook).toEqual({ kind: "broken", reason: 'line 1: command: unknown command type "fly"' });
    const page = runSheetPage(firstLight, undefined, playbook, "en");
    expect(page).toContain(
      "The playbook file cannot be read: line 1: command: unknown command type &#34;fly&#34;",
    );
    expect(page).toContain("The facilitator&#39;s notes for this scenario have not been written yet.");
    expect(readPlaybook("first-light", folder({}))).toEqual({ kind: "none" });
  });
});

/** As the page escapes text. */
function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
