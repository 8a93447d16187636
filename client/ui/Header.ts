import type Phaser from "phaser";
import { colors, textStyle, WIDTH } from "./theme.ts";

export const HEADER_HEIGHT = 64;

/** The bar across the top of every in-game scene: logo, name, and what this screen is. */
export function drawHeader(scene: Phaser.Scene, subtitle: string): Phaser.GameObjects.Text {
  const g = scene.add.graphics();
  g.fillStyle(colors.panel, 1).fillRect(0, 0, WIDTH, HEADER_HEIGHT);
  g.lineStyle(2, colors.panelEdge, 1).lineBetween(0, HEADER_HEIGHT, WIDTH, HEADER_HEIGHT);
  scene.add.image(42, 32, "logo").setDisplaySize(40, 40);
  scene.add.text(72, 18, "CLUSTER CRISIS", { ...textStyle(22), fontStyle: "bold" }).setLetterSpacing(3);
  return scene.add.text(340, 22, subtitle, textStyle(18, colors.muted));
}
