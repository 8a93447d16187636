import Phaser from "phaser";
import { t } from "../i18n/index.ts";
import {
  fetchPuzzles,
  type PuzzleListing,
  type PuzzlePodView,
  type PuzzleRefusal,
  type PuzzleView,
  puzzleConnection,
} from "../net/puzzle.ts";
import { seam, toPage } from "../testSeam.ts";
import { keepOwnKeys } from "../ui/Button.ts";
import { drawHeader } from "../ui/Header.ts";
import { PuzzleBoard } from "../ui/puzzle/Board.ts";
import { BriefPanel } from "../ui/puzzle/BriefPanel.ts";
import { ExplainPanel } from "../ui/puzzle/ExplainPanel.ts";
import { rememberedName } from "../ui/puzzle/format.ts";
import { HintDesk } from "../ui/puzzle/hints.ts";
import { type KeyActions, puzzleKey } from "../ui/puzzle/keys.ts";
import { MARGIN } from "../ui/puzzle/layout.ts";
import { PuzzleNotices } from "../ui/puzzle/Notices.ts";
import { ResultPanel } from "../ui/puzzle/ResultPanel.ts";
import { PuzzleScreenSession } from "../ui/puzzle/session.ts";
import { PuzzleToolbar } from "../ui/puzzle/Toolbar.ts";
import { play } from "../ui/sound.ts";
import { formatMinutes } from "../ui/statusFormat.ts";
import { colors, textStyle, WIDTH } from "../ui/theme.ts";
import { goTo } from "../ui/transition.ts";

interface BoardData {
  readonly name?: string;
  readonly puzzles?: PuzzleListing[];
}

/**
 * One puzzle: nodes as cards, pending pods as blocks to drag onto them. The server checks every
 * move with kube-scheduler's filters; hovering a node while dragging asks it why a pod fits or not.
 * The screen is built from parts (client/ui/puzzle/), one region each (layout.ts), sharing one
 * session: the toolbar, the board, the brief, kube-scheduler's panel and the result.
 */
export class Puzzle extends Phaser.Scene {
  private name = "";
  private session = new PuzzleScreenSession();
  private puzzleId = "";
  private placementKey = "";
  private wasComplete = false;
  private heading!: Phaser.GameObjects.Text;
  private timer!: Phaser.GameObjects.Text;
  private toolbar!: PuzzleToolbar;
  private board!: PuzzleBoard;
  private brief!: BriefPanel;
  private explain!: ExplainPanel;
  private result!: ResultPanel;
  private notices!: PuzzleNotices;
  private hints!: HintDesk;
  /** What the board and the keys do. */
  private actions!: KeyActions;

  constructor() {
    super("Puzzle");
  }

  init(data: BoardData): void {
    this.name = data.name ?? rememberedName();
    this.session = new PuzzleScreenSession();
    this.session.puzzles = data.puzzles ?? [];
  }

  create(): void {
    seam.scene = "Puzzle";
    this.puzzleId = "";
    this.placementKey = "";
    this.wasComplete = false;
    const game = puzzleConnection();
    if (!game.inRoom) {
      goTo(this, "Puzzles", { name: this.name });
      return;
    }
    const session = this.session;
    this.heading = drawHeader(this, t("puzzle.opening"));
    this.timer = this.add.text(WIDTH - MARGIN, 10, "", textStyle(24, colors.accent, true)).setOrigin(1, 0);
    this.toolbar = new PuzzleToolbar(this, { back: () => void this.back(), hint: () => this.hintAll() });
    this.brief = new BriefPanel(this);
    this.explain = new ExplainPanel(this, session);
    this.hints = new HintDesk(this, session, () => this.explain.refresh());
    this.actions = {
      select: (pod) => this.board.select(pod),
      aim: (node) => {
        session.targetNode = node;
        this.board.markTarget(node);
      },
      askHint: (pod, node) => this.hints.ask(pod, node),
      place: (pod, node) => this.place(pod, node),
      unplace: (pod) => puzzleConnection().unplace(pod),
      evictOrRestore: (pod) => this.evictOrRestore(pod),
      hintAll: () => this.hintAll(),
      next: () => this.next(),
      back: () => void this.back(),
    };
    this.board = new PuzzleBoard(this, session, this.actions);
    this.notices = new PuzzleNotices(this);
    this.result = new ResultPanel(this, () => this.next());
    if (session.puzzles.length === 0)
      void fetchPuzzles()
        .then((list) => {
          session.puzzles = list;
          if (session.view) this.result.render(session.view, list);
        })
        .catch(() => undefined);
    const offView = game.onView((view) => this.render(view));
    const offRefused = game.onRefused((refusal) => this.refused(refusal));
    const offHint = game.onHint((hint) => {
      this.board.answered(hint.pod, hint.node, hint.fits);
      this.hints.received(hint);
    });
    const onKey = (event: KeyboardEvent) => puzzleKey(event, session, this.actions);
    const keyboard = this.input.keyboard;
    keyboard?.on("keydown", onKey);
    keepOwnKeys(this);
    const { TAB, UP, DOWN, LEFT, RIGHT } = Phaser.Input.Keyboard.KeyCodes;
    keyboard?.addCapture([TAB, UP, DOWN, LEFT, RIGHT]);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      offView();
      offRefused();
      offHint();
      keyboard?.off("keydown", onKey);
      keyboard?.clearCaptures();
      this.hints.destroy();
      seam.puzzle = null;
      seam.puzzleNote = "";
      seam.podCenter = () => null;
      seam.queueCenter = () => null;
      seam.nodeCenter = () => null;
    });
    const page = (at: { x: number; y: number } | null) => (at === null ? null : toPage(at.x, at.y));
    seam.podCenter = (name) => page(this.board.podAt(name));
    seam.queueCenter = () => page(PuzzleBoard.queueCenter);
    seam.nodeCenter = (name) => page(this.board.nodeCenter(name));
    if (game.latest) this.render(game.latest);
  }

  // ——— State → screen ———

  private render(view: PuzzleView): void {
    const session = this.session;
    session.view = view;
    seam.puzzle = structuredClone(view) as PuzzleView;
    if (view.id !== this.puzzleId) this.rebuild(view);
    this.heading.setText(`${t("puzzle.number", { order: view.order, count: view.count })}  ·  ${view.title}`);
    this.timer.setText(`${formatMinutes(view.seconds * 1000)}`);
    this.explain.render(view);
    const key = view.pods.map((p) => `${p.name}:${p.node}:${p.evicted ? 1 : 0}`).join(",");
    if (key !== this.placementKey) {
      this.placementKey = key;
      this.board.layout(view);
      this.hints.placementChanged(view, (pod) => this.board.select(pod));
      this.explain.refresh();
    }
    this.toolbar.render(view);
    this.result.render(view, session.puzzles);
    if (view.complete && !this.wasComplete) this.notices.celebrate(view.stars);
    this.wasComplete = view.complete;
  }

  /** A new puzzle: its nodes and pods, drawn anew. */
  private rebuild(view: PuzzleView): void {
    this.puzzleId = view.id;
    this.wasComplete = view.complete;
    this.placementKey = "";
    this.session.clear();
    this.brief.show(view);
    this.board.rebuild(view);
  }

  // ——— Moves ———

  private place(pod: string, node: string): void {
    this.session.noteNode = node;
    puzzleConnection().place(pod, node);
  }

  private evictOrRestore(pod: PuzzlePodView): void {
    if (!pod.running || !this.session.preemption) return;
    this.session.noteNode = "";
    if (pod.evicted) puzzleConnection().unplace(pod.name);
    else puzzleConnection().evict(pod.name);
  }

  private hintAll(): void {
    this.hints.all((pod) => this.board.select(pod));
  }

  private refused(refusal: PuzzleRefusal): void {
    play("refused");
    const text = t("puzzle.refused", { message: refusal.message });
    // A refused placement beside its node; anything else above the queue.
    if (refusal.type !== "place" || !this.board.showRefusal(text)) this.notices.showToast(text);
  }

  // ——— Between puzzles ———

  private next(): void {
    const view = this.session.view;
    if (!view) return;
    const next = this.session.puzzles[view.order];
    if (next) puzzleConnection().open(next.id);
    else void this.back();
  }

  private async back(): Promise<void> {
    await puzzleConnection().leave();
    goTo(this, "Puzzles", { name: this.name });
  }
}
