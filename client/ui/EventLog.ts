import type Phaser from "phaser";
import { isGameNote, whyKey } from "../events/why.ts";
import { t } from "../i18n/index.ts";
import type { ClusterView, EventView } from "../net/connection.ts";
import type { Rect } from "./layout.ts";
import { isTyping } from "./sound.ts";
import { clip, formatAge } from "./statusFormat.ts";
import { explain } from "./Tooltip.ts";
import { clipToWidth, colors, css, font, textScale, textStyle } from "./theme.ts";

const PAD = 12;
/** Where the rows start, one event and its why, and the why under its event, at the designed text size. */
const SPACING = { rowsTop: 46, entry: 28, why: 13, header: 16 } as const;
const EVENT_SIZE = 10;
/** Monospace advance (JetBrains Mono, DejaVu Sans Mono: 0.6 em), to cut the columns to the panel. */
const MONO_ADVANCE = 0.6;
/** kubectl's column widths, in characters, narrowed to the panel; MESSAGE takes what is left. */
const COLUMNS = { age: 10, type: 8, reason: 21, object: 16 } as const;

/** Identical events folded into one, as the API server's event correlator counts repeats. */
interface Folded {
  readonly event: EventView;
  readonly count: number;
}

/**
 * The event log (incidentLayout.events) in `kubectl get events` style: LAST SEEN, TYPE, REASON,
 * OBJECT, MESSAGE in monospace, newest first, Warnings in orange, and under each event the one-line
 * "why" of its reason in plain words. Redraws when an event arrives or a game second passes (ages).
 */
export class EventLog {
  private readonly area: Rect;
  private readonly g: Phaser.GameObjects.Graphics;
  private readonly empty: Phaser.GameObjects.Text;
  private readonly rows: {
    event: Phaser.GameObjects.Text;
    why: Phaser.GameObjects.Text;
    count: Phaser.GameObjects.Text;
  }[] = [];
  private readonly chars: number;
  private readonly title: Phaser.GameObjects.Text;
  /** The title and the header row, drawn once. */
  private readonly fixed: Phaser.GameObjects.Text[] = [];
  private readonly scrollZone: Phaser.GameObjects.Zone;
  private readonly onKey: (event: KeyboardEvent) => void;
  private readonly newer: Phaser.GameObjects.Text;
  private key = "";
  /** How many of the newest events the wheel has scrolled past, to read older ones. */
  private scrolled = 0;
  private latest: ClusterView | undefined;
  /** Each drawn event and its why, newest first, for the test seam. */
  lines: readonly string[] = [];

  constructor(scene: Phaser.Scene, area: Rect) {
    this.area = area;
    const { x, y, width, height } = area;
    // The rhythm grows with the player's text size, so bigger text gets fewer rows, never overlaps.
    const scale = textScale();
    const rowsTop = Math.round(SPACING.rowsTop * scale);
    const entry = Math.round(SPACING.entry * scale);
    const whyTop = Math.round(SPACING.why * scale);
    const header = Math.round(SPACING.header * scale);
    this.g = scene.add.graphics();
    this.g.fillStyle(colors.panel, 1).fillRoundedRect(x, y, width, height, 10);
    this.g.lineStyle(1, colors.panelEdge, 1).strokeRoundedRect(x, y, width, height, 10);
    // The title is the command this log mirrors; it and kubectl's header row stay kubectl's own words.
    this.title = this.keep(
      scene.add.text(x + PAD, y + 9, "$ kubectl get events", {
        ...textStyle(12, colors.accent, true),
        fontStyle: "bold",
      }),
    );
    explain(this.title, () => t("tip.events"));
    this.chars = Math.floor((width - 2 * PAD) / (EVENT_SIZE * MONO_ADVANCE * textScale()));
    this.keep(
      scene.add.text(
        x + PAD,
        y + rowsTop - header,
        this.columns("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"),
        textStyle(EVENT_SIZE, colors.muted, true),
      ),
    );
    this.newer = scene.add
      .text(x + width - PAD, y + rowsTop - header, "", textStyle(EVENT_SIZE, colors.starting))
      .setOrigin(1, 0);
    // The wheel over the rows reads further back: only the newest few fit.
    this.scrollZone = scene.add
      .zone(x, y + rowsTop - header, width, height - rowsTop + header)
      .setOrigin(0)
      .setInteractive()
      .on("wheel", (_pointer: Phaser.Input.Pointer, _dx: number, dy: number) => this.scroll(Math.sign(dy)));
    // And from the keyboard: Page Down reads older events, Page Up newer ones.
    this.onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      if (event.key === "PageDown") this.scroll(1);
      else if (event.key === "PageUp") this.scroll(-1);
    };
    scene.input.keyboard?.on("keydown", this.onKey);
    this.empty = scene.add.text(x + PAD, y + rowsTop + 4, t("events.none"), textStyle(12, colors.muted));
    const fit = Math.floor((height - rowsTop - 2) / entry);
    for (let i = 0; i < fit; i++) {
      const top = y + rowsTop + i * entry;
      this.rows.push({
        event: scene.add.text(x + PAD, top, "", textStyle(EVENT_SIZE, colors.text, true)),
        why: scene.add.text(x + PAD + 14, top + whyTop, "", {
          ...textStyle(11, colors.muted),
          fontFamily: font.family,
          fontStyle: "italic",
        }),
        count: scene.add
          .text(x + width - PAD, top + whyTop, "", textStyle(10, colors.starting, true))
          .setOrigin(1, 0),
      });
    }
  }

  /** Where the title row's free space starts (the scene puts the pending count and the console button there). */
  get titleRight(): number {
    return this.title.x + this.title.width;
  }

  update(view: ClusterView): void {
    this.latest = view;
    const last = view.events.at(-1);
    const key = `${view.round}|${view.events.length}|${last?.time}|${last?.reason}|${last?.object}|${Math.floor(view.timeMs / 1000)}|${this.scrolled}`;
    if (key === this.key) return;
    this.key = key;
    const folded = fold(view.events);
    this.scrolled = Math.min(this.scrolled, Math.max(0, folded.length - this.rows.length));
    this.newer.setText(this.scrolled > 0 ? t("events.newer", { n: this.scrolled }) : "");
    this.empty.setVisible(folded.length === 0);
    const lines: string[] = [];
    this.rows.forEach((row, i) => {
      const entry = folded[this.scrolled + i];
      row.event.setVisible(entry !== undefined);
      row.why.setVisible(entry !== undefined);
      row.count.setVisible(entry !== undefined && entry.count > 1);
      if (!entry) return;
      const { event, count } = entry;
      const warning = event.type === "Warning";
      const note = isGameNote(event.reason);
      const line = this.columns(
        formatAge(view.timeMs - event.time),
        note ? t("events.gameNote") : event.type,
        event.reason,
        event.object,
        event.message,
      );
      const why = t(whyKey(event.reason));
      row.event.setText(line).setColor(css(note ? colors.muted : warning ? colors.pending : colors.text));
      row.why.setText(`↳ ${why}`);
      clipToWidth(row.why, row.why.text, this.area.width - 2 * PAD - 14 - (count > 1 ? 40 : 0));
      row.count.setText(t("events.count", { n: count }));
      lines.push(`${line}\n  ${why}`);
    });
    this.lines = lines;
  }

  /** One step older (+1) or newer (−1) through the log. */
  scroll(step: number): void {
    this.scrolled = Math.max(0, this.scrolled + step);
    if (this.latest) this.update(this.latest);
  }

  destroy(): void {
    this.g.destroy();
    this.empty.destroy();
    this.newer.destroy();
    this.scrollZone.scene?.input.keyboard?.off("keydown", this.onKey);
    this.scrollZone.destroy();
    for (const text of this.fixed) text.destroy();
    for (const row of this.rows) {
      row.event.destroy();
      row.why.destroy();
      row.count.destroy();
    }
  }

  private keep(text: Phaser.GameObjects.Text): Phaser.GameObjects.Text {
    this.fixed.push(text);
    return text;
  }

  /** One line in kubectl's columns, each cut to its width, cut as a whole to the panel. */
  private columns(age: string, type: string, reason: string, object: string, message: string): string {
    const cell = (text: string, width: number) => clip(text, width - 1).padEnd(width);
    return clip(
      `${cell(age, COLUMNS.age)}${cell(type, COLUMNS.type)}${cell(reason, COLUMNS.reason)}${cell(object, COLUMNS.object)}${message}`,
      this.chars,
    );
  }
}

/** Newest first; repeats of the same event (type, reason, object and message) folded into one, counted. */
function fold(events: readonly EventView[]): Folded[] {
  const byKey = new Map<string, { event: EventView; count: number }>();
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (!event) continue;
    const key = `${event.type}|${event.reason}|${event.object}|${event.message}`;
    const seen = byKey.get(key);
    if (seen) seen.count++;
    else byKey.set(key, { event, count: 1 });
  }
  return [...byKey.values()];
}
