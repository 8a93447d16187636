import Phaser from "phaser";
import { t } from "../i18n/index.ts";
import type { NodeView, PodView } from "../net/connection.ts";
import { colors, textStyle } from "./theme.ts";

export const CARD_HEIGHT = 118;
const POD = 11;
const POD_GAP = 3;

/**
 * One node as a card: name and `kubectl get nodes` status, CPU and memory
 * requests against allocatable, and a block for every pod (colour by phase).
 * A cordoned node is hatched and says so.
 */
export class NodeCard extends Phaser.GameObjects.Container {
  private readonly frame: Phaser.GameObjects.Graphics;
  private readonly bars: Phaser.GameObjects.Graphics;
  private readonly title: Phaser.GameObjects.Text;
  private readonly status: Phaser.GameObjects.Text;
  private readonly cpuLabel: Phaser.GameObjects.Text;
  private readonly memLabel: Phaser.GameObjects.Text;
  private readonly podLabel: Phaser.GameObjects.Text;
  private readonly cardWidth: number;
  private hover = false;
  private view: NodeView | undefined;
  private pods: readonly PodView[] = [];

  constructor(scene: Phaser.Scene, x: number, y: number, width: number, onClick: (node: NodeView) => void) {
    super(scene, x, y);
    this.cardWidth = width;
    this.frame = scene.add.graphics();
    this.bars = scene.add.graphics();
    this.title = scene.add.text(16, 12, "", { ...textStyle(18), fontStyle: "bold" });
    this.status = scene.add.text(width - 16, 14, "", textStyle(13, colors.muted, true)).setOrigin(1, 0);
    this.cpuLabel = scene.add.text(16, 44, "", textStyle(12, colors.muted, true));
    this.memLabel = scene.add.text(16, 74, "", textStyle(12, colors.muted, true));
    this.podLabel = scene.add
      .text(width - 16, CARD_HEIGHT - 22, "", textStyle(12, colors.muted, true))
      .setOrigin(1, 0);
    this.add([this.frame, this.bars, this.title, this.status, this.cpuLabel, this.memLabel, this.podLabel]);
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

  show(view: NodeView, pods: readonly PodView[]): void {
    this.view = view;
    this.pods = pods;
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
    const h = CARD_HEIGHT;
    const g = this.frame.clear();
    g.fillStyle(colors.panel, 1).fillRoundedRect(0, 0, w, h, 10);
    if (view.unschedulable) {
      // Hatching: the universal "closed" sign, so a cordoned node reads at a glance.
      g.lineStyle(6, colors.danger, 0.1);
      for (let x = -h; x < w; x += 22)
        g.lineBetween(Math.max(0, x), Math.max(0, -x), Math.min(w, x + h), Math.min(h, w - x));
    }
    const edge = view.unschedulable ? colors.danger : this.hover ? colors.accent : colors.panelEdge;
    g.lineStyle(view.unschedulable || this.hover ? 3 : 2, edge, 1).strokeRoundedRect(0, 0, w, h, 10);

    this.title.setText(view.name);
    // kubectl get nodes prints "Ready,SchedulingDisabled" for a cordoned node.
    this.status
      .setText(
        view.unschedulable ? t("node.cordoned") : this.hover ? t("node.clickToCordon") : t("node.ready"),
      )
      .setColor(view.unschedulable ? "#ff5d5d" : this.hover ? "#38e1c6" : "#8a98b8");

    const barX = 16;
    const barW = Math.floor(w * 0.38);
    const b = this.bars.clear();
    drawBar(b, barX, 60, barW, view.cpuRequestedMilli / view.cpuMilli, colors.cpu);
    drawBar(b, barX, 90, barW, view.memoryRequestedMiB / view.memoryMiB, colors.memory);
    this.cpuLabel.setText(t("node.cpu", { used: view.cpuRequestedMilli, capacity: view.cpuMilli }));
    this.memLabel.setText(
      t("node.memory", { used: gib(view.memoryRequestedMiB), capacity: gib(view.memoryMiB) }),
    );
    this.podLabel.setText(t("node.pods", { n: view.podCount, capacity: view.podCapacity }));

    const left = barX + barW + 28;
    const perRow = Math.max(1, Math.floor((w - left - 16) / (POD + POD_GAP)));
    this.pods.forEach((pod, i) => {
      const px = left + (i % perRow) * (POD + POD_GAP);
      const py = 46 + Math.floor(i / perRow) * (POD + POD_GAP);
      b.fillStyle(pod.phase === "Running" ? colors.running : colors.starting, 1).fillRoundedRect(
        px,
        py,
        POD,
        POD,
        2,
      );
    });
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
  const f = Math.min(1, Math.max(0, fraction));
  if (f > 0) g.fillStyle(f > 0.9 ? colors.danger : color, 1).fillRoundedRect(x, y, Math.max(8, w * f), 8, 4);
}

function gib(mib: number): string {
  return (mib / 1024).toFixed(1);
}
