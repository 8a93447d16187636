import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { z } from "zod";
import { scenarioCatalog } from "../rooms/catalog.ts";

/**
 * A facilitator's notes on a scenario (shared/scenarios/runsheets/<id>.yaml): how hard it is, what it
 * teaches, the moment to pause on, what teams usually miss, three questions for the discussion, in
 * English and Korean. Kept apart from the scenario files so the people tuning a scenario and the
 * people writing its run sheet edit different files. Read once at start-up: a broken file stops the
 * server with its name, field and reason, as a broken scenario file does.
 */

export const RUNSHEET_DIR = fileURLToPath(new URL("../../shared/scenarios/runsheets/", import.meta.url));

/** The levels a scenario's difficulty may take, easiest first (the same words as the puzzles'). */
export const DIFFICULTIES = ["tutorial", "beginner", "intermediate", "advanced", "expert"] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

const missing = (expected: string) => (issue: { readonly input?: unknown }) =>
  issue.input === undefined ? "required, but missing" : expected;
const sentence = z
  .string({ error: missing("expected text") })
  .trim()
  .min(1, { error: "expected text, got an empty string" });
const bothLanguages = z.strictObject(
  { en: sentence, ko: sentence },
  { error: missing("expected the English (en) and Korean (ko) text") },
);

const notesFile = z.strictObject({
  scenario: sentence,
  difficulty: z.enum(DIFFICULTIES, { error: `expected one of ${DIFFICULTIES.join(", ")}` }),
  teaches: bothLanguages,
  keyMoment: bothLanguages,
  usuallyMissed: bothLanguages,
  questions: z
    .array(bothLanguages, { error: missing("expected a list of three questions") })
    .length(3, { error: "expected exactly three questions" }),
});

export type RunSheetNotes = z.infer<typeof notesFile>;

export class RunSheetFileError extends Error {
  override name = "RunSheetFileError";
}

/** Reads one notes file; `id` is the scenario its file name says it is for. */
export function parseRunSheetNotes(yamlText: string, id: string): RunSheetNotes {
  const documents = parseAllDocuments(yamlText, { uniqueKeys: true });
  if (documents.length !== 1)
    throw new RunSheetFileError(`a run sheet file holds one YAML document, found ${documents.length}`);
  const document = documents[0]!;
  const error = document.errors[0];
  if (error !== undefined) {
    const where = error.linePos?.[0];
    throw new RunSheetFileError(
      `${where ? `line ${where.line}, column ${where.col}: ` : ""}YAML syntax: ${error.message.split("\n")[0]}`,
    );
  }
  const parsed = notesFile.safeParse(document.toJS({ maxAliasCount: 100 }));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`));
    throw new RunSheetFileError(`${path.join("").replace(/^\./, "") || "file"}: ${issue.message}`);
  }
  if (parsed.data.scenario !== id)
    throw new RunSheetFileError(`scenario: the file is named ${id}.yaml but says "${parsed.data.scenario}"`);
  return parsed.data;
}

/**
 * Every notes file of `dir`, by scenario id; each must be for a scenario of the catalogue. A scenario
 * without notes still plays (its run sheet says the notes are missing); the tests require them.
 */
export function loadRunSheetNotes(
  dir: string,
  scenarioIds: ReadonlySet<string>,
): ReadonlyMap<string, RunSheetNotes> {
  const notes = new Map<string, RunSheetNotes>();
  if (!existsSync(dir)) return notes;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()) {
    const id = file.slice(0, -".yaml".length);
    try {
      if (!scenarioIds.has(id))
        throw new RunSheetFileError(`no scenario "${id}" in shared/scenarios for these notes`);
      notes.set(id, parseRunSheetNotes(readFileSync(`${dir}${file}`, "utf8"), id));
    } catch (error) {
      throw new Error(
        `shared/scenarios/runsheets/${file}: ${error instanceof Error ? error.message : error}`,
      );
    }
  }
  return notes;
}

export const runSheetNotes = loadRunSheetNotes(RUNSHEET_DIR, new Set(scenarioCatalog.keys()));
