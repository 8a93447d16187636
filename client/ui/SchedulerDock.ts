import Phaser from "phaser";
import type { Command } from "../../shared/sim/commands.ts";
import { t } from "../i18n/index.ts";
import { type ClusterView, connection, type PodView, type ServerNotice } from "../net/connection.ts";
import { type Comparison, compare, evaluatePod, type PodEvaluation } from "../sched/local.ts";
import { seam, toPage } from "../testSeam.ts";
import { Button, makeFocusable } from "./Button.ts";
import type { ClusterMap, NodeMark } from "./ClusterMap.ts";
import type { DockPanel } from "./dock.ts";
import type { Rect } from "./layout.ts";
import { clip } from "./statusFormat.ts";
import { explain } from "./Tooltip.ts";
import { colors, css, textStyle } from "./theme.ts";

const PAD = 12;
const HEADER = 28;
const COLUMNS = 2;
const ROWS = 2;
const BLOCK_HEIGHT = 32;
const GAP = 6;
const PAGER_WIDTH = 32;
/** Pointer travel (px) below which a press on a pod is a click: it arms keyboard-style placing. */
const CLICK_SLOP = 6;
/** Characters of a filter's reason that fit on a node card's mark. */
const MARK_CHARS = 34;
/**
 * How often the verdicts are recomputed while a pod is held: each run rebuilds the scheduler's
 * cache from the view, about 20 ms for 500 nodes of 10 pods (measured in Node 24, warmed up).
 */
const REEVALUATE_MS = 1000;

/** A pod being placed: by a drag, or armed by a click or Enter and placed with the keyboard. */
interface Placing {
  readonly pod: PodView;
  readonly evaluation: PodEvaluation;
  readonly ghost: Phaser.GameObjects.Text | null;
  readonly start: { readonly x: number; readonly y: number } | null;
  /** When the verdicts were computed (scene time, ms). */
  readonly at: number;
}

/** The last placement and what the server answered. */
interface Placed {
  readonly pod: string;
  readonly node: string;
  readonly comparison: Comparison;
  answer: "waiting" | "bound" | { readonly refused: string };
}

/**
 * The scheduler's hand, in the dock: the pending pods as blocks (oldest first, four a page), the
 * switch that takes scheduling over from kube-scheduler and gives it back, and the placing itself.
 * While a pod is being placed every node on the map carries kube-scheduler's verdict, computed in
 * the browser with the simulation's own plugins (client/sched/local.ts): "✓ 71", "★ 87" for
 * kube-scheduler's pick, or "✗" and the rejecting filter's reason. A drop sends a bindPod, echoes
 * its kubectl equivalent, and compares the choice with kube-scheduler's; the server's answer is
 * the last word.
 */
export class SchedulerDock implements DockPanel {
  readonly title = t("sched.tab");
  private readonly root: Phaser.GameObjects.Container;
  private readonly heading: Phaser.GameObjects.Text;
  private readonly status: Phaser.GameObjects.Text;
  private header: Phaser.GameObjects.Container | undefined;
  private blocks: Phaser.GameObjects.Container | undefined;
  private headerKey = "";
  private blocksKey = "";
  private view: ClusterView | undefined;
  private visible = true;
  private takenOver = false;
  /** The deployment taken over, or null for every pending pod (takeOverScheduling with no names). */
  private scope: string | null = null;
  /** The timeline entry (take over or give back) last applied, so another player's switch shows here too. */
  private timelineKey = "";
  private page = 0;
  /** More than one page: the pager column narrows the blocks. */
  private paged = false;
  /** When each pending pod was first seen: the view has no creation time, so arrival order stands in. */
  private readonly seen = new Map<string, number>();
  private seenCount = 0;
  private placing: Placing | null = null;
  private placed: Placed | null = null;
  private readonly offNotice: () => void;

  private readonly scene: Phaser.Scene;
  private readonly rect: Rect;
  private readonly map: ClusterMap;
  /** Sends a command to the room and echoes its real command line in the console. */
  private readonly act: (command: Command) => void;

  constructor(scene: Phaser.Scene, rect: Rect, map: ClusterMap, act: (command: Command) => void) {
    this.scene = scene;
    this.rect = rect;
    this.map = map;
    this.act = act;
    this.heading = scene.add.text(rect.x + PAD, rect.y + 9, "", {
      ...textStyle(13, colors.accent, true),
      fontStyle: "bold",
    });
    this.status = scene.add.text(rect.x + PAD, this.statusTop, "", {
      ...textStyle(11, colors.muted),
      wordWrap: { width: rect.width - 2 * PAD },
      lineSpacing: 2,
      maxLines: 2,
    });
    explain(this.heading, () => t("tip.pending"));
    this.root = scene.add.container(0, 0, [this.heading, this.status]);
    this.offNotice = connection().onNotice((notice) => this.answer(notice));
    window.addEventListener("keydown", this.onKey, { capture: true });
    seam.podCenter = (name) => this.podCenter(name);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!visible) this.cancel();
    this.root.setVisible(visible);
    this.header?.setVisible(visible);
    this.blocks?.setVisible(visible);
  }

  update(view: ClusterView): void {
    this.view = view;
    this.followTimeline(view);
    const pods = this.pending(view);
    const pages = Math.max(1, Math.ceil(pods.length / (COLUMNS * ROWS)));
    this.page = Math.min(this.page, pages - 1);
    this.heading.setText(t("sched.pending", { n: pods.length }));
    this.drawHeader(pages);
    this.drawBlocks(pods.slice(this.page * COLUMNS * ROWS, (this.page + 1) * COLUMNS * ROWS));
    const placing = this.placing;
    // The pod being placed was bound or deleted meanwhile: nothing left to place.
    if (placing && !pods.some((p) => p.name === placing.pod.name)) this.cancel();
    else if (placing && this.scene.time.now - placing.at >= REEVALUATE_MS) {
      // The cluster moved on while the player hesitates: the marks follow it.
      const evaluation = evaluatePod(view, placing.pod);
      this.placing = { ...placing, evaluation, at: this.scene.time.now };
      this.map.setMarks(marksFor(evaluation));
    }
    this.showStatus(pods.length);
  }

  destroy(): void {
    this.cancel();
    this.offNotice();
    window.removeEventListener("keydown", this.onKey, { capture: true });
    seam.podCenter = () => null;
    this.header?.destroy();
    this.blocks?.destroy();
    this.root.destroy();
  }

  /** Whether a pod is being placed: a click on a node (the map's handler) then places it. */
  get armed(): boolean {
    return this.placing !== null;
  }

  /** Places the pod being placed on `node` (a drop, Enter, or a click on the map). */
  place(node: string): void {
    const placing = this.placing;
    if (!placing) return;
    const command: Command = { type: "bindPod", pod: placing.pod.name, node };
    this.act(command);
    this.placed = {
      pod: placing.pod.name,
      node,
      comparison: compare(placing.evaluation, node),
      answer: "waiting",
    };
    this.cancel();
    if (this.view) this.showStatus(this.pending(this.view).length);
  }

  // ——— The queue ———

  /** Unbound pods not being deleted, oldest first. */
  private pending(view: ClusterView): PodView[] {
    const pods = view.pods.filter((p) => p.nodeName === "" && p.reason !== "Terminating");
    for (const p of pods) if (!this.seen.has(p.name)) this.seen.set(p.name, this.seenCount++);
    const live = new Set(pods.map((p) => p.name));
    for (const name of this.seen.keys()) if (!live.has(name)) this.seen.delete(name);
    return pods.sort((a, b) => (this.seen.get(a.name) ?? 0) - (this.seen.get(b.name) ?? 0));
  }

  /** Whether the player, not kube-scheduler, places this pod. */
  private mine(pod: PodView): boolean {
    return this.takenOver && (this.scope === null || pod.deployment === this.scope);
  }

  /** A take-over or give-back by anyone (another scheduler player, or before a reload) shows here. */
  private followTimeline(view: ClusterView): void {
    const entry = view.timeline.findLast(
      (e) => e.accepted && (e.command === "takeOverScheduling" || e.command === "releaseScheduling"),
    );
    if (!entry) return;
    const key = `${entry.at}|${entry.player}|${entry.command}`;
    if (key === this.timelineKey) return;
    this.timelineKey = key;
    this.takenOver = entry.command === "takeOverScheduling";
  }

  private drawHeader(pages: number): void {
    const key = `${this.takenOver}|${this.scope}|${this.page}|${pages}`;
    if (key === this.headerKey) return;
    this.paged = pages > 1;
    this.headerKey = key;
    this.header?.destroy();
    const { x, y, width } = this.rect;
    const mid = y + 4 + 11;
    const small = { height: 22, size: 11, style: "secondary" as const };
    const right = x + width - PAD;
    const take = new Button(
      this.scene,
      right - 48,
      mid,
      t(this.takenOver ? "sched.giveBack" : "sched.takeOver"),
      () => this.toggleTakeOver(),
      { ...small, width: 96, style: this.takenOver ? "secondary" : "primary" },
    );
    const scope = new Button(
      this.scene,
      right - 96 - 6 - 55,
      mid,
      this.scope === null ? t("sched.scopeAll") : t("sched.scopeOne", { name: this.scope }),
      () => this.nextScope(),
      { ...small, width: 110 },
    );
    const objects: Phaser.GameObjects.GameObject[] = [take, scope];
    if (pages > 1) {
      // The pager: a column right of the blocks, ▲ page ▼.
      const cx = right - PAGER_WIDTH / 2;
      const top = this.rect.y + HEADER + 6;
      const rows = ROWS * BLOCK_HEIGHT + (ROWS - 1) * GAP;
      const arrow = { ...small, width: PAGER_WIDTH, height: 24 };
      objects.push(
        new Button(this.scene, cx, top + 12, "▲", () => this.turn(-1), arrow),
        this.scene.add
          .text(
            cx,
            top + rows / 2,
            t("sched.page", { page: this.page + 1, pages }),
            textStyle(10, colors.muted),
          )
          .setOrigin(0.5),
        new Button(this.scene, cx, top + rows - 12, "▼", () => this.turn(1), arrow),
      );
    }
    this.header = this.scene.add.container(0, 0, objects).setVisible(this.visible);
  }

  private drawBlocks(pods: readonly PodView[]): void {
    const key = `${this.paged}|${pods.map((p) => `${p.name}:${p.reason}:${this.mine(p)}`).join("|")}`;
    if (key === this.blocksKey) return;
    this.blocksKey = key;
    this.blocks?.destroy();
    this.blocks = this.scene.add.container(0, 0).setVisible(this.visible);
    for (const [i, pod] of pods.entries()) this.blocks.add(this.drawBlock(pod, i));
  }

  /** A pod: name, requests and why it waits; draggable when it is the player's to place. */
  private drawBlock(pod: PodView, index: number): Phaser.GameObjects.Container {
    const { x, y, width } = this.blockRect(index);
    const mine = this.mine(pod);
    const edge = mine ? colors.pending : colors.panelEdge;
    const plate = this.scene.add.graphics();
    const paint = (lit: boolean) =>
      plate
        .clear()
        .fillStyle(lit ? colors.panelEdge : colors.background, 1)
        .fillRoundedRect(0, 0, width, BLOCK_HEIGHT, 6)
        .lineStyle(2, edge, 1)
        .strokeRoundedRect(0, 0, width, BLOCK_HEIGHT, 6);
    paint(false);
    // 12 px monospace is about 7.3 px a character, 10 px about 6.1.
    const name = this.scene.add.text(8, 3, clipMiddle(pod.name, Math.floor((width - 14) / 7.3)), {
      ...textStyle(12, mine ? colors.text : colors.muted, true),
      fontStyle: "bold",
    });
    const why = mine ? pod.reason || pod.phase : t("sched.theirs");
    const detail = this.scene.add.text(
      8,
      18,
      clip(`${pod.cpuMilli}m · ${pod.memoryMiB}Mi · ${why}`, Math.floor((width - 14) / 6.1)),
      {
        ...textStyle(10, colors.muted, true),
      },
    );
    const block = this.scene.add.container(x, y, [plate, name, detail]).setSize(width, BLOCK_HEIGHT);
    if (!mine) return block;
    // A container's hit area is centred on its origin; the block draws from its top-left corner.
    block.setInteractive({
      hitArea: new Phaser.Geom.Rectangle(width / 2, BLOCK_HEIGHT / 2, width, BLOCK_HEIGHT),
      hitAreaCallback: Phaser.Geom.Rectangle.Contains,
      useHandCursor: true,
      draggable: true,
    });
    block
      .on("pointerover", () => paint(true))
      .on("pointerout", () => paint(false))
      .on("dragstart", (pointer: Phaser.Input.Pointer) => this.begin(pod, pointer))
      .on("drag", (pointer: Phaser.Input.Pointer) => this.drag(pointer))
      .on("dragend", (pointer: Phaser.Input.Pointer) => this.drop(pointer));
    makeFocusable({
      scene: this.scene,
      label: `pod:${pod.name}`,
      target: block,
      bounds: () => new Phaser.Geom.Rectangle(x, y, width, BLOCK_HEIGHT),
      activate: () => this.activate(pod),
      setFocused: paint,
    });
    return block;
  }

  private toggleTakeOver(): void {
    const command: Command = this.takenOver
      ? { type: "releaseScheduling" }
      : { type: "takeOverScheduling", deployments: this.scope === null ? [] : [this.scope] };
    this.act(command);
  }

  /** Cycles what a take-over covers: every pending pod, then each deployment in turn. */
  private nextScope(): void {
    const names = this.view?.deployments.map((d) => d.name) ?? [];
    const at = this.scope === null ? -1 : names.indexOf(this.scope);
    this.scope = at + 1 < names.length ? (names[at + 1] ?? null) : null;
    // Already in charge: the server's set of pods follows the new scope at once.
    if (this.takenOver) {
      const command: Command = {
        type: "takeOverScheduling",
        deployments: this.scope === null ? [] : [this.scope],
      };
      this.act(command);
    }
    this.headerKey = "";
    this.blocksKey = "";
    if (this.view) this.update(this.view);
  }

  private turn(step: number): void {
    this.page = Math.max(0, this.page + step);
    if (this.view) this.update(this.view);
  }

  // ——— Placing ———

  /** Every node's verdict for the pod, on the map; kube-scheduler's pick selected for the keyboard. */
  private begin(pod: PodView, pointer: Phaser.Input.Pointer | null): void {
    const view = this.view;
    if (!view) return;
    this.cancel();
    const evaluation = evaluatePod(view, pod);
    const ghost = pointer
      ? this.scene.add
          .text(pointer.x, pointer.y, pod.name, {
            ...textStyle(12, colors.background, true),
            fontStyle: "bold",
            backgroundColor: css(colors.pending),
            padding: { x: 8, y: 4 },
          })
          .setOrigin(0.5)
          .setDepth(40)
          .setAlpha(0.92)
      : null;
    this.placing = {
      pod,
      evaluation,
      ghost,
      start: pointer ? { x: pointer.x, y: pointer.y } : null,
      at: this.scene.time.now,
    };
    this.map.setMarks(marksFor(evaluation));
    this.map.select(evaluation.best ?? view.nodes[0]?.name ?? null);
    this.placed = null;
    this.showStatus(this.pending(view).length);
  }

  private drag(pointer: Phaser.Input.Pointer): void {
    const placing = this.placing;
    if (!placing) return;
    placing.ghost?.setPosition(pointer.x, pointer.y);
    const node = this.map.nodeAt(pointer.x, pointer.y);
    if (node !== null && node !== this.map.selected) this.map.select(node);
    this.showStatus(this.view ? this.pending(this.view).length : 0);
  }

  private drop(pointer: Phaser.Input.Pointer): void {
    const placing = this.placing;
    if (!placing) return;
    const node = this.map.nodeAt(pointer.x, pointer.y);
    if (node !== null) {
      this.place(node);
      return;
    }
    const start = placing.start;
    const moved = start ? Math.hypot(pointer.x - start.x, pointer.y - start.y) : 0;
    if (moved > CLICK_SLOP) {
      this.cancel();
      return;
    }
    // A click, not a drag: stay armed; a click on a node or Enter places the pod.
    placing.ghost?.destroy();
    this.placing = { ...placing, ghost: null, start: null };
    this.showStatus(this.view ? this.pending(this.view).length : 0);
  }

  /** Enter on a pod block: arms it; Enter again (the ring still on it) places it on the selected node. */
  private activate(pod: PodView): void {
    const selected = this.map.selected;
    if (this.placing?.pod.name === pod.name && selected !== null) {
      this.place(selected);
      return;
    }
    this.begin(pod, null);
  }

  private cancel(): void {
    if (!this.placing) return;
    this.placing.ghost?.destroy();
    this.placing = null;
    this.map.setMarks(new Map());
    if (this.view) this.showStatus(this.pending(this.view).length);
  }

  /**
   * While placing, the panel owns the arrows, Enter and Escape (the capture phase, ahead of the
   * map's and the scene's handlers), so Enter places the pod instead of opening the node's menu.
   */
  private readonly onKey = (event: KeyboardEvent): void => {
    if (!this.placing || !this.visible || event.defaultPrevented) return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    const step = ARROWS[event.key];
    if (step) this.moveSelection(step);
    else if (event.key === "Enter" || event.key === " ") {
      const node = this.map.selected;
      if (node !== null) this.place(node);
    } else if (event.key === "Escape") this.cancel();
    else return;
    event.preventDefault();
    event.stopImmediatePropagation();
  };

  /** The nearest drawn node in the arrow's direction (the cross-axis distance counts double). */
  private moveSelection([dx, dy]: readonly [number, number]): void {
    const map = this.map;
    const nodes = this.view?.nodes ?? [];
    const from = map.selected === null ? null : map.nodeBounds(map.selected);
    if (!from) {
      map.select(this.placing?.evaluation.best ?? nodes[0]?.name ?? null);
      this.showStatus(nodes.length);
      return;
    }
    let best: string | null = null;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const node of nodes) {
      const b = map.nodeBounds(node.name);
      if (!b || node.name === map.selected) continue;
      const along = (b.centerX - from.centerX) * dx + (b.centerY - from.centerY) * dy;
      if (along <= 0) continue;
      const across = Math.abs((b.centerX - from.centerX) * dy) + Math.abs((b.centerY - from.centerY) * dx);
      const cost = along + 2 * across;
      if (cost < bestCost) {
        bestCost = cost;
        best = node.name;
      }
    }
    if (best !== null) map.select(best);
    if (this.view) this.showStatus(this.pending(this.view).length);
  }

  // ——— What the panel says ———

  private showStatus(pendingCount: number): void {
    const [text, color] = this.statusLine(pendingCount);
    this.status.setText(text).setColor(css(color));
  }

  private statusLine(pendingCount: number): [string, number] {
    const placing = this.placing;
    if (placing) {
      const e = placing.evaluation;
      const fit = [...e.verdicts.values()].filter((v) => v.feasible).length;
      const head =
        e.best === null
          ? t("sched.placingNone", { summary: e.summary })
          : t("sched.placing", { fit, total: e.verdicts.size, best: e.best });
      const selected = this.map.selected;
      const verdict = selected === null ? undefined : e.verdicts.get(selected);
      const detail =
        verdict === undefined
          ? t("sched.keys")
          : verdict.feasible
            ? t("sched.hoverFit", { node: verdict.node, score: verdict.score ?? "—" })
            : t("sched.hoverNoFit", { node: verdict.node, plugin: verdict.plugin, reason: verdict.reason });
      return [`${head}\n${detail}`, verdict && !verdict.feasible ? colors.danger : colors.text];
    }
    if (this.placed) return placedLine(this.placed);
    if (pendingCount === 0) return [t("sched.empty"), colors.muted];
    return [t(this.takenOver ? "sched.ready" : "sched.idle"), colors.muted];
  }

  /** The server's word on the player's commands. */
  private answer(notice: ServerNotice): void {
    if (notice.kind === "error" && this.placed?.answer === "waiting") {
      // Refused before it reached the simulation (wrong phase, role, rate limit).
      this.placed.answer = { refused: notice.error.message };
    } else if (notice.kind === "result") {
      const { type, accepted, reason } = notice.result;
      if (accepted && type === "takeOverScheduling") this.takenOver = true;
      if (accepted && type === "releaseScheduling") this.takenOver = false;
      if (type === "bindPod" && this.placed?.answer === "waiting")
        this.placed.answer = accepted ? "bound" : { refused: reason ?? "" };
    } else return;
    // A hidden panel is brought up to date by the dock when it shows it.
    if (this.view && this.visible) this.update(this.view);
  }

  private get statusTop(): number {
    return this.rect.y + HEADER + 6 + ROWS * (BLOCK_HEIGHT + GAP) + 2;
  }

  /** Where a pod's block is, in page coordinates (for browser tests), or null off this page. */
  private podCenter(name: string): { x: number; y: number } | null {
    const view = this.view;
    if (!view || !this.visible) return null;
    const shown = this.pending(view).slice(this.page * COLUMNS * ROWS, (this.page + 1) * COLUMNS * ROWS);
    const index = shown.findIndex((p) => p.name === name);
    if (index < 0) return null;
    const { x, y, width } = this.blockRect(index);
    return toPage(x + width / 2, y + BLOCK_HEIGHT / 2);
  }

  /** Where the page's `index`-th block goes: two columns, narrowed when the pager takes the right edge. */
  private blockRect(index: number): { x: number; y: number; width: number } {
    const room = this.rect.width - 2 * PAD - (this.paged ? PAGER_WIDTH + GAP : 0);
    const width = (room - (COLUMNS - 1) * GAP) / COLUMNS;
    return {
      x: this.rect.x + PAD + (index % COLUMNS) * (width + GAP),
      y: this.rect.y + HEADER + 6 + Math.floor(index / COLUMNS) * (BLOCK_HEIGHT + GAP),
      width,
    };
  }
}

const ARROWS: Partial<Record<string, readonly [number, number]>> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** Each node's verdict as a mark on its card: shapes as well as colours, for colour-blind players. */
function marksFor(evaluation: PodEvaluation): Map<string, NodeMark> {
  const marks = new Map<string, NodeMark>();
  for (const v of evaluation.verdicts.values()) {
    const score = v.score === null ? "" : ` ${v.score}`;
    if (v.node === evaluation.best) marks.set(v.node, { color: colors.accent, label: `★${score}` });
    else if (v.feasible) marks.set(v.node, { color: colors.healthy, label: `✓${score}` });
    else marks.set(v.node, { color: colors.danger, label: `✗ ${clip(v.reason, MARK_CHARS)}` });
  }
  return marks;
}

/** The verdict after a drop: the comparison with kube-scheduler, then the server's answer. */
function placedLine(placed: Placed): [string, number] {
  const c = placed.comparison;
  const score = (s: number | null) => (s === null ? "—" : String(s));
  const first =
    c.kind === "same"
      ? t("sched.same", { node: c.node, score: score(c.score) })
      : c.kind === "tie"
        ? t("sched.tie", { node: c.node, score: score(c.score), best: c.best })
        : c.kind === "worse"
          ? t("sched.worse", {
              node: c.node,
              score: score(c.score),
              best: c.best,
              bestScore: score(c.bestScore),
            })
          : t("sched.infeasible", { node: c.node, reason: c.reason });
  if (placed.answer === "waiting") return [first, colors.text];
  if (placed.answer === "bound")
    return [`${first}\n${t("sched.bound", { pod: placed.pod, node: placed.node })}`, colors.healthy];
  const refused = t("sched.refused", { reason: placed.answer.refused });
  // The server's reason already says why the node does not fit: no need to say it twice.
  return [c.kind === "infeasible" ? refused : `${first}\n${refused}`, colors.danger];
}

/** A pod's name keeps its random suffix, which tells replicas apart: "web-kc8c…-9ds6z". */
function clipMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.min(6, Math.floor((max - 1) / 2));
  return `${text.slice(0, max - 1 - tail)}…${text.slice(-tail)}`;
}
