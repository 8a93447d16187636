import type Phaser from "phaser";
import { t } from "../i18n/index.ts";
import { isMuted, setMuted } from "./sound.ts";
import { colors, textStyle, WIDTH } from "./theme.ts";

export const HEADER_HEIGHT = 64;

/** The bar across the top of every in-game scene: logo, name, and what this screen is. */
export function drawHeader(scene: Phaser.Scene, subtitle: string): Phaser.GameObjects.Text {
  const g = scene.add.graphics();
  g.fillStyle(colors.panel, 1).fillRect(0, 0, WIDTH, HEADER_HEIGHT);
  g.lineStyle(2, colors.panelEdge, 1).lineBetween(0, HEADER_HEIGHT, WIDTH, HEADER_HEIGHT);
  scene.add.image(42, 32, "logo").setDisplaySize(40, 40);
  scene.add.text(72, 18, "CLUSTER CRISIS", { ...textStyle(22), fontStyle: "bold" }).setLetterSpacing(3);
  const speaker = scene.add
    .text(WIDTH - 24, 46, "", textStyle(12, colors.muted))
    .setOrigin(1, 0)
    .setInteractive({ useHandCursor: true })
    .on("pointerup", () => {
      setMuted(!isMuted());
      speaker.setText(t(isMuted() ? "header.soundOff" : "header.soundOn"));
    });
  speaker.setText(t(isMuted() ? "header.soundOff" : "header.soundOn"));
  return scene.add.text(340, 22, subtitle, textStyle(18, colors.muted));
}
