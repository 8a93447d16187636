import Phaser from "phaser";
import { t } from "../../i18n/index.ts";
import type { PuzzlePodView, PuzzleView } from "../../net/puzzle.ts";
import { seam } from "../../testSeam.ts";
import { colors, css, textStyle } from "../theme.ts";
import { limitText } from "./format.ts";
import { inside, MARGIN, puzzleLayout } from "./layout.ts";
import { PodBlock, type Slot } from "./PodBlock.ts";
import { PuzzleNodeCard } from "./PuzzleNodeCard.ts";
import type { PuzzleScreenSession } from "./session.ts";

const { nodes: NODES, queue: QUEUE } = puzzleLayout;
const LEFT_RIGHT = QUEUE.x + QUEUE.width;
const NODES_TOP = NODES.y;
const NODES_BOTTOM = NODES.y + NODES.height;
const QUEUE_TOP = QUEUE.y;
const QUEUE_BOTTOM = QUEUE.y + QUEUE.height;
const CARD_GAP = 12;
const QUEUE_BLOCK_HEIGHT = 56;
const NODE_BLOCK_HEIGHT = 30;

/** What the board asks of the scene: kube-scheduler's answer, and the moves sent to the room. */
export interface BoardActions {
  askHint(pod: string, node: string): void;
  place(pod: string, node: string): void;
  unplace(pod: string): void;
  evictOrRestore(pod: PuzzlePodView): void;
}

/**
 * The nodes as cards and the pods as blocks (placed on their node, or waiting in the queue below):
 * dragged, clicked, aimed at with the keyboard; a refused placement's reason beside its node.
 */
export class PuzzleBoard {
  readonly nodes = new Map<string, PuzzleNodeCard>();
  readonly blocks = new Map<string, PodBlock>();
  private readonly scene: Phaser.Scene;
  private readonly session: PuzzleScreenSession;
  private readonly actions: BoardActions;
  private readonly queueFrame: Phaser.GameObjects.Graphics;
  private readonly queueEmpty: Phaser.GameObjects.Text;
  private readonly keysHelp: Phaser.GameObjects.Text;
  private readonly note: Phaser.GameObjects.Text;
  private readonly queueRect = QUEUE;

  constructor(scene: Phaser.Scene, session: PuzzleScreenSession, actions: BoardActions) {
    this.scene = scene;
    this.session = session;
    this.actions = actions;
    this.queueFrame = scene.add.graphics();
    this.drawQueueFrame(false);
    scene.add.text(MARGIN + 16, QUEUE_TOP + 10, t("puzzle.queue"), {
      ...textStyle(12, colors.pending),
      fontStyle: "bold",
    });
    scene.add
      .text(LEFT_RIGHT - 16, QUEUE_TOP + 10, t("puzzle.queueHelp"), textStyle(12, colors.muted))
      .setOrigin(1, 0);
    this.queueEmpty = scene.add
      .text(
        (MARGIN + LEFT_RIGHT) / 2,
        (QUEUE_TOP + QUEUE_BOTTOM) / 2,
        t("puzzle.queueEmpty"),
        textStyle(16, colors.healthy),
      )
      .setOrigin(0.5)
      .setVisible(false);
    this.keysHelp = scene.add
      .text(MARGIN + 16, QUEUE_BOTTOM - 8, "", textStyle(11, colors.muted))
      .setOrigin(0, 1);
    this.note = scene.add
      .text(0, 0, "", {
        ...textStyle(14, colors.text),
        fontStyle: "bold",
        backgroundColor: css(colors.danger),
        padding: { x: 10, y: 6 },
        wordWrap: { width: 300, useAdvancedWrap: true },
        align: "center",
      })
      .setOrigin(0.5, 1)
      .setDepth(60)
      .setVisible(false);
    const input = scene.input;
    input.on(Phaser.Input.Events.DRAG_START, (_p: Phaser.Input.Pointer, block: PodBlock) =>
      this.dragStart(block),
    );
    input.on(Phaser.Input.Events.DRAG, (p: Phaser.Input.Pointer, block: PodBlock, x: number, y: number) =>
      this.dragMove(p, block, x, y),
    );
    input.on(Phaser.Input.Events.DRAG_END, (p: Phaser.Input.Pointer, block: PodBlock) =>
      this.dragEnd(p, block),
    );
  }

  /** Where a pod's block stands (null while it is hidden), for the test seam. */
  podAt(name: string): { x: number; y: number } | null {
    const block = this.blocks.get(name);
    return block?.visible ? { x: block.x, y: block.y } : null;
  }

  /** The centre of a node's card, for the test seam. */
  nodeCenter(name: string): { x: number; y: number } | null {
    const box = this.nodes.get(name);
    return box ? { x: box.rect.x + box.rect.width / 2, y: box.rect.y + box.rect.height / 2 } : null;
  }

  /** Where a pod is dropped to go back to the queue, for the test seam. */
  static readonly queueCenter = { x: (MARGIN + LEFT_RIGHT) / 2, y: (QUEUE_TOP + QUEUE_BOTTOM) / 2 + 10 };

  /** A new puzzle: its nodes and pods, drawn anew. */
  rebuild(view: PuzzleView): void {
    for (const box of this.nodes.values()) box.destroy();
    for (const block of this.blocks.values()) block.destroy();
    this.nodes.clear();
    this.blocks.clear();
    this.hideNote();
    this.keysHelp.setText(t(view.objective === "fewestEvictions" ? "puzzle.keysEvict" : "puzzle.keys"));
    const count = Math.max(1, view.nodes.length);
    const area = LEFT_RIGHT - MARGIN;
    const width = Math.min(300, (area - (count - 1) * CARD_GAP) / count);
    const left = MARGIN + (area - (count * width + (count - 1) * CARD_GAP)) / 2;
    view.nodes.forEach((node, i) => {
      const rect = {
        x: left + i * (width + CARD_GAP),
        y: NODES_TOP,
        width,
        height: NODES_BOTTOM - NODES_TOP,
      };
      this.nodes.set(node.name, new PuzzleNodeCard(this.scene, node, rect));
    });
    for (const pod of view.pods) {
      const block = new PodBlock(this.scene, pod);
      block.setDepth(10);
      this.blocks.set(pod.name, block);
    }
    for (const block of this.blocks.values()) {
      block.setSize(100, 40);
      block.setInteractive({
        hitArea: new Phaser.Geom.Rectangle(0, 0, 100, 40),
        hitAreaCallback: Phaser.Geom.Rectangle.Contains,
        useHandCursor: true,
        draggable: !block.pod.running,
      });
      block.on("pointerover", () => {
        block.hovered = true;
        block.draw();
      });
      block.on("pointerout", () => {
        block.hovered = false;
        block.draw();
      });
      block.on("pointerup", () => this.clickBlock(block));
    }
  }

  private drawQueueFrame(hot: boolean): void {
    const g = this.queueFrame.clear();
    g.fillStyle(colors.panel, 1).fillRoundedRect(
      MARGIN,
      QUEUE_TOP,
      LEFT_RIGHT - MARGIN,
      QUEUE_BOTTOM - QUEUE_TOP,
      12,
    );
    g.lineStyle(hot ? 3 : 2, hot ? colors.pending : colors.panelEdge, 1);
    g.strokeRoundedRect(MARGIN, QUEUE_TOP, LEFT_RIGHT - MARGIN, QUEUE_BOTTOM - QUEUE_TOP, 12);
  }

  /** Where every node's texts and bars go and where every pod block stands. */
  layout(view: PuzzleView): void {
    let headerHeight = 0;
    for (const node of view.nodes) {
      const box = this.nodes.get(node.name);
      if (box) headerHeight = Math.max(headerHeight, box.setView(node));
    }
    const barsTop = headerHeight + 12;
    const podsTop = barsTop + 3 * 24 + 10;
    for (const box of this.nodes.values()) box.draw(barsTop);

    const slots = new Map<string, Slot>();
    for (const box of this.nodes.values()) {
      const on = view.pods.filter((p) => p.node === box.view.name && !p.evicted);
      const columns = box.rect.width >= 250 && on.length > 4 ? 2 : 1;
      const inner = box.rect.width - 20;
      const w = (inner - (columns - 1) * 6) / columns;
      const space = box.rect.height - podsTop - 10;
      const h = Math.max(
        20,
        Math.min(
          NODE_BLOCK_HEIGHT,
          (space - (Math.ceil(on.length / columns) - 1) * 5) / Math.ceil(on.length / columns),
        ),
      );
      on.forEach((pod, i) => {
        const col = i % columns;
        const row = Math.floor(i / columns);
        slots.set(pod.name, {
          x: box.rect.x + 10 + col * (w + 6) + w / 2,
          y: box.rect.y + podsTop + row * (h + 5) + h / 2,
          width: w,
          height: h,
          compact: true,
        });
      });
    }
    const queued = view.pods.filter((p) => p.node === "" || p.evicted);
    // A pod with limits says "requests …" and "limits …" on two lines: its block is wider.
    const widths = queued.map((p) =>
      Math.round(118 + Math.min(42, (p.milliCPU / 1000) * 14) + (limitText(p) === "" ? 0 : 66)),
    );
    const rowWidth = LEFT_RIGHT - MARGIN - 32;
    let x = MARGIN + 16;
    let y = QUEUE_TOP + 34;
    queued.forEach((pod, i) => {
      const w = widths[i]!;
      if (x + w > MARGIN + 16 + rowWidth) {
        x = MARGIN + 16;
        y += QUEUE_BLOCK_HEIGHT + 6;
      }
      slots.set(pod.name, {
        x: x + w / 2,
        y: y + QUEUE_BLOCK_HEIGHT / 2,
        width: w,
        height: QUEUE_BLOCK_HEIGHT,
        compact: false,
      });
      x += w + 10;
    });
    const placeable = view.pods.filter((p) => !p.running);
    this.queueEmpty.setVisible(queued.length === 0 && placeable.length > 0);
    for (const pod of view.pods) {
      const block = this.blocks.get(pod.name);
      const slot = slots.get(pod.name);
      if (!block) continue;
      block.pod = pod;
      block.action =
        pod.running && this.session.preemption ? t(pod.evicted ? "puzzle.restore" : "puzzle.evict") : "";
      if (pod.running && !this.session.preemption) block.action = "";
      if (!slot) {
        block.setVisible(false);
        continue;
      }
      block.setVisible(true);
      block.slot = slot;
      block.selected = pod.name === this.session.selectedPod;
      block.draw();
      if (pod.name === this.session.dragging) continue;
      this.scene.tweens.killTweensOf(block);
      if (block.x === 0 && block.y === 0) block.setPosition(slot.x, slot.y);
      else
        this.scene.tweens.add({ targets: block, x: slot.x, y: slot.y, duration: 180, ease: "Cubic.easeOut" });
    }
  }

  private dragStart(block: PodBlock): void {
    if (block.pod.running) return;
    this.session.dragging = block.pod.name;
    this.select(block.pod.name);
    this.scene.tweens.killTweensOf(block);
    block.setDepth(50);
    this.hideNote();
  }

  private dragMove(pointer: Phaser.Input.Pointer, block: PodBlock, x: number, y: number): void {
    if (this.session.dragging !== block.pod.name) return;
    block.setPosition(x, y);
    const node = this.nodeAt(pointer.x, pointer.y);
    const overQueue = node === "" && inside(this.queueRect, pointer.x, pointer.y) && block.pod.node !== "";
    this.drawQueueFrame(overQueue);
    if (node !== this.session.hoverNode) {
      this.session.hoverNode = node;
      this.markTarget(node);
      if (node !== "") this.actions.askHint(block.pod.name, node);
    }
  }

  private dragEnd(pointer: Phaser.Input.Pointer, block: PodBlock): void {
    if (this.session.dragging !== block.pod.name) return;
    this.session.dragging = "";
    block.setDepth(10);
    const node = this.nodeAt(pointer.x, pointer.y);
    this.session.hoverNode = "";
    this.drawQueueFrame(false);
    const pod = block.pod;
    if (node !== "" && node !== pod.node) this.actions.place(pod.name, node);
    else if (node === "" && pod.node !== "" && inside(this.queueRect, pointer.x, pointer.y))
      this.actions.unplace(pod.name);
    this.markTarget(this.session.targetNode);
    if (block.slot)
      this.scene.tweens.add({
        targets: block,
        x: block.slot.x,
        y: block.slot.y,
        duration: 200,
        ease: "Cubic.easeOut",
      });
  }

  /** A refused placement: its reason beside the node it was aimed at; false when there is none to show it by. */
  showRefusal(text: string): boolean {
    const box = this.nodes.get(this.session.noteNode);
    if (!box) return false;
    this.note.setText(text);
    this.note.setWordWrapWidth(Math.max(220, box.rect.width + 40));
    const x = Math.min(
      LEFT_RIGHT - this.note.width / 2,
      Math.max(MARGIN + this.note.width / 2, box.rect.x + box.rect.width / 2),
    );
    this.note
      .setPosition(x, box.rect.y + box.rect.height - 12)
      .setVisible(true)
      .setAlpha(1);
    seam.puzzleNote = text;
    box.verdict = "refuses";
    box.target = true;
    this.redrawCards();
    this.scene.tweens.killTweensOf(this.note);
    this.scene.tweens.add({
      targets: this.note,
      alpha: 0,
      delay: 4500,
      duration: 500,
      onComplete: () => this.hideNote(),
    });
    return true;
  }

  /** kube-scheduler answered: the card aimed at turns green or red. */
  answered(pod: string, node: string, fits: boolean): void {
    const box = this.nodes.get(node);
    if (box?.target && this.session.activePod === pod) {
      box.verdict = fits ? "fits" : "refuses";
      this.redrawCards();
    }
  }

  private clickBlock(block: PodBlock): void {
    const pod = block.pod;
    if (pod.running) {
      this.select(pod.name);
      if (this.session.preemption) this.actions.evictOrRestore(pod);
      return;
    }
    if (this.session.dragging === "") this.select(pod.name);
  }

  private nodeAt(x: number, y: number): string {
    for (const box of this.nodes.values()) if (inside(box.rect, x, y)) return box.view.name;
    return "";
  }

  select(pod: string): void {
    this.session.selectedPod = pod;
    for (const block of this.blocks.values()) {
      const selected = block.pod.name === pod;
      if (block.selected !== selected) {
        block.selected = selected;
        block.draw();
      }
    }
    if (pod !== "" && this.session.targetNode !== "" && this.session.dragging === "")
      this.actions.askHint(pod, this.session.targetNode);
  }

  /** Outlines the node a pod would go to, green or red once kube-scheduler has said. */
  markTarget(node: string): void {
    for (const box of this.nodes.values()) {
      box.target = box.view.name === node;
      box.verdict = "";
      if (box.target) {
        const pod = this.session.dragging || this.session.selectedPod;
        const answer = this.session.answer(pod, node);
        if (answer) box.verdict = answer.fits ? "fits" : "refuses";
      }
    }
    this.redrawCards();
  }

  redrawCards(): void {
    if (!this.session.view) return;
    const first = this.nodes.values().next().value;
    if (!first) return;
    // The bars' top is the same for every card; it is where the first card's first bar label sits.
    const barsTop = (first.barLabels[0]?.y ?? first.rect.y) - first.rect.y;
    for (const box of this.nodes.values()) box.draw(barsTop);
  }

  hideNote(): void {
    this.note.setVisible(false);
    seam.puzzleNote = "";
    for (const box of this.nodes.values()) {
      if (box.verdict === "refuses" && this.session.dragging === "") {
        box.verdict = "";
        box.target = box.view.name === this.session.targetNode;
      }
    }
    this.redrawCards();
  }
}
