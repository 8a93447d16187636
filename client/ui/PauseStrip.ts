import type Phaser from "phaser";
import { t } from "../i18n/index.ts";
import { type ClusterView, connection } from "../net/connection.ts";
import { Button } from "./Button.ts";
import { askConfirm } from "./Form.ts";
import type { Rect } from "./layout.ts";
import { Menu, type MenuItem } from "./Menu.ts";
import { colors, fitText, textStyle } from "./theme.ts";

/** How many highlighted things the strip names before it says "+N". */
const NAMED = 3;

/**
 * While the facilitator has paused the round: a strip in the toolbar row above the map (never over
 * it) saying so, naming what the facilitator points at, and a frame around the map. The facilitator
 * reads how to annotate there and gets a CLEAR button once something is highlighted.
 */
export class PauseStrip {
  private readonly root: Phaser.GameObjects.Container;
  private readonly frame: Phaser.GameObjects.Graphics;
  private key = "";
  private text = "";
  private width = 0;

  private readonly scene: Phaser.Scene;
  private readonly row: Rect;
  private readonly map: Rect;
  /** Where the operator's tools begin: they grow leftwards with the player's text size. */
  private readonly toolsLeft: () => number;

  /**
   * `row`: where the strip goes (the toolbar's row), up to `toolsLeft()` (where the operator's tools
   * begin); `map`: what it frames.
   */
  constructor(scene: Phaser.Scene, row: Rect, map: Rect, toolsLeft: () => number) {
    this.scene = scene;
    this.row = row;
    this.map = map;
    this.toolsLeft = toolsLeft;
    this.root = scene.add.container(0, 0).setDepth(11);
    this.frame = scene.add.graphics().setDepth(9);
  }

  update(view: ClusterView): void {
    const paused = view.phase === "live" && view.paused;
    const facilitating = view.facilitator === view.me;
    const room = Math.min(this.row.width, this.toolsLeft() - this.row.x - 16);
    const key = `${paused}|${facilitating}|${view.highlights.join()}|${room}`;
    if (key === this.key) return;
    this.key = key;
    this.root.removeAll(true);
    this.frame.clear();
    this.text = "";
    this.width = 0;
    if (!paused) return;
    const { x, y, width, height } = this.map;
    this.frame.lineStyle(3, colors.starting, 0.9).strokeRoundedRect(x - 2, y - 2, width + 4, height + 4, 12);
    const targets = namedTargets(view.highlights);
    const text = facilitating
      ? targets === ""
        ? t("pause.annotate")
        : t("pause.annotating", { targets })
      : targets === ""
        ? t("pause.players")
        : t("pause.look", { targets });
    this.text = text;
    const clearWidth = facilitating && targets !== "" ? 80 : 0;
    // The pause sign, two bars, before the words (drawn: not every font has ⏸).
    const icon = 16;
    const label = this.scene.add
      .text(this.row.x + 10 + icon, this.row.y + this.row.height / 2, text, {
        ...textStyle(13, colors.background),
        fontStyle: "bold",
      })
      .setOrigin(0, 0.5);
    fitText(label, room - 20 - icon - clearWidth);
    const pillWidth = label.displayWidth + 20 + icon;
    this.width = pillWidth + (clearWidth > 0 ? 8 + clearWidth : 0);
    const pill = this.scene.add.graphics();
    pill.fillStyle(colors.starting, 1).fillRoundedRect(this.row.x, this.row.y, pillWidth, this.row.height, 8);
    const barY = this.row.y + this.row.height / 2 - 6;
    pill
      .fillStyle(colors.background, 1)
      .fillRect(this.row.x + 10, barY, 4, 12)
      .fillRect(this.row.x + 17, barY, 4, 12);
    this.root.add([pill, label]);
    if (clearWidth > 0)
      this.root.add(
        new Button(
          this.scene,
          this.row.x + pillWidth + 8 + clearWidth / 2,
          this.row.y + this.row.height / 2,
          t("pause.clear"),
          () => connection().send("clearHighlights", {}),
          { width: clearWidth, height: this.row.height, size: 12, style: "secondary" },
        ),
      );
  }

  /** What the strip says and where it is, for the test seam; null while the round runs. */
  seen(): { text: string; x: number; y: number; width: number; height: number } | null {
    if (this.text === "") return null;
    return { text: this.text, x: this.row.x, y: this.row.y, width: this.width, height: this.row.height };
  }

  destroy(): void {
    this.root.destroy();
    this.frame.destroy();
  }
}

/** "node/node-a2, pod/web-1 +2": the first few things highlighted. */
function namedTargets(highlights: readonly string[]): string {
  const named = highlights.slice(0, NAMED).join(", ");
  return highlights.length > NAMED ? `${named} +${highlights.length - NAMED}` : named;
}

/**
 * The facilitator's menu on a node while the round is paused: highlight it, or one of its pods that
 * needs attention, for everyone, or take a highlight off; clear them all.
 */
export function openAnnotateMenu(
  scene: Phaser.Scene,
  view: ClusterView,
  node: string,
  at: { x: number; y: number },
): void {
  const send = (target: string, on: boolean) => connection().send("highlight", { target, on });
  const lit = new Set(view.highlights);
  const nodeTarget = `node/${node}`;
  const items: MenuItem[] = [
    lit.has(nodeTarget)
      ? { label: t("annotate.nodeOff", { node }), run: () => send(nodeTarget, false) }
      : { label: t("annotate.node", { node }), run: () => send(nodeTarget, true) },
  ];
  // The pods the map draws on this node that need attention (healthy ones are only counted).
  for (const pod of view.pods.filter((p) => p.nodeName === node).slice(0, 6)) {
    const target = `pod/${pod.name}`;
    const hint = pod.reason || pod.phase;
    items.push(
      lit.has(target)
        ? { label: t("annotate.podOff", { pod: pod.name }), hint, run: () => send(target, false) }
        : { label: t("annotate.pod", { pod: pod.name }), hint, run: () => send(target, true) },
    );
  }
  if (lit.size > 0)
    items.push({
      label: t("annotate.clear"),
      danger: true,
      run: () => connection().send("clearHighlights", {}),
    });
  Menu.open(scene, { x: at.x + 8, y: at.y }, t("annotate.title"), items);
}

/** END, after the facilitator confirms: the round goes to the debrief with what happened so far. */
export async function confirmEndRound(): Promise<void> {
  const yes = await askConfirm(t("end.title"), t("end.body"), t("end.confirm"), t("end.cancel"));
  if (yes) connection().send("endRound", {});
}
