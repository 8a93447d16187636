import type Phaser from "phaser";
import { t } from "../../i18n/index.ts";
import type { PuzzleNodeView } from "../../net/puzzle.ts";
import type { Rect } from "../layout.ts";
import { colors, css, textStyle } from "../theme.ts";
import { cpuText, memText } from "./format.ts";

/** A node as a card: what it offers, what its filters look at, and the pods on it. */
export class PuzzleNodeCard {
  readonly frame: Phaser.GameObjects.Graphics;
  readonly bars: Phaser.GameObjects.Graphics;
  readonly title: Phaser.GameObjects.Text;
  readonly zone: Phaser.GameObjects.Text;
  readonly facts: Phaser.GameObjects.Text;
  readonly mark: Phaser.GameObjects.Text;
  readonly barLabels: Phaser.GameObjects.Text[];
  view: PuzzleNodeView;
  rect: Rect;
  /** "fits", "refuses" or "" — the last hint about the pod being dragged. */
  verdict = "";
  target = false;

  constructor(scene: Phaser.Scene, view: PuzzleNodeView, rect: Rect) {
    this.view = view;
    this.rect = rect;
    this.frame = scene.add.graphics();
    this.bars = scene.add.graphics();
    this.title = scene.add.text(rect.x + 14, rect.y + 10, "", { ...textStyle(17), fontStyle: "bold" });
    this.zone = scene.add.text(rect.x + 14, rect.y + 33, "", textStyle(12, colors.accent));
    this.facts = scene.add.text(rect.x + 14, rect.y + 52, "", {
      ...textStyle(11, colors.muted, true),
      lineSpacing: 3,
      wordWrap: { width: rect.width - 24, useAdvancedWrap: true },
    });
    this.mark = scene.add.text(rect.x + rect.width - 12, rect.y + 12, "", {
      ...textStyle(10, colors.background),
      fontStyle: "bold",
      backgroundColor: css(colors.danger),
      padding: { x: 5, y: 2 },
    });
    this.mark.setOrigin(1, 0);
    this.barLabels = [0, 1, 2].map(() => scene.add.text(0, 0, "", textStyle(11, colors.muted, true)));
  }

  /** Fills the texts in; returns how tall the name, zone, labels and taints are. */
  setView(view: PuzzleNodeView): number {
    this.view = view;
    this.title.setText(view.name);
    this.zone.setText(view.zone ? t("puzzle.zone", { zone: view.zone }) : "");
    const lines = [...view.labels, ...view.taints.map((taint) => `taint ${taint}`)];
    this.facts.setText(lines.join("\n")).setY(this.rect.y + (view.zone ? 52 : 34));
    this.mark.setText(view.unschedulable ? t("puzzle.cordoned") : "").setVisible(view.unschedulable);
    if (view.unschedulable && this.mark.width > this.rect.width - this.title.width - 36) {
      this.mark.setPosition(this.rect.x + 14, this.facts.y + (lines.length > 0 ? this.facts.height + 4 : 0));
      this.mark.setOrigin(0, 0);
      return this.mark.y + this.mark.height - this.rect.y;
    }
    this.mark.setPosition(this.rect.x + this.rect.width - 12, this.rect.y + 12).setOrigin(1, 0);
    return (lines.length > 0 ? this.facts.y + this.facts.height : this.facts.y) - this.rect.y;
  }

  /** Draws the frame and the bars, starting `barsTop` below the card's top. */
  draw(barsTop: number): void {
    const { x, y, width, height } = this.rect;
    const v = this.view;
    const g = this.frame.clear();
    g.fillStyle(colors.panel, 1).fillRoundedRect(x, y, width, height, 12);
    if (v.unschedulable) {
      // Hatched: a cordoned node takes no new pods.
      g.lineStyle(1, colors.danger, 0.12);
      for (let d = -height; d < width; d += 14) {
        const x1 = x + Math.max(0, d);
        const y1 = y + Math.max(0, -d);
        const len = Math.min(width - Math.max(0, d), height - Math.max(0, -d));
        g.lineBetween(x1, y1, x1 + len, y1 + len);
      }
    }
    const edge =
      this.verdict === "fits"
        ? colors.healthy
        : this.verdict === "refuses"
          ? colors.danger
          : this.target
            ? colors.accent
            : v.unschedulable
              ? colors.danger
              : colors.panelEdge;
    g.lineStyle(this.verdict || this.target ? 3 : 2, edge, 1).strokeRoundedRect(x, y, width, height, 12);
    const b = this.bars.clear();
    const rows: [string, number, number, string, number][] = [
      [
        t("puzzle.cpuBar"),
        v.usedMilliCPU,
        v.milliCPU,
        `${cpuText(v.usedMilliCPU)} / ${cpuText(v.milliCPU)}`,
        colors.cpu,
      ],
      [
        t("puzzle.memBar"),
        v.usedMemoryMiB,
        v.memoryMiB,
        `${memText(v.usedMemoryMiB)} / ${memText(v.memoryMiB)}`,
        colors.memory,
      ],
      [t("puzzle.podBar"), v.podCount, v.maxPods, `${v.podCount} / ${v.maxPods}`, colors.accent],
    ];
    rows.forEach(([label, used, total, value, tint], i) => {
      const top = y + barsTop + i * 24;
      const text = this.barLabels[i]!;
      text.setText(`${label.padEnd(4)} ${value}`).setPosition(x + 14, top);
      const share = total > 0 ? Math.min(1, used / total) : 0;
      const barY = top + 15;
      const barWidth = width - 28;
      b.fillStyle(colors.background, 1).fillRoundedRect(x + 14, barY, barWidth, 5, 2);
      if (share > 0) {
        const full = used >= total;
        b.fillStyle(full ? colors.pending : tint, 1).fillRoundedRect(
          x + 14,
          barY,
          Math.max(4, barWidth * share),
          5,
          2,
        );
      }
    });
  }

  destroy(): void {
    for (const o of [this.frame, this.bars, this.title, this.zone, this.facts, this.mark, ...this.barLabels])
      o.destroy();
  }
}
