/** The game's visual language: one palette and type scale for every scene. */
export const WIDTH = 1280;
export const HEIGHT = 720;

export const colors = {
  background: 0x070b16,
  panel: 0x0f1830,
  panelEdge: 0x1f2c4f,
  text: 0xe6edf7,
  muted: 0x8a98b8,
  accent: 0x38e1c6,
  accentDeep: 0x3a7bfd,
  running: 0x38e1c6,
  /** A pod that is Running and Ready. */
  healthy: 0x4cd97b,
  starting: 0xffc857,
  pending: 0xff9f43,
  danger: 0xff5d5d,
  cpu: 0x3a7bfd,
  memory: 0xb084f5,
} as const;

export const css = (color: number): string => `#${color.toString(16).padStart(6, "0")}`;

/** Hangul falls through the Latin families to Noto Sans KR, which the game ships (see ui/fonts.ts). */
export const font = {
  family: '"Inter", "Segoe UI", "Noto Sans", "Helvetica Neue", Arial, "Noto Sans KR", sans-serif',
  mono: '"JetBrains Mono", "DejaVu Sans Mono", "Menlo", "Noto Sans KR", monospace',
} as const;

export function textStyle(size: number, color: number = colors.text, mono = false) {
  return { fontFamily: mono ? font.mono : font.family, fontSize: `${size}px`, color: css(color) };
}
