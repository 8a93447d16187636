import { createRequire } from "node:module";
import { dirname } from "node:path";
import express from "express";
import type { Language } from "../../shared/words/faults.ts";
import { scenarioCatalog } from "../rooms/catalog.ts";
import { runSheetNotes } from "../runsheet/notes.ts";
import {
  badLanguageMessage,
  badRequestPage,
  LANGUAGES,
  notFoundPage,
  RUNSHEET_FONT_PATH,
  readPlaybook,
  runSheetIndex,
  runSheetPage,
} from "../runsheet/page.ts";

const HANGUL_FONT_DIR = dirname(createRequire(import.meta.url).resolve("@fontsource/noto-sans-kr/400.css"));

/**
 * `GET /runsheet/<scenario id>?lang=en|ko`: the facilitator's printable run sheet of a scenario
 * (English when `lang` is absent); `GET /runsheet` lists them. An unknown scenario is a 404 page and
 * an unknown language a 400 page, each saying what exists.
 */
export function runSheetRoutes(): express.Router {
  const router = express.Router();
  // The Hangul font the game ships (OFL-1.1), so a Korean sheet prints on machines without one.
  // Only its stylesheets and font files: nothing else of the package is served.
  const fonts = express.static(HANGUL_FONT_DIR, { index: false, immutable: true, maxAge: "30d" });
  router.use(RUNSHEET_FONT_PATH, (req, res, next) =>
    /^\/(\d00\.css|files\/[\w.-]+\.woff2?)$/.test(req.path) ? fonts(req, res, next) : next(),
  );
  const scenarios = () => [...scenarioCatalog.values()];
  /** The page's language, or null after answering 400 for one the game does not speak. */
  const languageOf = (req: express.Request, res: express.Response): Language | null => {
    const asked = req.query.lang ?? "en";
    if (typeof asked === "string" && (LANGUAGES as readonly string[]).includes(asked))
      return asked as Language;
    const shown = typeof asked === "string" ? asked : String(asked);
    res
      .status(400)
      .type("html")
      .send(badRequestPage(badLanguageMessage(shown, "en"), "en"));
    return null;
  };
  router.get("/runsheet", (req, res) => {
    const lang = languageOf(req, res);
    if (lang !== null) res.type("html").send(runSheetIndex(scenarios(), lang));
  });
  router.get("/runsheet/:id", (req, res) => {
    const lang = languageOf(req, res);
    if (lang === null) return;
    const scenario = scenarioCatalog.get(req.params.id);
    if (scenario === undefined) {
      res
        .status(404)
        .type("html")
        .send(notFoundPage(req.params.id, scenarios(), lang));
      return;
    }
    res
      .type("html")
      .send(runSheetPage(scenario, runSheetNotes.get(scenario.id), readPlaybook(scenario.id), lang));
  });
  return router;
}
