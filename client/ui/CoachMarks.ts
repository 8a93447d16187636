import Phaser from "phaser";
import { t } from "../i18n/index.ts";
import { Button } from "./Button.ts";
import type { Rect } from "./layout.ts";
import { reducedMotion } from "./motion.ts";
import { narrate } from "./narration.ts";
import { colors, textStyle } from "./theme.ts";

/** What one coach mark says and points at. */
export interface CoachMark {
  /** Stable across redraws: a new id is a new mark (narrated, redrawn). */
  readonly id: string;
  readonly step: number;
  readonly steps: number;
  readonly title: string;
  readonly body: string;
  /** Where it points, in game coordinates (read every frame: a node card moves with the map's camera). */
  readonly target: () => Rect | null;
  /** The button the mark offers besides SKIP: NEXT or DONE, and what it does. */
  readonly action?: { readonly label: string; readonly run: () => void };
}

const WIDTH = 380;
const PAD = 16;
/** Above the incident screen's menus (60) and toasts, below nothing. */
const DEPTH = 70;

/**
 * A coach mark on the real screen: a ring pulsing around what to look at, a line to it, and a card
 * beside it with the step, a title, a few sentences and SKIP. The card sits inside `area` on the
 * side away from the target, and swallows clicks (the map under it is not clicked by mistake);
 * everything else on screen stays live, so the player does the step themselves.
 */
export class CoachMarks {
  private readonly scene: Phaser.Scene;
  private readonly area: Rect;
  private readonly onSkip: () => void;
  private readonly ring: Phaser.GameObjects.Graphics;
  private card: Phaser.GameObjects.Container | undefined;
  private cardRect: Rect = { x: 0, y: 0, width: 0, height: 0 };
  private mark: CoachMark | undefined;
  private readonly follow = () => this.drawRing();
  private started = 0;

  constructor(scene: Phaser.Scene, area: Rect, onSkip: () => void) {
    this.scene = scene;
    this.area = area;
    this.onSkip = onSkip;
    this.ring = scene.add.graphics().setDepth(DEPTH);
    scene.events.on(Phaser.Scenes.Events.POST_UPDATE, this.follow);
  }

  /** The mark shown now, or undefined. */
  get shown(): CoachMark | undefined {
    return this.mark;
  }

  /** Shows a mark (a new id redraws the card and is read out; the same id only follows its target). */
  show(mark: CoachMark): void {
    if (mark.id === this.mark?.id) {
      this.mark = mark;
      return;
    }
    this.mark = mark;
    this.started = this.scene.time.now;
    this.drawCard();
    narrate(`${mark.title}. ${mark.body}`);
  }

  destroy(): void {
    this.scene.events.off(Phaser.Scenes.Events.POST_UPDATE, this.follow);
    this.card?.destroy();
    this.ring.destroy();
    this.mark = undefined;
  }

  private drawCard(): void {
    const mark = this.mark!;
    this.card?.destroy();
    const scene = this.scene;
    const card = scene.add.container(0, 0).setDepth(DEPTH + 1);
    this.card = card;
    const step = scene.add
      .text(PAD, PAD, t("coach.step", { n: mark.step, total: mark.steps }), {
        ...textStyle(12, colors.accent),
        fontStyle: "bold",
      })
      .setLetterSpacing(2);
    const title = scene.add.text(PAD, step.y + step.height + 6, mark.title, {
      ...textStyle(19),
      fontStyle: "bold",
      wordWrap: { width: WIDTH - 2 * PAD },
    });
    const body = scene.add.text(PAD, title.y + title.height + 8, mark.body, {
      ...textStyle(14, colors.text),
      wordWrap: { width: WIDTH - 2 * PAD },
      lineSpacing: 4,
    });
    const buttonsY = body.y + body.height + 26;
    const height = buttonsY + 22 + PAD;
    const g = scene.add.graphics();
    g.fillStyle(0x000000, 0.4).fillRoundedRect(5, 7, WIDTH, height, 14);
    g.fillStyle(colors.panel, 1).fillRoundedRect(0, 0, WIDTH, height, 14);
    g.lineStyle(2, colors.starting, 1).strokeRoundedRect(0, 0, WIDTH, height, 14);
    // The card swallows clicks, so the map under it is never clicked through it.
    const blocker = scene.add.zone(0, 0, WIDTH, height).setOrigin(0).setInteractive();
    card.add([blocker, g, step, title, body]);
    const { x, y } = this.placeCard(height);
    card.setPosition(x, y);
    this.cardRect = { x, y, width: WIDTH, height };
    const small = { height: 36, size: 14 };
    // The last mark ends the guide with its own button: nothing is left to skip.
    if (mark.step < mark.steps)
      card.add(
        new Button(scene, x + 86, y + buttonsY, t("coach.skip"), () => this.onSkip(), {
          ...small,
          width: 140,
          style: "secondary",
        }),
      );
    if (mark.action)
      card.add(
        new Button(scene, x + WIDTH - PAD - 70, y + buttonsY, mark.action.label, mark.action.run, {
          ...small,
          width: 140,
        }),
      );
    // Buttons were placed in scene coordinates: undo the container's offset for them.
    for (const child of card.list) if (child instanceof Button) child.setPosition(child.x - x, child.y - y);
    this.drawRing();
  }

  /** Inside the area, on the side away from the target (top corner), so the card never hides it. */
  private placeCard(height: number): { x: number; y: number } {
    const { x, y, width, height: areaHeight } = this.area;
    const target = this.mark?.target();
    const margin = 12;
    const left = x + margin;
    const right = x + width - WIDTH - margin;
    if (!target) return { x: right, y: y + margin };
    const targetCentre = target.x + target.width / 2;
    const onLeft = targetCentre > x + width / 2;
    // A target filling the top of the area (the whole map) leaves the card at the area's bottom.
    const top = target.y - y < height + 2 * margin && target.height > areaHeight / 2;
    return { x: onLeft ? left : right, y: top ? y + areaHeight - height - margin : y + margin };
  }

  /** The ring around the target, pulsing (steady under reduced motion), and a line from the card. */
  private drawRing(): void {
    const g = this.ring.clear();
    const target = this.mark?.target();
    if (!target) return;
    const pulse = reducedMotion() ? 0 : (Math.sin((this.scene.time.now - this.started) / 220) + 1) / 2;
    // A menu row is pointed at closely, so the rows beside it stay readable.
    const small = target.height < 40;
    const grow = small ? 1 + pulse * 2 : 4 + pulse * 5;
    g.lineStyle(small ? 3 : 7, colors.background, 0.7).strokeRoundedRect(
      target.x - grow,
      target.y - grow,
      target.width + 2 * grow,
      target.height + 2 * grow,
      12,
    );
    g.lineStyle(3, colors.starting, 0.7 + 0.3 * pulse).strokeRoundedRect(
      target.x - grow,
      target.y - grow,
      target.width + 2 * grow,
      target.height + 2 * grow,
      12,
    );
    // The line leaves the card's side nearest the target.
    const card = this.cardRect;
    const fromX = target.x + target.width / 2 < card.x ? card.x : card.x + card.width;
    const fromY = Phaser.Math.Clamp(target.y + target.height / 2, card.y + 20, card.y + card.height - 20);
    const toX = Phaser.Math.Clamp(fromX, target.x - grow, target.x + target.width + grow);
    const toY = Phaser.Math.Clamp(fromY, target.y - grow, target.y + target.height + grow);
    if (Math.hypot(toX - fromX, toY - fromY) > 8)
      g.lineStyle(2, colors.starting, 0.8).lineBetween(fromX, fromY, toX, toY);
  }
}
