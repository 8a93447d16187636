import { execFileSync } from "node:child_process";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { font } from "../../client/ui/theme.ts";
import { ARTIFACTS, drawn, gameUnderTest } from "../support/game.ts";

const game = gameUnderTest();

/** Whether this machine has a Korean system font (Debian's Chromium alone has none). */
function systemHasKoreanFont(): boolean {
  try {
    return execFileSync("fc-list", [":lang=ko"], { encoding: "utf8" }).trim() !== "";
  } catch {
    return false;
  }
}

const LABEL = "혼자 플레이"; // the Korean title's "PLAY SOLO": bold 22 px, as Button draws it

/** Opens the game in Korean; with `withoutFont`, every request for the shipped font fails. */
async function openKoreanTitle(withoutFont: boolean): Promise<Page> {
  const page = await game.browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on("pageerror", (error) => console.error("page error:", error.message));
  if (withoutFont) await page.route(/\.woff2$/, (route) => route.abort());
  await page.addInitScript(() => localStorage.setItem("clusterCrisis.lang", "ko"));
  await page.goto(game.server.url);
  await page.waitForFunction((l) => window.__clusterCrisis?.buttonCenter(l) != null, LABEL, {
    timeout: 30_000,
  });
  await drawn(page); // the canvas shows the last frame
  return page;
}

/**
 * How unlike one another the syllables of LABEL look on the game's canvas: the smallest difference
 * between two of its syllables' cells over their ink (best alignment within ±1 px). A font without
 * Hangul draws every syllable as the same empty box, which scores near 0; real glyphs score high.
 */
function syllableDistinctness(page: Page): Promise<{ distinct: number; ink: number }> {
  return page.evaluate(
    ({ label, family }) => {
      const at = window.__clusterCrisis.buttonCenter(label)!;
      const canvas = document.querySelector("canvas")!;
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      const gl = (canvas.getContext("webgl2") ?? canvas.getContext("webgl"))!;
      const measure = document.createElement("canvas").getContext("2d")!;
      measure.font = `bold ${22 / scale}px ${family}`;
      const full = measure.measureText(label).width;
      const height = 26; // canvas pixels are game pixels
      const top = Math.round(at.y * scale - height / 2);
      const cells: { data: number[]; width: number }[] = [];
      for (let i = 0; i < label.length; i++) {
        if (label[i] === " ") continue;
        const x0 = (at.x - full / 2 + measure.measureText(label.slice(0, i)).width) * scale;
        const x1 = (at.x - full / 2 + measure.measureText(label.slice(0, i + 1)).width) * scale;
        const left = Math.round(x0) - 1;
        const width = Math.round(x1) + 1 - left;
        const pixels = new Uint8Array(width * height * 4);
        gl.readPixels(left, canvas.height - top - height, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
        const data: number[] = [];
        for (let p = 0; p < pixels.length; p += 4) data.push(pixels[p]! + pixels[p + 1]! + pixels[p + 2]!);
        cells.push({ data, width });
      }
      const background = Math.max(...cells.flatMap((c) => c.data)); // dark ink on the light button
      const ink = (c: { data: number[] }) => c.data.reduce((sum, v) => sum + (background - v), 0);
      const difference = (a: (typeof cells)[0], b: (typeof cells)[0]) => {
        let best = Number.POSITIVE_INFINITY;
        for (let shift = -1; shift <= 1; shift++) {
          let sum = 0;
          const w = Math.min(a.width, b.width);
          for (let y = 0; y < height; y++)
            for (let x = 1; x < w - 1; x++)
              sum += Math.abs(a.data[y * a.width + x]! - (b.data[y * b.width + x + shift] ?? background));
          best = Math.min(best, sum);
        }
        return best / Math.max(1, (ink(a) + ink(b)) / 2);
      };
      let smallest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < cells.length; i++)
        for (let j = i + 1; j < cells.length; j++)
          smallest = Math.min(smallest, difference(cells[i]!, cells[j]!));
      // How dark the faintest cell is: 0 when a cell missed the drawn syllables altogether.
      const faintest = Math.min(...cells.map((c) => ink(c) / (c.data.length * Math.max(1, background))));
      return { distinct: smallest, ink: faintest };
    },
    { label: LABEL, family: font.family },
  );
}

describe("the shipped Korean font", () => {
  it("draws the Korean title in Hangul, not boxes", async () => {
    const page = await openKoreanTitle(false);
    try {
      // Boot waited for the Hangul slices of the Korean strings, in both weights the game uses.
      const loaded = await page.evaluate(() => [
        document.fonts.check('16px "Noto Sans KR"', "한국어"),
        document.fonts.check('bold 22px "Noto Sans KR"', "혼자플레이"),
      ]);
      expect(loaded).toEqual([true, true]);
      await page.screenshot({ path: `${ARTIFACTS}title-ko-font.png` });
      const score = await syllableDistinctness(page);
      expect(score.ink).toBeGreaterThan(0.02);
      expect(score.distinct).toBeGreaterThan(0.3);
    } finally {
      await page.close();
    }
  });

  it("still opens the title when the font cannot load, and the check then sees boxes", async () => {
    const page = await openKoreanTitle(true);
    try {
      await page.screenshot({ path: `${ARTIFACTS}title-ko-nofont.png` });
      const score = await syllableDistinctness(page);
      // Without a Korean system font Chromium draws boxes: proof that the check above tells them apart.
      expect(score.ink).toBeGreaterThan(0.02);
      if (!systemHasKoreanFont()) expect(score.distinct).toBeLessThan(0.1);
    } finally {
      await page.close();
    }
  });
});
