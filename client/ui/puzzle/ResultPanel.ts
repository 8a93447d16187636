import Phaser from "phaser";
import { t } from "../../i18n/index.ts";
import type { MessageKey } from "../../i18n/strings.ts";
import type { PuzzleListing, PuzzleView } from "../../net/puzzle.ts";
import { Button } from "../Button.ts";
import { colors, textStyle } from "../theme.ts";
import { GOLD, num, starText } from "./format.ts";
import { puzzleLayout } from "./layout.ts";

const { explain: AREA } = puzzleLayout;
const SIDE_X = AREA.x;
const SIDE_WIDTH = AREA.width;
const EXPLAIN_TOP = AREA.y;
const QUEUE_BOTTOM = AREA.y + AREA.height;

/**
 * A solved puzzle, over kube-scheduler's panel: the stars, the player's value beside the proven
 * optimum and kube-scheduler's own result, and the button to the next puzzle.
 */
export class ResultPanel {
  private readonly scene: Phaser.Scene;
  private readonly onNext: () => void;
  private result: Phaser.GameObjects.Container | undefined;
  private resultKey = "";

  constructor(scene: Phaser.Scene, onNext: () => void) {
    this.scene = scene;
    this.onNext = onNext;
  }

  render(view: PuzzleView, puzzles: readonly PuzzleListing[]): void {
    const key = view.complete
      ? `${view.id}|${view.stars}|${view.value}|${view.bestStars}|${view.resultId > 0}|${puzzles.length}`
      : "";
    if (key === this.resultKey) return;
    this.resultKey = key;
    this.result?.destroy();
    this.result = undefined;
    if (!view.complete) return;
    const c = this.scene.add.container(SIDE_X, EXPLAIN_TOP).setDepth(30);
    const h = QUEUE_BOTTOM - EXPLAIN_TOP;
    const g = this.scene.add.graphics();
    g.fillStyle(colors.panel, 1).fillRoundedRect(0, 0, SIDE_WIDTH, h, 12);
    g.lineStyle(3, GOLD, 1).strokeRoundedRect(0, 0, SIDE_WIDTH, h, 12);
    c.add(g);
    const mid = SIDE_WIDTH / 2;
    c.add(
      this.scene.add
        .text(mid, 14, t("puzzle.solved"), { ...textStyle(16, colors.healthy), fontStyle: "bold" })
        .setOrigin(0.5, 0)
        .setLetterSpacing(3),
    );
    c.add(this.scene.add.text(mid, 34, starText(view.stars), textStyle(46, GOLD)).setOrigin(0.5, 0));
    const measure = t(`puzzle.measure.${view.objective}` as MessageKey);
    const better = t(view.higherIsBetter ? "puzzle.better.higher" : "puzzle.better.lower");
    c.add(
      this.scene.add
        .text(mid, 96, `${measure} · ${better}`, {
          ...textStyle(12, colors.muted),
          align: "center",
          wordWrap: { width: SIDE_WIDTH - 24 },
        })
        .setOrigin(0.5, 0),
    );
    const rows: [string, string, number][] = [
      [t("puzzle.yourValue"), num(view.value), colors.text],
      [t("puzzle.optimum"), num(view.optimum), colors.healthy],
      [
        t("puzzle.baseline"),
        // Not "3 *": next to the stars an asterisk reads as a star. The note below says why.
        view.baselineComplete ? num(view.baseline) : t("puzzle.baselineStuck", { n: num(view.baseline) }),
        colors.muted,
      ],
    ];
    rows.forEach(([label, value, tint], i) => {
      const y = 128 + i * 28;
      c.add(
        this.scene.add.text(18, y, label, { ...textStyle(15, tint), fontStyle: i === 0 ? "bold" : "normal" }),
      );
      c.add(
        this.scene.add
          .text(SIDE_WIDTH - 18, y, value, { ...textStyle(18, tint, true), fontStyle: "bold" })
          .setOrigin(1, 0),
      );
    });
    // The notes run down the panel one after the other, each where the last ended, at any text size;
    // when they would reach the button they are set a size smaller until they clear it.
    const next = puzzles[view.order] ?? (puzzles.length === 0 ? undefined : null);
    const saved = view.resultId > 0 ? t("puzzle.saved") : "";
    const best = view.bestStars > view.stars ? t("puzzle.best", { stars: starText(view.bestStars) }) : "";
    const lines: [string, number, number][] = [
      [view.baselineComplete ? "" : t("puzzle.baselineIncomplete"), 12, colors.pending],
      [t("puzzle.starRule"), 11, colors.muted],
      [[saved, best].filter(Boolean).join("  ·  "), 12, colors.accent],
      [next === null ? t("puzzle.lastPuzzle") : "", 13, colors.healthy],
    ];
    const notes = lines
      .filter(([text]) => text !== "")
      .map(([text, size, tint]) => {
        const note = this.scene.add.text(18, 0, text, {
          ...textStyle(size, tint),
          wordWrap: { width: SIDE_WIDTH - 36 },
        });
        c.add(note);
        return { note, size };
      });
    const buttonHeight = 44;
    const buttonY = h - 12 - buttonHeight / 2;
    for (let smaller = 0; smaller <= 3; smaller++) {
      let y = 214;
      for (const { note, size } of notes) {
        note.setFontSize(textStyle(size - smaller).fontSize).setY(y);
        y = note.y + note.displayHeight + 6;
      }
      if (y <= buttonY - buttonHeight / 2 + 4) break;
    }
    // After the last puzzle the button goes back to the list, and says so.
    const label = t(next === null ? "puzzle.toList" : "puzzle.next");
    const button = new Button(this.scene, SIDE_X + mid, EXPLAIN_TOP + buttonY, label, this.onNext, {
      width: SIDE_WIDTH - 40,
      height: buttonHeight,
      size: 18,
    });
    button.setDepth(31);
    c.once(Phaser.GameObjects.Events.DESTROY, () => button.destroy());
    this.result = c;
  }
}
