import { type Client, Room } from "@colyseus/core";
import {
  type ClientMessage,
  type ClusterCommandType,
  type CommandResultMessage,
  clientMessages,
  type ErrorMessage,
  isClientMessageType,
  isClusterCommandType,
  type JoinOptions,
  joinOptions,
  MAX_MESSAGE_BYTES,
  ROLES,
  type RoundControlType,
  serverMessageTypes,
} from "../../shared/protocol/messages.ts";
import firstLight from "../../shared/scenarios/first-light.json" with { type: "json" };
import { type LoggedCommand, parseScenario, Simulation } from "../../shared/sim/index.ts";
import {
  IncidentState,
  PlayerState,
  TIMELINE_LENGTH,
  TimelineEntry,
} from "../../shared/state/incidentState.ts";
import { log } from "../log.ts";
import { measureTick } from "../metrics.ts";
import { newJoinCode } from "./joinCode.ts";
import { projectCluster } from "./projection.ts";
import { MAX_PLAYERS, MAX_SPECTATORS, Workshop } from "./workshop.ts";

/** What an open public workshop shows in the list (`GET /api/workshops`). */
export interface WorkshopListing {
  readonly host: string;
  readonly scenario: string;
  readonly phase: string;
  readonly players: number;
}

/** Real milliseconds between simulation ticks (10 Hz). */
export const TICK_REAL_MS = 100;
/** Simulated milliseconds per tick at game speed 1×. */
export const TICK_SIM_MS = 100;
/** A dropped player keeps their seat this long (issue: reconnection within 30 s). */
const RECONNECT_SECONDS = 30;
/** Above this many messages a second, Colyseus disconnects the sender. */
export const MAX_MESSAGES_PER_SECOND = 20;
/** How long a round of the skeleton scenario lasts, in simulated ms. */
const ROUND_TIME_LIMIT_MS = 10 * 60_000;

const scenario = parseScenario(firstLight);

/**
 * One workshop: its people (Workshop), one simulation per round, the round's
 * command log, and the replicated view of both. The room validates, authorizes
 * and orders; the simulation decides what happens to the cluster.
 */
export class IncidentRoom extends Room<{ state: IncidentState }> {
  /** How long a dropped player's seat is kept; tests shorten it to see a seat freed. */
  static reconnectSeconds = RECONNECT_SECONDS;
  override maxClients = MAX_PLAYERS + MAX_SPECTATORS;
  override maxMessagesPerSecond = MAX_MESSAGES_PER_SECOND;
  override state = new IncidentState();
  /** Every command that took effect this round, in order: with the seed, enough to replay it. */
  commandLog: LoggedCommand[] = [];
  private workshop!: Workshop;
  private sim!: Simulation;
  private tick = 0;
  private queued: { client: Client; entry: Omit<LoggedCommand, "at" | "tick"> }[] = [];
  private projectedEvents = 0;
  private public = false;
  private listing = "";

  override async onCreate(options: unknown): Promise<void> {
    const parsed = joinOptions.safeParse(options ?? {});
    const create: JoinOptions = parsed.success ? parsed.data : {};
    this.roomId = newJoinCode();
    const seed = create.seed ?? Number.parseInt(this.roomId.replace("-", ""), 36) & 0x7fffffff;
    this.workshop = new Workshop({ solo: create.solo === true, seed });
    this.state.joinCode = this.roomId;
    this.state.scenarioTitle = scenario.title;
    this.state.briefing = scenario.summary;
    this.state.timeLimitMs = ROUND_TIME_LIMIT_MS;
    this.newRound();
    this.patchRate = TICK_REAL_MS;
    this.setSimulationInterval(() => measureTick(() => this.step()), TICK_REAL_MS);
    this.onMessage("*", (client, type, message) => this.receive(client, type, message));
    if (create.solo || !create.public) await this.setPrivate(true);
    this.public = !create.solo && create.public === true;
    this.roundLog("workshop.created", { solo: this.workshop.solo, seed });
  }

  override onJoin(client: Client, options: unknown): void {
    const parsed = joinOptions.safeParse(options ?? {});
    if (!parsed.success) throw new Error(`cannot join: ${parsed.error.issues[0]?.message ?? "bad options"}`);
    const name = parsed.data.name ?? `Player ${this.workshop.players.size + 1}`;
    const verdict = this.workshop.join(client.sessionId, name, { spectator: parsed.data.spectate === true });
    if (!verdict.ok) throw new Error(verdict.reason);
    this.roundLog("player.joined", { player: client.sessionId, name });
    this.projectWorkshop();
  }

  override async onDrop(client: Client): Promise<void> {
    const player = this.workshop.players.get(client.sessionId);
    if (player) player.connected = false;
    this.projectWorkshop();
    try {
      await this.allowReconnection(client, IncidentRoom.reconnectSeconds);
    } catch {
      this.removePlayer(client.sessionId, "reconnection window passed");
    }
  }

  override onReconnect(client: Client): void {
    const player = this.workshop.players.get(client.sessionId);
    if (player) player.connected = true;
    this.roundLog("player.reconnected", { player: client.sessionId });
    this.projectWorkshop();
  }

  override onLeave(client: Client): void {
    this.removePlayer(client.sessionId, "left");
  }

  /** Validates one client message; a cluster command is queued for the next tick, a control applies now. */
  private receive(client: Client, type: string | number, message: unknown): void {
    const typeName = String(type);
    if (!isClientMessageType(type)) {
      this.refuse(client, {
        code: "unknown_type",
        type: typeName,
        message: `unknown message type "${typeName}"`,
      });
      return;
    }
    const size = byteSize(message);
    if (size > MAX_MESSAGE_BYTES) {
      this.refuse(client, {
        code: "payload_too_large",
        type: typeName,
        message: `message of ${size} bytes exceeds the limit of ${MAX_MESSAGE_BYTES}`,
      });
      return;
    }
    const parsed = clientMessages[type].safeParse(message);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
      this.refuse(client, {
        code: "invalid_payload",
        type: typeName,
        message: `${where}${issue?.message ?? "invalid"}`,
      });
      return;
    }
    if (isClusterCommandType(type)) {
      const verdict = this.workshop.authorizeCommand(client.sessionId, type);
      if (!verdict.ok) {
        this.refuse(client, { code: verdict.code, type: typeName, message: verdict.reason });
        return;
      }
      const { node } = parsed.data as ClientMessage<ClusterCommandType>;
      this.queued.push({ client, entry: { player: client.sessionId, command: { type, node } } });
      return;
    }
    this.control(client, type, parsed.data as ClientMessage<RoundControlType>);
  }

  private control(client: Client, type: RoundControlType, message: ClientMessage<RoundControlType>): void {
    const phaseBefore = this.workshop.phase;
    const verdict = this.workshop.control(client.sessionId, type, message);
    if (!verdict.ok) {
      this.refuse(client, { code: verdict.code, type, message: verdict.reason });
      return;
    }
    if (type === "startRound") this.newRound();
    if (type === "kick") {
      const target = (message as ClientMessage<"kick">).player;
      this.clients.getById(target)?.leave();
      this.roundLog("player.kicked", { player: target });
    }
    if (this.workshop.phase !== phaseBefore)
      this.roundLog("round.phase", { from: phaseBefore, to: this.workshop.phase });
    else this.roundLog(`round.${type}`, { by: client.sessionId });
    this.projectWorkshop();
  }

  /** One tick: apply the commands that arrived, advance the cluster, project what changed. */
  private step(): void {
    const live = this.workshop.phase === "live" && !this.workshop.paused;
    if (!live) return;
    this.tick++;
    for (const { client, entry } of this.queued) {
      const logged: LoggedCommand = { at: this.sim.now, tick: this.tick, ...entry };
      const result = this.sim.apply(logged.command);
      if (result.accepted) this.commandLog.push(logged);
      this.recordTimeline(logged, result.accepted ? "" : result.reason);
      const reply: CommandResultMessage = {
        type: logged.command.type,
        tick: this.tick,
        accepted: result.accepted,
        ...(result.accepted ? {} : { reason: result.reason }),
      };
      client.send(serverMessageTypes.commandResult, reply);
    }
    this.queued = [];
    this.sim.advanceTo(Math.min(this.sim.now + TICK_SIM_MS * this.workshop.speed, ROUND_TIME_LIMIT_MS));
    this.state.tick = this.tick;
    this.projectedEvents = projectCluster(this.sim, this.state, this.projectedEvents);
    if (this.sim.now >= ROUND_TIME_LIMIT_MS) {
      this.workshop.finishRound();
      this.roundLog("round.phase", { from: "live", to: "debrief", reason: "time limit" });
      this.projectWorkshop();
    }
  }

  /** A fresh cluster from the workshop's seed: every team with this seed faces the same incident. */
  private newRound(): void {
    this.sim = new Simulation(scenario, this.workshop.seed);
    this.commandLog = [];
    this.queued = [];
    this.tick = 0;
    this.state.tick = 0;
    this.state.seed = this.workshop.seed;
    this.state.pods.clear();
    this.state.events.clear();
    this.state.timeline.clear();
    this.projectedEvents = projectCluster(this.sim, this.state, 0);
    this.projectWorkshop();
  }

  private recordTimeline(logged: LoggedCommand, refusal: string): void {
    const entry = new TimelineEntry();
    entry.at = logged.at;
    entry.player = this.workshop.players.get(logged.player)?.name ?? "";
    entry.command = logged.command.type;
    entry.node = logged.command.node;
    entry.accepted = refusal === "";
    entry.reason = refusal;
    this.state.timeline.push(entry);
    while (this.state.timeline.length > TIMELINE_LENGTH) this.state.timeline.shift();
  }

  private removePlayer(id: string, why: string): void {
    if (!this.workshop.players.has(id)) return;
    this.workshop.leave(id);
    this.roundLog("player.left", { player: id, why });
    this.projectWorkshop();
  }

  /** Copies the workshop's people and phase into the replicated state (and the public listing). */
  private projectWorkshop(): void {
    const w = this.workshop;
    if (this.public) void this.updateListing();
    this.state.phase = w.phase;
    this.state.paused = w.paused;
    this.state.speed = w.speed;
    this.state.round = w.round;
    this.state.facilitator = w.facilitator ?? "";
    this.state.rolesLocked = w.rolesLocked;
    if (w.phase !== "live") this.state.seed = w.seed;
    for (const id of [...this.state.players.keys()]) if (!w.players.has(id)) this.state.players.delete(id);
    for (const player of w.players.values()) {
      let view = this.state.players.get(player.id);
      if (!view) {
        view = new PlayerState();
        view.name = player.name;
        view.spectator = player.spectator;
        this.state.players.set(player.id, view);
      }
      for (const role of ROLES)
        if (view[role] !== player.roles.has(role)) view[role] = player.roles.has(role);
      if (view.connected !== player.connected) view.connected = player.connected;
    }
  }

  /** What the list of open public workshops shows; a workshop stops being listed once its round is live. */
  private async updateListing(): Promise<void> {
    const w = this.workshop;
    const host = (w.facilitator && w.players.get(w.facilitator)?.name) || "";
    const metadata: WorkshopListing = {
      host,
      scenario: scenario.title,
      phase: w.phase,
      players: [...w.players.values()].filter((p) => !p.spectator).length,
    };
    const key = JSON.stringify(metadata);
    if (key === this.listing) return;
    this.listing = key;
    await this.setMetadata(metadata);
    if (w.phase === "live") await this.setPrivate(true);
  }

  private refuse(client: Client, error: ErrorMessage): void {
    log.warn(
      JSON.stringify({ event: "message.refused", room: this.roomId, player: client.sessionId, ...error }),
    );
    client.send(serverMessageTypes.error, error);
  }

  /** One structured log line per round event, for whoever operates the server. */
  private roundLog(event: string, fields: Record<string, unknown>): void {
    log.info(
      JSON.stringify({ event, room: this.roomId, round: this.workshop.round, tick: this.tick, ...fields }),
    );
  }

  /** The simulation's digest, for tests and replay checks. */
  simulationHash(): string {
    return this.sim.hash();
  }

  get currentTick(): number {
    return this.tick;
  }

  get simulatedMs(): number {
    return this.sim.now;
  }
}

function byteSize(message: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(message) ?? "");
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
