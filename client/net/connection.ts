import { Client, type Room } from "@colyseus/sdk";
import {
  type ClientMessage,
  type ClientMessageType,
  type CommandResultMessage,
  type ErrorMessage,
  ROLES,
  type Role,
  roomNames,
  serverMessageTypes,
} from "../../shared/protocol/messages.ts";
import type { IncidentState } from "../../shared/state/incidentState.ts";

/** The replicated state as plain data: what scenes draw. */
export interface ClusterView {
  readonly me: string;
  readonly joinCode: string;
  readonly phase: "lobby" | "briefing" | "live" | "debrief";
  readonly paused: boolean;
  readonly speed: number;
  readonly round: number;
  readonly timeLimitMs: number;
  readonly facilitator: string;
  readonly rolesLocked: boolean;
  readonly players: readonly PlayerView[];
  readonly scenarioTitle: string;
  readonly briefing: string;
  readonly seed: number;
  readonly tick: number;
  readonly timeMs: number;
  readonly nodes: readonly NodeView[];
  readonly pods: readonly PodView[];
  readonly events: readonly EventView[];
  readonly timeline: readonly TimelineView[];
}

export interface TimelineView {
  readonly at: number;
  readonly player: string;
  readonly command: string;
  readonly node: string;
  readonly accepted: boolean;
  readonly reason: string;
}

export interface PlayerView {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly connected: boolean;
  readonly spectator: boolean;
}

export interface NodeView {
  readonly name: string;
  readonly zone: string;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly podCapacity: number;
  readonly cpuRequestedMilli: number;
  readonly memoryRequestedMiB: number;
  readonly podCount: number;
  readonly unschedulable: boolean;
}

export interface PodView {
  readonly name: string;
  readonly nodeName: string;
  readonly phase: string;
}

export interface EventView {
  readonly time: number;
  readonly type: string;
  readonly reason: string;
  readonly object: string;
  readonly message: string;
}

export type ServerNotice =
  | { kind: "error"; error: ErrorMessage }
  | { kind: "result"; result: CommandResultMessage };

const RECONNECT_KEY = "clusterCrisis.reconnectionToken";

/** One connection for the whole game, shared by the scenes. */
export const connection = (): GameConnection => {
  shared ??= new GameConnection();
  return shared;
};
let shared: GameConnection | undefined;

/**
 * The network adapter: joins the incident room, turns replicated-state patches
 * into plain views for the scenes, and sends intents. Scenes never touch Colyseus.
 */
export class GameConnection {
  private room: Room | undefined;
  private readonly viewListeners = new Set<(view: ClusterView) => void>();
  private readonly noticeListeners = new Set<(notice: ServerNotice) => void>();
  latest: ClusterView | undefined;

  /** Starts a solo game: this player holds every role and the round is live at once. */
  async playSolo(name: string): Promise<void> {
    this.attach(await new Client(serverEndpoint()).create(roomNames.incident, { solo: true, name }));
  }

  /** Opens a workshop: this player facilitates; others join with its code. */
  async host(name: string): Promise<void> {
    this.attach(await new Client(serverEndpoint()).create(roomNames.incident, { name }));
  }

  /** Joins a workshop by its code (already normalized), as a player or a read-only spectator. */
  async joinByCode(code: string, name: string, spectate = false): Promise<void> {
    this.attach(
      await new Client(serverEndpoint()).joinById(code, { name, ...(spectate ? { spectate } : {}) }),
    );
  }

  get inRoom(): boolean {
    return this.room !== undefined;
  }

  /**
   * After a page reload: takes back this tab's seat if the workshop still keeps it
   * (the server holds a dropped seat for 30 s). Resolves false when there is none.
   */
  async resume(): Promise<boolean> {
    const token = sessionStorage.getItem(RECONNECT_KEY);
    if (!token) return false;
    try {
      this.attach(await new Client(serverEndpoint()).reconnect(token));
      return true;
    } catch {
      sessionStorage.removeItem(RECONNECT_KEY);
      return false;
    }
  }

  private attach(room: Room): void {
    this.room = room;
    sessionStorage.setItem(RECONNECT_KEY, room.reconnectionToken);
    room.onStateChange((state: IncidentState) => {
      this.latest = toView(state, room.sessionId);
      for (const listener of this.viewListeners) listener(this.latest);
    });
    room.onMessage(serverMessageTypes.error, (error: ErrorMessage) => this.notify({ kind: "error", error }));
    room.onMessage(serverMessageTypes.commandResult, (result: CommandResultMessage) =>
      this.notify({ kind: "result", result }),
    );
  }

  send<T extends ClientMessageType>(type: T, message: ClientMessage<T>): void {
    this.room?.send(type, message);
  }

  onView(listener: (view: ClusterView) => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  onNotice(listener: (notice: ServerNotice) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  async leave(): Promise<void> {
    sessionStorage.removeItem(RECONNECT_KEY);
    await this.room?.leave();
    this.room = undefined;
  }

  private notify(notice: ServerNotice): void {
    for (const listener of this.noticeListeners) listener(notice);
  }
}

/** Same origin in production; the game server's port when served by Vite's dev server. */
function serverEndpoint(): string {
  const { protocol, hostname, port } = window.location;
  const devServer = port === "5173";
  return `${protocol}//${hostname}${devServer ? ":2567" : port ? `:${port}` : ""}`;
}

function toView(state: IncidentState, me: string): ClusterView {
  const nodes: NodeView[] = [];
  state.nodes.forEach((n) => {
    nodes.push({
      name: n.name,
      zone: n.zone,
      cpuMilli: n.cpuMilli,
      memoryMiB: n.memoryMiB,
      podCapacity: n.podCapacity,
      cpuRequestedMilli: n.cpuRequestedMilli,
      memoryRequestedMiB: n.memoryRequestedMiB,
      podCount: n.podCount,
      unschedulable: n.unschedulable,
    });
  });
  const pods: PodView[] = [];
  state.pods.forEach((p) => {
    pods.push({ name: p.name, nodeName: p.nodeName, phase: p.phase });
  });
  const events = state.events.map((e) => ({
    time: e.time,
    type: e.type,
    reason: e.reason,
    object: e.object,
    message: e.message,
  }));
  const players: PlayerView[] = [];
  state.players.forEach((p, id) => {
    players.push({
      id,
      name: p.name,
      roles: ROLES.filter((r) => p[r]),
      connected: p.connected,
      spectator: p.spectator,
    });
  });
  nodes.sort((a, b) => a.name.localeCompare(b.name));
  pods.sort((a, b) => a.name.localeCompare(b.name));
  return {
    me,
    joinCode: state.joinCode,
    phase: state.phase,
    paused: state.paused,
    speed: state.speed,
    round: state.round,
    timeLimitMs: state.timeLimitMs,
    facilitator: state.facilitator,
    rolesLocked: state.rolesLocked,
    players,
    scenarioTitle: state.scenarioTitle,
    briefing: state.briefing,
    seed: state.seed,
    tick: state.tick,
    timeMs: state.timeMs,
    nodes,
    pods,
    events,
    timeline: state.timeline.map((e) => ({
      at: e.at,
      player: e.player,
      command: e.command,
      node: e.node,
      accepted: e.accepted,
      reason: e.reason,
    })),
  };
}
