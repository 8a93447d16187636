import Phaser from "phaser";
import { visibleButtons } from "../testSeam.ts";
import { play } from "./sound.ts";
import { colors, fitText, textStyle, WIDTH } from "./theme.ts";

export interface MenuItem {
  readonly label: string;
  /** A few muted words on the right: the kubectl verb, a current value, why the item is disabled. */
  readonly hint?: string;
  readonly disabled?: boolean;
  /** Drawn in the danger colour: the item breaks or removes something. */
  readonly danger?: boolean;
  readonly run: () => void;
}

const ROW = 28;
const PAD = 8;
const TITLE = 24;
const MIN_WIDTH = 200;
/** Between an item's label and its hint. */
const HINT_GAP = 24;
const DEPTH = 60;

/** The menu on screen, if any: opening another one closes it, so keys always go to one menu. */
let current: Menu | null = null;

/**
 * A context menu drawn on the canvas: a title and a column of items. Mouse: hover and click, a
 * click elsewhere closes it. Keyboard: ↑/↓ (and Tab/Shift+Tab) move, Enter/Space choose, Escape
 * closes. While it is open it takes those keys before anything else on the page (a capturing
 * listener on window), so the map's arrow keys do not move the selection behind it.
 */
export class Menu {
  private readonly root: Phaser.GameObjects.Container;
  private readonly highlight: Phaser.GameObjects.Graphics;
  private readonly labels: string[] = [];
  private index: number;
  private readonly left: number;
  private readonly top: number;
  private readonly width: number;
  private readonly onKey = (event: KeyboardEvent) => this.key(event);
  private closed = false;

  private readonly items: readonly MenuItem[];
  private readonly onClose: (() => void) | undefined;

  /** Opens a menu near a game point, kept inside the screen; closes any other menu first. */
  static open(
    scene: Phaser.Scene,
    at: { x: number; y: number },
    title: string,
    items: readonly MenuItem[],
    onClose?: () => void,
  ): Menu {
    current?.close();
    current = new Menu(scene, at, title, items, onClose);
    return current;
  }

  static get isOpen(): boolean {
    return current !== null;
  }

  /** Where the open menu's item with this label is (its whole row), or null. */
  static itemBounds(label: string): { x: number; y: number; width: number; height: number } | null {
    const at = current?.labels.indexOf(label) ?? -1;
    if (!current || at < 0) return null;
    return { x: current.left + PAD, y: current.top + at * ROW, width: current.width - 2 * PAD, height: ROW };
  }

  private constructor(
    scene: Phaser.Scene,
    at: { x: number; y: number },
    title: string,
    items: readonly MenuItem[],
    onClose: (() => void) | undefined,
  ) {
    this.items = items;
    this.onClose = onClose;
    // Wide enough for every label beside its hint (as the text size draws them), up to the screen's width.
    const labelWidth = (item: MenuItem) => measure(scene, item.label, textStyle(14));
    const hintWidth = (item: MenuItem) =>
      item.hint ? measure(scene, item.hint, textStyle(12, colors.muted, true)) : 0;
    const need = Math.max(
      ...items.map((item) => labelWidth(item) + (item.hint ? HINT_GAP + hintWidth(item) : 0) + 2 * PAD + 16),
    );
    this.width = Math.min(Math.max(MIN_WIDTH, need), WIDTH - 16);
    const height = TITLE + items.length * ROW + 2 * PAD;
    const x = Phaser.Math.Clamp(at.x, 8, WIDTH - this.width - 8);
    const y = Phaser.Math.Clamp(at.y, 8, scene.scale.height - height - 8);
    this.top = y + PAD + TITLE;

    this.root = scene.add.container(0, 0).setDepth(DEPTH);
    // A click anywhere outside the menu closes it (and does nothing else).
    const outside = scene.add
      .zone(0, 0, WIDTH, scene.scale.height)
      .setOrigin(0)
      .setInteractive()
      .on("pointerdown", () => this.close());
    const g = scene.add.graphics();
    g.fillStyle(0x000000, 0.35).fillRoundedRect(x + 4, y + 6, this.width, height, 10);
    g.fillStyle(colors.panel, 1).fillRoundedRect(x, y, this.width, height, 10);
    g.lineStyle(2, colors.accent, 1).strokeRoundedRect(x, y, this.width, height, 10);
    this.highlight = scene.add.graphics();
    const heading = scene.add
      .text(x + PAD + 4, y + PAD, title, { ...textStyle(12, colors.accent), fontStyle: "bold" })
      .setLetterSpacing(1);
    this.root.add([outside, g, this.highlight, heading]);
    const centers: [string, { x: number; y: number }][] = [];
    items.forEach((item, i) => {
      const rowY = this.top + i * ROW;
      const color = item.disabled ? colors.muted : item.danger ? colors.danger : colors.text;
      const label = scene.add
        .text(x + PAD + 8, rowY + ROW / 2, item.label, textStyle(14, color))
        .setOrigin(0, 0.5);
      this.root.add(label);
      if (item.hint) {
        // On a screen too narrow for both, the hint gives way: it shrinks, never over its label.
        const hint = scene.add
          .text(x + this.width - PAD - 8, rowY + ROW / 2, item.hint, textStyle(12, colors.muted, true))
          .setOrigin(1, 0.5);
        fitText(hint, this.width - 2 * PAD - 16 - label.width - HINT_GAP);
        this.root.add(hint);
      }
      const hit = scene.add
        .zone(x + PAD, rowY, this.width - 2 * PAD, ROW)
        .setOrigin(0)
        .setInteractive({ useHandCursor: !item.disabled })
        .on("pointerover", () => this.move(i))
        .on("pointerup", () => this.choose(i));
      this.root.add(hit);
      this.labels.push(item.label);
      centers.push([item.label, { x: x + PAD + 8 + label.width / 2, y: rowY + ROW / 2 }]);
    });
    // Browser tests find items the way they find buttons, by label: only once Phaser's input
    // takes the new items (its next update), or a fast click would fall through to the map.
    scene.events.once(Phaser.Scenes.Events.POST_UPDATE, () => {
      if (this.closed) return;
      for (const [label, center] of centers) visibleButtons.set(label, center);
    });
    this.left = x;
    this.index = items.findIndex((item) => !item.disabled);
    this.drawHighlight();
    window.addEventListener("keydown", this.onKey, { capture: true });
    // A scene change takes the menu's objects with it; the key listener must go too.
    scene.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.close());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    window.removeEventListener("keydown", this.onKey, { capture: true });
    for (const label of this.labels) visibleButtons.delete(label);
    this.root.destroy();
    if (current === this) current = null;
    this.onClose?.();
  }

  private move(index: number): void {
    if (this.items[index]?.disabled) return;
    this.index = index;
    this.drawHighlight();
  }

  /** The next enabled item in a direction, wrapping around. */
  private step(direction: 1 | -1): void {
    const n = this.items.length;
    for (let k = 1; k <= n; k++) {
      const i = (((this.index + direction * k) % n) + n) % n;
      if (!this.items[i]?.disabled) {
        this.move(i);
        return;
      }
    }
  }

  private choose(index: number): void {
    const item = this.items[index];
    if (!item || item.disabled) return;
    play("click");
    // Close first: the item may open another menu or a form, which must not be closed by this one.
    this.close();
    item.run();
  }

  private drawHighlight(): void {
    this.highlight.clear();
    if (this.index < 0) return;
    const y = this.top + this.index * ROW;
    this.highlight
      .fillStyle(colors.panelEdge, 1)
      .fillRoundedRect(this.left + PAD, y, this.width - 2 * PAD, ROW, 6);
    this.highlight.fillStyle(colors.accent, 1).fillRect(this.left + PAD, y + 5, 3, ROW - 10);
  }

  private key(event: KeyboardEvent): void {
    // Typing in a field (the console, a form) is not for the menu.
    if (event.target instanceof HTMLInputElement || event.isComposing) return;
    switch (event.key) {
      case "ArrowDown":
        this.step(1);
        break;
      case "ArrowUp":
        this.step(-1);
        break;
      case "Tab":
        this.step(event.shiftKey ? -1 : 1);
        break;
      case "Home":
        this.index = -1;
        this.step(1);
        break;
      case "Enter":
      case " ":
        this.choose(this.index);
        break;
      case "Escape":
        this.close();
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }
}

/** How wide a line of text draws in a style. */
function measure(scene: Phaser.Scene, text: string, style: Phaser.Types.GameObjects.Text.TextStyle): number {
  const probe = scene.add.text(0, 0, text, style);
  const width = probe.width;
  probe.destroy();
  return width;
}
