import Phaser from "phaser";
import { makeFocusable } from "./Button.ts";
import { narrate } from "./narration.ts";
import { colors, css, HEIGHT, textStyle, WIDTH } from "./theme.ts";

/** Above panels, toasts and menus' shadows; under the coach marks. */
const DEPTH = 65;
const WRAP = 340;

/** One tooltip per scene, made when first needed and gone with the scene. */
const shown = new WeakMap<Phaser.Scene, Phaser.GameObjects.Text>();

/**
 * A few words on what something is, shown while the pointer rests on it: under it (above it near
 * the screen's bottom), kept on screen. `words` is read each time, so it follows the language and
 * the state. The target becomes interactive, without a hand cursor: it explains, it does not act.
 */
export function explain(
  target: Phaser.GameObjects.Text | Phaser.GameObjects.Zone,
  words: () => string,
): void {
  const scene = target.scene;
  if (!target.input) target.setInteractive();
  target.on("pointerover", () => {
    const tip = tooltipOf(scene).setText(words()).setVisible(true);
    const bounds = target.getBounds();
    const below = bounds.bottom + 6;
    const y = below + tip.height > scene.scale.height - 4 ? bounds.top - 6 - tip.height : below;
    tip.setPosition(Phaser.Math.Clamp(bounds.left, 4, WIDTH - tip.width - 4), y);
  });
  target.on("pointerout", () => shown.get(scene)?.setVisible(false));
  target.once(Phaser.GameObjects.Events.DESTROY, () => shown.get(scene)?.setVisible(false));
}

function tooltipOf(scene: Phaser.Scene): Phaser.GameObjects.Text {
  const existing = shown.get(scene);
  if (existing?.active) return existing;
  const tip = scene.add
    .text(0, 0, "", {
      ...textStyle(13, colors.text),
      backgroundColor: css(colors.background),
      padding: { x: 10, y: 6 },
      wordWrap: { width: WRAP },
      lineSpacing: 3,
    })
    .setDepth(DEPTH)
    .setVisible(false);
  shown.set(scene, tip);
  return tip;
}

/**
 * One-line explanations of the numbers on a panel: hovering a number, or reaching it with Tab,
 * shows what it means beside it (and says it to a screen reader); Enter keeps it shown, in the
 * scene's one tooltip.
 */
export class Explainer {
  private readonly scene: Phaser.Scene;
  /** The label of the explanation showing, "" for none; kept when a panel redraws the same spot. */
  private showing = "";
  /** What the explanation showing says. */
  private words = "";
  private pinned = false;

  constructor(scene: Phaser.Scene) {
    this.scene = scene;
    // A panel redraws its numbers under a pointer that does not move: the input plugin tests what is
    // under the pointer every frame, so the redrawn spot is hovered again and its explanation stays.
    scene.input.setPollAlways();
  }

  /** The scene's one tooltip, shared with `explain`: never two tips on screen. */
  private get tip(): Phaser.GameObjects.Text {
    return tooltipOf(this.scene);
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
    // The shared tip may have been taken since by a heading's `explain`.
    return this.showing === "" || !this.tip.visible || this.tip.text !== this.words ? "" : this.words;
  }

  destroy(): void {
    if (this.showing !== "") this.tip.setVisible(false);
    this.showing = "";
  }

  private show(label: string, text: string, area: Phaser.Geom.Rectangle): void {
    this.showing = label;
    this.words = text;
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
