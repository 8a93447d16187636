import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TextBox } from "../../client/testSeam.ts";
import {
  ARTIFACTS,
  clickButton,
  drawn,
  endRound,
  type GameUnderTest,
  playSolo,
  seam,
  startGameUnderTest,
  stopGameUnderTest,
} from "../support/game.ts";

let server: GameUnderTest["server"];
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startGameUnderTest());
});

afterAll(async () => stopGameUnderTest({ server, browser }));

/**
 * Two texts drawn by the same camera at the same depth whose boxes cross by more than a hair
 * (glyph boxes carry a little padding): words printed over words. A text on a higher depth (a
 * tooltip, a menu, a banner) is drawn over the panel on purpose and is not counted.
 */
function overlaps(texts: readonly TextBox[]): string[] {
  const HAIR = 2;
  const found: string[] = [];
  for (const [i, a] of texts.entries())
    for (const b of texts.slice(i + 1)) {
      if (a.scene !== b.scene || a.camera !== b.camera || a.depth !== b.depth) continue;
      const across = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const down = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (across > HAIR && down > HAIR) found.push(`${JSON.stringify(a.text)} × ${JSON.stringify(b.text)}`);
    }
  return found;
}

/** Every text lies inside the game's screen (none cut by its edge). */
function outside(texts: readonly TextBox[], width: number, height: number): string[] {
  return texts
    .filter((t) => t.x < -1 || t.y < -1 || t.x + t.width > width + 1 || t.y + t.height > height + 1)
    .map((t) => JSON.stringify(t.text));
}

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
  playSolo(browser, server.url, {
    viewport: { width: screen.width, height: screen.height },
    textScale: screen.scale,
  });

/** The game's own height (1280 wide): the canvas' shape, as Phaser sized it. */
const gameHeight = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const canvas = document.querySelector("canvas")!;
    return Math.round((1280 * canvas.height) / canvas.width);
  });

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

describe("the debrief at every text size", { timeout: 300_000 }, () => {
  for (const screen of [SCREENS[0], SCREENS[3]])
    it(`${screen.name}: no text over another, none off the screen`, async () => {
      const page = await incidentAt(screen);
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
        if ((await seam(page, (s) => s.state!.phase)) === "live") await endRound(page);
        await page.waitForFunction(() => (window.__clusterCrisis.debrief()?.lessons.length ?? 0) > 0);
        await drawn(page);
        await page.screenshot({ path: `${ARTIFACTS}debrief-${screen.name}.png` });
        const texts = (await seam(page, (s) => s.texts())).filter((t) => t.scene === "Debrief");
        expect(texts.some((t) => t.text === "TIMELINE")).toBe(true);
        expect(overlaps(texts)).toEqual([]);
        expect(outside(texts, 1280, 720)).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
});
