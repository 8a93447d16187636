import type Phaser from "phaser";
import { t } from "../i18n/index.ts";
import { availabilityGoal, type ClusterView, type ServiceView } from "../net/connection.ts";
import type { Rect } from "./layout.ts";
import { HISTORY_MS, SloHistory, type SloPoint } from "./sloHistory.ts";
import { clip, formatAvailability, formatLatency, formatRate } from "./statusFormat.ts";
import { explain } from "./Tooltip.ts";
import { colors, css, textScale, textStyle } from "./theme.ts";

/** Above this p99 a service shows as troubled even while it answers: users feel half a second. */
const SLOW_P99_MS = 500;
/**
 * The availability charts plot "nines" (−log10 of the failed share) up to four: 99.99 % at the top,
 * the 99 % target halfway, 90 % a quarter up, 0 % at the bottom. A linear 0–100 % axis would squeeze
 * everything that matters into the top pixel of a sparkline.
 */
const MAX_NINES = 4;

const PAD = 12;
/**
 * The panel's vertical rhythm at the designed text size (scaled with the player's text size): the
 * header, a service row when the panel is full and the most a row grows to when there are few, the
 * sparklines' offset under the numbers, the endpoints line under the name, the budget bar.
 */
const SPACING = { header: 52, row: 36, maxRow: 72, sparkTop: 16, detail: 17, bar: 28 } as const;
const NAME_W = 88;
const COLUMN_GAP = 8;
const chartFill = 0x0a1226;

type Health = "ok" | "slow" | "breach";

const HEALTH: Record<Health, { glyph: string; color: number; rank: number }> = {
  breach: { glyph: "▼", color: colors.danger, rank: 0 },
  slow: { glyph: "▲", color: colors.pending, rank: 1 },
  ok: { glyph: "●", color: colors.healthy, rank: 2 },
};

function health(service: ServiceView): Health {
  if (service.availability < availabilityGoal(service)) return "breach";
  if (service.p99Ms > SLOW_P99_MS) return "slow";
  return "ok";
}

/** The texts of one service's row, made once and reused. */
interface RowTexts {
  readonly name: Phaser.GameObjects.Text;
  readonly detail: Phaser.GameObjects.Text;
  readonly values: readonly [Phaser.GameObjects.Text, Phaser.GameObjects.Text, Phaser.GameObjects.Text];
}

/**
 * Services and their SLOs (incidentLayout.slo): the round's error budget as a bar, then each
 * service, most troubled first, with its request rate, availability against the target and p99
 * latency as numbers over sparklines of the last game minutes. Redraws once per game second at most.
 */
export class SloPanel {
  private readonly history = new SloHistory();
  /** Request rates, aligned with the history's samples from the end (SloHistory keeps only SLIs). */
  private readonly rates = new Map<string, number[]>();
  private ratesRound = Number.NaN;
  private ratesTimeMs = -1;
  private readonly g: Phaser.GameObjects.Graphics;
  private readonly title: Phaser.GameObjects.Text;
  private readonly budget: Phaser.GameObjects.Text;
  private readonly columns: Phaser.GameObjects.Text[];
  private readonly more: Phaser.GameObjects.Text;
  private readonly rows: RowTexts[] = [];
  private key = "";
  /** The services drawn, in order, for the test seam. */
  shown: readonly string[] = [];

  private readonly area: Rect;
  private readonly space: Record<keyof typeof SPACING, number>;

  constructor(scene: Phaser.Scene, area: Rect) {
    this.area = area;
    const scale = textScale();
    this.space = {
      header: Math.round(SPACING.header * scale),
      row: Math.round(SPACING.row * scale),
      maxRow: Math.round(SPACING.maxRow * scale),
      sparkTop: Math.round(SPACING.sparkTop * scale),
      detail: Math.round(SPACING.detail * scale),
      bar: Math.round(SPACING.bar * scale),
    };
    const { x, y, width } = area;
    this.g = scene.add.graphics();
    this.title = scene.add.text(x + PAD, y + 8, "", { ...textStyle(13, colors.accent), fontStyle: "bold" });
    explain(this.title, () => t("tip.slo"));
    this.budget = scene.add.text(x + width - PAD, y + 9, "", textStyle(12, colors.text)).setOrigin(1, 0);
    this.columns = [t("slo.rps"), t("slo.availability"), t("slo.p99")].map((label, i) =>
      scene.add.text(
        this.columnX(i),
        y + this.space.header - this.space.sparkTop,
        label,
        textStyle(10, colors.muted),
      ),
    );
    for (const label of this.columns) fitWidth(label, this.columnWidth());
    this.more = scene.add.text(x + PAD, y + area.height - 18, "", textStyle(11, colors.muted));
    const value = (column: number, top: number) =>
      scene.add.text(this.columnX(column), top, "", {
        ...textStyle(12, colors.text, true),
        fontStyle: "bold",
      });
    for (let i = 0; i < this.capacity(); i++) {
      const top = y + this.space.header + i * this.space.row;
      this.rows.push({
        name: scene.add.text(x + PAD, top, "", { ...textStyle(12, colors.text), fontStyle: "bold" }),
        detail: scene.add.text(x + PAD + 14, top + this.space.detail, "", textStyle(10, colors.muted)),
        values: [value(0, top), value(1, top), value(2, top)],
      });
    }
  }

  update(view: ClusterView): void {
    this.recordRates(view);
    const key = `${view.round}|${view.phase}|${this.history.samples}|${Math.floor(view.timeMs / 1000)}|${view.services.length}|${view.score.errorBudgetLeft}`;
    if (key === this.key) return;
    this.key = key;
    this.draw(view);
  }

  destroy(): void {
    this.g.destroy();
    this.title.destroy();
    this.budget.destroy();
    this.more.destroy();
    for (const c of this.columns) c.destroy();
    for (const row of this.rows) {
      row.name.destroy();
      row.detail.destroy();
      for (const v of row.values) v.destroy();
    }
  }

  /** Rows that fit under the header. */
  private capacity(): number {
    return Math.floor((this.area.height - this.space.header - 4) / this.space.row);
  }

  private columnWidth(): number {
    return (this.area.width - 2 * PAD - NAME_W - 2 * COLUMN_GAP) / 3;
  }

  private columnX(column: number): number {
    return this.area.x + PAD + NAME_W + column * (this.columnWidth() + COLUMN_GAP);
  }

  /** Feeds the shared SLI history and keeps each service's request rate beside it. */
  private recordRates(view: ClusterView): void {
    // The history starts over on a new round or when time goes back (a restored world): so do the rates.
    if (view.round !== this.ratesRound || view.timeMs < this.ratesTimeMs) this.rates.clear();
    this.ratesRound = view.round;
    this.ratesTimeMs = view.timeMs;
    if (!this.history.record(view)) return;
    const keep = this.history.samples;
    const seen = new Set<string>();
    for (const s of view.services) {
      seen.add(s.name);
      let series = this.rates.get(s.name);
      if (!series) {
        series = [];
        this.rates.set(s.name, series);
      }
      series.push(s.demandRps);
    }
    for (const [name, series] of this.rates) {
      if (!seen.has(name)) series.push(Number.NaN);
      if (series.length > keep) series.splice(0, series.length - keep);
    }
  }

  private draw(view: ClusterView): void {
    const { x, y, width, height } = this.area;
    const g = this.g.clear();
    g.fillStyle(colors.panel, 1).fillRoundedRect(x, y, width, height, 10);
    g.lineStyle(1, colors.panelEdge, 1).strokeRoundedRect(x, y, width, height, 10);
    // The charts span the history held: from the round's first sample until HISTORY_MS is reached.
    const to = view.timeMs;
    const first = view.services[0] ? this.history.points(view.services[0].name)[0] : undefined;
    const from = Math.min(to - 1000, Math.max(to - HISTORY_MS, first?.t ?? to));
    const minutes = Math.max(1, Math.round((to - from) / 60_000));
    this.title.setText(`${t("slo.title")}  ·  ${t("slo.window", { minutes })}`);

    // The round's error budget: what the objective's availability targets still allow to fail.
    const left = Math.max(0, Math.min(1, view.score.errorBudgetLeft));
    const budgetColor = left < 0.25 ? colors.danger : left < 0.5 ? colors.pending : colors.healthy;
    this.budget.setText(t("slo.budget", { percent: (left * 100).toFixed(1) })).setColor(css(budgetColor));
    // Large text: the title gives way to the budget rather than run into it.
    fitWidth(this.title, width - 2 * PAD - this.budget.width - 12);
    const barY = y + this.space.bar;
    const barW = width - 2 * PAD;
    g.fillStyle(chartFill, 1).fillRoundedRect(x + PAD, barY, barW, 5, 2.5);
    if (left > 0)
      g.fillStyle(budgetColor, 1).fillRoundedRect(x + PAD, barY, Math.max(5, barW * left), 5, 2.5);

    // Most troubled first: breaching, then slow; then the lowest availability now and this round,
    // the slowest, the busiest.
    const services = [...view.services].sort(
      (a, b) =>
        HEALTH[health(a)].rank - HEALTH[health(b)].rank ||
        a.availability - b.availability ||
        this.history.worst(a.name) - this.history.worst(b.name) ||
        b.p99Ms - a.p99Ms ||
        b.demandRps - a.demandRps ||
        a.name.localeCompare(b.name),
    );
    const capacity = this.capacity();
    const fits = services.length <= capacity ? services.length : capacity - 1;
    const shown = services.slice(0, fits);
    this.shown = shown.map((s) => s.name);
    for (const c of this.columns) c.setVisible(shown.length > 0);
    this.more.setText(
      services.length === 0
        ? t("slo.none")
        : services.length > fits
          ? t("slo.more", { n: services.length - fits })
          : "",
    );
    // Few services get taller charts; a full panel gets the compact rows.
    const rowH =
      fits < services.length
        ? this.space.row
        : Math.min(this.space.maxRow, Math.floor((height - this.space.header - 4) / Math.max(1, fits)));
    this.more.setY(services.length === 0 ? y + this.space.header : y + this.space.header + fits * rowH + 2);
    this.rows.forEach((row, i) => {
      const service = shown[i];
      const visible = service !== undefined;
      row.name.setVisible(visible);
      row.detail.setVisible(visible);
      for (const v of row.values) v.setVisible(visible);
      if (!service) return;
      const state = HEALTH[health(service)];
      const top = y + this.space.header + i * rowH;
      row.name.setY(top);
      row.detail.setY(top + this.space.detail);
      for (const v of row.values) v.setY(top);
      row.name.setText(`${state.glyph} ${clip(service.name, 11)}`).setColor(css(state.color));
      row.detail.setText(t("slo.endpoints", { n: service.readyEndpoints }));
      const [rps, availability, p99] = row.values;
      rps.setText(formatRate(service.demandRps)).setColor(css(colors.text));
      availability
        .setText(formatAvailability(service.availability))
        .setColor(css(state === HEALTH.breach ? colors.danger : colors.healthy));
      p99
        .setText(formatLatency(service.p99Ms))
        .setColor(css(service.p99Ms > SLOW_P99_MS ? colors.pending : colors.text));
      if (i > 0) g.lineStyle(1, colors.panelEdge, 1).lineBetween(x + PAD, top - 3, x + width - PAD, top - 3);
      const points = this.history.points(service.name);
      const rates = this.rates.get(service.name) ?? [];
      const offset = points.length - rates.length;
      const spark = (c: number) => ({
        x: this.columnX(c),
        y: top + this.space.sparkTop,
        width: this.columnWidth(),
        height: rowH - this.space.sparkTop - 4,
      });
      this.rateSpark(
        spark(0),
        points,
        points.map((_, k) => rates[k - offset] ?? Number.NaN),
        from,
        to,
      );
      this.availabilitySpark(spark(1), points, from, to, availabilityGoal(service));
      this.latencySpark(spark(2), points, from, to);
    });
  }

  private frame(box: Rect): void {
    this.g.fillStyle(chartFill, 1).fillRoundedRect(box.x, box.y, box.width, box.height, 3);
  }

  private rateSpark(
    box: Rect,
    points: readonly SloPoint[],
    values: readonly number[],
    from: number,
    to: number,
  ): void {
    this.frame(box);
    const max = Math.max(1, ...values.filter(Number.isFinite)) * 1.15;
    this.line(
      box,
      points,
      values,
      (v) => v / max,
      () => colors.accentDeep,
      from,
      to,
    );
  }

  private availabilitySpark(
    box: Rect,
    points: readonly SloPoint[],
    from: number,
    to: number,
    target: number,
  ): void {
    this.frame(box);
    const nines = (a: number) =>
      Math.min(MAX_NINES, -Math.log10(Math.max(10 ** -MAX_NINES, 1 - a))) / MAX_NINES;
    // The target, dashed: above it the service meets its objective.
    const ty = box.y + box.height * (1 - nines(target));
    this.g.lineStyle(1, colors.starting, 0.8);
    for (let dx = 0; dx < box.width; dx += 6)
      this.g.lineBetween(box.x + dx, ty, box.x + Math.min(box.width, dx + 3), ty);
    this.line(
      box,
      points,
      points.map((p) => p.availability),
      nines,
      (v) => (v >= target ? colors.healthy : colors.danger),
      from,
      to,
    );
  }

  private latencySpark(box: Rect, points: readonly SloPoint[], from: number, to: number): void {
    this.frame(box);
    const values = points.map((p) => p.p99Ms);
    const max = Math.max(100, ...values.filter(Number.isFinite)) * 1.15;
    this.line(
      box,
      points,
      values,
      (v) => v / max,
      (v) => (v > SLOW_P99_MS ? colors.pending : colors.memory),
      from,
      to,
    );
  }

  /** A sparkline through the samples in the window, coloured per segment, broken where one is missing. */
  private line(
    box: Rect,
    points: readonly SloPoint[],
    values: readonly number[],
    scale: (v: number) => number,
    colorOf: (v: number) => number,
    from: number,
    to: number,
  ): void {
    const g = this.g;
    const px = (time: number) => box.x + ((time - from) / (to - from)) * box.width;
    const py = (v: number) => box.y + 1 + (1 - Math.min(1, Math.max(0, scale(v)))) * (box.height - 2);
    let previous: { x: number; y: number } | undefined;
    points.forEach((p, i) => {
      const v = values[i] ?? Number.NaN;
      if (p.t < from || !Number.isFinite(v)) {
        previous = undefined;
        return;
      }
      const at = { x: px(p.t), y: py(v) };
      if (previous) g.lineStyle(1.5, colorOf(v), 1).lineBetween(previous.x, previous.y, at.x, at.y);
      previous = at;
    });
    // The latest value as a dot at the right edge, so a single sample still shows.
    if (previous) g.fillStyle(colorOf(values.at(-1) ?? 0), 1).fillCircle(previous.x, previous.y, 2);
  }
}

/** Shrinks a label (by scale, not by cutting it) until it fits `width`; large text sizes need it. */
function fitWidth(label: Phaser.GameObjects.Text, width: number): void {
  label.setScale(Math.min(1, width / Math.max(1, label.width)));
}
