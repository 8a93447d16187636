import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { font } from "../../client/ui/theme.ts";
import { ARTIFACTS, clickButton, drawn, gameUnderTest, openGame, seam, startSolo } from "../support/game.ts";

const game = gameUnderTest();

const closeGame = (page: Page) => page.context().close();

/** What the polite narration region has said so far. */
const narration = async (page: Page) => (await page.locator("#narration").textContent()) ?? "";

describe("screen-reader narration", () => {
  it("lives outside the canvas and announces the events of a live solo round", async () => {
    const page = await openGame(game.browser, game.server.url);
    try {
      const region = await page.evaluate(() => {
        const log = document.getElementById("narration");
        const alert = document.getElementById("narration-alert");
        return {
          live: log?.getAttribute("aria-live"),
          role: log?.getAttribute("role"),
          alertLive: alert?.getAttribute("aria-live"),
          outsideGame: Boolean(log) && !document.getElementById("game")!.contains(log),
          // Visually hidden, not display:none (which screen readers skip).
          width: log?.getBoundingClientRect().width,
          display: log ? getComputedStyle(log).display : "",
        };
      });
      expect(region).toEqual({
        live: "polite",
        role: "log",
        alertLive: "assertive",
        outsideGame: true,
        width: 1,
        display: "block",
      });
      await page.waitForFunction(() => document.getElementById("narration")!.textContent!.includes("title"));

      await startSolo(page);
      await clickButton(page, "START THE CLOCK  ▶");
      await page.waitForFunction(
        () =>
          window.__clusterCrisis.scene === "Incident" &&
          (window.__clusterCrisis.state?.events.length ?? 0) > 0,
        undefined,
        { timeout: 30_000 },
      );
      await page.waitForFunction(() => document.getElementById("narration")!.textContent!.includes("Round"));
      // Some event of the feed is said as "object: reason. message" (storms are summed up, not dropped).
      await page.waitForFunction(
        () => {
          const said = document.getElementById("narration")!.textContent!;
          return (window.__clusterCrisis.state?.events ?? []).some((e) =>
            said.includes(`${e.object}: ${e.reason}.`),
          );
        },
        undefined,
        { timeout: 15_000 },
      );
      const said = await narration(page);
      expect(said).toContain("Screen: incident.");
      expect(said).toMatch(/Round \d+ started/);
    } finally {
      await closeGame(page);
    }
  });
});

describe("settings", () => {
  it("switches the language in Settings: the title turns Korean and Hangul renders", async () => {
    const page = await openGame(game.browser, game.server.url);
    try {
      await clickButton(page, "SETTINGS");
      await page.waitForFunction(() => window.__clusterCrisis.scene === "Settings");
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}settings-en.png` });

      await clickButton(page, "한국어");
      await page.waitForFunction(() => window.__clusterCrisis.buttonCenter("◀  타이틀") !== null);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("ko");
      expect(await page.evaluate(() => localStorage.getItem("clusterCrisis.lang"))).toBe("ko");
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}settings-ko.png` });

      await clickButton(page, "◀  타이틀");
      await page.waitForFunction(
        () =>
          window.__clusterCrisis.scene === "Title" &&
          window.__clusterCrisis.buttonCenter("혼자 플레이") !== null,
      );
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}title-ko-from-settings.png` });
      // The shipped Hangul font is loaded in both weights the game draws with, and it draws real
      // syllables: two different syllables rendered in the game's font stack differ, where a font
      // without Hangul draws both as the same empty box (tests/e2e/fonts.test.ts checks the canvas).
      const hangul = await page.evaluate((family) => {
        const loaded = [
          document.fonts.check('16px "Noto Sans KR"', "혼자플레이"),
          document.fonts.check('bold 22px "Noto Sans KR"', "혼자플레이"),
        ];
        const draw = (syllable: string) => {
          const canvas = document.createElement("canvas");
          canvas.width = 40;
          canvas.height = 40;
          const g = canvas.getContext("2d")!;
          g.font = `bold 28px ${family}`;
          g.fillText(syllable, 4, 32);
          return Array.from(g.getImageData(0, 0, 40, 40).data.filter((_, i) => i % 4 === 3));
        };
        const a = draw("혼");
        const b = draw("자");
        const differing = a.filter((v, i) => Math.abs(v - b[i]!) > 64).length;
        return { loaded, differing };
      }, font.family);
      expect(hangul.loaded).toEqual([true, true]);
      expect(hangul.differing).toBeGreaterThan(60);
      // The narration speaks Korean too.
      await page.waitForFunction(() =>
        document.getElementById("narration")!.textContent!.includes("화면: 타이틀"),
      );
    } finally {
      await closeGame(page);
    }
  });

  it("remembers text size, motion and sound, and the title still fits at 125 %", async () => {
    const page = await openGame(game.browser, game.server.url);
    try {
      await clickButton(page, "SETTINGS");
      await clickButton(page, "125 %");
      await clickButton(page, "REDUCED");
      await clickButton(page, "OFF");
      await page.waitForFunction(() => localStorage.getItem("clusterCrisis.muted") === "1");
      expect(
        await page.evaluate(() => [
          localStorage.getItem("clusterCrisis.textScale"),
          localStorage.getItem("clusterCrisis.motion"),
        ]),
      ).toEqual(["1.25", "reduced"]);
      expect(await seam(page, (s) => s.reducedMotion())).toBe(true);
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}settings-125.png` });
      await page.keyboard.press("Escape");
      await page.waitForFunction(() => window.__clusterCrisis.scene === "Title");
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}title-125.png` });
      // M unmutes anywhere outside a text field.
      await page.keyboard.press("m");
      expect(await page.evaluate(() => localStorage.getItem("clusterCrisis.muted"))).toBe("0");
      // A reload keeps every choice.
      await page.reload();
      await page.waitForFunction(() => window.__clusterCrisis?.scene === "Title");
      expect(await seam(page, (s) => s.reducedMotion())).toBe(true);
      // The lobby at 125 %, for a look at its fit.
      await clickButton(page, "HOST A WORKSHOP");
      await page.fill(".cc-form input[name=name]", "Large");
      await page.press(".cc-form input[name=name]", "Enter");
      await page.waitForFunction(() => window.__clusterCrisis.scene === "Lobby");
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}lobby-125.png` });
    } finally {
      await closeGame(page);
    }
  });
});

describe("the largest text", () => {
  it("draws the title and the settings at 150 %", async () => {
    const page = await openGame(game.browser, game.server.url);
    try {
      await page.evaluate(() => localStorage.setItem("clusterCrisis.textScale", "1.5"));
      await page.reload();
      await page.waitForFunction(() => window.__clusterCrisis?.scene === "Title");
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}title-150.png` });
      await clickButton(page, "SETTINGS");
      await page.waitForFunction(() => window.__clusterCrisis.scene === "Settings");
      await drawn(page);
      await page.screenshot({ path: `${ARTIFACTS}settings-150.png` });
    } finally {
      await closeGame(page);
    }
  });
});

describe("reduced motion", () => {
  it("follows prefers-reduced-motion unless the player overrides it", async () => {
    const page = await openGame(game.browser, game.server.url);
    try {
      await page.emulateMedia({ reducedMotion: "reduce" });
      expect(await seam(page, (s) => s.reducedMotion())).toBe(true);
      await page.emulateMedia({ reducedMotion: "no-preference" });
      expect(await seam(page, (s) => s.reducedMotion())).toBe(false);
      await page.evaluate(() => localStorage.setItem("clusterCrisis.motion", "reduced"));
      expect(await seam(page, (s) => s.reducedMotion())).toBe(true);
      await page.emulateMedia({ reducedMotion: "reduce" });
      await page.evaluate(() => localStorage.setItem("clusterCrisis.motion", "full"));
      expect(await seam(page, (s) => s.reducedMotion())).toBe(false);
    } finally {
      await closeGame(page);
    }
  });
});
