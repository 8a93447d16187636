import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadPuzzle, type Puzzle } from "../../shared/puzzle/index.ts";

const PUZZLE_DIR = fileURLToPath(new URL("../../shared/puzzles/", import.meta.url));

/** Every puzzle of shared/puzzles, in the order of their file names (01-…, 02-…); a broken file stops the server. */
export const puzzleCatalog: readonly Puzzle[] = readdirSync(PUZZLE_DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((file) => loadPuzzle(readFileSync(`${PUZZLE_DIR}${file}`, "utf8"), file));

export function findPuzzle(id: string): Puzzle | undefined {
  return puzzleCatalog.find((p) => p.id === id);
}

/** What `GET /api/puzzles` lists. */
export function puzzleListing() {
  return puzzleCatalog.map((p, i) => ({ id: p.id, order: i + 1, level: p.level, title: p.title }));
}
