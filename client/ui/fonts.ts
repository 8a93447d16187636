import Phaser from "phaser";
import { language } from "../i18n/index.ts";
import { ko } from "../i18n/strings.ts";

/**
 * The game ships its own Hangul font, Noto Sans KR (OFL-1.1, from @fontsource/noto-sans-kr, whose
 * CSS client/main.ts imports): a machine without a Korean system font would otherwise draw players'
 * names such as 민지 and the whole Korean locale as empty boxes. Fontsource splits it into ~120
 * unicode-range slices per weight, so a browser downloads only the slices of the characters it draws.
 *
 * Phaser draws text on a canvas, which does not wait for a web font: it draws with a fallback and
 * leaves the slice loading. So the Boot scene waits for the slices it knows it needs (`ready`), and
 * every Text showing is redrawn whenever more slices arrive (`redrawTextWhenFontsLoad`), as for a
 * name typed in Hangul that no string of the game contains.
 */
export const KOREAN_FAMILY = "Noto Sans KR";

/** The game's text uses these two weights (Phaser's "normal" and "bold"). */
const WEIGHTS = ["400", "700"] as const;

const HANGUL_OR_CJK = /[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;

/** How long the game waits for font slices before it goes on with a fallback (it never hangs on them). */
export const FONT_TIMEOUT_MS = 4_000;

/**
 * Loads the Hangul slices `text` needs in both weights, resolving once they are in (or failed, or
 * `timeoutMs` has passed). The language button "한국어" is on every title screen; a Korean player
 * needs the slices of every Korean string.
 */
export function ready(
  text = language() === "ko" ? Object.values(ko).join("") : "한국어",
  timeoutMs = FONT_TIMEOUT_MS,
): Promise<void> {
  if (typeof document === "undefined" || !document.fonts) return Promise.resolve();
  // Only Hangul and CJK: Latin text is drawn with the families before Noto Sans KR in the stack.
  const wide = [...new Set(text)].filter((c) => HANGUL_OR_CJK.test(c)).join("");
  if (!wide) return Promise.resolve();
  const loads = WEIGHTS.map((weight) =>
    document.fonts.load(`${weight} 16px "${KOREAN_FAMILY}"`, wide).catch(() => []),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  return Promise.race([Promise.all(loads).then(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

/** Redraws every Text of the running scenes each time the browser has finished loading font slices. */
export function redrawTextWhenFontsLoad(game: Phaser.Game): void {
  if (typeof document === "undefined" || !document.fonts) return;
  document.fonts.addEventListener("loadingdone", () => {
    for (const scene of game.scene.getScenes(true)) redraw(scene.children.list);
  });
}

function redraw(objects: readonly Phaser.GameObjects.GameObject[]): void {
  for (const object of objects) {
    if (object instanceof Phaser.GameObjects.Text) object.updateText();
    else if (object instanceof Phaser.GameObjects.Container) redraw(object.list);
  }
}
