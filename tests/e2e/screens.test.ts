import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, clickButton, drawn, endRound, gameUnderTest, playSolo, seam } from "../support/game.ts";
import { gameHeight, outside, overlaps } from "../support/textBoxes.ts";

const game = gameUnderTest();

/** The depth menus draw at (client/ui/Menu.ts). */
const MENU_DEPTH = 60;

const SCREENS = [
  { name: "1280x720", width: 1280, height: 720, scale: 1 },
  { name: "1920x1080", width: 1920, height: 1080, scale: 1 },
  { name: "1024x768", width: 1024, height: 768, scale: 1 },
  { name: "1280x720-text150", width: 1280, height: 720, scale: 1.5 },
  { name: "1024x768-text150", width: 1024, height: 768, scale: 1.5 },
] as const;

const incidentAt = (screen: (typeof SCREENS)[number]): Promise<Page> =>
  playSolo(game.browser, game.server.url, {
    viewport: { width: screen.width, height: screen.height },
    textScale: screen.scale,
  });

/** The game's own height (1280 wide): the canvas' shape, as Phaser sized it. */

describe("the incident screen at every size players use", { timeout: 240_000 }, () => {
  for (const screen of SCREENS)
    it(`${screen.name}: no text over another, none off the screen`, async () => {
      const page = await incidentAt(screen);
      try {
        await drawn(page);
        await page.screenshot({ path: `${ARTIFACTS}screen-${screen.name}.png` });
        const texts = await seam(page, (s) => s.texts());
        const height = await gameHeight(page);
        // A 4:3 window gives the incident its height (1280×960) instead of letterboxing it.
        expect(height).toBe(screen.width / screen.height < 1.5 ? 960 : 720);
        expect(texts.length).toBeGreaterThan(20);
        expect(overlaps(texts)).toEqual([]);
        expect(outside(texts, 1280, height)).toEqual([]);

        // The widest menu, the control plane's: each item's flag beside its words, not over them.
        await clickButton(page, "Control plane ▾");
        await page.waitForFunction(() => window.__clusterCrisis.buttonCenter("In-flight request limits…"));
        const menu = (await seam(page, (s) => s.texts())).filter((t) => t.depth === MENU_DEPTH);
        await page.screenshot({ path: `${ARTIFACTS}screen-${screen.name}-menu.png` });
        expect(menu.map((t) => t.text)).toContain("--enable-priority-and-fairness");
        expect(overlaps(menu)).toEqual([]);
        expect(outside(menu, 1280, height)).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
});

/** The debrief as a facilitator projects it: English at both text sizes, Korean, and a 4:3 screen. */
const DEBRIEFS = [
  { ...SCREENS[0], lang: "en" },
  { ...SCREENS[3], lang: "en" },
  { ...SCREENS[0], name: "1280x720-ko", lang: "ko" },
  { ...SCREENS[2], lang: "en" },
  { ...SCREENS[2], name: "1024x768-ko", lang: "ko" },
] as const;

describe("the debrief at every text size, in both languages and on a 4:3 screen", {
  timeout: 300_000,
}, () => {
  for (const screen of DEBRIEFS)
    it(`${screen.name}: no text over another, none off the screen`, async () => {
      const korean = screen.lang === "ko";
      const page = await playSolo(game.browser, game.server.url, {
        viewport: { width: screen.width, height: screen.height },
        textScale: screen.scale,
        lang: screen.lang,
      });
      try {
        // A few game minutes at 60×, into the incident, so the timeline has milestones and a legend.
        await clickButton(page, "60×");
        await page.waitForFunction(
          () => {
            const state = window.__clusterCrisis.state;
            return (state?.timeMs ?? 0) > 240_000 || state?.phase === "debrief";
          },
          undefined,
          { timeout: 120_000 },
        );
        if ((await seam(page, (s) => s.state!.phase)) === "live")
          await endRound(page, korean ? "종료" : "END");
        await page.waitForFunction(() => (window.__clusterCrisis.debrief()?.lessons.length ?? 0) > 0);
        await drawn(page);
        await page.screenshot({ path: `${ARTIFACTS}debrief-${screen.name}.png` });
        const texts = (await seam(page, (s) => s.texts())).filter((t) => t.scene === "Debrief");
        expect(texts.some((t) => t.text === (korean ? "타임라인" : "TIMELINE"))).toBe(true);
        if (korean) expect(texts.some((t) => /[가-힣]/.test(t.text))).toBe(true);
        expect(overlaps(texts)).toEqual([]);
        expect(outside(texts, 1280, await gameHeight(page))).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
});
