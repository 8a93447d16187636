import Phaser from "phaser";
import { visibleButtons } from "../testSeam.ts";
import { play } from "./sound.ts";
import { colors, textStyle } from "./theme.ts";

export type ButtonStyle = "primary" | "secondary" | "danger";

/** A rounded, labelled button with hover feedback. */
export class Button extends Phaser.GameObjects.Container {
  private readonly background: Phaser.GameObjects.Graphics;
  private readonly label: Phaser.GameObjects.Text;
  private readonly buttonWidth: number;
  private readonly buttonHeight: number;
  private readonly look: ButtonStyle;

  constructor(
    scene: Phaser.Scene,
    x: number,
    y: number,
    label: string,
    onClick: () => void,
    { width = 240, height = 56, style = "primary" as ButtonStyle, size = 22 } = {},
  ) {
    super(scene, x, y);
    this.buttonWidth = width;
    this.buttonHeight = height;
    this.look = style;
    this.background = scene.add.graphics();
    this.label = scene.add.text(0, 0, label, { ...textStyle(size), fontStyle: "bold" }).setOrigin(0.5);
    this.add([this.background, this.label]);
    this.draw(false);
    this.setSize(width, height);
    this.setInteractive({ useHandCursor: true })
      .on("pointerover", () => this.draw(true))
      .on("pointerout", () => this.draw(false))
      .on("pointerup", () => {
        play("click");
        onClick();
      });
    scene.add.existing(this);
    visibleButtons.set(label, { x, y });
    this.once(Phaser.GameObjects.Events.DESTROY, () => visibleButtons.delete(label));
  }

  private draw(hover: boolean): void {
    const fill = { primary: colors.accent, secondary: colors.panelEdge, danger: colors.danger }[this.look];
    this.background.clear();
    this.background.fillStyle(hover ? colors.text : fill, 1);
    this.background.fillRoundedRect(
      -this.buttonWidth / 2,
      -this.buttonHeight / 2,
      this.buttonWidth,
      this.buttonHeight,
      12,
    );
    this.label.setColor(this.look === "secondary" && !hover ? "#e6edf7" : "#070b16");
  }
}
