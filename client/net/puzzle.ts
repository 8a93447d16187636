import { Client, type Room } from "@colyseus/sdk";
import {
  type PuzzleHint,
  type PuzzleMessage,
  type PuzzleMessageType,
  type PuzzleRefusal,
  puzzleRoomName,
  puzzleServerMessages,
} from "../../shared/protocol/puzzle.ts";
import type { PuzzleState } from "../../shared/state/puzzleState.ts";
import { language } from "../i18n/index.ts";
import { serverEndpoint } from "./api.ts";

export { fetchPuzzles, type PuzzleListing } from "./api.ts";

/** A node of the puzzle as the scene draws it, with what the pods placed on it request. */
export interface PuzzleNodeView {
  readonly name: string;
  readonly zone: string;
  /** `key=value`, without the hostname and zone labels (every node has those). */
  readonly labels: readonly string[];
  /** `key=value:Effect` */
  readonly taints: readonly string[];
  readonly milliCPU: number;
  readonly memoryMiB: number;
  readonly maxPods: number;
  readonly unschedulable: boolean;
  /** Requests of the pods on it now (running and placed, not evicted). */
  readonly usedMilliCPU: number;
  readonly usedMemoryMiB: number;
  readonly podCount: number;
}

export interface PuzzlePodView {
  readonly name: string;
  readonly app: string;
  /** Its requests. */
  readonly milliCPU: number;
  readonly memoryMiB: number;
  /** Its limits; null where it sets none. */
  readonly limitMilliCPU: number | null;
  readonly limitMemoryMiB: number | null;
  readonly priority: number;
  /** Where it is: "" while pending (or evicted). */
  readonly node: string;
  /** Running before the puzzle began: not placed by the player, only evicted. */
  readonly running: boolean;
  readonly evicted: boolean;
  readonly constraints: readonly string[];
}

export interface PuzzleBudgetView {
  readonly name: string;
  readonly selector: string;
  readonly minAvailable: number;
  readonly running: number;
}

/** The puzzle room's state as plain data, in the current language. */
export interface PuzzleView {
  readonly player: string;
  readonly id: string;
  readonly order: number;
  readonly count: number;
  readonly level: string;
  readonly title: string;
  readonly lesson: string;
  readonly goal: string;
  readonly objective: string;
  readonly higherIsBetter: boolean;
  readonly nodes: readonly PuzzleNodeView[];
  readonly pods: readonly PuzzlePodView[];
  /** A drain puzzle's PodDisruptionBudgets, with how many of their pods run now. */
  readonly budgets: readonly PuzzleBudgetView[];
  readonly moves: number;
  readonly seconds: number;
  /** Finished: submitted (or at the optimum), graded and stored. */
  readonly complete: boolean;
  /** The objective is met: the player may submit or keep improving. */
  readonly ready: boolean;
  readonly value: number;
  readonly optimum: number;
  readonly baseline: number;
  readonly baselineComplete: boolean;
  readonly stars: number;
  readonly problems: readonly string[];
  readonly bestStars: number;
  readonly resultId: number;
}

/** A player's record on one puzzle, as GET /api/puzzles/progress/:player answers. */
export interface PuzzleProgress {
  readonly puzzleId: string;
  readonly stars: number;
  readonly moves: number;
}

export type { PuzzleHint, PuzzleRefusal };

/** The player's best stars per puzzle; none when the server cannot say. */
export async function fetchPuzzleProgress(player: string): Promise<PuzzleProgress[]> {
  const response = await fetch(`${serverEndpoint()}/api/puzzles/progress/${encodeURIComponent(player)}`, {
    headers: { accept: "application/json" },
  });
  if (!response.ok) return [];
  const body: unknown = await response.json();
  if (!Array.isArray(body)) return [];
  return body
    .filter((p): p is Record<string, unknown> => typeof p === "object" && p !== null)
    .map((p) => ({
      puzzleId: String(p.puzzleId ?? ""),
      stars: typeof p.stars === "number" ? p.stars : 0,
      moves: typeof p.moves === "number" ? p.moves : 0,
    }));
}

/** One puzzle room at a time, shared by the puzzle scenes. */
export const puzzleConnection = (): PuzzleConnection => {
  sharedPuzzle ??= new PuzzleConnection();
  return sharedPuzzle;
};
let sharedPuzzle: PuzzleConnection | undefined;

/**
 * The network adapter of the solo puzzles: joins a puzzle room, turns its state into plain
 * views, and sends the player's moves. Scenes never touch Colyseus.
 */
export class PuzzleConnection {
  private room: Room | undefined;
  private readonly viewListeners = new Set<(view: PuzzleView) => void>();
  private readonly refusalListeners = new Set<(refusal: PuzzleRefusal) => void>();
  private readonly hintListeners = new Set<(hint: PuzzleHint) => void>();
  latest: PuzzleView | undefined;

  get inRoom(): boolean {
    return this.room !== undefined;
  }

  /** Opens a puzzle room for `name` on `puzzle` (their first unsolved one when left out). */
  async join(name: string, puzzle?: string): Promise<void> {
    await this.leave();
    this.latest = undefined;
    const room = await new Client(serverEndpoint()).create(puzzleRoomName, {
      name,
      ...(puzzle === undefined ? {} : { puzzle }),
    });
    this.room = room;
    room.onStateChange((state: PuzzleState) => {
      this.latest = toPuzzleView(state);
      for (const listener of this.viewListeners) listener(this.latest);
    });
    room.onMessage(puzzleServerMessages.refused, (refusal: PuzzleRefusal) => {
      for (const listener of this.refusalListeners) listener(refusal);
    });
    room.onMessage(puzzleServerMessages.hint, (hint: PuzzleHint) => {
      for (const listener of this.hintListeners) listener(hint);
    });
    room.onLeave(() => {
      if (this.room === room) this.room = undefined;
    });
  }

  place(pod: string, node: string): void {
    this.send("place", { pod, node });
  }

  unplace(pod: string): void {
    this.send("unplace", { pod });
  }

  evict(pod: string): void {
    this.send("evict", { pod });
  }

  undo(): void {
    this.send("undo", {});
  }

  reset(): void {
    this.send("reset", {});
  }

  /** Finishes with the answer on the board (the objective is met). */
  submit(): void {
    this.send("submit", {});
  }

  hint(pod: string, node: string): void {
    this.send("hint", { pod, node });
  }

  /** Opens another puzzle in the same room. */
  open(puzzle: string): void {
    this.send("open", { puzzle });
  }

  onView(listener: (view: PuzzleView) => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  onRefused(listener: (refusal: PuzzleRefusal) => void): () => void {
    this.refusalListeners.add(listener);
    return () => this.refusalListeners.delete(listener);
  }

  onHint(listener: (hint: PuzzleHint) => void): () => void {
    this.hintListeners.add(listener);
    return () => this.hintListeners.delete(listener);
  }

  async leave(): Promise<void> {
    const room = this.room;
    this.room = undefined;
    this.latest = undefined;
    if (room) await room.leave().catch(() => undefined);
  }

  private send<T extends PuzzleMessageType>(type: T, message: PuzzleMessage<T>): void {
    this.room?.send(type, message);
  }
}

const HIDDEN_LABELS = ["kubernetes.io/hostname=", "topology.kubernetes.io/zone="];

function splitList(list: string): string[] {
  return list
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function toPuzzleView(state: PuzzleState): PuzzleView {
  const korean = language() === "ko";
  const pods: PuzzlePodView[] = [];
  state.pods.forEach((p) => {
    pods.push({
      name: p.name,
      app: p.app,
      milliCPU: p.milliCPU,
      memoryMiB: p.memoryMiB,
      limitMilliCPU: p.limitMilliCPU === 0 ? null : p.limitMilliCPU,
      limitMemoryMiB: p.limitMemoryMiB === 0 ? null : p.limitMemoryMiB,
      priority: p.priority,
      node: p.node,
      running: p.running,
      evicted: p.evicted,
      constraints: splitList(p.constraints),
    });
  });
  const nodes: PuzzleNodeView[] = [];
  state.nodes.forEach((n) => {
    const on = pods.filter((p) => p.node === n.name && !p.evicted);
    nodes.push({
      name: n.name,
      zone: n.zone,
      labels: splitList(n.labels).filter((l) => !HIDDEN_LABELS.some((h) => l.startsWith(h))),
      taints: splitList(n.taints),
      milliCPU: n.milliCPU,
      memoryMiB: n.memoryMiB,
      maxPods: n.maxPods,
      unschedulable: n.unschedulable,
      usedMilliCPU: on.reduce((sum, p) => sum + p.milliCPU, 0),
      usedMemoryMiB: on.reduce((sum, p) => sum + p.memoryMiB, 0),
      podCount: on.length,
    });
  });
  return {
    player: state.player,
    id: state.puzzleId,
    order: state.order,
    count: state.count,
    level: state.level,
    title: (korean && state.titleKo) || state.titleEn,
    lesson: (korean && state.lessonKo) || state.lessonEn,
    goal: (korean && state.goalKo) || state.goalEn,
    objective: state.objective,
    higherIsBetter: state.higherIsBetter,
    nodes,
    pods,
    budgets: state.budgets.map((b) => ({
      name: b.name,
      selector: b.selector,
      minAvailable: b.minAvailable,
      running: b.running,
    })),
    moves: state.moves,
    seconds: state.seconds,
    complete: state.complete,
    ready: state.ready,
    value: state.value,
    optimum: state.optimum,
    baseline: state.baseline,
    baselineComplete: state.baselineComplete,
    stars: state.stars,
    problems: state.problems.split("\n").filter((line) => line.trim().length > 0),
    bestStars: state.bestStars,
    resultId: state.resultId,
  };
}
