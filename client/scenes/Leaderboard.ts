import Phaser from "phaser";
import { language, t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/strings.ts";
import {
  type BoardPage,
  fetchPuzzleBoard,
  fetchPuzzles,
  fetchScenarioBoard,
  fetchScenarios,
  type Localized,
  type PuzzleBoardRow,
  type ScenarioBoardRow,
} from "../net/api.ts";
import { connection } from "../net/connection.ts";
import { type LeaderboardSeam, seam, visibleButtons } from "../testSeam.ts";
import { Button, keepOwnKeys } from "../ui/Button.ts";
import { drawHeader } from "../ui/Header.ts";
import { practiceSeed, soloName } from "../ui/playerName.ts";
import { formatMinutes } from "../ui/statusFormat.ts";
import { clipToWidth, colors, textStyle, WIDTH } from "../ui/theme.ts";
import { goTo } from "../ui/transition.ts";

type Tab = "scenarios" | "puzzles";

/** One entry of the list on the left: a scenario or a puzzle. */
interface Entry {
  readonly id: string;
  readonly title: string;
  readonly meta: string;
  /** A puzzle's place in the play order, shown before its title. */
  readonly number?: number;
}

type ListState = readonly Entry[] | "loading" | "error";

interface Column {
  readonly header: MessageKey;
  readonly left: number;
  readonly width: number;
  readonly align: "left" | "right";
}

/** Rows per page; one more is fetched to know whether a next page exists. */
export const PAGE_SIZE = 20;

// The list on the left and the board on the right, below the header.
const LIST = { x: 24, y: 88, w: 320, h: 608 } as const;
const BOARD = { x: 360, y: 88, w: 896, h: 608 } as const;
const ITEM_TOP = 158;
const ITEM_H = 46;
const ITEMS_VISIBLE = 10;
const HEADER_Y = 174;
const ROWS_TOP = 200;
const ROW_H = 22;
const PAGER_Y = 668;
/** Arrow keys move the choice at once; the board follows when the keys rest this long. */
const OPEN_DELAY_MS = 180;

const SCENARIO_COLUMNS: readonly Column[] = [
  { header: "leaderboard.col.rank", left: 376, width: 44, align: "right" },
  { header: "leaderboard.col.team", left: 440, width: 150, align: "left" },
  { header: "leaderboard.col.members", left: 600, width: 130, align: "left" },
  { header: "leaderboard.col.recovery", left: 736, width: 96, align: "right" },
  { header: "leaderboard.col.slo", left: 840, width: 124, align: "right" },
  { header: "leaderboard.col.actions", left: 970, width: 70, align: "right" },
  { header: "leaderboard.col.date", left: 1046, width: 100, align: "right" },
];
/** Each scenario row's WATCH button (its replay), right of the date. */
const WATCH_X = 1192;

const PUZZLE_COLUMNS: readonly Column[] = [
  { header: "leaderboard.col.rank", left: 376, width: 44, align: "right" },
  { header: "leaderboard.col.player", left: 440, width: 360, align: "left" },
  { header: "leaderboard.col.moves", left: 805, width: 100, align: "right" },
  { header: "leaderboard.col.time", left: 915, width: 105, align: "right" },
  { header: "leaderboard.col.date", left: 1118, width: 114, align: "right" },
];

/** The podium's marks: gold, silver and bronze for the first three ranks. */
const RANK_COLOR: Record<number, number> = { 1: colors.starting, 2: colors.text, 3: colors.pending };

const heading = { ...textStyle(13, colors.muted), fontStyle: "bold" };

/**
 * The leaderboards: scenarios (fastest recovery) and puzzles (fewest moves), one
 * board at a time, 20 rows a page. Everything it reads comes over plain HTTP; names
 * are players' own words and are drawn only as canvas text, never as markup.
 */
export class Leaderboard extends Phaser.Scene {
  private tab: Tab = "scenarios";
  private lists: Record<Tab, ListState> = { scenarios: "loading", puzzles: "loading" };
  private chosen: Record<Tab, number> = { scenarios: 0, puzzles: 0 };
  private scroll = 0;
  private page = 0;
  private status: LeaderboardSeam["status"] = "idle";
  private problem = "";
  /** The page's rows as formatted; `shown` is what the canvas draws (long names end in "…"). */
  private rows: string[][] = [];
  private shown: string[][] = [];
  private rowRanks: number[] = [];
  /** The stored round behind each scenario row, for its replay. */
  private rowRounds: number[] = [];
  private hasNext = false;
  /** Each fetch's number: an answer that is not the latest one is dropped. */
  private request = 0;
  private alive = false;
  /** A wall-clock timer: it paces requests, not the game, so it must not slow with the frame rate. */
  private openTimer: ReturnType<typeof setTimeout> | undefined;
  private tabs: Button[] = [];
  private listLayer!: Phaser.GameObjects.Container;
  private boardLayer!: Phaser.GameObjects.Container;
  private previous!: Button;
  private next!: Button;
  /** Solo rounds of the chosen scenario: on this week's board, or practice on a seed of one's own. */
  private playBoard!: Button;
  private practice!: Button;
  /** The chosen scenario board's week and seed, once fetched. */
  private week: { readonly period: string; readonly seed: number } | null = null;
  private pageLabel!: Phaser.GameObjects.Text;
  /** List entries registered as clickable for the test seam, removed on each redraw. */
  private itemLabels: string[] = [];

  constructor() {
    super("Leaderboard");
  }

  create(): void {
    seam.scene = "Leaderboard";
    this.tab = "scenarios";
    this.lists = { scenarios: "loading", puzzles: "loading" };
    this.chosen = { scenarios: 0, puzzles: 0 };
    this.scroll = 0;
    this.page = 0;
    this.status = "idle";
    this.rows = [];
    this.shown = [];
    this.hasNext = false;
    this.alive = true;
    this.tabs = [];
    this.itemLabels = [];

    drawHeader(this, t("leaderboard.subtitle"));
    this.add.text(WIDTH - 24, 16, t("leaderboard.hint"), textStyle(13, colors.muted)).setOrigin(1, 0);
    const g = this.add.graphics();
    g.fillStyle(colors.panel, 1).fillRoundedRect(LIST.x, LIST.y, LIST.w, LIST.h, 14);
    g.fillStyle(colors.panel, 1).fillRoundedRect(BOARD.x, BOARD.y, BOARD.w, BOARD.h, 14);
    this.listLayer = this.add.container(0, 0);
    this.boardLayer = this.add.container(0, 0);
    new Button(this, LIST.x + LIST.w / 2, PAGER_Y, t("leaderboard.back"), () => this.back(), {
      width: LIST.w - 32,
      height: 40,
      style: "secondary",
      size: 16,
    });
    const pager = { width: 132, height: 36, style: "secondary" as const, size: 15 };
    this.previous = new Button(
      this,
      BOARD.x + 24 + 66,
      PAGER_Y,
      t("leaderboard.prev"),
      () => this.turn(-1),
      pager,
    );
    this.next = new Button(
      this,
      BOARD.x + BOARD.w - 24 - 66,
      PAGER_Y,
      t("leaderboard.next"),
      () => this.turn(1),
      pager,
    );
    const play = { width: 196, height: 38, size: 15 };
    this.playBoard = new Button(
      this,
      BOARD.x + BOARD.w - 24 - 98,
      BOARD.y + 34,
      t("board.play"),
      () => void this.playSolo(false),
      play,
    );
    this.practice = new Button(
      this,
      BOARD.x + BOARD.w - 24 - 98 - 208,
      BOARD.y + 34,
      t("board.practice.button"),
      () => void this.playSolo(true),
      { ...play, style: "secondary" },
    );
    this.pageLabel = this.add
      .text(BOARD.x + BOARD.w / 2, PAGER_Y, "", textStyle(14, colors.muted))
      .setOrigin(0.5);

    // The page's own key events, each handled once. (Phaser's keyboard plugin replays its per-frame
    // queue on every new key event, so two presses within one frame could move the choice twice.)
    const onKey = (event: KeyboardEvent) => this.onKey(event);
    window.addEventListener("keydown", onKey);
    keepOwnKeys(this);
    this.input.on("wheel", (pointer: Phaser.Input.Pointer, _over: unknown, _dx: number, dy: number) => {
      if (pointer.x < LIST.x + LIST.w && dy !== 0) this.scrollList(Math.sign(dy));
    });
    seam.leaderboard = () => this.snapshot();
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.alive = false;
      clearTimeout(this.openTimer);
      window.removeEventListener("keydown", onKey);
      this.input.off("wheel");
      this.forgetItems();
      seam.leaderboard = () => null;
    });

    this.drawTabs();
    this.renderList();
    this.renderBoard();
    this.loadList("scenarios");
  }

  private onKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    if (event.repeat && !event.key.startsWith("Arrow") && !event.key.startsWith("Page")) return;
    switch (event.key) {
      case "ArrowUp":
        this.move(-1);
        break;
      case "ArrowDown":
        this.move(1);
        break;
      case "Home":
        this.choose(0);
        break;
      case "End":
        this.choose(this.entries().length - 1);
        break;
      case "ArrowLeft":
      case "PageUp":
        this.turn(-1);
        break;
      case "ArrowRight":
      case "PageDown":
        this.turn(1);
        break;
      case "Enter":
      case " ":
        this.open();
        break;
      case "Tab":
        this.switchTab(this.tab === "scenarios" ? "puzzles" : "scenarios");
        break;
      case "Escape":
        this.back();
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  private back(): void {
    goTo(this, "Title");
  }

  // The list -----------------------------------------------------------------

  private loadList(tab: Tab): void {
    this.lists[tab] = "loading";
    const done = (list: ListState) => {
      if (!this.alive) return;
      this.lists[tab] = list;
      if (this.tab !== tab) return;
      this.renderList();
      this.open();
    };
    const lang = language();
    const title = (x: Localized) => oneLine(x[lang] || x.en);
    const fetched: Promise<Entry[]> =
      tab === "scenarios"
        ? fetchScenarios().then((list) =>
            list.map((s) => ({
              id: s.id,
              title: title(s.title),
              meta: t("leaderboard.scenarioMeta", { minutes: s.minutes, nodes: s.nodes }),
            })),
          )
        : fetchPuzzles().then((list) =>
            list.map((p) => ({ id: p.id, title: title(p.title), meta: levelName(p.level), number: p.order })),
          );
    fetched.then(done, () => done("error"));
  }

  private entries(): readonly Entry[] {
    const list = this.lists[this.tab];
    return typeof list === "string" ? [] : list;
  }

  private switchTab(tab: Tab): void {
    if (tab === this.tab) return;
    this.tab = tab;
    this.page = 0;
    this.scroll = Math.max(0, this.chosen[tab] - ITEMS_VISIBLE + 1);
    this.drawTabs();
    this.renderList();
    const list = this.lists[tab];
    // A list that failed or came back empty (puzzles before the server had them) is asked for again.
    if (typeof list === "string" || list.length === 0) {
      this.request++; // whatever the other tab was fetching no longer shows
      this.status = "idle";
      this.renderBoard();
      this.loadList(tab);
    } else {
      this.open();
    }
  }

  private move(step: number): void {
    const count = this.entries().length;
    if (count === 0) return;
    this.choose(Math.min(count - 1, Math.max(0, this.chosen[this.tab] + step)), false);
  }

  /** Chooses entry `index`; the board opens at once, or shortly when keys are still moving. */
  private choose(index: number, now = true): void {
    const count = this.entries().length;
    if (count === 0 || index < 0 || index >= count) return;
    const changed = index !== this.chosen[this.tab];
    this.chosen[this.tab] = index;
    if (index < this.scroll) this.scroll = index;
    if (index >= this.scroll + ITEMS_VISIBLE) this.scroll = index - ITEMS_VISIBLE + 1;
    this.renderList();
    if (!changed && this.status !== "error" && this.status !== "idle") return;
    this.page = 0;
    if (now) {
      this.open();
      return;
    }
    // Show the choice and a loading board now; fetch when the arrows rest.
    this.request++;
    this.status = "loading";
    this.renderBoard();
    clearTimeout(this.openTimer);
    this.openTimer = setTimeout(() => this.open(), OPEN_DELAY_MS);
  }

  private scrollList(step: number): void {
    const max = Math.max(0, this.entries().length - ITEMS_VISIBLE);
    const next = Math.min(max, Math.max(0, this.scroll + step));
    if (next === this.scroll) return;
    this.scroll = next;
    this.renderList();
  }

  private drawTabs(): void {
    // Destroy first: a button's label is its test-seam key, and a new one takes it over.
    for (const tab of this.tabs) tab.destroy();
    const tabs: [Tab, MessageKey][] = [
      ["scenarios", "leaderboard.scenarios"],
      ["puzzles", "leaderboard.puzzles"],
    ];
    this.tabs = tabs.map(
      ([tab, label], i) =>
        new Button(this, LIST.x + 16 + 70 + i * 148, 120, t(label), () => this.switchTab(tab), {
          width: 140,
          height: 40,
          style: tab === this.tab ? "primary" : "secondary",
          size: 15,
        }),
    );
  }

  private forgetItems(): void {
    for (const label of this.itemLabels) visibleButtons.delete(label);
    this.itemLabels = [];
  }

  private renderList(): void {
    this.listLayer.removeAll(true);
    this.forgetItems();
    const add = <T extends Phaser.GameObjects.GameObject>(o: T): T => {
      this.listLayer.add(o);
      return o;
    };
    const list = this.lists[this.tab];
    const left = LIST.x + 16;
    const width = LIST.w - 32;
    if (typeof list === "string" || list.length === 0) {
      const key: MessageKey =
        list === "loading"
          ? "leaderboard.loadingList"
          : list === "error"
            ? "leaderboard.listFailed"
            : this.tab === "puzzles"
              ? "leaderboard.noPuzzles"
              : "leaderboard.noScenarios";
      const color = list === "error" ? colors.danger : colors.muted;
      add(this.add.text(left + 8, ITEM_TOP + 12, t(key), textStyle(16, color)));
      return;
    }
    const g = add(this.add.graphics());
    const shown = list.slice(this.scroll, this.scroll + ITEMS_VISIBLE);
    shown.forEach((entry, i) => {
      const index = this.scroll + i;
      const y = ITEM_TOP + i * ITEM_H;
      const chosen = index === this.chosen[this.tab];
      if (chosen) {
        g.fillStyle(colors.accentDeep, 0.22).fillRoundedRect(left, y, width, ITEM_H - 4, 8);
        g.fillStyle(colors.accent, 1).fillRoundedRect(left, y + 6, 4, ITEM_H - 16, 2);
      }
      const hover = add(this.add.graphics().setVisible(false));
      hover.fillStyle(colors.panelEdge, 0.5).fillRoundedRect(left, y, width, ITEM_H - 4, 8);
      const indent = entry.number === undefined ? 16 : 48;
      if (entry.number !== undefined) {
        add(
          this.add.text(
            left + 14,
            y + 8,
            String(entry.number).padStart(2, "0"),
            textStyle(15, chosen ? colors.accent : colors.muted, true),
          ),
        );
      }
      const title = add(
        this.add.text(left + indent, y + 4, entry.title, {
          ...textStyle(17, colors.text),
          fontStyle: chosen ? "bold" : "normal",
        }),
      );
      clipToWidth(title, title.text, width - indent - 8);
      const meta = add(this.add.text(left + indent, y + 24, entry.meta, textStyle(12, colors.muted)));
      clipToWidth(meta, meta.text, width - indent - 8);
      const hit = add(
        this.add
          .zone(left + width / 2, y + (ITEM_H - 4) / 2, width, ITEM_H - 4)
          .setInteractive({ useHandCursor: true }),
      );
      hit.on("pointerup", () => this.choose(index));
      hit.on("pointerover", () => hover.setVisible(!chosen));
      hit.on("pointerout", () => hover.setVisible(false));
      visibleButtons.set(entry.title, { x: left + width / 2, y: y + (ITEM_H - 4) / 2 });
      this.itemLabels.push(entry.title);
    });
    if (list.length > ITEMS_VISIBLE) {
      const from = this.scroll + 1;
      const to = Math.min(list.length, this.scroll + ITEMS_VISIBLE);
      const up = this.scroll > 0 ? "▲ " : "";
      const down = to < list.length ? " ▼" : "";
      add(
        this.add
          .text(
            LIST.x + LIST.w / 2,
            ITEM_TOP + ITEMS_VISIBLE * ITEM_H + 4,
            `${up}${t("leaderboard.listRange", { from, to, count: list.length })}${down}`,
            textStyle(12, colors.muted),
          )
          .setOrigin(0.5, 0),
      );
    }
  }

  // The board ----------------------------------------------------------------

  private current(): Entry | undefined {
    return this.entries()[this.chosen[this.tab]];
  }

  private boardName(): string {
    const entry = this.current();
    if (!entry) return "";
    return `${this.tab === "scenarios" ? "scenario" : "puzzle"}:${entry.id}`;
  }

  /** Fetches the chosen board's current page and draws it. */
  private open(): void {
    clearTimeout(this.openTimer);
    this.openTimer = undefined;
    const entry = this.current();
    const seq = ++this.request;
    if (!entry) {
      this.status = "idle";
      this.renderBoard();
      return;
    }
    this.status = "loading";
    this.week = null;
    this.renderBoard();
    const page = { limit: PAGE_SIZE + 1, offset: this.page * PAGE_SIZE };
    const tab = this.tab;
    type Fetched = {
      cells: string[][];
      ranks: number[];
      more: boolean;
      week?: Leaderboard["week"];
      rounds?: number[];
    };
    const fetched: Promise<Fetched> =
      tab === "scenarios"
        ? fetchScenarioBoard(entry.id, page).then((answer) => ({
            ...cellsOf(answer, scenarioCells),
            week: answer.period === undefined ? null : { period: answer.period, seed: answer.seed ?? 0 },
            rounds: answer.rows.slice(0, PAGE_SIZE).map((r) => r.roundId),
          }))
        : fetchPuzzleBoard(entry.id, page).then((answer) => cellsOf(answer, puzzleCells));
    fetched.then(
      ({ cells, ranks, more, week, rounds }) => {
        if (!this.alive || seq !== this.request) return;
        this.week = week ?? null;
        this.rows = cells;
        this.rowRanks = ranks;
        this.rowRounds = rounds ?? [];
        this.hasNext = more;
        this.status = cells.length > 0 ? "ready" : "empty";
        this.renderBoard();
      },
      (error: unknown) => {
        if (!this.alive || seq !== this.request) return;
        this.status = "error";
        this.problem = error instanceof Error ? error.message : String(error);
        this.renderBoard();
      },
    );
  }

  private turn(step: number): void {
    if (this.status === "loading" || this.status === "idle") return;
    if (step < 0 && this.page === 0) return;
    if (step > 0 && !(this.status === "ready" && this.hasNext)) return;
    this.page += step;
    this.open();
  }

  private renderBoard(): void {
    this.boardLayer.removeAll(true);
    const add = <T extends Phaser.GameObjects.GameObject>(o: T): T => {
      this.boardLayer.add(o);
      return o;
    };
    const left = BOARD.x + 24;
    const entry = this.current();
    const puzzles = this.tab === "puzzles";
    const showRows = this.status === "ready";
    // The pager shows with rows (and on an emptied later page, to come back); otherwise it would only distract.
    const paging = showRows || (this.status === "empty" && this.page > 0);
    this.setEnabled(this.previous, t("leaderboard.prev"), paging && this.page > 0, paging);
    this.setEnabled(this.next, t("leaderboard.next"), showRows && this.hasNext, paging);
    const canPlay = !puzzles && entry !== undefined;
    this.setEnabled(this.playBoard, t("board.play"), canPlay, canPlay);
    this.setEnabled(this.practice, t("board.practice.button"), canPlay, canPlay);
    this.pageLabel.setText("");

    if (!entry) {
      // Nothing to choose: the list is loading, failed, or (puzzles not yet shipped) empty.
      const list = this.lists[this.tab];
      if (list === "loading") return;
      const key: MessageKey =
        list === "error"
          ? "leaderboard.listFailed"
          : puzzles
            ? "leaderboard.noPuzzlesBoard"
            : "leaderboard.noScenarios";
      this.drawNotice(add, t(key), list === "error" ? colors.danger : colors.text);
      return;
    }

    const title = add(
      this.add.text(left, BOARD.y + 16, entry.title, { ...textStyle(26, colors.text), fontStyle: "bold" }),
    );
    // A scenario's board leaves room for its play buttons on the right.
    clipToWidth(title, title.text, puzzles ? BOARD.w - 48 : BOARD.w - 48 - 420);
    // A scenario's board is its week's: every round on it played the same seed.
    if (!puzzles && this.week !== null)
      add(
        this.add.text(
          left,
          BOARD.y + 50,
          t("board.heading", { period: this.week.period, seed: this.week.seed }),
          { ...textStyle(14, colors.accent), fontStyle: "bold" },
        ),
      );
    add(
      this.add.text(
        left,
        puzzles ? BOARD.y + 52 : BOARD.y + 68,
        t(puzzles ? "leaderboard.puzzleRule" : "leaderboard.scenarioRule"),
        textStyle(13, colors.muted),
      ),
    );
    const columns = puzzles ? PUZZLE_COLUMNS : SCENARIO_COLUMNS;
    for (const column of columns) {
      const x = column.align === "right" ? column.left + column.width : column.left;
      const label = add(
        this.add
          .text(x, HEADER_Y, t(column.header), heading)
          .setLetterSpacing(1.5)
          .setOrigin(column.align === "right" ? 1 : 0, 0),
      );
      clipToWidth(label, label.text, column.width);
    }
    const g = add(this.add.graphics());
    g.lineStyle(2, colors.panelEdge, 1).lineBetween(
      BOARD.x + 16,
      ROWS_TOP - 6,
      BOARD.x + BOARD.w - 16,
      ROWS_TOP - 6,
    );

    if (this.status === "loading") {
      add(this.add.text(left, ROWS_TOP + 12, t("leaderboard.loading"), textStyle(16, colors.muted)));
      return;
    }
    if (this.status === "error") {
      const message = add(
        this.add.text(
          left,
          ROWS_TOP + 12,
          t("leaderboard.failed", { message: this.problem }),
          textStyle(16, colors.danger),
        ),
      );
      clipToWidth(message, message.text, BOARD.w - 48);
      return;
    }
    if (this.status === "empty") {
      const key: MessageKey =
        this.page > 0 ? "leaderboard.emptyPage" : puzzles ? "leaderboard.emptyPuzzle" : "leaderboard.empty";
      const detail = this.page === 0 && !puzzles ? t("leaderboard.emptyDetail") : "";
      this.drawNotice(add, t(key), colors.text, ROWS_TOP, detail);
      if (this.page > 0) this.pageLabel.setText(t("leaderboard.pageOnly", { page: this.page + 1 }));
      return;
    }

    // The rows, drawn as canvas text: a name like "<b>x</b>" shows as those very characters.
    this.shown = this.rows.map((cells, r) => {
      const y = ROWS_TOP + r * ROW_H;
      if (r % 2 === 1) g.fillStyle(colors.panelEdge, 0.35).fillRect(BOARD.x + 16, y, BOARD.w - 32, ROW_H);
      const rank = this.rowRanks[r] ?? 0;
      const podium = RANK_COLOR[rank];
      if (podium !== undefined) g.fillStyle(podium, 1).fillRect(BOARD.x + 16, y + 3, 3, ROW_H - 6);
      const roundId = this.rowRounds[r];
      if (!puzzles && roundId !== undefined)
        add(
          new Button(
            this,
            WATCH_X,
            y + ROW_H / 2,
            t("leaderboard.watch"),
            () => goTo(this, "Replay", { roundId }),
            {
              width: 72,
              height: ROW_H - 4,
              size: 10,
              style: "secondary",
            },
          ),
        );
      return cells.map((value, c) => {
        const column = columns[c]!;
        const x = column.align === "right" ? column.left + column.width : column.left;
        const style = cellStyle(puzzles, c, podium);
        const cell = add(
          this.add.text(x, y + ROW_H / 2, value, style).setOrigin(column.align === "right" ? 1 : 0, 0.5),
        );
        return clipToWidth(cell, cell.text, column.width);
      });
    });
    const from = this.page * PAGE_SIZE + 1;
    this.pageLabel.setText(
      t("leaderboard.page", { page: this.page + 1, from, to: from + this.rows.length - 1 }),
    );
  }

  private drawNotice(
    add: <T extends Phaser.GameObjects.GameObject>(o: T) => T,
    message: string,
    color: number,
    top = BOARD.y + 80,
    detail = "",
  ): void {
    const centreX = BOARD.x + BOARD.w / 2;
    const centreY = (top + PAGER_Y - 30) / 2;
    const g = add(this.add.graphics());
    g.fillStyle(colors.background, 0.45).fillRoundedRect(BOARD.x + 110, centreY - 84, BOARD.w - 220, 168, 16);
    g.lineStyle(2, colors.panelEdge, 1).strokeRoundedRect(
      BOARD.x + 110,
      centreY - 84,
      BOARD.w - 220,
      168,
      16,
    );
    // An empty podium: second, first, third.
    const base = centreY - 22;
    g.fillStyle(colors.panelEdge, 1).fillRoundedRect(centreX - 46, base - 20, 28, 20, 3);
    g.fillStyle(colors.accent, 1).fillRoundedRect(centreX - 14, base - 32, 28, 32, 3);
    g.fillStyle(colors.panelEdge, 1).fillRoundedRect(centreX + 18, base - 12, 28, 12, 3);
    const text = add(this.add.text(centreX, centreY + 8, message, textStyle(22, color)).setOrigin(0.5));
    clipToWidth(text, text.text, BOARD.w - 260);
    if (detail) {
      const note = add(
        this.add.text(centreX, centreY + 44, detail, textStyle(15, colors.muted)).setOrigin(0.5),
      );
      clipToWidth(note, note.text, BOARD.w - 260);
    }
  }

  /**
   * A solo round of the chosen scenario, under the name asked once: on this week's board seed (the
   * server's default), or practice on a seed the player gives, which does not rank.
   */
  private async playSolo(practice: boolean): Promise<void> {
    const entry = this.current();
    if (entry === undefined || this.tab !== "scenarios") return;
    const chosen: { name: string; seed?: number } | null = practice
      ? await practiceSeed()
      : await soloName().then((name) => (name === null ? null : { name }));
    if (chosen === null || !this.alive) return;
    const round = { scenario: entry.id, ...(chosen.seed === undefined ? {} : { seed: chosen.seed }) };
    connection()
      .playSolo(chosen.name, round)
      .then(
        () => goTo(this, "Incident"),
        (error: unknown) => {
          this.status = "error";
          this.problem = error instanceof Error ? error.message : String(error);
          this.renderBoard();
        },
      );
  }

  private setEnabled(button: Button, label: string, enabled: boolean, visible = true): void {
    button.setVisible(visible).setAlpha(enabled ? 1 : 0.3);
    if (enabled) {
      button.setInteractive({ useHandCursor: true });
      visibleButtons.set(label, { x: button.x, y: button.y });
    } else {
      button.emit("pointerout"); // one disabled under the pointer drops its hover look
      button.disableInteractive(true);
      visibleButtons.delete(label);
    }
  }

  private snapshot(): LeaderboardSeam {
    return {
      tab: this.tab,
      items: this.entries().map((e) => e.title),
      selected: this.entries().length > 0 ? this.chosen[this.tab] : -1,
      board: this.boardName(),
      page: this.page,
      status: this.status,
      rows: this.status === "ready" ? this.shown.map((r) => [...r]) : [],
      hasPrevious: this.page > 0,
      hasNext: this.status === "ready" && this.hasNext,
      week:
        this.tab === "scenarios" && this.week !== null
          ? t("board.heading", { period: this.week.period, seed: this.week.seed })
          : "",
    };
  }
}

// Formatting ---------------------------------------------------------------------

function cellsOf<Row extends { rank: number }>(
  answer: BoardPage<Row>,
  cells: (row: Row) => string[],
): { cells: string[][]; ranks: number[]; more: boolean } {
  const rows = answer.rows.slice(0, PAGE_SIZE);
  return { cells: rows.map(cells), ranks: rows.map((r) => r.rank), more: answer.rows.length > PAGE_SIZE };
}

function scenarioCells(row: ScenarioBoardRow): string[] {
  return [
    String(row.rank),
    oneLine(row.team),
    oneLine(row.members.join(", ")),
    row.timeToRecoveryMs === null ? t("leaderboard.notRecovered") : formatMinutes(row.timeToRecoveryMs),
    percent(row.errorBudgetLeft),
    String(row.actions),
    day(row.finishedAt),
  ];
}

function puzzleCells(row: PuzzleBoardRow): string[] {
  return [
    String(row.rank),
    oneLine(row.player),
    String(row.moves),
    formatMinutes(row.timeMs),
    day(row.finishedAt),
  ];
}

/** The text style of column `c`: names in the text colour, figures in mono, dates muted. */
function cellStyle(puzzles: boolean, c: number, podium: number | undefined) {
  if (c === 0) return { ...textStyle(15, podium ?? colors.muted, true), fontStyle: "bold" };
  if (c === 1) return { ...textStyle(16, colors.text), fontStyle: "bold" };
  const last = puzzles ? PUZZLE_COLUMNS.length - 1 : SCENARIO_COLUMNS.length - 1;
  if (c === last) return textStyle(14, colors.muted);
  if (!puzzles && c === 2) return textStyle(15, colors.muted);
  return textStyle(15, colors.text, true);
}

/** A fraction of the error budget as a percentage: 0.042 → "4.2%". */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

function day(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return new Intl.DateTimeFormat(language() === "ko" ? "ko-KR" : "en-US", { dateStyle: "medium" }).format(
    date,
  );
}

const LEVELS = new Set(["tutorial", "beginner", "intermediate", "advanced", "expert"]);

/** A puzzle's level in the player's language (an unknown one as the server spells it). */
function levelName(level: string): string {
  return LEVELS.has(level) ? t(`leaderboard.level.${level}` as MessageKey) : level;
}

/** Names are one line: any run of whitespace or control characters shows as a single space. */
function oneLine(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  return value.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
}
