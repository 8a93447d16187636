import Phaser from "phaser";
import { colors, textStyle } from "./theme.ts";

/** A rounded, labelled button with hover feedback. */
export class Button extends Phaser.GameObjects.Container {
  private readonly background: Phaser.GameObjects.Graphics;
  private readonly buttonWidth: number;
  private readonly buttonHeight: number;

  constructor(
    scene: Phaser.Scene,
    x: number,
    y: number,
    label: string,
    onClick: () => void,
    width = 240,
    height = 56,
  ) {
    super(scene, x, y);
    this.buttonWidth = width;
    this.buttonHeight = height;
    this.background = scene.add.graphics();
    const text = scene.add
      .text(0, 0, label, { ...textStyle(22, colors.background), fontStyle: "bold" })
      .setOrigin(0.5);
    this.add([this.background, text]);
    this.draw(false);
    this.setSize(width, height);
    this.setInteractive({ useHandCursor: true })
      .on("pointerover", () => this.draw(true))
      .on("pointerout", () => this.draw(false))
      .on("pointerup", onClick);
    scene.add.existing(this);
  }

  private draw(hover: boolean): void {
    this.background.clear();
    this.background.fillStyle(hover ? colors.text : colors.accent, 1);
    this.background.fillRoundedRect(
      -this.buttonWidth / 2,
      -this.buttonHeight / 2,
      this.buttonWidth,
      this.buttonHeight,
      12,
    );
  }
}
