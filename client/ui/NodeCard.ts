import Phaser from "phaser";
import { t } from "../i18n/index.ts";
import type { NodeView, PodView } from "../net/connection.ts";
import type { NodeMark } from "./ClusterMap.ts";
import { colors, css, textStyle } from "./theme.ts";

/** The full card's height; a zone with more nodes than fit gets shorter, compact cards. */
export const CARD_HEIGHT = 118;
/** Below this height a card draws its compact, one-row variant. */
const FULL_MIN_HEIGHT = 100;
const POD_GAP = 3;

/** What colour a pod that needs attention has, from its phase and reason. */
export function podColor(pod: PodView): number {
  if (pod.reason === "Terminating") return colors.muted;
  if (pod.phase === "Failed" || (pod.reason !== "" && pod.reason !== "ContainerCreating" && !pod.ready))
    return colors.danger;
  if (pod.phase === "Pending") return colors.starting;
  if (pod.phase === "Running" && !pod.ready) return colors.pending;
  return pod.ready ? colors.healthy : colors.starting;
}

/**
 * One node as a card: name and `kubectl get nodes` status, CPU and memory
 * requests against allocatable, and a block for every pod: green for the
 * healthy ones, then the ones that need attention coloured by phase and reason.
 * A cordoned node is hatched and says so; a NotReady node says so in red; a
 * node whose machine is down is dimmed. When a zone holds many nodes the card
 * is shorter and draws one compact row.
 */
export class NodeCard extends Phaser.GameObjects.Container {
  private readonly frame: Phaser.GameObjects.Graphics;
  private readonly bars: Phaser.GameObjects.Graphics;
  private readonly title: Phaser.GameObjects.Text;
  private readonly status: Phaser.GameObjects.Text;
  private readonly cpuLabel: Phaser.GameObjects.Text;
  private readonly memLabel: Phaser.GameObjects.Text;
  private readonly podLabel: Phaser.GameObjects.Text;
  private readonly detail: Phaser.GameObjects.Text;
  private cardWidth: number;
  private cardHeight = CARD_HEIGHT;
  private hover = false;
  private view: NodeView | undefined;
  private pods: readonly PodView[] = [];
  private selected = false;
  private mark: NodeMark | undefined;
  private readonly markLabel: Phaser.GameObjects.Text;

  constructor(scene: Phaser.Scene, x: number, y: number, width: number, onClick: (node: NodeView) => void) {
    super(scene, x, y);
    this.cardWidth = width;
    this.frame = scene.add.graphics();
    this.bars = scene.add.graphics();
    this.title = scene.add.text(16, 12, "", { ...textStyle(18), fontStyle: "bold" });
    this.status = scene.add.text(width - 16, 14, "", textStyle(13, colors.muted, true)).setOrigin(1, 0);
    this.cpuLabel = scene.add.text(16, 44, "", textStyle(12, colors.muted, true));
    this.memLabel = scene.add.text(16, 74, "", textStyle(12, colors.muted, true));
    this.podLabel = scene.add.text(0, 0, "", textStyle(12, colors.muted, true)).setOrigin(1, 0);
    this.detail = scene.add.text(16, 0, "", textStyle(11, colors.pending, true));
    this.markLabel = scene.add
      .text(0, 0, "", {
        ...textStyle(12, colors.text, true),
        backgroundColor: "#070b16",
        padding: { x: 4, y: 1 },
      })
      .setOrigin(1, 1)
      .setVisible(false);
    this.add([
      this.frame,
      this.bars,
      this.title,
      this.status,
      this.cpuLabel,
      this.memLabel,
      this.podLabel,
      this.detail,
      this.markLabel,
    ]);
    this.setSize(width, CARD_HEIGHT);
    this.setInteractive(new Phaser.Geom.Rectangle(0, 0, width, CARD_HEIGHT), Phaser.Geom.Rectangle.Contains);
    this.input!.cursor = "pointer";
    this.on("pointerover", () => this.setHover(true));
    this.on("pointerout", () => this.setHover(false));
    this.on("pointerup", () => {
      if (this.view) onClick(this.view);
    });
    scene.add.existing(this);
  }

  get cardSize(): { width: number; height: number } {
    return { width: this.cardWidth, height: this.cardHeight };
  }

  /** Moves and resizes the card (the zone's column changed, or nodes joined or left it). */
  place(x: number, y: number, width: number, height: number): void {
    this.setPosition(x, y);
    if (width === this.cardWidth && height === this.cardHeight) return;
    this.cardWidth = width;
    this.cardHeight = height;
    this.setSize(width, height);
    (this.input?.hitArea as Phaser.Geom.Rectangle | undefined)?.setTo(0, 0, width, height);
    this.redraw();
  }

  show(view: NodeView, pods: readonly PodView[]): void {
    this.view = view;
    this.pods = pods;
    this.redraw();
  }

  /** Keyboard focus: a bright outline. */
  setSelected(selected: boolean): void {
    if (selected === this.selected) return;
    this.selected = selected;
    this.redraw();
  }

  /** A role tool's mark (a scheduler verdict, a chaos target), or none. */
  setMark(mark: NodeMark | undefined): void {
    if (mark?.color === this.mark?.color && mark?.label === this.mark?.label) return;
    this.mark = mark;
    this.redraw();
  }

  private setHover(hover: boolean): void {
    this.hover = hover;
    this.redraw();
  }

  private redraw(): void {
    const view = this.view;
    if (!view) return;
    const w = this.cardWidth;
    const h = this.cardHeight;
    const compact = h < FULL_MIN_HEIGHT;
    const radius = compact ? 5 : 10;
    const down = !view.up;
    const g = this.frame.clear();
    g.fillStyle(down ? colors.background : colors.panel, 1).fillRoundedRect(0, 0, w, h, radius);
    if (view.unschedulable) {
      // Hatching: the universal "closed" sign, so a cordoned node reads at a glance.
      const step = compact ? 14 : 22;
      g.lineStyle(compact ? 4 : 6, colors.danger, 0.1);
      for (let x = -h; x < w; x += step)
        g.lineBetween(Math.max(0, x), Math.max(0, -x), Math.min(w, x + h), Math.min(h, w - x));
    }
    const troubled = down || view.ready !== "True";
    const edge =
      view.unschedulable || troubled ? colors.danger : this.hover ? colors.accent : colors.panelEdge;
    const thick = view.unschedulable || troubled || this.hover;
    g.lineStyle(thick ? (compact ? 2 : 3) : compact ? 1 : 2, edge, down ? 0.6 : 1).strokeRoundedRect(
      0,
      0,
      w,
      h,
      radius,
    );

    const [statusText, statusColor] = this.statusLine(view, compact);
    this.title.setText(view.name).setColor(css(down ? colors.muted : colors.text));
    this.status.setText(statusText).setColor(css(statusColor));
    const dim = down ? 0.45 : 1;
    this.title.setAlpha(dim);
    this.bars.setAlpha(dim);
    this.cpuLabel.setAlpha(dim);
    this.memLabel.setAlpha(dim);
    this.podLabel.setAlpha(dim);
    if (compact) this.drawCompact(view, w, h);
    else this.drawFull(view, w, h);
    if (this.selected) g.lineStyle(3, colors.text, 1).strokeRoundedRect(-4, -4, w + 8, h + 8, radius + 3);
    if (this.mark) {
      g.lineStyle(compact ? 3 : 4, this.mark.color, 1).strokeRoundedRect(1, 1, w - 2, h - 2, radius);
      this.markLabel
        .setText(this.mark.label)
        .setColor(css(this.mark.color))
        .setPosition(w - 6, h - 4);
    }
    this.markLabel.setVisible(this.mark !== undefined);
  }

  /** `kubectl get nodes` STATUS: Ready, NotReady or Unknown, with SchedulingDisabled when cordoned. */
  private statusLine(view: NodeView, compact: boolean): [string, number] {
    if (!view.up) return [t(compact ? "node.downShort" : "node.down"), colors.danger];
    const readiness = view.ready === "True" ? "Ready" : view.ready === "False" ? "NotReady" : "Unknown";
    if (view.ready !== "True")
      return [view.unschedulable ? `${readiness},SchedulingDisabled` : readiness, colors.danger];
    if (view.unschedulable) return [t(compact ? "node.cordonedShort" : "node.cordoned"), colors.danger];
    if (this.hover) return [t("node.clickToCordon"), colors.accent];
    return [t("node.ready"), colors.muted];
  }

  private drawFull(view: NodeView, w: number, h: number): void {
    const wide = w >= 400;
    this.title.setPosition(16, 12).setFontSize(18);
    this.status.setPosition(w - 16, 14).setFontSize(wide ? 13 : 11);
    const barX = 16;
    const barW = Math.max(110, Math.floor(w * 0.38));
    const b = this.bars.clear();
    drawBar(b, barX, 60, barW, view.cpuRequestedMilli / view.cpuMilli, colors.cpu);
    drawBar(b, barX, 90, barW, view.memoryRequestedMiB / view.memoryMiB, colors.memory);
    const cpu = { used: view.cpuRequestedMilli, capacity: view.cpuMilli };
    const memory = { used: gib(view.memoryRequestedMiB), capacity: gib(view.memoryMiB) };
    this.cpuLabel
      .setVisible(true)
      .setPosition(16, 44)
      .setFontSize(wide ? 12 : 11)
      .setText(wide ? t("node.cpu", cpu) : t("node.cpuShort", cpu));
    this.memLabel
      .setVisible(true)
      .setPosition(16, 74)
      .setFontSize(wide ? 12 : 11)
      .setText(wide ? t("node.memory", memory) : t("node.memoryShort", memory));
    this.podLabel
      .setPosition(w - 16, h - 20)
      .setFontSize(wide ? 12 : 11)
      .setText(t("node.pods", { n: view.podCount, capacity: view.podCapacity }));
    const notes = [...view.conditions, ...view.taints];
    this.detail
      .setVisible(notes.length > 0)
      .setPosition(barX, h - 18)
      .setText(clip(notes.join(" "), Math.floor((w - 130) / 6.7)));

    const left = barX + Math.max(barW, this.cpuLabel.width, this.memLabel.width) + 14;
    this.drawPods(b, left, 44, w - left - 14, h - 44 - 24, 11);
  }

  /** One row: name, the pods as blocks (or a bar when they do not fit), the status. */
  private drawCompact(view: NodeView, w: number, h: number): void {
    const size = Math.max(10, Math.min(14, h - 8));
    this.title.setFontSize(size).setPosition(8, Math.round((h - size * 1.2) / 2));
    this.status.setFontSize(Math.max(10, size - 2)).setPosition(w - 8, Math.round((h - size) / 2));
    this.cpuLabel.setVisible(false);
    this.memLabel.setVisible(false);
    this.detail.setVisible(false);
    this.podLabel
      .setFontSize(10)
      .setText(`${view.podCount}/${view.podCapacity}`)
      .setPosition(0, 0)
      .setVisible(false);
    const b = this.bars.clear();
    // A fixed share for the name, so the pods of a column line up whatever the names' lengths.
    const left = 8 + Math.max(this.title.width, Math.floor(w * 0.36)) + 8;
    const right = w - 8 - Math.max(this.status.width, 40) - 8;
    const barsW = Math.max(0, right - left);
    if (barsW < 24) return;
    // CPU and memory as two thin lines along the bottom; the pods above them.
    const lineY = h - 6;
    const half = Math.floor((barsW - 4) / 2);
    drawThin(b, left, lineY, half, view.cpuRequestedMilli / view.cpuMilli, colors.cpu);
    drawThin(b, left + half + 4, lineY, half, view.memoryRequestedMiB / view.memoryMiB, colors.memory);
    this.drawPods(b, left, 4, barsW, Math.max(6, h - 14), Math.min(8, h - 14));
  }

  /**
   * The node's pods as blocks, those needing attention first so they never fall off: the largest
   * block size up to `maxSize` that fits them all; if none does, a proportional bar.
   */
  private drawPods(
    b: Phaser.GameObjects.Graphics,
    x: number,
    y: number,
    width: number,
    height: number,
    maxSize: number,
  ): void {
    const view = this.view!;
    const blocks: number[] = this.pods.map(podColor);
    const healthy = Math.max(0, view.podsReady);
    const total = blocks.length + healthy;
    if (total === 0 || width <= 0 || height <= 0) return;
    for (let size = maxSize; size >= 4; size--) {
      const gap = size >= 8 ? POD_GAP : 2;
      const perRow = Math.floor((width + gap) / (size + gap));
      const rows = Math.floor((height + gap) / (size + gap));
      if (perRow * rows < total) continue;
      for (let i = 0; i < total; i++) {
        const color = i < blocks.length ? blocks[i]! : colors.healthy;
        const px = x + (i % perRow) * (size + gap);
        const py = y + Math.floor(i / perRow) * (size + gap);
        b.fillStyle(color, 1).fillRoundedRect(px, py, size, size, size >= 8 ? 2 : 1);
      }
      return;
    }
    // Too many to draw one by one: a stacked bar against the node's pod capacity.
    const barH = Math.min(height, 10);
    const capacity = Math.max(total, view.podCapacity, 1);
    b.fillStyle(colors.background, 1).fillRect(x, y, width, barH);
    let at = x;
    b.fillStyle(colors.healthy, 1).fillRect(at, y, (width * healthy) / capacity, barH);
    at += (width * healthy) / capacity;
    for (const color of blocks) {
      const span = Math.max(1, width / capacity);
      b.fillStyle(color, 1).fillRect(at, y, span, barH);
      at += span;
    }
  }
}

function drawBar(
  g: Phaser.GameObjects.Graphics,
  x: number,
  y: number,
  w: number,
  fraction: number,
  color: number,
): void {
  g.fillStyle(colors.background, 1).fillRoundedRect(x, y, w, 8, 4);
  const f = Math.min(1, Math.max(0, fraction || 0));
  if (f > 0) g.fillStyle(f > 0.9 ? colors.danger : color, 1).fillRoundedRect(x, y, Math.max(8, w * f), 8, 4);
}

function drawThin(
  g: Phaser.GameObjects.Graphics,
  x: number,
  y: number,
  w: number,
  fraction: number,
  color: number,
): void {
  g.fillStyle(colors.background, 1).fillRect(x, y, w, 3);
  const f = Math.min(1, Math.max(0, fraction || 0));
  if (f > 0) g.fillStyle(f > 0.9 ? colors.danger : color, 1).fillRect(x, y, Math.max(2, w * f), 3);
}

function gib(mib: number): string {
  return (mib / 1024).toFixed(1);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
