import Phaser from "phaser";
import { t } from "../i18n/index.ts";
import { isMuted, onMuteChange, setMuted } from "./sound.ts";
import { colors, displayStyle, textStyle, WIDTH } from "./theme.ts";

export const HEADER_HEIGHT = 64;

/** The bar across the top of every in-game scene: logo, name, and what this screen is. */
export function drawHeader(scene: Phaser.Scene, subtitle: string): Phaser.GameObjects.Text {
  const g = scene.add.graphics();
  g.fillStyle(colors.panel, 1).fillRect(0, 0, WIDTH, HEADER_HEIGHT);
  g.lineStyle(2, colors.panelEdge, 1).lineBetween(0, HEADER_HEIGHT, WIDTH, HEADER_HEIGHT);
  scene.add.image(42, 32, "logo").setDisplaySize(40, 40);
  const name = scene.add
    .text(72, 18, "CLUSTER CRISIS", { ...displayStyle(22), fontStyle: "bold" })
    .setLetterSpacing(3);
  const speaker = scene.add
    .text(WIDTH - 24, 46, "", displayStyle(12, colors.muted))
    .setOrigin(1, 0)
    .setInteractive({ useHandCursor: true })
    .on("pointerup", () => {
      setMuted(!isMuted());
      speaker.setText(t(isMuted() ? "header.soundOff" : "header.soundOn"));
    });
  speaker.setText(t(isMuted() ? "header.soundOff" : "header.soundOn"));
  // The M key mutes from anywhere: the switch follows it.
  const off = onMuteChange((muted) => speaker.setText(t(muted ? "header.soundOff" : "header.soundOn")));
  speaker.once(Phaser.GameObjects.Events.DESTROY, off);
  // After the name, however large the player's text size makes it.
  return scene.add.text(Math.max(340, name.x + name.width + 28), 22, subtitle, textStyle(18, colors.muted));
}
