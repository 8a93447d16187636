import type Phaser from "phaser";
import { type PuzzleHint, type PuzzleView, puzzleConnection } from "../../net/puzzle.ts";
import type { PuzzleScreenSession } from "./session.ts";

/** Fewest milliseconds between two hints asked while dragging. */
const HINT_INTERVAL_MS = 300;

/**
 * Asks the room what kube-scheduler says about a pod on a node: the one the player looks at (at
 * most one request every HINT_INTERVAL_MS while dragging), or, for the HINT button, every node.
 * The answers land in the session; `changed` redraws what shows them.
 */
export class HintDesk {
  private readonly scene: Phaser.Scene;
  private readonly session: PuzzleScreenSession;
  private readonly changed: () => void;
  private lastAt = 0;
  private timer: Phaser.Time.TimerEvent | undefined;

  constructor(scene: Phaser.Scene, session: PuzzleScreenSession, changed: () => void) {
    this.scene = scene;
    this.session = session;
    this.changed = changed;
  }

  /** Asks for one pod on one node. */
  ask(pod: string, node: string): void {
    const s = this.session;
    s.hintsAll = "";
    s.hintWanted = `${pod}@${node}`;
    this.changed();
    if (s.hints.has(s.hintWanted)) return;
    const wait = this.lastAt + HINT_INTERVAL_MS - this.scene.time.now;
    if (wait <= 0) this.sendWanted();
    else if (!this.timer || this.timer.hasDispatched) {
      this.timer = this.scene.time.delayedCall(wait, () => this.sendWanted());
    }
  }

  private sendWanted(): void {
    const [pod, node] = this.session.hintWanted.split("@");
    if (!pod || !node || this.session.hints.has(this.session.hintWanted)) return;
    this.lastAt = this.scene.time.now;
    puzzleConnection().hint(pod, node);
  }

  /** The HINT button: the chosen (or first waiting) pod, chosen by `select`, on every node. */
  all(select: (pod: string) => void): void {
    const s = this.session;
    const view = s.view;
    if (!view) return;
    const chosen = view.pods.find((p) => p.name === s.selectedPod && !p.running);
    const pod =
      chosen ?? view.pods.find((p) => !p.running && p.node === "") ?? view.pods.find((p) => !p.running);
    if (!pod) return;
    select(pod.name);
    s.hintWanted = "";
    s.hintsAll = pod.name;
    this.lastAt = this.scene.time.now;
    for (const node of view.nodes)
      if (!s.hints.has(`${pod.name}@${node.name}`)) puzzleConnection().hint(pod.name, node.name);
    this.changed();
  }

  received(hint: PuzzleHint): void {
    this.session.hints.set(`${hint.pod}@${hint.node}`, hint);
    this.changed();
  }

  /** The pods moved: the answers were about the placement before; ask again about what the player was looking at. */
  placementChanged(view: PuzzleView, select: (pod: string) => void): void {
    const s = this.session;
    s.hints.clear();
    const [pod = "", node = ""] = s.hintWanted.split("@");
    if (view.complete) {
      s.hintWanted = "";
      s.hintsAll = "";
    } else if (s.hintsAll !== "") this.all(select);
    else if (pod !== "" && node !== "") this.ask(pod, node);
  }

  destroy(): void {
    this.timer?.remove();
  }
}
