import type Phaser from "phaser";
import { t } from "../../i18n/index.ts";
import { type PuzzleView, puzzleConnection } from "../../net/puzzle.ts";
import { Button } from "../Button.ts";
import { colors, textStyle } from "../theme.ts";
import { starText } from "./format.ts";
import { MARGIN, puzzleLayout } from "./layout.ts";

const { toolbar: AREA } = puzzleLayout;
const Y = AREA.y + AREA.height / 2;

/** BACK, UNDO, RESET and HINT; SUBMIT while an answer can still be bettered; the move count. */
export class PuzzleToolbar {
  private readonly scene: Phaser.Scene;
  private readonly moves: Phaser.GameObjects.Text;
  /** SUBMIT, while the objective is met and the answer not yet submitted; keyed by its stars. */
  private submitButton: Button | undefined;
  private submitKey = "";

  constructor(scene: Phaser.Scene, actions: { back(): void; hint(): void }) {
    this.scene = scene;
    const small = { width: 150, height: 40, style: "secondary" as const, size: 15 };
    new Button(scene, MARGIN + 80, Y, t("puzzle.back"), () => actions.back(), { ...small, width: 160 });
    new Button(scene, MARGIN + 172 + 75, Y, t("puzzle.undo"), () => puzzleConnection().undo(), small);
    new Button(scene, MARGIN + 334 + 75, Y, t("puzzle.reset"), () => puzzleConnection().reset(), small);
    new Button(scene, MARGIN + 496 + 75, Y, t("puzzle.hint"), () => actions.hint(), small);
    this.moves = scene.add
      .text(AREA.x + AREA.width, Y, "", { ...textStyle(18, colors.text, true), fontStyle: "bold" })
      .setOrigin(1, 0.5);
  }

  render(view: PuzzleView): void {
    this.moves.setText(t("puzzle.moves", { n: view.moves }));
    // SUBMIT with the stars the answer on the board earns, while it can still be bettered.
    const key = view.ready && !view.complete ? `${view.id}|${view.stars}` : "";
    if (key === this.submitKey) return;
    this.submitKey = key;
    this.submitButton?.destroy();
    this.submitButton =
      key === ""
        ? undefined
        : new Button(
            this.scene,
            MARGIN + 658 + 60,
            Y,
            t("puzzle.submit", { stars: starText(view.stars) }),
            () => puzzleConnection().submit(),
            { width: 120, height: 40, size: 15 },
          );
  }
}
