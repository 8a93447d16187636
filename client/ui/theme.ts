import type Phaser from "phaser";

/** The game's visual language: one palette and type scale for every scene. */
export const WIDTH = 1280;
/** The designed height (16:9): every scene is laid out for it. */
export const HEIGHT = 720;
/** The incident screen grows to this height on a 4:3 screen (1280 × 3/4). */
export const TALL_HEIGHT = 960;

/**
 * The height the incident screen takes on this browser window: 720 at 16:9 or wider, up to 960 on
 * a taller screen (4:3 and 5:4), so the map uses the height instead of being letterboxed.
 */
export function screenHeight(): number {
  if (typeof window === "undefined" || window.innerWidth === 0) return HEIGHT;
  const height = Math.round((WIDTH * window.innerHeight) / window.innerWidth / 8) * 8;
  return Math.max(HEIGHT, Math.min(TALL_HEIGHT, height));
}

/**
 * Gives `scene` this window's height (taller on a 4:3 screen) until it shuts down, when the game
 * goes back to the designed 1280×720 the other scenes are laid out for. Returns the height.
 */
export function takeScreenHeight(scene: Phaser.Scene): number {
  const height = screenHeight();
  if (scene.scale.height !== height) scene.scale.setGameSize(WIDTH, height);
  scene.events.once("shutdown", () => {
    if (scene.scale.height !== HEIGHT) scene.scale.setGameSize(WIDTH, HEIGHT);
  });
  return height;
}

/**
 * The four state colours (healthy, starting, pending, danger) are Okabe & Ito's colour-blind-safe
 * set ("Color Universal Design", https://jfly.uni-koeln.de/color/): sky blue, yellow, orange and
 * vermillion. Simulated with Machado, Oliveira & Fernandes' 2009 model (full severity) and compared
 * in CIELAB, the closest two of them differ by ΔE 17 for deuteranopia and 25 for protanopia; the
 * green/amber/red they replace came as close as ΔE 8.6 (starting vs pending under deuteranopia).
 * Colour never carries a state alone: the map and panels add shapes and words.
 */
export const colors = {
  background: 0x070b16,
  panel: 0x0f1830,
  panelEdge: 0x1f2c4f,
  text: 0xe6edf7,
  muted: 0x8a98b8,
  accent: 0x38e1c6,
  accentDeep: 0x3a7bfd,
  running: 0x38e1c6,
  /** A pod that is Running and Ready (Okabe–Ito sky blue). */
  healthy: 0x56b4e9,
  /** Okabe–Ito yellow. */
  starting: 0xf0e442,
  /** Okabe–Ito orange. */
  pending: 0xe69f00,
  /** Okabe–Ito vermillion. */
  danger: 0xd55e00,
  cpu: 0x3a7bfd,
  memory: 0xb084f5,
  /** The keyboard focus ring: the brightest colour of the palette, so it shows on every fill. */
  focus: 0xffffff,
  /** What the facilitator points at while paused (Okabe–Ito reddish purple), always with a "LOOK" tag. */
  highlight: 0xcc79a7,
} as const;

export const css = (color: number): string => `#${color.toString(16).padStart(6, "0")}`;

/** Hangul falls through the Latin families to Noto Sans KR, which the game ships (see ui/fonts.ts). */
export const font = {
  family: '"Inter", "Segoe UI", "Noto Sans", "Helvetica Neue", Arial, "Noto Sans KR", sans-serif',
  mono: '"JetBrains Mono", "DejaVu Sans Mono", "Menlo", "Noto Sans KR", monospace',
} as const;

/** The text sizes a player can choose in Settings, as a factor of the designed size. */
export const TEXT_SCALES = [1, 1.25, 1.5] as const;
export type TextScale = (typeof TEXT_SCALES)[number];

const TEXT_SCALE_KEY = "clusterCrisis.textScale";
let scale: TextScale = savedTextScale();

function savedTextScale(): TextScale {
  // Node (tests importing the palette) has no localStorage.
  if (typeof localStorage === "undefined") return 1;
  const saved = Number(localStorage.getItem(TEXT_SCALE_KEY));
  return TEXT_SCALES.find((s) => s === saved) ?? 1;
}

export function textScale(): TextScale {
  return scale;
}

/** Scenes drawn after this use the new size; Settings restarts itself to show it at once. */
export function setTextScale(next: TextScale): void {
  scale = next;
  localStorage.setItem(TEXT_SCALE_KEY, String(next));
}

/** A Phaser text style; `size` is the designed size, scaled by the player's text-size setting. */
export function textStyle(size: number, color: number = colors.text, mono = false) {
  return {
    fontFamily: mono ? font.mono : font.family,
    fontSize: `${Math.round(size * scale)}px`,
    color: css(color),
  };
}

/**
 * Display type (the game's name, the lobby's join code) is already large: it keeps its designed size
 * whatever the text-size setting, so the screens' big shapes stay where they were designed.
 */
export function displayStyle(size: number, color: number = colors.text, mono = false) {
  return { ...textStyle(size, color, mono), fontSize: `${size}px` };
}

/**
 * Shrinks `text` (never grows it) until it fits `maxWidth` × `maxHeight`: a long line, a link or a
 * briefing stays inside its panel at 125 % and 150 % text instead of running over its neighbours.
 */
export function fitText(
  text: Phaser.GameObjects.Text,
  maxWidth: number,
  maxHeight = Number.POSITIVE_INFINITY,
): Phaser.GameObjects.Text {
  return text.setScale(Math.min(1, maxWidth / Math.max(1, text.width), maxHeight / Math.max(1, text.height)));
}

/**
 * Shortens `text` with an ellipsis until the label is at most `width` wide (keeping at least its
 * first character); returns the text it shows. The cut is found by halving, by code point: each
 * setText renders the text again.
 */
export function clipToWidth(label: Phaser.GameObjects.Text, text: string, width: number): string {
  label.setText(text);
  if (label.width <= width) return label.text;
  const chars = Array.from(text);
  const cut = (keep: number) => label.setText(`${chars.slice(0, keep).join("").trimEnd()}…`);
  let lo = 1;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    cut(mid);
    if (label.width <= width) lo = mid;
    else hi = mid - 1;
  }
  cut(lo);
  return label.text;
}

/** Shortens a wrapped label's `text` with an ellipsis until it is at most `height` tall. */
export function clipLines(label: Phaser.GameObjects.Text, text: string, height: number): string {
  let keep = text.length;
  while (keep > 1 && label.height > height) {
    keep -= 4;
    label.setText(`${text.slice(0, keep)}…`);
  }
  return label.text;
}

/** A dashed horizontal line from `x1` to `x2` (a chart's target). */
export function dashed(
  g: Phaser.GameObjects.Graphics,
  x1: number,
  y: number,
  x2: number,
  color: number,
  { width = 1, dash = 5 } = {},
): void {
  g.lineStyle(width, color, 0.9);
  for (let x = x1; x < x2; x += 2 * dash) g.lineBetween(x, y, Math.min(x2, x + dash), y);
}
