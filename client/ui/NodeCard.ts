import Phaser from "phaser";
import { t } from "../i18n/index.ts";
import type { NodeView, PodView } from "../net/connection.ts";
import type { NodeMark } from "./ClusterMap.ts";
import { clip, formatMinutes } from "./statusFormat.ts";
import { colors, css, displayStyle } from "./theme.ts";

/** A card's size in map (world) units; the map's camera scales it. */
export const CARD_WIDTH = 220;
export const CARD_HEIGHT = 118;
const PAD = 12;
const POD_GAP = 2;
/**
 * The card is a drawing in map units, laid out for its size: its text keeps the designed sizes
 * whatever the text-size setting (scaled glyphs would run over its rows and bars); the map's zoom
 * is what makes a card larger.
 */
const textStyle = displayStyle;
/** Text is rasterised at twice its size so it stays sharp when the map zooms in past 1×. */
const TEXT_RESOLUTION = 2;

/** How a pod block is drawn: its colour and a shape, so its state never rests on colour alone. */
export type PodShape = "solid" | "hollow" | "cross" | "half" | "dim";

/**
 * A pod that needs attention, by phase and reason: terminating pods fade (dim), crash-looping and
 * failed ones are crossed out, pending ones are hollow (nothing runs yet), running-but-not-ready
 * ones are half full; healthy pods (counted per node, not listed) are solid green.
 */
export function podStyle(pod: PodView): { color: number; shape: PodShape } {
  if (pod.reason === "Terminating") return { color: colors.muted, shape: "dim" };
  if (pod.phase === "Failed" || (pod.reason !== "" && pod.reason !== "ContainerCreating" && !pod.ready))
    return { color: colors.danger, shape: "cross" };
  if (pod.phase === "Pending") return { color: colors.starting, shape: "hollow" };
  if (pod.phase === "Running" && !pod.ready) return { color: colors.pending, shape: "half" };
  return pod.ready ? { color: colors.healthy, shape: "solid" } : { color: colors.starting, shape: "hollow" };
}

/** Draws one pod block of `size` at (x, y) in its colour and shape. */
export function drawPod(
  g: Phaser.GameObjects.Graphics,
  x: number,
  y: number,
  size: number,
  color: number,
  shape: PodShape,
): void {
  const line = Math.max(1, Math.round(size / 5));
  switch (shape) {
    case "solid":
      g.fillStyle(color, 1).fillRect(x, y, size, size);
      return;
    case "dim":
      g.fillStyle(color, 0.35).fillRect(x, y, size, size);
      return;
    case "hollow":
      g.lineStyle(line, color, 1).strokeRect(x + line / 2, y + line / 2, size - line, size - line);
      return;
    case "half":
      g.lineStyle(line, color, 1).strokeRect(x + line / 2, y + line / 2, size - line, size - line);
      g.fillStyle(color, 1).fillRect(x, y + size / 2, size, size / 2);
      return;
    case "cross":
      g.lineStyle(line + 1, color, 1)
        .lineBetween(x, y, x + size, y + size)
        .lineBetween(x + size, y, x, y + size);
      return;
  }
}

/**
 * One node as a card: its name and `kubectl get nodes` status, CPU and memory requests against
 * allocatable, a block for every pod (healthy ones solid green, the ones needing attention in their
 * phase's colour and shape), and its conditions and taints as a chip. A cordoned node is hatched;
 * a NotReady node is outlined in red; a node whose machine is down is dimmed.
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
  private readonly markLabel: Phaser.GameObjects.Text;
  private hover = false;
  private view: NodeView | undefined;
  private pods: readonly PodView[] = [];
  /** Seconds until the machine joins, while it is still booting (null: a node). */
  private booting: number | null = null;
  private selected = false;
  private mark: NodeMark | undefined;
  /** Where the pod blocks were drawn (card coordinates), for pointing at one; null as a bar or none. */
  private blocks: { x: number; y: number; size: number; perRow: number; total: number } | null = null;
  /** The facilitator points at this node, or at these of its pods (while the round is paused). */
  private highlighted = false;
  private highlightedPods: ReadonlySet<string> = new Set();
  private readonly lookTag: Phaser.GameObjects.Text;

  /**
   * The card is not added to the scene: the map puts it in its own layer, which only the map's
   * camera draws (so the card is clipped to the map and zooms with it). Its parts are made with
   * `new` for the same reason: `scene.add` would show them to every camera.
   */
  constructor(scene: Phaser.Scene) {
    super(scene, 0, 0);
    this.frame = new Phaser.GameObjects.Graphics(scene);
    this.bars = new Phaser.GameObjects.Graphics(scene);
    this.title = text(scene, PAD, 10, { ...textStyle(16), fontStyle: "bold" });
    this.status = text(scene, PAD, 32, textStyle(11, colors.muted, true));
    this.podLabel = text(scene, CARD_WIDTH - PAD, 32, textStyle(11, colors.muted, true)).setOrigin(1, 0);
    this.cpuLabel = text(scene, PAD, 50, textStyle(10, colors.muted, true));
    this.memLabel = text(scene, PAD, 72, textStyle(10, colors.muted, true));
    this.detail = text(scene, PAD, CARD_HEIGHT - 22, {
      ...textStyle(10, colors.pending, true),
      backgroundColor: "#1f2c4f",
      padding: { x: 4, y: 2 },
    });
    this.markLabel = text(scene, CARD_WIDTH - 6, CARD_HEIGHT - 4, {
      ...textStyle(12, colors.text, true),
      backgroundColor: "#070b16",
      padding: { x: 4, y: 1 },
    })
      .setOrigin(1, 1)
      .setVisible(false);
    this.lookTag = text(scene, CARD_WIDTH - 4, -10, {
      ...textStyle(11, colors.background, true),
      fontStyle: "bold",
      backgroundColor: css(colors.highlight),
      padding: { x: 5, y: 1 },
    })
      .setOrigin(1, 0)
      .setVisible(false);
    this.add([
      this.frame,
      this.bars,
      this.title,
      this.status,
      this.podLabel,
      this.cpuLabel,
      this.memLabel,
      this.detail,
      this.markLabel,
      this.lookTag,
    ]);
    this.setSize(CARD_WIDTH, CARD_HEIGHT);
  }

  /** Draws a node, or (with `bootingSeconds`) a machine ordered for it and still booting. */
  show(view: NodeView, pods: readonly PodView[], bootingSeconds: number | null = null): void {
    this.view = view;
    this.pods = pods;
    this.booting = bootingSeconds;
    this.redraw();
  }

  /**
   * The pod block at a point of the card (card coordinates): one needing attention, "ready" for a
   * healthy one (those are counted, not named), or null off the blocks.
   */
  podAt(x: number, y: number): PodView | "ready" | null {
    const b = this.blocks;
    if (!b || this.booting !== null) return null;
    const step = b.size + POD_GAP;
    const column = Math.floor((x - b.x) / step);
    const row = Math.floor((y - b.y) / step);
    if (x < b.x || y < b.y || column >= b.perRow || x - b.x - column * step > b.size) return null;
    const i = row * b.perRow + column;
    if (y - b.y - row * step > b.size || i >= b.total) return null;
    return this.pods[i] ?? "ready";
  }

  /** The centre of a named pod's block (card coordinates), or null when it is not drawn by name. */
  blockCenter(name: string): { x: number; y: number } | null {
    const b = this.blocks;
    const i = this.pods.findIndex((p) => p.name === name);
    if (!b || this.booting !== null || i < 0 || i >= b.total) return null;
    const step = b.size + POD_GAP;
    return {
      x: b.x + (i % b.perRow) * step + b.size / 2,
      y: b.y + Math.floor(i / b.perRow) * step + b.size / 2,
    };
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

  /** What the facilitator highlights: the whole node, and/or some of its pods. */
  setHighlight(node: boolean, pods: ReadonlySet<string>): void {
    const same = node === this.highlighted && [...pods].join() === [...this.highlightedPods].join();
    if (same) return;
    this.highlighted = node;
    this.highlightedPods = pods;
    this.redraw();
  }

  /** The pointer is over the card (the map tracks the pointer; the card has no input of its own). */
  setHover(hover: boolean): void {
    if (hover === this.hover) return;
    this.hover = hover;
    this.redraw();
  }

  private redraw(): void {
    const view = this.view;
    if (!view) return;
    if (this.booting !== null) {
      this.drawBooting(view, this.booting);
      return;
    }
    for (const part of [this.cpuLabel, this.memLabel, this.podLabel]) part.setVisible(true);
    if (this.memLabel.style.color !== css(colors.muted)) this.memLabel.setColor(css(colors.muted));
    const w = CARD_WIDTH;
    const h = CARD_HEIGHT;
    const radius = 10;
    const down = !view.up;
    const g = this.frame.clear();
    g.fillStyle(down ? colors.background : colors.panel, 1).fillRoundedRect(0, 0, w, h, radius);
    if (view.unschedulable) {
      // Hatching: the universal "closed" sign, so a cordoned node reads at a glance.
      g.lineStyle(6, colors.danger, 0.12);
      for (let x = -h; x < w; x += 22)
        g.lineBetween(Math.max(0, x), Math.max(0, -x), Math.min(w, x + h), Math.min(h, w - x));
    }
    const troubled = down || view.ready !== "True";
    const edge =
      view.unschedulable || troubled ? colors.danger : this.hover ? colors.accent : colors.panelEdge;
    const thick = view.unschedulable || troubled || this.hover;
    g.lineStyle(thick ? 3 : 2, edge, down ? 0.6 : 1).strokeRoundedRect(0, 0, w, h, radius);

    const [statusText, statusColor] = this.statusLine(view);
    this.title.setText(clip(view.name, 20)).setColor(css(down ? colors.muted : colors.text));
    this.status.setText(clip(statusText, 19)).setColor(css(statusColor));
    this.podLabel.setText(t("map.podCount", { n: view.podCount, capacity: view.podCapacity }));
    const dim = down ? 0.45 : 1;
    for (const part of [this.title, this.bars, this.cpuLabel, this.memLabel, this.podLabel])
      part.setAlpha(dim);

    const b = this.bars.clear();
    const cpu = view.cpuMilli > 0 ? view.cpuRequestedMilli / view.cpuMilli : 0;
    const memory = view.memoryMiB > 0 ? view.memoryRequestedMiB / view.memoryMiB : 0;
    this.cpuLabel.setText(t("map.cpu", { percent: Math.round(cpu * 100) }));
    this.memLabel.setText(t("map.memory", { percent: Math.round(memory * 100) }));
    drawBar(b, PAD, 64, 92, cpu, colors.cpu);
    drawBar(b, PAD, 86, 92, memory, colors.memory);
    this.drawPods(b, 116, 50, w - 116 - PAD, 44);

    // Taints without their domain ("unschedulable:NoSchedule"): the chip is narrow, the key's end tells.
    const notes = [
      ...view.conditions,
      ...view.taints.map((taint) => taint.slice(taint.lastIndexOf("/") + 1)),
    ];
    this.detail.setVisible(notes.length > 0).setText(clip(notes.join(" · "), 30));
    if (this.selected) g.lineStyle(3, colors.text, 1).strokeRoundedRect(-5, -5, w + 10, h + 10, radius + 4);
    if (this.mark) {
      g.lineStyle(4, this.mark.color, 1).strokeRoundedRect(1, 1, w - 2, h - 2, radius);
      this.markLabel.setText(this.mark.label).setColor(css(this.mark.color));
    }
    this.markLabel.setVisible(this.mark !== undefined);
    const pointed = this.highlighted || this.highlightedPods.size > 0;
    if (this.highlighted)
      g.lineStyle(5, colors.highlight, 1).strokeRoundedRect(-8, -8, w + 16, h + 16, radius + 6);
    this.lookTag.setText(t("highlight.tag")).setVisible(pointed);
  }

  /**
   * A machine ordered from the cloud, still booting: a dashed outline, its size, and the time until
   * its kubelet registers it (0: registering now, waiting for the API server to take the write).
   */
  private drawBooting(view: NodeView, seconds: number): void {
    const w = CARD_WIDTH;
    const h = CARD_HEIGHT;
    const g = this.frame.clear();
    g.fillStyle(colors.background, 0.6).fillRoundedRect(0, 0, w, h, 10);
    const color = this.hover ? colors.accent : colors.cpu;
    // A dashed outline: the node is not there yet.
    g.lineStyle(2, color, 1);
    for (let x = 8; x < w - 8; x += 16) {
      g.lineBetween(x, 0, Math.min(x + 8, w - 8), 0);
      g.lineBetween(x, h, Math.min(x + 8, w - 8), h);
    }
    for (let y = 8; y < h - 8; y += 16) {
      g.lineBetween(0, y, 0, Math.min(y + 8, h - 8));
      g.lineBetween(w, y, w, Math.min(y + 8, h - 8));
    }
    if (this.selected) g.lineStyle(3, colors.text, 1).strokeRoundedRect(-5, -5, w + 10, h + 10, 14);
    this.bars.clear();
    this.blocks = null;
    this.title.setText(clip(view.name, 20)).setColor(css(colors.muted)).setAlpha(1);
    this.status.setText(t("node.provisioning")).setColor(css(colors.cpu));
    this.cpuLabel
      .setText(t("node.bootSize", { cpu: view.cpuMilli / 1000, memory: Math.round(view.memoryMiB / 1024) }))
      .setAlpha(1)
      .setVisible(true);
    this.memLabel
      .setText(
        seconds > 0 ? t("node.bootsIn", { time: formatMinutes(seconds * 1000) }) : t("node.registering"),
      )
      .setColor(css(colors.text))
      .setAlpha(1)
      .setVisible(true);
    this.podLabel.setVisible(false);
    this.detail.setVisible(false);
    this.markLabel.setVisible(false);
  }

  /** `kubectl get nodes` STATUS: Ready, NotReady or Unknown, with SchedulingDisabled when cordoned. */
  private statusLine(view: NodeView): [string, number] {
    if (!view.up) return [t("node.downShort"), colors.danger];
    const readiness = view.ready === "True" ? "Ready" : view.ready === "False" ? "NotReady" : "Unknown";
    if (view.ready !== "True") return [`✗ ${readiness}`, colors.danger];
    if (view.unschedulable) return [t("node.cordonedShort"), colors.danger];
    return [`✓ ${t("node.ready")}`, colors.muted];
  }

  /**
   * The node's pods as blocks, those needing attention first so they never fall off: the largest
   * block size up to 8 that fits them all; if none does, a proportional bar against capacity.
   */
  private drawPods(
    b: Phaser.GameObjects.Graphics,
    x: number,
    y: number,
    width: number,
    height: number,
  ): void {
    const view = this.view!;
    const healthy = Math.max(0, view.podsReady);
    const total = this.pods.length + healthy;
    this.blocks = null;
    if (total === 0) return;
    for (let size = 8; size >= 4; size--) {
      const perRow = Math.floor((width + POD_GAP) / (size + POD_GAP));
      const rows = Math.floor((height + POD_GAP) / (size + POD_GAP));
      if (perRow * rows < total) continue;
      this.blocks = { x, y, size, perRow, total };
      for (let i = 0; i < total; i++) {
        const pod = this.pods[i];
        const style = pod ? podStyle(pod) : { color: colors.healthy, shape: "solid" as const };
        const px = x + (i % perRow) * (size + POD_GAP);
        const py = y + Math.floor(i / perRow) * (size + POD_GAP);
        drawPod(b, px, py, size, style.color, style.shape);
        if (pod && this.highlightedPods.has(pod.name))
          b.lineStyle(2, colors.highlight, 1).strokeRect(px - 3, py - 3, size + 6, size + 6);
      }
      return;
    }
    // Too many to draw one by one: a stacked bar against the node's pod capacity.
    const capacity = Math.max(total, view.podCapacity, 1);
    b.fillStyle(colors.background, 1).fillRect(x, y, width, 10);
    b.fillStyle(colors.healthy, 1).fillRect(x, y, (width * healthy) / capacity, 10);
    let at = x + (width * healthy) / capacity;
    for (const pod of this.pods) {
      const span = Math.max(1, width / capacity);
      b.fillStyle(podStyle(pod).color, 1).fillRect(at, y, span, 10);
      at += span;
    }
  }
}

function text(
  scene: Phaser.Scene,
  x: number,
  y: number,
  style: Phaser.Types.GameObjects.Text.TextStyle,
): Phaser.GameObjects.Text {
  return new Phaser.GameObjects.Text(scene, x, y, "", { ...style, resolution: TEXT_RESOLUTION });
}

function drawBar(
  g: Phaser.GameObjects.Graphics,
  x: number,
  y: number,
  w: number,
  fraction: number,
  color: number,
): void {
  g.fillStyle(colors.background, 1).fillRoundedRect(x, y, w, 7, 3);
  const f = Math.min(1, Math.max(0, fraction || 0));
  if (f > 0) g.fillStyle(f > 0.9 ? colors.danger : color, 1).fillRoundedRect(x, y, Math.max(7, w * f), 7, 3);
}
