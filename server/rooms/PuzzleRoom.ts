import { type Client, Room, ServerError } from "@colyseus/core";
import { describeIssue } from "../../shared/protocol/messages.ts";
import {
  isPuzzleMessageType,
  type PuzzleHint,
  type PuzzleMessage,
  type PuzzleMessageType,
  type PuzzleRefusal,
  puzzleJoinOptions,
  puzzleMessages,
  puzzleServerMessages,
} from "../../shared/protocol/puzzle.ts";
import { budgetStatus, higherIsBetter, hint, type Puzzle } from "../../shared/puzzle/index.ts";
import { type PuzzleMove, PuzzleSession } from "../../shared/puzzle/session.ts";
import type { ContainerLimits } from "../../shared/sim/kubelet/qos.ts";
import type { Pod } from "../../shared/sim/scheduler/types.ts";
import {
  PuzzleBudgetState,
  PuzzleNodeState,
  PuzzlePodState,
  PuzzleState,
} from "../../shared/state/puzzleState.ts";
import { SEAT_RESERVATION_SECONDS } from "../limits.ts";
import { log } from "../log.ts";
import type { Store } from "../store/index.ts";
import { roomClosed, roomOpened } from "./census.ts";
import { findPuzzle, puzzleCatalog } from "./puzzleCatalog.ts";

const MiB = 1024 * 1024;
/** The same per-client message limit as an incident room: puzzles need far fewer. */
const MAX_MESSAGES_PER_SECOND = 20;

/**
 * Solo puzzle play, server-authoritative: the player asks to place, move, take back or evict pods;
 * the room checks each move with kube-scheduler's own filters (refused with their reason), counts
 * moves, grades the placement against the proven optimum and kube-scheduler's greedy result, and
 * stores a solved puzzle under the player's name (their progress and the puzzle's board).
 */
export class PuzzleRoom extends Room<{ state: PuzzleState }> {
  override maxClients = 1;
  override maxMessagesPerSecond = MAX_MESSAGES_PER_SECOND;
  override seatReservationTimeout = SEAT_RESERVATION_SECONDS;
  override state = new PuzzleState();
  /** Where solved puzzles are stored; the server sets it (createGameServer). */
  store: Store | undefined;
  /** The puzzle open, its placements and their moves (shared/puzzle/session.ts). */
  private session!: PuzzleSession;
  private openedAt = 0;
  private stored = false;

  /** Before the seat is reserved: a display name, and a puzzle id if one is asked for. */
  static override async onAuth(_token: string, options: unknown): Promise<true> {
    const parsed = puzzleJoinOptions.safeParse(options ?? {});
    if (!parsed.success) throw new ServerError(400, `cannot join: ${describeIssue(parsed.error)}`);
    return true;
  }

  override async onCreate(): Promise<void> {
    roomOpened();
    await this.setPrivate(true);
    this.onMessage("*", (client, type, message) => this.receive(client, type, message));
    this.clock.setInterval(() => {
      if (!this.state.complete) this.state.seconds = Math.floor((Date.now() - this.openedAt) / 1000);
    }, 1000);
  }

  override async onJoin(_client: Client, options: unknown): Promise<void> {
    const parsed = puzzleJoinOptions.safeParse(options ?? {});
    if (!parsed.success) throw new Error(`cannot join: ${describeIssue(parsed.error)}`);
    this.state.player = parsed.data.name;
    const progress = (await this.store?.puzzleProgress(parsed.data.name)) ?? [];
    const solved = new Set(progress.filter((p) => p.stars > 0).map((p) => p.puzzleId));
    const chosen = parsed.data.puzzle === undefined ? undefined : findPuzzle(parsed.data.puzzle);
    if (parsed.data.puzzle !== undefined && chosen === undefined)
      throw new Error(`cannot join: no puzzle "${parsed.data.puzzle}"`);
    const first = chosen ?? puzzleCatalog.find((p) => !solved.has(p.id)) ?? puzzleCatalog[0];
    if (first === undefined) throw new Error("no puzzles on this server");
    await this.open(first);
  }

  override onDispose(): void {
    roomClosed();
  }

  private receive(client: Client, type: string | number, message: unknown): void {
    if (!isPuzzleMessageType(type)) {
      this.refuse(client, String(type), `unknown message type "${String(type)}"`);
      return;
    }
    const parsed = puzzleMessages[type].safeParse(message);
    if (!parsed.success) {
      this.refuse(client, type, describeIssue(parsed.error));
      return;
    }
    const refusal = this.act(client, type, parsed.data as PuzzleMessage<PuzzleMessageType>);
    if (refusal !== null) this.refuse(client, type, refusal);
  }

  /** Carries out one message; returns why not (and changes nothing) when it cannot. */
  private act<T extends PuzzleMessageType>(
    client: Client,
    type: T,
    message: PuzzleMessage<T>,
  ): string | null {
    if (type === "hint") {
      const { pod, node } = message as PuzzleMessage<"hint">;
      const answer = hint(this.session.puzzle, this.session.placements, pod, node);
      if (typeof answer === "string") return answer;
      client.send(puzzleServerMessages.hint, answer satisfies PuzzleHint);
      return null;
    }
    if (type === "open") {
      const { puzzle } = message as PuzzleMessage<"open">;
      const next = findPuzzle(puzzle);
      if (next === undefined) return `no puzzle "${puzzle}"`;
      void this.open(next);
      return null;
    }
    const refusal = this.session.apply({ type, ...message } as PuzzleMove);
    if (refusal !== null) return refusal;
    if (type === "reset") {
      this.stored = false;
      this.openedAt = Date.now();
      this.state.resultId = 0;
    }
    this.project();
    return null;
  }

  private async open(puzzle: Puzzle): Promise<void> {
    this.session = new PuzzleSession(puzzle);
    this.stored = false;
    this.openedAt = Date.now();
    const s = this.state;
    s.puzzleId = puzzle.id;
    s.order = puzzleCatalog.indexOf(puzzle) + 1;
    s.count = puzzleCatalog.length;
    s.level = puzzle.level;
    s.titleEn = puzzle.title.en;
    s.titleKo = puzzle.title.ko;
    s.lessonEn = puzzle.lesson.en;
    s.lessonKo = puzzle.lesson.ko;
    s.goalEn = puzzle.goal.en;
    s.goalKo = puzzle.goal.ko;
    s.objective = puzzle.objective.kind;
    s.higherIsBetter = higherIsBetter(puzzle.objective.kind);
    s.moves = 0;
    s.seconds = 0;
    s.resultId = 0;
    s.nodes.clear();
    for (const node of puzzle.nodes) {
      const view = new PuzzleNodeState();
      view.name = node.name;
      view.zone = node.labels["topology.kubernetes.io/zone"] ?? "";
      view.labels = Object.entries(node.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
      view.taints = node.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`).join(",");
      view.milliCPU = node.allocatable.milliCPU;
      view.memoryMiB = Math.round(node.allocatable.memory / MiB);
      view.maxPods = node.allocatable.pods;
      view.unschedulable = node.unschedulable;
      s.nodes.push(view);
    }
    s.pods.clear();
    for (const [pod, running] of [
      ...puzzle.running.map((p) => [p, true] as const),
      ...puzzle.pending.map((p) => [p, false] as const),
    ]) {
      const view = new PuzzlePodState();
      view.name = pod.name;
      view.app = pod.labels.app ?? "";
      view.milliCPU = pod.requests.milliCPU;
      view.memoryMiB = Math.round(pod.requests.memory / MiB);
      view.limitMilliCPU = podLimit(pod, (l) => l.milliCPU);
      view.limitMemoryMiB = Math.round(podLimit(pod, (l) => l.memoryBytes) / MiB);
      view.priority = pod.priority;
      view.running = running;
      view.node = running ? pod.nodeName : "";
      view.constraints = [
        ...pod.tolerations.map((t) => `tolerates ${t.key || "*"}${t.effect ? `:${t.effect}` : ""}`),
        ...Object.entries(pod.nodeSelector).map(([k, v]) => `nodeSelector ${k}=${v}`),
        ...(pod.topologySpreadConstraints.length > 0 ? ["topologySpread"] : []),
        ...(pod.affinity.podAntiAffinity ? ["podAntiAffinity"] : []),
        ...(pod.affinity.podAffinity ? ["podAffinity"] : []),
        ...(pod.affinity.nodeAffinity ? ["nodeAffinity"] : []),
      ].join(", ");
      s.pods.push(view);
    }
    s.budgets.clear();
    for (const pdb of budgetStatus(puzzle, new Map())) {
      const view = new PuzzleBudgetState();
      view.name = pdb.name;
      view.selector = pdb.selector;
      view.minAvailable = pdb.minAvailable;
      s.budgets.push(view);
    }
    const progress = (await this.store?.puzzleProgress(s.player)) ?? [];
    s.bestStars = progress.find((p) => p.puzzleId === puzzle.id)?.stars ?? 0;
    this.project();
    log.info(JSON.stringify({ event: "puzzle.opened", room: this.roomId, puzzle: puzzle.id }));
  }

  /** Where every pod stands, and the grade of the placement so far; a newly solved puzzle is stored. */
  private project(): void {
    const s = this.state;
    const { puzzle, placements, moves, status } = this.session;
    for (const view of s.pods) {
      const at = placements.get(view.name);
      view.evicted = view.running && at === null;
      view.node = view.running
        ? at === null
          ? ""
          : (puzzle.running.find((p) => p.name === view.name)?.nodeName ?? "")
        : (at ?? "");
    }
    for (const [i, pdb] of budgetStatus(puzzle, placements).entries()) {
      const view = s.budgets.at(i);
      if (view) view.running = pdb.running;
    }
    const g = status.grade;
    // Met, the objective can still be bettered (a drain placing more pods): the player submits when
    // done; an answer at the proven optimum cannot be bettered and finishes at once.
    s.moves = moves;
    s.ready = status.ready;
    s.complete = status.complete;
    s.value = g.value;
    s.optimum = g.optimum;
    s.baseline = g.baseline.value;
    s.baselineComplete = g.baseline.complete;
    s.stars = s.ready ? g.stars : 0;
    s.problems = g.problems.join("\n");
    if (s.complete && !this.stored) {
      this.stored = true;
      s.bestStars = Math.max(s.bestStars, s.stars);
      void this.save(s.stars);
    }
  }

  private async save(stars: number): Promise<void> {
    if (this.store === undefined || stars < 1) return;
    try {
      this.state.resultId = await this.store.savePuzzle({
        puzzleId: this.session.puzzle.id,
        puzzleVersion: this.session.puzzle.version,
        player: this.state.player,
        stars,
        moves: this.state.moves,
        timeMs: Date.now() - this.openedAt,
        finishedAt: new Date(),
      });
      log.info(
        JSON.stringify({ event: "puzzle.solved", room: this.roomId, puzzle: this.session.puzzle.id, stars }),
      );
    } catch (error) {
      log.warn(JSON.stringify({ event: "puzzle.store_failed", room: this.roomId, error: String(error) }));
    }
  }

  private refuse(client: Client, type: string, message: string): void {
    const refusal: PuzzleRefusal = { type, message };
    client.send(puzzleServerMessages.refused, refusal);
  }
}

/** The pod's limit of one resource, summed over its containers; 0 when one of them sets none. */
function podLimit(pod: Pod, of: (limits: ContainerLimits) => number | null): number {
  let sum = 0;
  for (const c of pod.containers) {
    const limit = of(c.limits);
    if (limit === null) return 0;
    sum += limit;
  }
  return sum;
}
