import type { Page } from "playwright-core";
import type { TextBox } from "../../client/testSeam.ts";

/** The game's height in its own pixels (720, or up to 960 on a taller window), read from the canvas. */
export const gameHeight = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const canvas = document.querySelector("canvas")!;
    return Math.round((1280 * canvas.height) / canvas.width);
  });

/**
 * Two texts drawn by the same camera at the same depth whose boxes cross by more than a hair
 * (glyph boxes carry a little padding): words printed over words. A text on a higher depth (a
 * tooltip, a menu, a banner) is drawn over the panel on purpose and is not counted.
 */
export function overlaps(texts: readonly TextBox[]): string[] {
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
export function outside(texts: readonly TextBox[], width: number, height: number): string[] {
  return texts
    .filter((t) => t.x < -1 || t.y < -1 || t.x + t.width > width + 1 || t.y + t.height > height + 1)
    .map((t) => JSON.stringify(t.text));
}
