import Phaser from "phaser";
import { makeFocusable } from "./Button.ts";
import { narrate } from "./narration.ts";
import { colors, css, HEIGHT, textStyle, WIDTH } from "./theme.ts";

/**
 * One-line explanations of the numbers on a panel: hovering a number, or reaching it with Tab,
 * shows what it means beside it (and says it to a screen reader); Enter keeps it shown. One tooltip
 * per scene, above everything.
 */
export class Explainer {
  private readonly scene: Phaser.Scene;
  private readonly tip: Phaser.GameObjects.Text;
  /** The label of the explanation showing, "" for none; kept when a panel redraws the same spot. */
  private showing = "";
  private pinned = false;

  constructor(scene: Phaser.Scene) {
    this.scene = scene;
    // A panel redraws its numbers under a pointer that does not move: the input plugin tests what is
    // under the pointer every frame, so the redrawn spot is hovered again and its explanation stays.
    scene.input.setPollAlways();
    this.tip = scene.add
      .text(0, 0, "", {
        ...textStyle(12, colors.text),
        backgroundColor: css(colors.background),
        padding: { x: 9, y: 6 },
        lineSpacing: 3,
        wordWrap: { width: 300 },
      })
      .setDepth(30)
      .setVisible(false);
  }

  /**
   * Makes `area` of `parent` explain itself with `text`. `label` names it for the keyboard focus
   * (stable across redraws, e.g. "score.budget").
   */
  explain(
    parent: Phaser.GameObjects.Container,
    area: Phaser.Geom.Rectangle,
    label: string,
    text: string,
  ): void {
    const zone = this.scene.add
      .zone(area.x, area.y, area.width, area.height)
      .setOrigin(0, 0)
      .setInteractive({ useHandCursor: false });
    parent.add(zone);
    zone.on("pointerover", () => this.show(label, text, area));
    zone.on("pointerout", () => {
      if (!this.pinned) this.hide(label);
    });
    makeFocusable({
      scene: this.scene,
      label,
      target: zone,
      bounds: () => new Phaser.Geom.Rectangle(area.x, area.y, area.width, area.height),
      activate: () => {
        this.pinned = !this.pinned || this.showing !== label;
        if (this.pinned) this.show(label, text, area);
        else this.hide(label);
      },
      setFocused: (focused) => {
        if (focused) {
          this.show(label, text, area);
          narrate(text);
        } else this.hide(label);
      },
    });
    // A redraw of the spot already explained keeps the explanation, with its new words.
    if (this.showing === label) this.show(label, text, area);
  }

  /** The explanation showing now ("" for none), for the test seam. */
  get shown(): string {
    return this.showing === "" ? "" : this.tip.text;
  }

  destroy(): void {
    this.tip.destroy();
  }

  private show(label: string, text: string, area: Phaser.Geom.Rectangle): void {
    this.showing = label;
    this.tip.setText(text).setVisible(true);
    // Above the area when there is room, else below it; always inside the screen.
    const x = Math.max(4, Math.min(area.x, WIDTH - this.tip.width - 4));
    const above = area.y - this.tip.height - 6;
    const y = above >= 4 ? above : Math.min(area.y + area.height + 6, HEIGHT - this.tip.height - 4);
    this.tip.setPosition(x, y);
  }

  private hide(label: string): void {
    if (this.showing !== label) return;
    this.showing = "";
    this.pinned = false;
    this.tip.setVisible(false);
  }
}
