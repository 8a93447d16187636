import { Decoder } from "@colyseus/schema";
import type { PodListMessage } from "../../shared/protocol/messages.ts";
import type { RoundReplay } from "../../shared/protocol/replay.ts";
import type { Milestone } from "../../shared/sim/world/milestones.ts";
import { IncidentState } from "../../shared/state/incidentState.ts";
import { fetchRound } from "../net/api.ts";
import { type ClusterView, toView } from "../net/connection.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";

/** Whether the replay reached the round's stored digest: not yet known, yes, or no. */
export type Integrity =
  | { readonly kind: "checking" }
  | { readonly kind: "verified"; readonly digest: string }
  | { readonly kind: "mismatch"; readonly digest: string; readonly refused: number }
  | {
      readonly kind: "unplayable";
      readonly why: "unknownScenario" | "otherVersion";
      readonly version: number;
    };

/**
 * A stored round being replayed by the worker, from the page's side: what the pass has reached,
 * the milestones it found, whether it verified, and the cluster at the moment asked, decoded as a
 * live round's state is and turned into the same ClusterView the incident screen draws.
 *
 * Frames go one at a time: while one is being made, only the latest moment asked waits (scrubbing
 * fast asks for many; the worker draws the last).
 */
export class ReplaySession {
  readonly replay: RoundReplay;
  reached = 0;
  readonly milestones: Milestone[] = [];
  integrity: Integrity = { kind: "checking" };
  /** The moment of the last frame shown, and how long the worker took to make it. */
  shownAt = -1;
  lastFrameMs = 0;
  private readonly worker: Worker;
  private readonly changeListeners = new Set<() => void>();
  private frameListener: ((view: ClusterView, t: number) => void) | undefined;
  private asking = false;
  private wanted: number | undefined;
  private nextId = 1;
  private readonly podAnswers = new Map<number, (list: PodListMessage) => void>();

  private constructor(replay: RoundReplay) {
    this.replay = replay;
    this.worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.heard(event.data);
    this.post({ type: "load", replay });
  }

  static async open(roundId: number): Promise<ReplaySession> {
    return new ReplaySession(await fetchRound(roundId));
  }

  /** Called on progress, on the verdict, on failure. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onFrame(listener: (view: ClusterView, t: number) => void): void {
    this.frameListener = listener;
  }

  /** Asks for the cluster at `t` (game ms); the frame arrives through onFrame. */
  show(t: number): void {
    const at = Math.max(0, Math.min(Math.round(t), this.replay.durationMs));
    if (this.asking) {
      this.wanted = at;
      return;
    }
    this.asking = true;
    this.post({ type: "frame", id: this.nextId++, t: at });
  }

  /** `kubectl get pods` on the replayed cluster at `t`. */
  listPods(t: number): Promise<PodListMessage> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.podAnswers.set(id, resolve);
      this.post({ type: "pods", id, t: Math.max(0, Math.min(Math.round(t), this.replay.durationMs)) });
    });
  }

  close(): void {
    this.worker.terminate();
    this.changeListeners.clear();
    this.frameListener = undefined;
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private heard(message: FromWorker): void {
    switch (message.type) {
      case "progress":
        this.reached = message.reached;
        this.milestones.push(...message.milestones);
        break;
      case "verified":
        this.integrity = message.matches
          ? { kind: "verified", digest: message.digest }
          : { kind: "mismatch", digest: message.digest, refused: message.refused };
        break;
      case "failed":
        this.integrity = { kind: "unplayable", why: message.why, version: message.version };
        break;
      case "pods":
        this.podAnswers.get(message.id)?.(message.list);
        this.podAnswers.delete(message.id);
        return;
      case "frame": {
        this.asking = false;
        this.lastFrameMs = message.ms;
        this.shownAt = message.t;
        const state = new IncidentState();
        new Decoder(state).decode(message.bytes);
        this.frameListener?.(toView(state, ""), message.t);
        const wanted = this.wanted;
        this.wanted = undefined;
        if (wanted !== undefined && wanted !== message.t) this.show(wanted);
        return;
      }
    }
    for (const listener of this.changeListeners) listener();
  }
}
