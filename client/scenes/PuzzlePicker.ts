import Phaser from "phaser";
import { language, t } from "../i18n/index.ts";
import { fetchPuzzleProgress, fetchPuzzles, type PuzzleListing, puzzleConnection } from "../net/puzzle.ts";
import { seam, visibleButtons } from "../testSeam.ts";
import { Button } from "../ui/Button.ts";
import { drawHeader } from "../ui/Header.ts";
import { GOLD, levelColor, levelName, readable, rememberedName, starText } from "../ui/puzzle/format.ts";
import { play } from "../ui/sound.ts";
import { colors, css, HEIGHT, textStyle, WIDTH } from "../ui/theme.ts";
import { goTo } from "../ui/transition.ts";

const MARGIN = 24;

interface PickerData {
  readonly name?: string;
}

/**
 * The puzzle picker: the 30 puzzles in play order, each with its level and the player's best
 * stars. Arrows and Enter work as well as the mouse.
 */
export class PuzzlePicker extends Phaser.Scene {
  private name = "";
  private status!: Phaser.GameObjects.Text;
  private summary!: Phaser.GameObjects.Text;
  private puzzles: PuzzleListing[] = [];
  private tiles: { frame: Phaser.GameObjects.Graphics; draw: (focus: boolean, hover: boolean) => void }[] =
    [];
  private focus = 0;
  private busy = false;

  constructor() {
    super("Puzzles");
  }

  init(data: PickerData): void {
    this.name = data.name ?? rememberedName();
  }

  create(): void {
    seam.scene = "Puzzles";
    seam.puzzle = null;
    seam.puzzleNote = "";
    this.tiles = [];
    this.busy = false;
    if (this.name === "") {
      goTo(this, "Title");
      return;
    }
    drawHeader(this, t("puzzle.pickerSubtitle", { name: this.name }));
    new Button(this, MARGIN + 80, 98, t("puzzle.backToTitle"), () => goTo(this, "Title"), {
      width: 160,
      height: 40,
      style: "secondary",
      size: 16,
    });
    this.add.text(MARGIN + 180, 88, t("puzzle.pickerIntro"), textStyle(15, colors.muted));
    this.summary = this.add.text(WIDTH - MARGIN, 88, "", textStyle(15, colors.accent)).setOrigin(1, 0);
    this.status = this.add
      .text(WIDTH / 2, 380, t("puzzle.loadingList"), textStyle(18, colors.muted))
      .setOrigin(0.5);
    this.add.text(WIDTH / 2, HEIGHT - 18, t("puzzle.pickerKeys"), textStyle(13, colors.muted)).setOrigin(0.5);
    const onKey = (event: KeyboardEvent) => this.key(event);
    this.input.keyboard?.on("keydown", onKey);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.input.keyboard?.off("keydown", onKey));
    void this.loadList();
  }

  private async loadList(): Promise<void> {
    try {
      const [puzzles, progress] = await Promise.all([
        fetchPuzzles(),
        fetchPuzzleProgress(this.name).catch(() => []),
      ]);
      if (!this.scene.isActive()) return;
      this.puzzles = puzzles;
      if (puzzles.length === 0) {
        this.status.setText(t("puzzle.noPuzzles"));
        return;
      }
      this.status.setText("");
      const stars = new Map(progress.map((p) => [p.puzzleId, p.stars]));
      this.drawGrid(stars);
      const solved = puzzles.filter((p) => (stars.get(p.id) ?? 0) > 0).length;
      const total = puzzles.reduce((sum, p) => sum + (stars.get(p.id) ?? 0), 0);
      this.summary.setText(
        t("puzzle.pickerProgress", { solved, count: puzzles.length, stars: total, max: puzzles.length * 3 }),
      );
      this.focus = Math.max(
        0,
        puzzles.findIndex((p) => (stars.get(p.id) ?? 0) === 0),
      );
      this.redrawTiles();
    } catch (error) {
      this.status.setText(t("puzzle.listFailed", { message: readable(error) })).setColor(css(colors.danger));
    }
  }

  private drawGrid(stars: ReadonlyMap<string, number>): void {
    const columns = 5;
    const rows = Math.ceil(this.puzzles.length / columns);
    const gap = 12;
    const top = 130;
    const width = (WIDTH - 2 * MARGIN - (columns - 1) * gap) / columns;
    const height = Math.min(96, (HEIGHT - 40 - top - (rows - 1) * 10) / rows);
    this.puzzles.forEach((puzzle, i) => {
      const x = MARGIN + (i % columns) * (width + gap);
      const y = top + Math.floor(i / columns) * (height + 10);
      const earned = stars.get(puzzle.id) ?? 0;
      const frame = this.add.graphics();
      const tint = levelColor(puzzle.level);
      const draw = (focus: boolean, hover: boolean) => {
        frame.clear();
        frame.fillStyle(hover ? colors.panelEdge : colors.panel, 1).fillRoundedRect(x, y, width, height, 10);
        frame.fillStyle(tint, 1).fillRoundedRect(x, y, 6, height, { tl: 10, bl: 10, tr: 0, br: 0 });
        const edge = focus ? colors.text : earned > 0 ? colors.healthy : colors.panelEdge;
        frame
          .lineStyle(focus ? 3 : 2, edge, focus ? 1 : earned > 0 ? 0.55 : 1)
          .strokeRoundedRect(x, y, width, height, 10);
      };
      this.add.text(x + 18, y + 10, String(puzzle.order).padStart(2, "0"), {
        ...textStyle(22, colors.muted, true),
        fontStyle: "bold",
      });
      this.add.text(x + 58, y + 12, puzzle.title[language()] || puzzle.title.en, {
        ...textStyle(16),
        fontStyle: "bold",
        wordWrap: { width: width - 70 },
      });
      this.add.text(x + 18, y + height - 26, levelName(puzzle.level), textStyle(13, tint));
      this.add
        .text(x + width - 14, y + height - 30, starText(earned), textStyle(20, earned > 0 ? GOLD : 0x3b4a70))
        .setOrigin(1, 0);
      const hit = this.add
        .zone(x + width / 2, y + height / 2, width, height)
        .setInteractive({ useHandCursor: true })
        .on("pointerover", () => draw(this.focus === i, true))
        .on("pointerout", () => draw(this.focus === i, false))
        .on("pointerup", () => {
          play("click");
          this.focus = i;
          this.redrawTiles();
          void this.open(i);
        });
      frame.setDepth(-1);
      visibleButtons.set(`puzzle:${puzzle.id}`, { x: x + width / 2, y: y + height / 2 });
      hit.once(Phaser.GameObjects.Events.DESTROY, () => visibleButtons.delete(`puzzle:${puzzle.id}`));
      this.tiles.push({ frame, draw });
    });
  }

  private redrawTiles(): void {
    this.tiles.forEach((tile, i) => {
      tile.draw(i === this.focus, false);
    });
  }

  private key(event: KeyboardEvent): void {
    if (this.puzzles.length === 0) {
      if (event.key === "Escape") goTo(this, "Title");
      return;
    }
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -5, ArrowDown: 5 };
    const step = moves[event.key];
    if (step !== undefined) {
      event.preventDefault();
      this.focus = Math.min(this.puzzles.length - 1, Math.max(0, this.focus + step));
      this.redrawTiles();
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      void this.open(this.focus);
    } else if (event.key === "Escape") {
      goTo(this, "Title");
    }
  }

  private async open(index: number): Promise<void> {
    const puzzle = this.puzzles[index];
    if (puzzle === undefined || this.busy) return;
    this.busy = true;
    this.status.setText(t("puzzle.opening")).setColor(css(colors.muted)).setDepth(5);
    try {
      await puzzleConnection().join(this.name, puzzle.id);
      goTo(this, "Puzzle", { name: this.name, puzzles: this.puzzles });
    } catch (error) {
      this.busy = false;
      this.status
        .setText(t("puzzle.couldNotOpen", { message: readable(error) }))
        .setColor(css(colors.danger));
    }
  }
}
