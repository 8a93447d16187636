import Phaser from "phaser";
import { t } from "../i18n/index.ts";
import { connection, type ServerNotice } from "../net/connection.ts";
import { Button } from "../ui/Button.ts";
import { reducedMotion } from "../ui/motion.ts";
import { colors, css, HEIGHT, textStyle, WIDTH } from "../ui/theme.ts";
import { goTo } from "../ui/transition.ts";

const CARD = { w: 560, h: 220 };
/** How long "back in the workshop" stays before the card goes. */
const BACK_MS = 1_400;
/** How long "the workshop has ended" stays before the title screen, unless the button is pressed. */
const ENDED_MS = 6_000;

/**
 * Over whichever scene shows: while the connection finds its way back to the workshop (its server
 * process stopped and another takes it over, or the network dropped), a veil and a card say
 * "server moved — reconnecting"; the scene below keeps its last picture and takes no input. Then
 * "back in the workshop", or that the workshop has ended and a way to the title screen.
 */
export class ServerMove extends Phaser.Scene {
  private layer!: Phaser.GameObjects.Container;
  private title!: Phaser.GameObjects.Text;
  private detail!: Phaser.GameObjects.Text;
  private spinner!: Phaser.GameObjects.Graphics;
  private button: Button | undefined;
  private hideTimer: Phaser.Time.TimerEvent | undefined;

  constructor() {
    // Runs from the start, over every other scene (it is last in the game's scene list).
    super({ key: "ServerMove", active: true });
  }

  create(): void {
    const veil = this.add.rectangle(0, 0, WIDTH, HEIGHT, colors.background, 0.78).setOrigin(0);
    // Clicks stop here while the workshop is away.
    veil.setInteractive();
    const x = (WIDTH - CARD.w) / 2;
    const y = (HEIGHT - CARD.h) / 2;
    const card = this.add.graphics();
    card.fillStyle(colors.panel, 1).fillRoundedRect(x, y, CARD.w, CARD.h, 16);
    card.lineStyle(2, colors.accent, 1).strokeRoundedRect(x, y, CARD.w, CARD.h, 16);
    this.spinner = this.add.graphics({ x: x + 56, y: y + 62 });
    this.spinner
      .lineStyle(5, colors.accent, 1)
      .beginPath()
      .arc(0, 0, 18, 0, Math.PI * 1.5)
      .strokePath();
    this.title = this.add.text(x + 92, y + 62, "", { ...textStyle(24), fontStyle: "bold" }).setOrigin(0, 0.5);
    this.detail = this.add.text(x + 36, y + 104, "", {
      ...textStyle(16, colors.muted),
      wordWrap: { width: CARD.w - 72, useAdvancedWrap: true },
      lineSpacing: 4,
    });
    this.layer = this.add
      .container(0, 0, [veil, card, this.spinner, this.title, this.detail])
      .setVisible(false);
    const off = connection().onNotice((notice) => this.show(notice));
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, off);
  }

  override update(_time: number, delta: number): void {
    if (this.layer.visible && this.spinner.visible && !reducedMotion()) this.spinner.rotation += delta / 160;
  }

  private show(notice: ServerNotice): void {
    if (notice.kind !== "moving" && notice.kind !== "moved" && notice.kind !== "closed") return;
    this.hideTimer?.remove();
    this.button?.destroy();
    this.button = undefined;
    this.scene.bringToTop();
    this.layer.setVisible(true);
    if (notice.kind === "moving") {
      this.spinner.setVisible(true);
      this.title.setText(t("notice.moving")).setColor(css(colors.text));
      const still =
        notice.waitedMs === undefined
          ? ""
          : `\n${t("notice.stillMoving", { seconds: Math.round(notice.waitedMs / 1000) })}`;
      this.detail.setText(`${t("notice.movingDetail")}${still}`);
      return;
    }
    this.spinner.setVisible(false);
    if (notice.kind === "moved") {
      this.title.setText(`✓ ${t("notice.moved")}`).setColor(css(colors.accent));
      this.detail.setText("");
      this.hideTimer = this.time.delayedCall(BACK_MS, () => this.layer.setVisible(false));
      return;
    }
    this.title.setText(t("notice.ended")).setColor(css(colors.pending));
    this.detail.setText(notice.reason);
    const toTitle = () => {
      this.layer.setVisible(false);
      this.button?.destroy();
      this.button = undefined;
      const under = this.scene.manager.getScenes(true).find((s) => s !== this);
      if (under !== undefined) goTo(under, "Title");
    };
    this.button = new Button(this, WIDTH / 2, (HEIGHT + CARD.h) / 2 - 40, t("notice.toTitle"), toTitle, {
      width: 220,
      height: 44,
      size: 16,
      style: "secondary",
    });
    this.hideTimer = this.time.delayedCall(ENDED_MS, toTitle);
  }
}
