import Phaser from "phaser";
import { colors, css, textStyle, WIDTH } from "./theme.ts";

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
