import type Phaser from "phaser";
import type { SloPoint } from "./sloHistory.ts";
import { colors, dashed } from "./theme.ts";

/** A chart's plot area, in game coordinates. */
export interface Plot {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The dark fill behind a chart's plot. */
export const CHART_FILL = 0x0a1226;

/**
 * One SLO chart's plot: game time across (`from`–`to`), a value up (`min`–`max`), drawn on a
 * Graphics. The debrief's round charts and the projector's live ones both draw with it: the
 * same scales, breach bands, targets and lines, each scene with its own words around them.
 */
export class SloChart {
  private readonly g: Phaser.GameObjects.Graphics;
  readonly plot: Plot;
  private readonly range: { from: number; to: number; min: number; max: number };

  constructor(
    g: Phaser.GameObjects.Graphics,
    plot: Plot,
    range: { from: number; to: number; min: number; max: number },
  ) {
    this.g = g;
    this.plot = plot;
    this.range = range;
  }

  /** Where game time `ms` is across the plot (held to its window). */
  px(ms: number): number {
    const { from, to } = this.range;
    return this.plot.x + ((Math.max(from, Math.min(to, ms)) - from) / (to - from)) * this.plot.w;
  }

  /** Where value `v` is up the plot (held to its scale). */
  py(v: number): number {
    const { min, max } = this.range;
    return this.plot.y + this.plot.h - ((Math.min(max, Math.max(min, v)) - min) / (max - min)) * this.plot.h;
  }

  fill(color: number = CHART_FILL): this {
    this.g.fillStyle(color, 1).fillRect(this.plot.x, this.plot.y, this.plot.w, this.plot.h);
    return this;
  }

  /** Thin level lines across the plot at these values. */
  guides(values: readonly number[], color: number = colors.panelEdge): this {
    this.g.lineStyle(1, color, 1);
    for (const v of values)
      this.g.lineBetween(this.plot.x, this.py(v), this.plot.x + this.plot.w, this.py(v));
    return this;
  }

  /** Shaded spans of game time (where an objective was breached), at least 2 px wide. */
  bands(spans: readonly (readonly [number, number])[], color: number = colors.danger, alpha = 0.2): this {
    for (const [from, to] of spans)
      this.g
        .fillStyle(color, alpha)
        .fillRect(this.px(from), this.plot.y, Math.max(2, this.px(to) - this.px(from)), this.plot.h);
    return this;
  }

  /** The objective, dashed across the plot. */
  target(v: number, color: number, style?: { width?: number; dash?: number }): this {
    dashed(this.g, this.plot.x, this.py(v), this.plot.x + this.plot.w, color, style);
    return this;
  }

  /**
   * A line through the samples in the window, broken where a sample has no value; each segment in
   * the colour of its later sample, and a dot on the last one if asked.
   */
  line(
    points: readonly SloPoint[],
    value: (p: SloPoint) => number,
    style: { width: number; color: number | ((p: SloPoint) => number); dot?: boolean },
  ): this {
    const g = this.g;
    const colorOf = typeof style.color === "number" ? () => style.color as number : style.color;
    let previous: SloPoint | undefined;
    for (const p of points) {
      if (p.t < this.range.from || !Number.isFinite(value(p))) {
        previous = undefined;
        continue;
      }
      if (previous) {
        g.lineStyle(style.width, colorOf(p), 1);
        g.lineBetween(this.px(previous.t), this.py(value(previous)), this.px(p.t), this.py(value(p)));
      }
      previous = p;
    }
    if (previous && style.dot)
      g.fillStyle(colorOf(previous), 1).fillCircle(this.px(previous.t), this.py(value(previous)), 4);
    return this;
  }
}
