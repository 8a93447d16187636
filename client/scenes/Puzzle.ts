import Phaser from "phaser";
import { language, t } from "../i18n/index.ts";
import { en, type MessageKey } from "../i18n/strings.ts";
import {
  fetchPuzzleProgress,
  fetchPuzzles,
  type PuzzleHint,
  type PuzzleListing,
  type PuzzleNodeView,
  type PuzzlePodView,
  type PuzzleRefusal,
  type PuzzleView,
  puzzleConnection,
} from "../net/puzzle.ts";
import { seam, toPage, visibleButtons } from "../testSeam.ts";
import { Button, keepOwnKeys } from "../ui/Button.ts";
import { drawHeader } from "../ui/Header.ts";
import { hintPick, hintScores, hintShortVerdict, hintVerdict } from "../ui/puzzle/hintText.ts";
import { play } from "../ui/sound.ts";
import { clip, formatMinutes } from "../ui/statusFormat.ts";
import { colors, css, HEIGHT, textStyle, WIDTH } from "../ui/theme.ts";
import { goTo } from "../ui/transition.ts";

const MARGIN = 24;
const GOLD = 0xffd166;
const levelColors: Record<string, number> = {
  tutorial: colors.accent,
  beginner: colors.healthy,
  intermediate: colors.starting,
  advanced: colors.pending,
  expert: colors.danger,
};
const levelColor = (level: string): number => levelColors[level] ?? colors.muted;
const levelName = (level: string): string =>
  level in levelColors ? t(`puzzle.level.${level}` as MessageKey) : level;

/** Distinct, readable colours for the apps of a puzzle, chosen by the app's name. */
const APP_COLORS = [0x38e1c6, 0x3a7bfd, 0xb084f5, 0xffc857, 0xff9f43, 0x4cd97b, 0xf472b6, 0x60a5fa, 0xe879f9];
function appColor(app: string): number {
  let hash = 7;
  for (const ch of app) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return APP_COLORS[hash % APP_COLORS.length]!;
}

const starText = (stars: number): string => "★".repeat(stars) + "☆".repeat(Math.max(0, 3 - stars));

function cpuText(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

function memText(mib: number): string {
  return mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

function readable(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The player's name, as the title's form remembered it. */
const rememberedName = (): string => localStorage.getItem("clusterCrisis.name") ?? "";

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

// ——— The puzzle screen ———

const TOOLBAR_Y = 96;
const LEFT_RIGHT = 900;
const SIDE_X = LEFT_RIGHT + 16;
const SIDE_WIDTH = WIDTH - MARGIN - SIDE_X;
const NODES_TOP = 128;
const NODES_BOTTOM = 500;
const QUEUE_TOP = 512;
const QUEUE_BOTTOM = HEIGHT - MARGIN;
const BRIEF_TOP = 72;
const BRIEF_BOTTOM = 318;
const EXPLAIN_TOP = 330;
const CARD_GAP = 12;
const QUEUE_BLOCK_HEIGHT = 56;
const NODE_BLOCK_HEIGHT = 30;
/** Fewest milliseconds between two hints asked while dragging. */
const HINT_INTERVAL_MS = 300;

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const inside = (r: Rect, x: number, y: number): boolean =>
  x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height;

interface Slot {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly compact: boolean;
}

/** A pod as a block: coloured by its app, sized by what it requests; its centre is its position. */
class PodBlock extends Phaser.GameObjects.Container {
  private readonly frame: Phaser.GameObjects.Graphics;
  private readonly nameText: Phaser.GameObjects.Text;
  private readonly detail: Phaser.GameObjects.Text;
  private readonly extra: Phaser.GameObjects.Text;
  private readonly tag: Phaser.GameObjects.Text;
  pod: PuzzlePodView;
  slot: Slot | undefined;
  selected = false;
  hovered = false;
  action = "";

  constructor(scene: Phaser.Scene, pod: PuzzlePodView) {
    super(scene, 0, 0);
    this.pod = pod;
    this.frame = scene.add.graphics();
    this.nameText = scene.add.text(0, 0, "", { ...textStyle(13), fontStyle: "bold" });
    this.detail = scene.add.text(0, 0, "", textStyle(11, colors.text, true));
    this.extra = scene.add.text(0, 0, "", textStyle(10, colors.muted, true));
    this.tag = scene.add.text(0, 0, "", { ...textStyle(10, colors.background), fontStyle: "bold" });
    this.add([this.frame, this.nameText, this.detail, this.extra, this.tag]);
    scene.add.existing(this);
  }

  draw(): void {
    const slot = this.slot;
    if (!slot) return;
    const { width: w, height: h, compact } = slot;
    const pod = this.pod;
    const tint = appColor(pod.app || pod.name);
    const left = -w / 2;
    const top = -h / 2;
    const g = this.frame.clear();
    const ghost = pod.evicted;
    g.fillStyle(colors.background, 1).fillRoundedRect(left, top, w, h, 7);
    g.fillStyle(tint, ghost ? 0.08 : pod.running ? 0.16 : 0.28).fillRoundedRect(left, top, w, h, 7);
    g.fillStyle(tint, ghost ? 0.35 : 1).fillRoundedRect(left, top, 5, h, { tl: 7, bl: 7, tr: 0, br: 0 });
    const edge = this.selected ? colors.text : this.hovered ? colors.text : tint;
    g.lineStyle(this.selected ? 3 : 1.5, edge, this.selected || this.hovered ? 1 : ghost ? 0.4 : 0.85);
    g.strokeRoundedRect(left, top, w, h, 7);
    const alpha = ghost ? 0.55 : 1;
    this.nameText.setText(pod.name).setAlpha(alpha);
    const requests = `${cpuText(pod.milliCPU)} cpu · ${memText(pod.memoryMiB)}`;
    const limits = limitText(pod);
    if (compact) {
      this.nameText.setFontSize(12).setPosition(left + 11, -8);
      // On a wide card, the CPU it is placed by beside the CPU it may burst to.
      const line =
        pod.limitMilliCPU !== null && w >= 250
          ? t("puzzle.cpuRequestsLimits", {
              requests: cpuText(pod.milliCPU),
              limits: cpuText(pod.limitMilliCPU),
            })
          : requests;
      this.detail.setText(line).setFontSize(10).setColor(css(colors.muted)).setOrigin(1, 0);
      this.detail.setPosition(w / 2 - 8, -6).setVisible(true);
      this.extra.setVisible(false);
    } else {
      this.nameText.setFontSize(13).setPosition(left + 12, top + 6);
      this.detail
        .setText(limits === "" ? requests : t("puzzle.requests", { amount: requests }))
        .setFontSize(11)
        .setColor(css(colors.text))
        .setOrigin(0, 0)
        .setPosition(left + 12, top + 24)
        .setVisible(true)
        .setAlpha(alpha);
      const notes = [...pod.constraints];
      if (pod.priority !== 0) notes.unshift(t("puzzle.priority", { n: pod.priority }));
      if (limits !== "") notes.unshift(t("puzzle.limits", { amount: limits }));
      this.extra
        .setText(clip(notes.join(" · "), Math.floor((w - 20) / 6)))
        .setPosition(left + 12, top + 41)
        .setVisible(notes.length > 0)
        .setAlpha(alpha);
    }
    const label = this.action;
    if (label !== "") {
      const tagColor = pod.evicted ? colors.healthy : colors.danger;
      this.tag.setText(label).setBackgroundColor(css(tagColor)).setPadding(5, 2, 5, 2).setOrigin(1, 0.5);
      this.tag.setPosition(w / 2 - 6, compact ? 0 : top + 14).setVisible(true);
      // Beside the tag when the block is wide enough, else the name and the tag are what matter.
      if (compact) this.detail.setX(w / 2 - 14 - this.tag.width).setVisible(w >= 200);
    } else {
      this.tag.setVisible(false);
    }
    this.setSize(w, h);
    if (this.input) this.input.hitArea.setTo(0, 0, w, h);
  }
}

/** "2 cpu · 2Gi": the limits a pod sets ("" when none). */
function limitText(pod: PuzzlePodView): string {
  const parts = [
    pod.limitMilliCPU === null ? "" : `${cpuText(pod.limitMilliCPU)} cpu`,
    pod.limitMemoryMiB === null ? "" : memText(pod.limitMemoryMiB),
  ];
  return parts.filter(Boolean).join(" · ");
}

/** A node as a card: what it offers, what its filters look at, and the pods on it. */
class NodeBox {
  readonly frame: Phaser.GameObjects.Graphics;
  readonly bars: Phaser.GameObjects.Graphics;
  readonly title: Phaser.GameObjects.Text;
  readonly zone: Phaser.GameObjects.Text;
  readonly facts: Phaser.GameObjects.Text;
  readonly mark: Phaser.GameObjects.Text;
  readonly barLabels: Phaser.GameObjects.Text[];
  view: PuzzleNodeView;
  rect: Rect;
  /** "fits", "refuses" or "" — the last hint about the pod being dragged. */
  verdict = "";
  target = false;

  constructor(scene: Phaser.Scene, view: PuzzleNodeView, rect: Rect) {
    this.view = view;
    this.rect = rect;
    this.frame = scene.add.graphics();
    this.bars = scene.add.graphics();
    this.title = scene.add.text(rect.x + 14, rect.y + 10, "", { ...textStyle(17), fontStyle: "bold" });
    this.zone = scene.add.text(rect.x + 14, rect.y + 33, "", textStyle(12, colors.accent));
    this.facts = scene.add.text(rect.x + 14, rect.y + 52, "", {
      ...textStyle(11, colors.muted, true),
      lineSpacing: 3,
      wordWrap: { width: rect.width - 24, useAdvancedWrap: true },
    });
    this.mark = scene.add.text(rect.x + rect.width - 12, rect.y + 12, "", {
      ...textStyle(10, colors.background),
      fontStyle: "bold",
      backgroundColor: css(colors.danger),
      padding: { x: 5, y: 2 },
    });
    this.mark.setOrigin(1, 0);
    this.barLabels = [0, 1, 2].map(() => scene.add.text(0, 0, "", textStyle(11, colors.muted, true)));
  }

  /** Fills the texts in; returns how tall the name, zone, labels and taints are. */
  setView(view: PuzzleNodeView): number {
    this.view = view;
    this.title.setText(view.name);
    this.zone.setText(view.zone ? t("puzzle.zone", { zone: view.zone }) : "");
    const lines = [...view.labels, ...view.taints.map((taint) => `taint ${taint}`)];
    this.facts.setText(lines.join("\n")).setY(this.rect.y + (view.zone ? 52 : 34));
    this.mark.setText(view.unschedulable ? t("puzzle.cordoned") : "").setVisible(view.unschedulable);
    if (view.unschedulable && this.mark.width > this.rect.width - this.title.width - 36) {
      this.mark.setPosition(this.rect.x + 14, this.facts.y + (lines.length > 0 ? this.facts.height + 4 : 0));
      this.mark.setOrigin(0, 0);
      return this.mark.y + this.mark.height - this.rect.y;
    }
    this.mark.setPosition(this.rect.x + this.rect.width - 12, this.rect.y + 12).setOrigin(1, 0);
    return (lines.length > 0 ? this.facts.y + this.facts.height : this.facts.y) - this.rect.y;
  }

  /** Draws the frame and the bars, starting `barsTop` below the card's top. */
  draw(barsTop: number): void {
    const { x, y, width, height } = this.rect;
    const v = this.view;
    const g = this.frame.clear();
    g.fillStyle(colors.panel, 1).fillRoundedRect(x, y, width, height, 12);
    if (v.unschedulable) {
      // Hatched: a cordoned node takes no new pods.
      g.lineStyle(1, colors.danger, 0.12);
      for (let d = -height; d < width; d += 14) {
        const x1 = x + Math.max(0, d);
        const y1 = y + Math.max(0, -d);
        const len = Math.min(width - Math.max(0, d), height - Math.max(0, -d));
        g.lineBetween(x1, y1, x1 + len, y1 + len);
      }
    }
    const edge =
      this.verdict === "fits"
        ? colors.healthy
        : this.verdict === "refuses"
          ? colors.danger
          : this.target
            ? colors.accent
            : v.unschedulable
              ? colors.danger
              : colors.panelEdge;
    g.lineStyle(this.verdict || this.target ? 3 : 2, edge, 1).strokeRoundedRect(x, y, width, height, 12);
    const b = this.bars.clear();
    const rows: [string, number, number, string, number][] = [
      [
        t("puzzle.cpuBar"),
        v.usedMilliCPU,
        v.milliCPU,
        `${cpuText(v.usedMilliCPU)} / ${cpuText(v.milliCPU)}`,
        colors.cpu,
      ],
      [
        t("puzzle.memBar"),
        v.usedMemoryMiB,
        v.memoryMiB,
        `${memText(v.usedMemoryMiB)} / ${memText(v.memoryMiB)}`,
        colors.memory,
      ],
      [t("puzzle.podBar"), v.podCount, v.maxPods, `${v.podCount} / ${v.maxPods}`, colors.accent],
    ];
    rows.forEach(([label, used, total, value, tint], i) => {
      const top = y + barsTop + i * 24;
      const text = this.barLabels[i]!;
      text.setText(`${label.padEnd(4)} ${value}`).setPosition(x + 14, top);
      const share = total > 0 ? Math.min(1, used / total) : 0;
      const barY = top + 15;
      const barWidth = width - 28;
      b.fillStyle(colors.background, 1).fillRoundedRect(x + 14, barY, barWidth, 5, 2);
      if (share > 0) {
        const full = used >= total;
        b.fillStyle(full ? colors.pending : tint, 1).fillRoundedRect(
          x + 14,
          barY,
          Math.max(4, barWidth * share),
          5,
          2,
        );
      }
    });
  }

  destroy(): void {
    for (const o of [this.frame, this.bars, this.title, this.zone, this.facts, this.mark, ...this.barLabels])
      o.destroy();
  }
}

interface BoardData {
  readonly name?: string;
  readonly puzzles?: PuzzleListing[];
}

/**
 * One puzzle: nodes as cards, pending pods as blocks to drag onto them. The server checks every
 * move with kube-scheduler's filters; hovering a node while dragging asks it why a pod fits or not.
 */
export class Puzzle extends Phaser.Scene {
  private name = "";
  private puzzles: PuzzleListing[] = [];
  private view: PuzzleView | undefined;
  private puzzleId = "";
  private nodes = new Map<string, NodeBox>();
  private blocks = new Map<string, PodBlock>();
  private heading!: Phaser.GameObjects.Text;
  private timer!: Phaser.GameObjects.Text;
  private moves!: Phaser.GameObjects.Text;
  /** SUBMIT, while the objective is met and the answer not yet submitted; keyed by its stars. */
  private submitButton: Button | undefined;
  private submitKey = "";
  private level!: Phaser.GameObjects.Text;
  private lesson!: Phaser.GameObjects.Text;
  private goalLabel!: Phaser.GameObjects.Text;
  private goal!: Phaser.GameObjects.Text;
  private explainTitle!: Phaser.GameObjects.Text;
  private explainHead!: Phaser.GameObjects.Text;
  private explain!: Phaser.GameObjects.Text;
  private todo!: Phaser.GameObjects.Text;
  /** A drain puzzle's PodDisruptionBudgets, from the start: what each guards and how many of its pods run. */
  private budgets!: Phaser.GameObjects.Text;
  private queueEmpty!: Phaser.GameObjects.Text;
  private keysHelp!: Phaser.GameObjects.Text;
  private queueFrame!: Phaser.GameObjects.Graphics;
  private note!: Phaser.GameObjects.Text;
  private toast!: Phaser.GameObjects.Text;
  private banner!: Phaser.GameObjects.Text;
  private result: Phaser.GameObjects.Container | undefined;
  private resultKey = "";
  private dragging = "";
  private hoverNode = "";
  private selectedPod = "";
  private targetNode = "";
  private hints = new Map<string, PuzzleHint>();
  private hintWanted = "";
  private hintsAll = "";
  private lastHintAt = 0;
  private hintTimer: Phaser.Time.TimerEvent | undefined;
  private placementKey = "";
  private wasComplete = false;
  /** The node the last place asked for: a refusal is shown beside it. */
  private noteNode = "";

  constructor() {
    super("Puzzle");
  }

  init(data: BoardData): void {
    this.name = data.name ?? rememberedName();
    this.puzzles = data.puzzles ?? [];
  }

  create(): void {
    seam.scene = "Puzzle";
    this.nodes = new Map();
    this.blocks = new Map();
    this.view = undefined;
    this.puzzleId = "";
    this.result = undefined;
    this.resultKey = "";
    this.dragging = "";
    this.hoverNode = "";
    this.selectedPod = "";
    this.targetNode = "";
    this.hints = new Map();
    this.hintWanted = "";
    this.hintsAll = "";
    this.placementKey = "";
    this.wasComplete = false;
    const game = puzzleConnection();
    if (!game.inRoom) {
      goTo(this, "Puzzles", { name: this.name });
      return;
    }
    this.drawChrome();
    if (this.puzzles.length === 0)
      void fetchPuzzles()
        .then((list) => {
          this.puzzles = list;
          if (this.view) this.renderResult(this.view);
        })
        .catch(() => undefined);
    const offView = game.onView((view) => this.render(view));
    const offRefused = game.onRefused((refusal) => this.refused(refusal));
    const offHint = game.onHint((hint) => this.hinted(hint));
    const onKey = (event: KeyboardEvent) => this.key(event);
    const keyboard = this.input.keyboard;
    keyboard?.on("keydown", onKey);
    keepOwnKeys(this);
    keyboard?.addCapture([
      Phaser.Input.Keyboard.KeyCodes.TAB,
      Phaser.Input.Keyboard.KeyCodes.UP,
      Phaser.Input.Keyboard.KeyCodes.DOWN,
      Phaser.Input.Keyboard.KeyCodes.LEFT,
      Phaser.Input.Keyboard.KeyCodes.RIGHT,
    ]);
    this.input.on(Phaser.Input.Events.DRAG_START, (_p: Phaser.Input.Pointer, block: PodBlock) =>
      this.dragStart(block),
    );
    this.input.on(
      Phaser.Input.Events.DRAG,
      (p: Phaser.Input.Pointer, block: PodBlock, x: number, y: number) => this.dragMove(p, block, x, y),
    );
    this.input.on(Phaser.Input.Events.DRAG_END, (p: Phaser.Input.Pointer, block: PodBlock) =>
      this.dragEnd(p, block),
    );
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      offView();
      offRefused();
      offHint();
      keyboard?.off("keydown", onKey);
      keyboard?.clearCaptures();
      this.hintTimer?.remove();
      this.submitKey = "";
      this.submitButton = undefined;
      seam.puzzle = null;
      seam.puzzleNote = "";
      seam.podCenter = () => null;
      seam.queueCenter = () => null;
      seam.nodeCenter = () => null;
    });
    seam.podCenter = (name) => {
      const block = this.blocks.get(name);
      return block?.visible ? toPage(block.x, block.y) : null;
    };
    seam.queueCenter = () => toPage((MARGIN + LEFT_RIGHT) / 2, (QUEUE_TOP + QUEUE_BOTTOM) / 2 + 10);
    seam.nodeCenter = (name) => {
      const box = this.nodes.get(name);
      return box ? toPage(box.rect.x + box.rect.width / 2, box.rect.y + box.rect.height / 2) : null;
    };
    if (game.latest) this.render(game.latest);
  }

  private drawChrome(): void {
    this.heading = drawHeader(this, t("puzzle.opening"));
    this.timer = this.add.text(WIDTH - MARGIN, 10, "", textStyle(24, colors.accent, true)).setOrigin(1, 0);
    const small = { width: 150, height: 40, style: "secondary" as const, size: 15 };
    new Button(this, MARGIN + 80, TOOLBAR_Y, t("puzzle.back"), () => void this.back(), {
      ...small,
      width: 160,
    });
    new Button(this, MARGIN + 172 + 75, TOOLBAR_Y, t("puzzle.undo"), () => puzzleConnection().undo(), small);
    new Button(
      this,
      MARGIN + 334 + 75,
      TOOLBAR_Y,
      t("puzzle.reset"),
      () => puzzleConnection().reset(),
      small,
    );
    new Button(this, MARGIN + 496 + 75, TOOLBAR_Y, t("puzzle.hint"), () => this.hintAll(), small);
    this.moves = this.add
      .text(LEFT_RIGHT, TOOLBAR_Y, "", { ...textStyle(18, colors.text, true), fontStyle: "bold" })
      .setOrigin(1, 0.5);

    const g = this.add.graphics();
    g.fillStyle(colors.panel, 1).fillRoundedRect(SIDE_X, BRIEF_TOP, SIDE_WIDTH, BRIEF_BOTTOM - BRIEF_TOP, 12);
    g.fillStyle(colors.panel, 1).fillRoundedRect(
      SIDE_X,
      EXPLAIN_TOP,
      SIDE_WIDTH,
      QUEUE_BOTTOM - EXPLAIN_TOP,
      12,
    );
    const inner = SIDE_WIDTH - 32;
    this.level = this.add.text(SIDE_X + 16, BRIEF_TOP + 14, "", {
      ...textStyle(11, colors.background),
      fontStyle: "bold",
      padding: { x: 6, y: 2 },
    });
    this.add.text(SIDE_X + 16, BRIEF_TOP + 42, t("puzzle.lesson"), {
      ...textStyle(12, colors.accent),
      fontStyle: "bold",
    });
    this.lesson = this.add.text(SIDE_X + 16, BRIEF_TOP + 60, "", {
      ...textStyle(14, colors.text),
      lineSpacing: 3,
      wordWrap: { width: inner, useAdvancedWrap: true },
    });
    this.goalLabel = this.add.text(SIDE_X + 16, 0, t("puzzle.goal"), {
      ...textStyle(12, colors.starting),
      fontStyle: "bold",
    });
    this.goal = this.add.text(SIDE_X + 16, 0, "", {
      ...textStyle(15, colors.text),
      fontStyle: "bold",
      lineSpacing: 3,
      wordWrap: { width: inner, useAdvancedWrap: true },
    });
    this.explainTitle = this.add.text(SIDE_X + 16, EXPLAIN_TOP + 14, t("puzzle.explainTitle"), {
      ...textStyle(12, colors.accent),
      fontStyle: "bold",
    });
    this.explainHead = this.add.text(SIDE_X + 16, EXPLAIN_TOP + 36, "", {
      ...textStyle(14, colors.text),
      fontStyle: "bold",
      lineSpacing: 3,
      wordWrap: { width: inner, useAdvancedWrap: true },
    });
    this.explain = this.add.text(SIDE_X + 16, EXPLAIN_TOP + 36, "", {
      ...textStyle(12, colors.text, true),
      lineSpacing: 4,
      wordWrap: { width: inner, useAdvancedWrap: true },
    });
    this.todo = this.add.text(SIDE_X + 16, QUEUE_BOTTOM - 14, "", {
      ...textStyle(12, colors.pending),
      lineSpacing: 3,
      wordWrap: { width: inner, useAdvancedWrap: true },
    });
    this.todo.setOrigin(0, 1);
    this.budgets = this.add
      .text(SIDE_X + 16, QUEUE_BOTTOM - 14, "", {
        ...textStyle(12, colors.text),
        lineSpacing: 4,
        wordWrap: { width: inner, useAdvancedWrap: true },
      })
      .setOrigin(0, 1);

    this.queueFrame = this.add.graphics();
    this.drawQueueFrame(false);
    this.add.text(MARGIN + 16, QUEUE_TOP + 10, t("puzzle.queue"), {
      ...textStyle(12, colors.pending),
      fontStyle: "bold",
    });
    this.add
      .text(LEFT_RIGHT - 16, QUEUE_TOP + 10, t("puzzle.queueHelp"), textStyle(12, colors.muted))
      .setOrigin(1, 0);
    this.queueEmpty = this.add
      .text(
        (MARGIN + LEFT_RIGHT) / 2,
        (QUEUE_TOP + QUEUE_BOTTOM) / 2,
        t("puzzle.queueEmpty"),
        textStyle(16, colors.healthy),
      )
      .setOrigin(0.5)
      .setVisible(false);
    this.keysHelp = this.add
      .text(MARGIN + 16, QUEUE_BOTTOM - 8, "", textStyle(11, colors.muted))
      .setOrigin(0, 1);
    this.note = this.add
      .text(0, 0, "", {
        ...textStyle(14, colors.text),
        fontStyle: "bold",
        backgroundColor: css(colors.danger),
        padding: { x: 10, y: 6 },
        wordWrap: { width: 300, useAdvancedWrap: true },
        align: "center",
      })
      .setOrigin(0.5, 1)
      .setDepth(60)
      .setVisible(false);
    this.toast = this.add
      .text((MARGIN + LEFT_RIGHT) / 2, QUEUE_TOP - 8, "", {
        ...textStyle(14, colors.text),
        backgroundColor: css(colors.panelEdge),
        padding: { x: 10, y: 4 },
      })
      .setOrigin(0.5, 1)
      .setDepth(60)
      .setAlpha(0);
    this.banner = this.add
      .text((MARGIN + LEFT_RIGHT) / 2, (NODES_TOP + NODES_BOTTOM) / 2, "", {
        ...textStyle(44, GOLD),
        fontStyle: "bold",
        backgroundColor: css(colors.panel),
        padding: { x: 30, y: 16 },
      })
      .setOrigin(0.5)
      .setDepth(70)
      .setVisible(false);
  }

  private drawQueueFrame(hot: boolean): void {
    const g = this.queueFrame.clear();
    g.fillStyle(colors.panel, 1).fillRoundedRect(
      MARGIN,
      QUEUE_TOP,
      LEFT_RIGHT - MARGIN,
      QUEUE_BOTTOM - QUEUE_TOP,
      12,
    );
    g.lineStyle(hot ? 3 : 2, hot ? colors.pending : colors.panelEdge, 1);
    g.strokeRoundedRect(MARGIN, QUEUE_TOP, LEFT_RIGHT - MARGIN, QUEUE_BOTTOM - QUEUE_TOP, 12);
  }

  private get queueRect(): Rect {
    return { x: MARGIN, y: QUEUE_TOP, width: LEFT_RIGHT - MARGIN, height: QUEUE_BOTTOM - QUEUE_TOP };
  }

  private get preemption(): boolean {
    return this.view?.objective === "fewestEvictions";
  }

  // ——— State → screen ———

  private render(view: PuzzleView): void {
    this.view = view;
    seam.puzzle = structuredClone(view) as PuzzleView;
    if (view.id !== this.puzzleId) this.rebuild(view);
    this.heading.setText(`${t("puzzle.number", { order: view.order, count: view.count })}  ·  ${view.title}`);
    this.timer.setText(`${formatMinutes(view.seconds * 1000)}`);
    this.moves.setText(t("puzzle.moves", { n: view.moves }));
    this.todo.setText(
      view.ready && !view.complete
        ? t("puzzle.ready", { stars: starText(view.stars) })
        : view.complete || view.problems.length === 0 || view.moves === 0
          ? ""
          : `${t("puzzle.todo")}\n${view.problems
              .slice(0, 3)
              .map((p) => `· ${p}`)
              .join("\n")}`,
    );
    this.renderBudgets(view);
    const key = view.pods.map((p) => `${p.name}:${p.node}:${p.evicted ? 1 : 0}`).join(",");
    if (key !== this.placementKey) {
      this.placementKey = key;
      this.hints.clear();
      this.layout(view);
      // The answers were about the placement before: ask again about what the player was looking at.
      const [pod = "", node = ""] = this.hintWanted.split("@");
      if (view.complete) {
        this.hintWanted = "";
        this.hintsAll = "";
      } else if (this.hintsAll !== "") this.hintAll();
      else if (pod !== "" && node !== "") this.askHint(pod, node);
      this.refreshExplain();
    }
    this.renderSubmit(view);
    this.renderResult(view);
    if (view.complete && !this.wasComplete) this.celebrate(view);
    this.wasComplete = view.complete;
  }

  /** A new puzzle: its nodes and pods, drawn anew. */
  private rebuild(view: PuzzleView): void {
    this.puzzleId = view.id;
    this.wasComplete = view.complete;
    for (const box of this.nodes.values()) box.destroy();
    for (const block of this.blocks.values()) block.destroy();
    this.nodes.clear();
    this.blocks.clear();
    this.selectedPod = "";
    this.targetNode = "";
    this.hoverNode = "";
    this.dragging = "";
    this.hints.clear();
    this.hintWanted = "";
    this.hintsAll = "";
    this.placementKey = "";
    this.hideNote();
    this.level.setText(levelName(view.level).toUpperCase()).setBackgroundColor(css(levelColor(view.level)));
    this.lesson.setText(view.lesson);
    this.goalLabel.setY(this.lesson.y + this.lesson.height + 14);
    this.goal.setText(view.goal).setY(this.goalLabel.y + 18);
    this.keysHelp.setText(t(view.objective === "fewestEvictions" ? "puzzle.keysEvict" : "puzzle.keys"));

    const count = Math.max(1, view.nodes.length);
    const area = LEFT_RIGHT - MARGIN;
    const width = Math.min(300, (area - (count - 1) * CARD_GAP) / count);
    const left = MARGIN + (area - (count * width + (count - 1) * CARD_GAP)) / 2;
    view.nodes.forEach((node, i) => {
      const rect = {
        x: left + i * (width + CARD_GAP),
        y: NODES_TOP,
        width,
        height: NODES_BOTTOM - NODES_TOP,
      };
      this.nodes.set(node.name, new NodeBox(this, node, rect));
    });
    for (const pod of view.pods) {
      const block = new PodBlock(this, pod);
      block.setDepth(10);
      this.blocks.set(pod.name, block);
    }
    for (const block of this.blocks.values()) {
      block.setSize(100, 40);
      block.setInteractive({
        hitArea: new Phaser.Geom.Rectangle(0, 0, 100, 40),
        hitAreaCallback: Phaser.Geom.Rectangle.Contains,
        useHandCursor: true,
        draggable: !block.pod.running,
      });
      block.on("pointerover", () => {
        block.hovered = true;
        block.draw();
      });
      block.on("pointerout", () => {
        block.hovered = false;
        block.draw();
      });
      block.on("pointerup", () => this.clickBlock(block));
    }
  }

  /** Where every node's texts and bars go and where every pod block stands. */
  private layout(view: PuzzleView): void {
    let headerHeight = 0;
    for (const node of view.nodes) {
      const box = this.nodes.get(node.name);
      if (box) headerHeight = Math.max(headerHeight, box.setView(node));
    }
    const barsTop = headerHeight + 12;
    const podsTop = barsTop + 3 * 24 + 10;
    for (const box of this.nodes.values()) box.draw(barsTop);

    const slots = new Map<string, Slot>();
    for (const box of this.nodes.values()) {
      const on = view.pods.filter((p) => p.node === box.view.name && !p.evicted);
      const columns = box.rect.width >= 250 && on.length > 4 ? 2 : 1;
      const inner = box.rect.width - 20;
      const w = (inner - (columns - 1) * 6) / columns;
      const space = box.rect.height - podsTop - 10;
      const h = Math.max(
        20,
        Math.min(
          NODE_BLOCK_HEIGHT,
          (space - (Math.ceil(on.length / columns) - 1) * 5) / Math.ceil(on.length / columns),
        ),
      );
      on.forEach((pod, i) => {
        const col = i % columns;
        const row = Math.floor(i / columns);
        slots.set(pod.name, {
          x: box.rect.x + 10 + col * (w + 6) + w / 2,
          y: box.rect.y + podsTop + row * (h + 5) + h / 2,
          width: w,
          height: h,
          compact: true,
        });
      });
    }
    const queued = view.pods.filter((p) => p.node === "" || p.evicted);
    // A pod with limits says "requests …" and "limits …" on two lines: its block is wider.
    const widths = queued.map((p) =>
      Math.round(118 + Math.min(42, (p.milliCPU / 1000) * 14) + (limitText(p) === "" ? 0 : 66)),
    );
    const rowWidth = LEFT_RIGHT - MARGIN - 32;
    let x = MARGIN + 16;
    let y = QUEUE_TOP + 34;
    queued.forEach((pod, i) => {
      const w = widths[i]!;
      if (x + w > MARGIN + 16 + rowWidth) {
        x = MARGIN + 16;
        y += QUEUE_BLOCK_HEIGHT + 6;
      }
      slots.set(pod.name, {
        x: x + w / 2,
        y: y + QUEUE_BLOCK_HEIGHT / 2,
        width: w,
        height: QUEUE_BLOCK_HEIGHT,
        compact: false,
      });
      x += w + 10;
    });
    const placeable = view.pods.filter((p) => !p.running);
    this.queueEmpty.setVisible(queued.length === 0 && placeable.length > 0);
    for (const pod of view.pods) {
      const block = this.blocks.get(pod.name);
      const slot = slots.get(pod.name);
      if (!block) continue;
      block.pod = pod;
      block.action = pod.running && this.preemption ? t(pod.evicted ? "puzzle.restore" : "puzzle.evict") : "";
      if (pod.running && !this.preemption) block.action = "";
      if (!slot) {
        block.setVisible(false);
        continue;
      }
      block.setVisible(true);
      block.slot = slot;
      block.selected = pod.name === this.selectedPod;
      block.draw();
      if (pod.name === this.dragging) continue;
      this.tweens.killTweensOf(block);
      if (block.x === 0 && block.y === 0) block.setPosition(slot.x, slot.y);
      else this.tweens.add({ targets: block, x: slot.x, y: slot.y, duration: 180, ease: "Cubic.easeOut" });
    }
  }

  /** The budgets at the foot of kube-scheduler's panel, and what is still to do above them. */
  private renderBudgets(view: PuzzleView): void {
    const lines = view.budgets.map((b) =>
      t("puzzle.budget", {
        mark: b.running >= b.minAvailable ? "✓" : "✗",
        name: b.name,
        selector: b.selector,
        running: b.running,
        min: b.minAvailable,
      }),
    );
    const hold = view.budgets.every((b) => b.running >= b.minAvailable);
    this.budgets
      .setText(lines.length === 0 ? "" : [t("puzzle.budgets"), ...lines].join("\n"))
      .setColor(css(hold ? colors.healthy : colors.pending));
    this.todo.setY(QUEUE_BOTTOM - 14 - (lines.length === 0 ? 0 : this.budgets.height + 10));
  }

  /** SUBMIT with the stars the answer on the board earns, while it can still be bettered. */
  private renderSubmit(view: PuzzleView): void {
    const key = view.ready && !view.complete ? `${view.id}|${view.stars}` : "";
    if (key === this.submitKey) return;
    this.submitKey = key;
    this.submitButton?.destroy();
    this.submitButton =
      key === ""
        ? undefined
        : new Button(
            this,
            MARGIN + 658 + 60,
            TOOLBAR_Y,
            t("puzzle.submit", { stars: starText(view.stars) }),
            () => puzzleConnection().submit(),
            { width: 120, height: 40, size: 15 },
          );
  }

  private renderResult(view: PuzzleView): void {
    const key = view.complete
      ? `${view.id}|${view.stars}|${view.value}|${view.bestStars}|${view.resultId > 0}|${this.puzzles.length}`
      : "";
    if (key === this.resultKey) return;
    this.resultKey = key;
    this.result?.destroy();
    this.result = undefined;
    const showExplain = !view.complete;
    this.explainTitle.setVisible(showExplain);
    this.explain.setVisible(showExplain);
    this.explainHead.setVisible(showExplain);
    this.todo.setVisible(showExplain);
    this.budgets.setVisible(showExplain);
    if (!view.complete) return;
    const c = this.add.container(SIDE_X, EXPLAIN_TOP).setDepth(30);
    const h = QUEUE_BOTTOM - EXPLAIN_TOP;
    const g = this.add.graphics();
    g.fillStyle(colors.panel, 1).fillRoundedRect(0, 0, SIDE_WIDTH, h, 12);
    g.lineStyle(3, GOLD, 1).strokeRoundedRect(0, 0, SIDE_WIDTH, h, 12);
    c.add(g);
    const mid = SIDE_WIDTH / 2;
    c.add(
      this.add
        .text(mid, 14, t("puzzle.solved"), { ...textStyle(16, colors.healthy), fontStyle: "bold" })
        .setOrigin(0.5, 0)
        .setLetterSpacing(3),
    );
    c.add(this.add.text(mid, 34, starText(view.stars), textStyle(46, GOLD)).setOrigin(0.5, 0));
    const measure = t(`puzzle.measure.${view.objective}` as MessageKey);
    const better = t(view.higherIsBetter ? "puzzle.better.higher" : "puzzle.better.lower");
    c.add(
      this.add
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
      c.add(this.add.text(18, y, label, { ...textStyle(15, tint), fontStyle: i === 0 ? "bold" : "normal" }));
      c.add(
        this.add
          .text(SIDE_WIDTH - 18, y, value, { ...textStyle(18, tint, true), fontStyle: "bold" })
          .setOrigin(1, 0),
      );
    });
    // The notes run down the panel one after the other, each where the last ended, at any text size;
    // when they would reach the button they are set a size smaller until they clear it.
    const next = this.puzzles[view.order] ?? (this.puzzles.length === 0 ? undefined : null);
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
        const note = this.add.text(18, 0, text, {
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
    const button = new Button(this, SIDE_X + mid, EXPLAIN_TOP + buttonY, label, () => this.next(), {
      width: SIDE_WIDTH - 40,
      height: buttonHeight,
      size: 18,
    });
    button.setDepth(31);
    c.once(Phaser.GameObjects.Events.DESTROY, () => button.destroy());
    this.result = c;
  }

  private celebrate(view: PuzzleView): void {
    play("applied");
    this.banner
      .setText(`${t("puzzle.solved")}  ${starText(view.stars)}`)
      .setVisible(true)
      .setAlpha(1)
      .setScale(0.8);
    this.tweens.add({ targets: this.banner, scale: 1, duration: 220, ease: "Back.easeOut" });
    this.tweens.add({
      targets: this.banner,
      alpha: 0,
      delay: 1400,
      duration: 500,
      onComplete: () => this.banner.setVisible(false),
    });
  }

  // ——— Moves ———

  private dragStart(block: PodBlock): void {
    if (block.pod.running) return;
    this.dragging = block.pod.name;
    this.select(block.pod.name);
    this.tweens.killTweensOf(block);
    block.setDepth(50);
    this.hideNote();
  }

  private dragMove(pointer: Phaser.Input.Pointer, block: PodBlock, x: number, y: number): void {
    if (this.dragging !== block.pod.name) return;
    block.setPosition(x, y);
    const node = this.nodeAt(pointer.x, pointer.y);
    const overQueue = node === "" && inside(this.queueRect, pointer.x, pointer.y) && block.pod.node !== "";
    this.drawQueueFrame(overQueue);
    if (node !== this.hoverNode) {
      this.hoverNode = node;
      this.markTarget(node);
      if (node !== "") this.askHint(block.pod.name, node);
    }
  }

  private dragEnd(pointer: Phaser.Input.Pointer, block: PodBlock): void {
    if (this.dragging !== block.pod.name) return;
    this.dragging = "";
    block.setDepth(10);
    const node = this.nodeAt(pointer.x, pointer.y);
    this.hoverNode = "";
    this.drawQueueFrame(false);
    const pod = block.pod;
    if (node !== "" && node !== pod.node) this.place(pod.name, node);
    else if (node === "" && pod.node !== "" && inside(this.queueRect, pointer.x, pointer.y))
      puzzleConnection().unplace(pod.name);
    this.markTarget(this.targetNode);
    if (block.slot)
      this.tweens.add({
        targets: block,
        x: block.slot.x,
        y: block.slot.y,
        duration: 200,
        ease: "Cubic.easeOut",
      });
  }

  private clickBlock(block: PodBlock): void {
    const pod = block.pod;
    if (pod.running) {
      this.select(pod.name);
      if (this.preemption) this.evictOrRestore(pod);
      return;
    }
    if (this.dragging === "") this.select(pod.name);
  }

  private place(pod: string, node: string): void {
    this.noteNode = node;
    puzzleConnection().place(pod, node);
  }

  private evictOrRestore(pod: PuzzlePodView): void {
    if (!pod.running || !this.preemption) return;
    this.noteNode = "";
    if (pod.evicted) puzzleConnection().unplace(pod.name);
    else puzzleConnection().evict(pod.name);
  }

  private nodeAt(x: number, y: number): string {
    for (const box of this.nodes.values()) if (inside(box.rect, x, y)) return box.view.name;
    return "";
  }

  private select(pod: string): void {
    this.selectedPod = pod;
    for (const block of this.blocks.values()) {
      const selected = block.pod.name === pod;
      if (block.selected !== selected) {
        block.selected = selected;
        block.draw();
      }
    }
    if (pod !== "" && this.targetNode !== "" && this.dragging === "") this.askHint(pod, this.targetNode);
  }

  /** Outlines the node a pod would go to, green or red once kube-scheduler has said. */
  private markTarget(node: string): void {
    for (const box of this.nodes.values()) {
      box.target = box.view.name === node;
      box.verdict = "";
      if (box.target) {
        const pod = this.dragging || this.selectedPod;
        const answer = this.hints.get(`${pod}@${node}`);
        if (answer) box.verdict = verdictOf(answer);
      }
    }
    this.redrawCards();
  }

  private redrawCards(): void {
    if (!this.view) return;
    const first = this.nodes.values().next().value;
    if (!first) return;
    // The bars' top is the same for every card; it is where the first card's first bar label sits.
    const barsTop = (first.barLabels[0]?.y ?? first.rect.y) - first.rect.y;
    for (const box of this.nodes.values()) box.draw(barsTop);
  }

  // ——— Hints: kube-scheduler's explanation of a node for a pod ———

  /** Asks for one pod on one node, at most one request every HINT_INTERVAL_MS. */
  private askHint(pod: string, node: string): void {
    this.hintsAll = "";
    this.hintWanted = `${pod}@${node}`;
    this.refreshExplain();
    if (this.hints.has(this.hintWanted)) return;
    const wait = this.lastHintAt + HINT_INTERVAL_MS - this.time.now;
    if (wait <= 0) this.sendWantedHint();
    else if (!this.hintTimer || this.hintTimer.hasDispatched) {
      this.hintTimer = this.time.delayedCall(wait, () => this.sendWantedHint());
    }
  }

  private sendWantedHint(): void {
    const [pod, node] = this.hintWanted.split("@");
    if (!pod || !node || this.hints.has(this.hintWanted)) return;
    this.lastHintAt = this.time.now;
    puzzleConnection().hint(pod, node);
  }

  /** The HINT button: what kube-scheduler says about the chosen (or first waiting) pod on every node. */
  private hintAll(): void {
    const view = this.view;
    if (!view) return;
    const chosen = view.pods.find((p) => p.name === this.selectedPod && !p.running);
    const pod =
      chosen ?? view.pods.find((p) => !p.running && p.node === "") ?? view.pods.find((p) => !p.running);
    if (!pod) return;
    this.select(pod.name);
    this.hintWanted = "";
    this.hintsAll = pod.name;
    this.lastHintAt = this.time.now;
    for (const node of view.nodes)
      if (!this.hints.has(`${pod.name}@${node.name}`)) puzzleConnection().hint(pod.name, node.name);
    this.refreshExplain();
  }

  private hinted(hint: PuzzleHint): void {
    this.hints.set(`${hint.pod}@${hint.node}`, hint);
    const box = this.nodes.get(hint.node);
    if (box?.target && (this.dragging || this.selectedPod) === hint.pod) {
      box.verdict = verdictOf(hint);
      this.redrawCards();
    }
    this.refreshExplain();
  }

  private refreshExplain(): void {
    if (!this.view) return;
    let head = "";
    let headColor: number = colors.text;
    let body = "";
    if (this.hintsAll !== "") {
      const pod = this.hintsAll;
      head = pod;
      headColor = colors.accent;
      const lines: string[] = [];
      let last = "";
      for (const node of this.view.nodes) {
        const answer = this.hints.get(`${pod}@${node.name}`);
        if (!answer) {
          lines.push(`… ${node.name}`);
          continue;
        }
        lines.push(`${answer.fits ? "✓" : "✗"} ${node.name}: ${hintShortVerdict(answer)}`);
        last = hintPick(answer);
      }
      if (last) lines.push("", last);
      // The strategy for this kind of puzzle first; then where the pod fits now, node by node.
      body = [strategyHint(this.view.objective), "", ...lines].join("\n");
    } else if (this.hintWanted !== "") {
      const [pod = "", node = ""] = this.hintWanted.split("@");
      const answer = this.hints.get(this.hintWanted);
      if (answer) {
        head = `${answer.fits ? "✓" : "✗"} ${hintVerdict(answer)}`;
        headColor = answer.fits ? colors.healthy : colors.danger;
        body = [hintScores(answer), hintPick(answer)].filter(Boolean).join("\n");
      } else {
        head = t("puzzle.asking", { pod, node });
        headColor = colors.muted;
      }
    } else {
      body = t("puzzle.explainIdle");
    }
    this.explainHead.setText(head).setColor(css(headColor));
    this.explain
      .setText(body)
      .setColor(css(head === "" ? colors.muted : colors.text))
      .setY(this.explainHead.y + (head === "" ? 0 : this.explainHead.height + 10));
    // Long answers (five nodes, wrapped reasons) get smaller type rather than spill out of the panel.
    // Above what is still to do (its foot is above the budgets when there are any).
    const bottom = this.todo.text === "" ? this.todo.y + 2 : this.todo.y - this.todo.height - 8;
    for (let size = 12; size >= 9; size--) {
      this.explain.setFontSize(size);
      if (this.explain.y + this.explain.height <= bottom) break;
    }
  }

  // ——— Refusals and notices ———

  private refused(refusal: PuzzleRefusal): void {
    play("refused");
    const text = t("puzzle.refused", { message: refusal.message });
    const box = refusal.type === "place" ? this.nodes.get(this.noteNode) : undefined;
    if (box) {
      this.note.setText(text);
      this.note.setWordWrapWidth(Math.max(220, box.rect.width + 40));
      const x = Math.min(
        LEFT_RIGHT - this.note.width / 2,
        Math.max(MARGIN + this.note.width / 2, box.rect.x + box.rect.width / 2),
      );
      this.note
        .setPosition(x, box.rect.y + box.rect.height - 12)
        .setVisible(true)
        .setAlpha(1);
      seam.puzzleNote = text;
      box.verdict = "refuses";
      box.target = true;
      this.redrawCards();
      this.tweens.killTweensOf(this.note);
      this.tweens.add({
        targets: this.note,
        alpha: 0,
        delay: 4500,
        duration: 500,
        onComplete: () => this.hideNote(),
      });
      return;
    }
    this.showToast(text);
  }

  private hideNote(): void {
    this.note.setVisible(false);
    seam.puzzleNote = "";
    for (const box of this.nodes.values()) {
      if (box.verdict === "refuses" && this.dragging === "") {
        box.verdict = "";
        box.target = box.view.name === this.targetNode;
      }
    }
    this.redrawCards();
  }

  private showToast(text: string): void {
    this.toast.setText(text).setAlpha(1);
    this.tweens.killTweensOf(this.toast);
    this.tweens.add({ targets: this.toast, alpha: 0, delay: 3000, duration: 500 });
  }

  // ——— Keyboard ———

  private key(event: KeyboardEvent): void {
    const view = this.view;
    if (!view || this.dragging !== "") return;
    const pods = view.pods.filter((p) => !p.running || this.preemption);
    const nodes = view.nodes.map((n) => n.name);
    const cycle = <T>(list: readonly T[], current: T, step: number): T | undefined => {
      if (list.length === 0) return undefined;
      const at = list.indexOf(current);
      return list[(at + step + list.length * 2 + (at < 0 && step < 0 ? 1 : 0)) % list.length];
    };
    const selected = view.pods.find((p) => p.name === this.selectedPod);
    switch (event.key) {
      case "Tab":
      case "ArrowUp":
      case "ArrowDown": {
        event.preventDefault();
        const back = event.key === "ArrowUp" || (event.key === "Tab" && event.shiftKey);
        const next = cycle(
          pods.map((p) => p.name),
          this.selectedPod,
          back ? -1 : 1,
        );
        if (next) this.select(next);
        return;
      }
      case "ArrowLeft":
      case "ArrowRight": {
        event.preventDefault();
        const next = cycle(nodes, this.targetNode, event.key === "ArrowLeft" ? -1 : 1);
        if (!next) return;
        this.targetNode = next;
        this.markTarget(next);
        if (this.selectedPod !== "" && !selected?.running) this.askHint(this.selectedPod, next);
        return;
      }
      case "Enter":
      case " ":
        event.preventDefault();
        if (view.complete && event.key === "Enter" && !selected) {
          this.next();
          return;
        }
        if (!selected) return;
        if (selected.running) this.evictOrRestore(selected);
        else if (this.targetNode !== "" && this.targetNode !== selected.node)
          this.place(selected.name, this.targetNode);
        return;
      case "Delete":
      case "Backspace":
        if (selected && !selected.running && selected.node !== "") puzzleConnection().unplace(selected.name);
        return;
      case "e":
      case "E":
        if (selected) this.evictOrRestore(selected);
        return;
      case "u":
      case "U":
        puzzleConnection().undo();
        return;
      case "r":
      case "R":
        puzzleConnection().reset();
        return;
      case "h":
      case "H":
        this.hintAll();
        return;
      case "n":
      case "N":
        if (view.complete) this.next();
        return;
      case "Escape":
        void this.back();
        return;
    }
  }

  // ——— Between puzzles ———

  private next(): void {
    const view = this.view;
    if (!view) return;
    const next = this.puzzles[view.order];
    if (next) puzzleConnection().open(next.id);
    else void this.back();
  }

  private async back(): Promise<void> {
    await puzzleConnection().leave();
    goTo(this, "Puzzles", { name: this.name });
  }
}

function verdictOf(hint: PuzzleHint): "fits" | "refuses" {
  return hint.fits ? "fits" : "refuses";
}

function num(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** The HINT's strategy for a kind of puzzle (its objective), in the player's language. */
export function strategyHint(objective: string): string {
  const key = `puzzle.strategy.${objective}`;
  return key in en ? t(key as MessageKey) : "";
}
