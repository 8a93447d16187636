import Phaser from "phaser";
import { t } from "../../i18n/index.ts";
import type { PuzzlePodView } from "../../net/puzzle.ts";
import { clip } from "../statusFormat.ts";
import { colors, css, textStyle } from "../theme.ts";
import { appColor, cpuText, limitText, memText } from "./format.ts";

/** Where a block stands (its centre) and how big it is; compact on a node, taller in the queue. */
export interface Slot {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly compact: boolean;
}

/** A pod as a block: coloured by its app, sized by what it requests; its centre is its position. */
export class PodBlock extends Phaser.GameObjects.Container {
  private readonly frame: Phaser.GameObjects.Graphics;
  private readonly nameText: Phaser.GameObjects.Text;
  private readonly detail: Phaser.GameObjects.Text;
  private readonly extra: Phaser.GameObjects.Text;
  private readonly tag: Phaser.GameObjects.Text;
  pod: PuzzlePodView;
  slot: Slot | undefined;
  selected = false;
  hovered = false;
  action = "";

  constructor(scene: Phaser.Scene, pod: PuzzlePodView) {
    super(scene, 0, 0);
    this.pod = pod;
    this.frame = scene.add.graphics();
    this.nameText = scene.add.text(0, 0, "", { ...textStyle(13), fontStyle: "bold" });
    this.detail = scene.add.text(0, 0, "", textStyle(11, colors.text, true));
    this.extra = scene.add.text(0, 0, "", textStyle(10, colors.muted, true));
    this.tag = scene.add.text(0, 0, "", { ...textStyle(10, colors.background), fontStyle: "bold" });
    this.add([this.frame, this.nameText, this.detail, this.extra, this.tag]);
    scene.add.existing(this);
  }

  draw(): void {
    const slot = this.slot;
    if (!slot) return;
    const { width: w, height: h, compact } = slot;
    const pod = this.pod;
    const tint = appColor(pod.app || pod.name);
    const left = -w / 2;
    const top = -h / 2;
    const g = this.frame.clear();
    const ghost = pod.evicted;
    g.fillStyle(colors.background, 1).fillRoundedRect(left, top, w, h, 7);
    g.fillStyle(tint, ghost ? 0.08 : pod.running ? 0.16 : 0.28).fillRoundedRect(left, top, w, h, 7);
    g.fillStyle(tint, ghost ? 0.35 : 1).fillRoundedRect(left, top, 5, h, { tl: 7, bl: 7, tr: 0, br: 0 });
    const edge = this.selected ? colors.text : this.hovered ? colors.text : tint;
    g.lineStyle(this.selected ? 3 : 1.5, edge, this.selected || this.hovered ? 1 : ghost ? 0.4 : 0.85);
    g.strokeRoundedRect(left, top, w, h, 7);
    const alpha = ghost ? 0.55 : 1;
    this.nameText.setText(pod.name).setAlpha(alpha);
    const requests = `${cpuText(pod.milliCPU)} cpu · ${memText(pod.memoryMiB)}`;
    const limits = limitText(pod);
    if (compact) {
      this.nameText.setFontSize(12).setPosition(left + 11, -8);
      // On a wide card, the CPU it is placed by beside the CPU it may burst to.
      const line =
        pod.limitMilliCPU !== null && w >= 250
          ? t("puzzle.cpuRequestsLimits", {
              requests: cpuText(pod.milliCPU),
              limits: cpuText(pod.limitMilliCPU),
            })
          : requests;
      this.detail.setText(line).setFontSize(10).setColor(css(colors.muted)).setOrigin(1, 0);
      this.detail.setPosition(w / 2 - 8, -6).setVisible(true);
      this.extra.setVisible(false);
    } else {
      this.nameText.setFontSize(13).setPosition(left + 12, top + 6);
      this.detail
        .setText(limits === "" ? requests : t("puzzle.requests", { amount: requests }))
        .setFontSize(11)
        .setColor(css(colors.text))
        .setOrigin(0, 0)
        .setPosition(left + 12, top + 24)
        .setVisible(true)
        .setAlpha(alpha);
      const notes = [...pod.constraints];
      if (pod.priority !== 0) notes.unshift(t("puzzle.priority", { n: pod.priority }));
      if (limits !== "") notes.unshift(t("puzzle.limits", { amount: limits }));
      this.extra
        .setText(clip(notes.join(" · "), Math.floor((w - 20) / 6)))
        .setPosition(left + 12, top + 41)
        .setVisible(notes.length > 0)
        .setAlpha(alpha);
    }
    const label = this.action;
    if (label !== "") {
      const tagColor = pod.evicted ? colors.healthy : colors.danger;
      this.tag.setText(label).setBackgroundColor(css(tagColor)).setPadding(5, 2, 5, 2).setOrigin(1, 0.5);
      this.tag.setPosition(w / 2 - 6, compact ? 0 : top + 14).setVisible(true);
      // Beside the tag when the block is wide enough, else the name and the tag are what matter.
      if (compact) this.detail.setX(w / 2 - 14 - this.tag.width).setVisible(w >= 200);
    } else {
      this.tag.setVisible(false);
    }
    this.setSize(w, h);
    if (this.input) this.input.hitArea.setTo(0, 0, w, h);
  }
}
