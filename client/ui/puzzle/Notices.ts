import type Phaser from "phaser";
import { t } from "../../i18n/index.ts";
import { play } from "../sound.ts";
import { colors, css, textStyle } from "../theme.ts";
import { GOLD, starText } from "./format.ts";
import { puzzleLayout } from "./layout.ts";

const { nodes: NODES, queue: QUEUE } = puzzleLayout;
const CENTRE_X = NODES.x + NODES.width / 2;

/** A passing notice above the queue, and the SOLVED banner over the nodes. */
export class PuzzleNotices {
  private readonly scene: Phaser.Scene;
  private readonly toast: Phaser.GameObjects.Text;
  private readonly banner: Phaser.GameObjects.Text;

  constructor(scene: Phaser.Scene) {
    this.scene = scene;
    this.toast = scene.add
      .text(CENTRE_X, QUEUE.y - 8, "", {
        ...textStyle(14, colors.text),
        backgroundColor: css(colors.panelEdge),
        padding: { x: 10, y: 4 },
      })
      .setOrigin(0.5, 1)
      .setDepth(60)
      .setAlpha(0);
    this.banner = scene.add
      .text(CENTRE_X, NODES.y + NODES.height / 2, "", {
        ...textStyle(44, GOLD),
        fontStyle: "bold",
        backgroundColor: css(colors.panel),
        padding: { x: 30, y: 16 },
      })
      .setOrigin(0.5)
      .setDepth(70)
      .setVisible(false);
  }

  showToast(text: string): void {
    this.toast.setText(text).setAlpha(1);
    this.scene.tweens.killTweensOf(this.toast);
    this.scene.tweens.add({ targets: this.toast, alpha: 0, delay: 3000, duration: 500 });
  }

  celebrate(stars: number): void {
    play("applied");
    const banner = this.banner;
    banner
      .setText(`${t("puzzle.solved")}  ${starText(stars)}`)
      .setVisible(true)
      .setAlpha(1)
      .setScale(0.8);
    this.scene.tweens.add({ targets: banner, scale: 1, duration: 220, ease: "Back.easeOut" });
    this.scene.tweens.add({
      targets: banner,
      alpha: 0,
      delay: 1400,
      duration: 500,
      onComplete: () => banner.setVisible(false),
    });
  }
}
