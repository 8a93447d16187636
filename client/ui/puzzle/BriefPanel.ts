import type Phaser from "phaser";
import { t } from "../../i18n/index.ts";
import type { PuzzleView } from "../../net/puzzle.ts";
import { colors, css, textStyle } from "../theme.ts";
import { levelColor, levelName } from "./format.ts";
import { puzzleLayout } from "./layout.ts";

const { brief: AREA } = puzzleLayout;

/** The puzzle's level, its lesson and its goal, top right. */
export class BriefPanel {
  private readonly level: Phaser.GameObjects.Text;
  private readonly lesson: Phaser.GameObjects.Text;
  private readonly goalLabel: Phaser.GameObjects.Text;
  private readonly goal: Phaser.GameObjects.Text;

  constructor(scene: Phaser.Scene) {
    const x = AREA.x + 16;
    const inner = AREA.width - 32;
    scene.add
      .graphics()
      .fillStyle(colors.panel, 1)
      .fillRoundedRect(AREA.x, AREA.y, AREA.width, AREA.height, 12);
    this.level = scene.add.text(x, AREA.y + 14, "", {
      ...textStyle(11, colors.background),
      fontStyle: "bold",
      padding: { x: 6, y: 2 },
    });
    scene.add.text(x, AREA.y + 42, t("puzzle.lesson"), {
      ...textStyle(12, colors.accent),
      fontStyle: "bold",
    });
    this.lesson = scene.add.text(x, AREA.y + 60, "", {
      ...textStyle(14, colors.text),
      lineSpacing: 3,
      wordWrap: { width: inner, useAdvancedWrap: true },
    });
    this.goalLabel = scene.add.text(x, 0, t("puzzle.goal"), {
      ...textStyle(12, colors.starting),
      fontStyle: "bold",
    });
    this.goal = scene.add.text(x, 0, "", {
      ...textStyle(15, colors.text),
      fontStyle: "bold",
      lineSpacing: 3,
      wordWrap: { width: inner, useAdvancedWrap: true },
    });
  }

  /** A new puzzle's words. */
  show(view: PuzzleView): void {
    this.level.setText(levelName(view.level).toUpperCase()).setBackgroundColor(css(levelColor(view.level)));
    this.lesson.setText(view.lesson);
    this.goalLabel.setY(this.lesson.y + this.lesson.height + 14);
    this.goal.setText(view.goal).setY(this.goalLabel.y + 18);
  }
}
