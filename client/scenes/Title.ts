import Phaser from "phaser";
import { seam } from "../testSeam.ts";
import { Button } from "../ui/Button.ts";
import { colors, HEIGHT, textStyle, WIDTH } from "../ui/theme.ts";

/** The title screen: what the game is, and the way in. */
export class Title extends Phaser.Scene {
  constructor() {
    super("Title");
  }

  create(): void {
    seam.scene = "Title";
    this.drawBackdrop();
    this.add.image(WIDTH / 2, 190, "logo");
    this.add
      .text(WIDTH / 2, 320, "CLUSTER CRISIS", { ...textStyle(64, colors.text), fontStyle: "bold" })
      .setOrigin(0.5)
      .setLetterSpacing(6);
    this.add
      .text(
        WIDTH / 2,
        380,
        "Keep a real Kubernetes cluster alive through launch day.",
        textStyle(22, colors.muted),
      )
      .setOrigin(0.5);
    const status = this.add.text(WIDTH / 2, 560, "", textStyle(18, colors.danger)).setOrigin(0.5);
    new Button(this, WIDTH / 2, 470, "PLAY", () => {
      status.setText("Connecting…").setColor("#8a98b8");
      this.scene.start("Cluster");
    });
    this.add
      .text(
        WIDTH / 2,
        HEIGHT - 36,
        "etcd · kube-scheduler · controllers · kubelets — simulated faithfully",
        textStyle(14, colors.muted),
      )
      .setOrigin(0.5);
  }

  /** A faint grid of racks behind the title, so the screen reads as a data centre. */
  private drawBackdrop(): void {
    const g = this.add.graphics();
    for (let x = 40; x < WIDTH; x += 64) {
      for (let y = 40; y < HEIGHT; y += 64) {
        const lit = (x * 7 + y * 13) % 11 === 0;
        g.fillStyle(lit ? colors.accentDeep : colors.panel, lit ? 0.35 : 0.6);
        g.fillRoundedRect(x, y, 40, 28, 4);
      }
    }
    // A dark plate behind the title so the text never competes with the racks.
    g.fillStyle(colors.background, 0.82).fillRoundedRect(WIDTH / 2 - 360, 96, 720, 440, 24);
  }
}
