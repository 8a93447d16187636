import { randomUUID } from "node:crypto";
import { type Client, CloseCode, matchMaker, Room, ServerError } from "@colyseus/core";
import { Encoder } from "@colyseus/schema";
import {
  type ClientMessage,
  type ClusterCommandType,
  type Command,
  type CommandResultMessage,
  clientMessages,
  commandOf,
  commandRefusal,
  describeIssue,
  type ErrorMessage,
  isClientMessageType,
  isClusterCommandType,
  isReadType,
  type JoinOptions,
  joinOptions,
  MAX_HIGHLIGHTS,
  MAX_MESSAGE_BYTES,
  type PodListMessage,
  ROLES,
  type RoundControlType,
  serverMessageTypes,
} from "../../shared/protocol/messages.ts";
import { readOnlyCommandTypes } from "../../shared/sim/commands.ts";
import type { Scenario } from "../../shared/sim/scenario/index.ts";
import { type MilestoneKind, MilestoneTracker } from "../../shared/sim/world/milestones.ts";
import { type RoundEnd, roundEnd } from "../../shared/sim/world/outcome.ts";
import { RiskWatch } from "../../shared/sim/world/risks.ts";
import type { WorldLoggedCommand } from "../../shared/sim/world/runner.ts";
import { defenderActions, ScoreKeeper } from "../../shared/sim/world/score.ts";
import { World, type WorldSnapshot } from "../../shared/sim/world/world.ts";
import {
  ChaosCardState,
  IncidentState,
  PlayerState,
  ServerMoveState,
  TIMELINE_LENGTH,
  TimelineEntry,
} from "../../shared/state/incidentState.ts";
import { claimTakeover, type Takeover } from "../cluster/takeover.ts";
import { type Rate, SEAT_RESERVATION_SECONDS } from "../limits.ts";
import { log } from "../log.ts";
import { countTakeover, measureTick, roomStoppedTicking } from "../metrics.ts";
import { RateLimiter } from "../rateLimit.ts";
import { boardSeed, periodOf, rankedBoard } from "../rounds/boards.ts";
import { RoundJournal } from "../rounds/journal.ts";
import {
  KEYFRAME_EVERY_MS,
  type LoggedCommand,
  type RoundHistory,
  RoundLogError,
  type RoundLogRecord,
  type RoundLogStore,
} from "../rounds/log.ts";
import type { RoundRecorder } from "../rounds/recorder.ts";
import { faultsPlayed } from "../store/rows.ts";
import type { RoundPlayer } from "../store/types.ts";
import { DEFAULT_SCENARIO, scenarioCatalog } from "./catalog.ts";
import { roomClosed, roomOpened } from "./census.ts";
import { ChaosHand } from "./chaosDeck.ts";
import { newJoinCode } from "./joinCode.ts";
import { listPods, projectMilestones, projectScenario, projectScore, projectWorld } from "./projection.ts";
import { quoted, Refusals } from "./refusals.ts";
import { previousSeat, replayTicks } from "./restore.ts";
import { MAX_PLAYERS, MAX_SPECTATORS, Workshop } from "./workshop.ts";

// A room's first full state (sent to each joining client) holds every node with its labels, every
// service and deployment: Thousand Services' is 64 KB. Schema's default 8 KB buffer would grow on the
// first join of each room with a warning; one buffer of the largest size is allocated once instead.
Encoder.BUFFER_SIZE = 128 * 1024;

/** What an open public workshop shows in the list (`GET /api/workshops`). */
export interface WorkshopListing {
  readonly host: string;
  readonly scenario: string;
  readonly phase: string;
  readonly players: number;
}

/** Real milliseconds between simulation ticks (10 Hz). */
export const TICK_REAL_MS = 100;
/**
 * CPU milliseconds of a tick one room's World may use. A World that needs more (a huge cluster at
 * 60×) advances less simulated time that tick: that room runs slower, and says so, instead of
 * stalling every other room of the process. CPU time, not wall time: a machine busy with other
 * work slows no room by itself. A game choice: a quarter of the tick.
 */
const TICK_BUDGET_MS = 25;
/** The World advances in steps of this many simulated ms, so the budget is checked between them. */
const ADVANCE_STEP_MS = 250;
/** Ticks over which the speed the cluster manages is measured. */
const SPEED_WINDOW_TICKS = 10;
/** A dropped player keeps their seat this long (issue: reconnection within 30 s). */
const RECONNECT_SECONDS = 30;
/**
 * Messages a player may send a second (a burst of as many): more are refused. Their session keeps
 * its budget across reconnections, so dropping the socket buys nothing.
 */
export const MAX_MESSAGES_PER_SECOND = 20;
/** A player's pod lists are at least this far apart (real ms). */
const LIST_INTERVAL_MS = 1_000;
/** Above this many a second Colyseus closes the socket: a flood, not a player. */
const FLOOD_MESSAGES_PER_SECOND = 2 * MAX_MESSAGES_PER_SECOND;
/** A client's refusals are logged once per window, with counts (see Refusals). */
const REFUSAL_WINDOW_MS = 10_000;
/** A player's cluster commands waiting for the next tick; more are refused as too fast. */
const MAX_QUEUED_PER_PLAYER = 4;
/**
 * After a takeover the round waits this long at most for the players who were connected to come
 * back (each has a reconnection window of RECONNECT_SECONDS anyway). A game choice.
 */
const TAKEOVER_HOLD_MS = 15_000;

/**
 * The scenario and seed a round is played from, the week it started in (the board it may rank on),
 * and whether the scenario's script plays chaos.
 */
interface RoundSpec {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly period: string;
  readonly scripted: boolean;
}

/** What a player did this round, for the facilitator's activity list. */
interface Activity {
  actions: number;
  refused: number;
  /** Game ms of the last command, -1 before the first. */
  lastActionMs: number;
  lastAction: string;
}

/**
 * One workshop: its people (Workshop), one World per round from the chosen scenario, the round's
 * command log and score, and the replicated view of them. The room validates, authorizes and
 * orders; the World decides what happens to the cluster; the score is computed here, never sent.
 */
export class IncidentRoom extends Room<{ state: IncidentState }> {
  /** How long a dropped player's seat is kept; tests shorten it to see a seat freed. */
  static reconnectSeconds = RECONNECT_SECONDS;
  /** How often a client's refusals are logged; tests shorten it. */
  static refusalWindowMs = REFUSAL_WINDOW_MS;
  private budget = new RateLimiter({
    perMinute: 60 * MAX_MESSAGES_PER_SECOND,
    burst: MAX_MESSAGES_PER_SECOND,
  });
  private refusals!: Refusals;

  override maxClients = MAX_PLAYERS + MAX_SPECTATORS;
  override maxMessagesPerSecond = FLOOD_MESSAGES_PER_SECOND;
  override seatReservationTimeout = SEAT_RESERVATION_SECONDS;
  override state = new IncidentState();
  /** CPU ms of a tick this room's World may use; tests shrink it to see a room slow itself. */
  tickBudgetMs = TICK_BUDGET_MS;
  /** Where finished rounds are stored and verified; the server sets it (createGameServer). */
  recorder: RoundRecorder | undefined;
  /** Where the round's log goes as it grows, so another process can take the workshop over (createGameServer). */
  roundLogStore: RoundLogStore | undefined;
  /** Every command that took effect this round, in order: with the scenario and seed, enough to replay it. */
  commandLog: WorldLoggedCommand[] = [];
  private workshop!: Workshop;
  private scenario!: Scenario;
  /** The round's cluster: built when the round goes live, not for a workshop waiting in its lobby. */
  private world: World | undefined;
  private keeper!: ScoreKeeper;
  private milestones!: MilestoneTracker;
  private risks!: RiskWatch;
  private tick = 0;
  private queued: { client: Client; player: string; command: Command }[] = [];
  private projectedEvents = 0;
  /** Simulated ms each of the last ticks advanced, and asked for: the speed the cluster manages. */
  private advanced: { ran: number; asked: number }[] = [];
  /** The chaos agent's energy and cards this round (set with the round's scenario). */
  private hand!: ChaosHand;
  /** World ms at which the round's log gets its next keyframe. */
  private nextKeyframeAt = KEYFRAME_EVERY_MS;
  /** The scenario's scripted faults play this round: nobody holds the chaos role. */
  private scripted = true;
  /** The week this round started in (the board it may rank on). */
  private period = "";
  /** The seed this round's World is built from: the workshop's, or the week's board seed. */
  private seed = 0;
  private public = false;
  private listing = "";
  // ── The round's log (server/rounds/log.ts), kept apart from the game's own fields ──
  private journal: RoundJournal | undefined;
  /** The workshop's identity across processes (its stored rounds are keyed by it). */
  private uid = "";
  /** Each seat's current reconnection token, by session id. */
  private readonly seats = new Map<string, string>();
  /** The commands this tick applied, for its log record. */
  private tickCommands: LoggedCommand[] = [];
  /** Answers to this tick's commands, sent once its record is stored. */
  private replies: (() => void)[] = [];
  private lastRecordedWorkshop = "";
  /** After a takeover, until the players who were connected are back (or TAKEOVER_HOLD_MS passed). */
  private held: { since: number; lastWriteAt: number; waitingFor: Set<string> } | undefined;
  /** The process is stopping and hands the workshop to another: nobody leaves the log. */
  private handingOff = false;
  /** A takeover is replaying the log: nothing is recorded again. */
  private replaying = false;
  /** onCreate is done: the room may disconnect its players. */
  private created = false;
  /** When each player last had a pod list (the room's clock). */
  private readonly lastListAt = new Map<string, number>();
  /** Each player's commands this round, by session id. */
  private activity = new Map<string, Activity>();
  /** Who acted this round, by session id, as they were when they acted (for the round's replay). */
  private readonly actors = new Map<string, RoundPlayer>();
  /** Players the facilitator removed: their reconnection tokens get them nowhere. */
  private readonly kicked = new Set<string>();

  /**
   * Before any seat is reserved (and before a room is created): the options must be a workshop's —
   * a display name, a seed, known flags — or the request is refused with why, and nothing is kept.
   */
  static override async onAuth(_token: string, options: unknown): Promise<true> {
    const parsed = joinOptions.safeParse(options ?? {});
    if (!parsed.success) throw new ServerError(400, `cannot join: ${describeIssue(parsed.error)}`);
    return true;
  }

  override async onCreate(options: unknown): Promise<void> {
    roomOpened();
    const takeover = claimTakeover(options);
    try {
      if (takeover !== undefined) await this.restore(takeover);
      else await this.create(options);
    } catch (error) {
      // Colyseus discards a room whose creation failed without disposing of it. Its log stays for
      // whoever takes the workshop next (or is closed by the taker).
      roomClosed();
      this.handingOff = true;
      await this.journal?.handOff().catch(() => undefined);
      throw error;
    }
  }

  private async create(options: unknown): Promise<void> {
    const parsed = joinOptions.safeParse(options ?? {});
    const create: JoinOptions = parsed.success ? parsed.data : {};
    this.uid = randomUUID();
    await this.openJournal();
    // Without a seed of its own, each round plays its scenario's board seed of the week.
    const seed = create.seed ?? null;
    const scenario =
      create.scenario !== undefined && scenarioCatalog.has(create.scenario)
        ? create.scenario
        : DEFAULT_SCENARIO;
    this.workshop = new Workshop({ solo: create.solo === true, seed, scenario });
    this.refusals = new Refusals(this.roomId, IncidentRoom.refusalWindowMs, (run, ms) =>
      this.clock.setTimeout(run, ms),
    );
    this.state.joinCode = this.roomId;
    this.state.solo = this.workshop.solo;
    this.public = !create.solo && create.public === true;
    this.newRound();
    this.startLoop();
    if (!this.public) await this.setPrivate(true);
    this.roundLog("workshop.created", { solo: this.workshop.solo, seed, scenario });
    await this.journal?.flush();
    this.created = true;
  }

  /** The simulation loop and the message handler; patches go out after each tick's log write (commit). */
  private startLoop(): void {
    this.patchRate = null;
    this.setSimulationInterval(() => measureTick(this.roomId, () => this.step()), TICK_REAL_MS);
    this.onMessage("*", (client, type, message) => this.receive(client, type, message));
  }

  override async onJoin(client: Client, options: unknown): Promise<void> {
    const parsed = joinOptions.safeParse(options ?? {});
    if (!parsed.success) throw new Error(`cannot join: ${describeIssue(parsed.error)}`);
    const name = parsed.data.name ?? `Player ${this.workshop.players.size + 1}`;
    const verdict = this.workshop.join(client.sessionId, name, { spectator: parsed.data.spectate === true });
    if (!verdict.ok) throw new Error(verdict.reason);
    this.seats.set(client.sessionId, client.reconnectionToken);
    this.roundLog("player.joined", { player: client.sessionId, name });
    // A solo round goes live as its player arrives.
    if (this.workshop.phase === "live" && this.world === undefined) this.buildWorld();
    this.projectWorkshop("joined", client.sessionId);
    // The seat is in the log before its holder learns how to come back to it.
    await this.journal?.flush();
  }

  override async onDrop(client: Client): Promise<void> {
    const player = this.workshop.players.get(client.sessionId);
    // A kicked player's socket closes as a drop: no seat is held for them.
    if (this.handingOff || player === undefined) return;
    player.connected = false;
    this.projectWorkshop("dropped", client.sessionId);
    try {
      await this.allowReconnection(client, IncidentRoom.reconnectSeconds);
    } catch {
      this.removePlayer(client.sessionId, "reconnection window passed");
    }
  }

  override async onReconnect(client: Client): Promise<void> {
    if (this.kicked.has(client.sessionId)) throw new Error("the facilitator removed you from this workshop");
    const player = this.workshop.players.get(client.sessionId);
    if (player) player.connected = true;
    this.seats.set(client.sessionId, client.reconnectionToken);
    this.roundLog("player.reconnected", { player: client.sessionId });
    this.projectWorkshop("reconnected", client.sessionId);
    await this.journal?.flush();
  }

  override onLeave(client: Client): void {
    if (!this.handingOff) this.removePlayer(client.sessionId, "left");
  }

  override onDispose(): void {
    roomClosed();
    roomStoppedTicking(this.roomId);
    // Everyone left: the workshop is over, and so is its log (a process handing off kept it).
    if (!this.handingOff) void this.journal?.close().catch(() => undefined);
  }

  /**
   * The process is stopping (SIGTERM): the round's log is kept and the workshop's lease freed, so
   * another process takes the workshop over at once; its players are disconnected with 4001 and
   * reconnect to wherever it now lives.
   */
  override onBeforeShutdown(): void {
    this.handingOff = true;
    void (async () => {
      await this.journal?.handOff().catch(() => undefined);
      this.roundLog("workshop.handed_off", {});
      await this.disconnect(CloseCode.SERVER_SHUTDOWN).catch(() => undefined);
    })();
  }

  /** Validates one client message; a cluster command is queued for the next tick, a control applies now. */
  private receive(client: Client, type: string | number, message: unknown): void {
    const typeName = quoted(String(type));
    if (this.budget.wait(client.sessionId) > 0) {
      this.refuse(client, {
        code: "rate_limited",
        type: typeName,
        message: `at most ${MAX_MESSAGES_PER_SECOND} messages a second; wait a moment`,
      });
      return;
    }
    this.budget.take(client.sessionId);
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
      const reason = type === "command" ? commandRefusal(message) : null;
      this.refuse(client, {
        code: "invalid_payload",
        type: typeName,
        message: reason ?? describeIssue(parsed.error),
      });
      return;
    }
    if (isReadType(type)) {
      this.answerRead(client);
      return;
    }
    if (isClusterCommandType(type)) {
      const command = commandOf(type, parsed.data as ClientMessage<ClusterCommandType>);
      const verdict = this.workshop.authorizeCommand(client.sessionId, command.type);
      if (!verdict.ok) {
        this.refuse(client, { code: verdict.code, type: command.type, message: verdict.reason });
        return;
      }
      if (this.queued.filter((q) => q.player === client.sessionId).length >= MAX_QUEUED_PER_PLAYER) {
        this.refuse(client, {
          code: "rate_limited",
          type: command.type,
          message: `at most ${MAX_QUEUED_PER_PLAYER} commands per tick; wait a moment`,
        });
        return;
      }
      this.queued.push({ client, player: client.sessionId, command });
      return;
    }
    this.control(client, type as RoundControlType, parsed.data as ClientMessage<RoundControlType>);
  }

  /**
   * `listPods`: every pod of the cluster, to the asker alone, at most once a second per player (a
   * list of thousands of pods is not sent on every keystroke).
   */
  private answerRead(client: Client): void {
    const now = this.clock.currentTime;
    if (now - (this.lastListAt.get(client.sessionId) ?? Number.NEGATIVE_INFINITY) < LIST_INTERVAL_MS) {
      this.refuse(client, {
        code: "rate_limited",
        type: "listPods",
        message: "one pod list a second; wait a moment",
      });
      return;
    }
    this.lastListAt.set(client.sessionId, now);
    // Before the round goes live there is no cluster yet: no pods.
    const answer: PodListMessage = this.world === undefined ? { pods: [], more: 0 } : listPods(this.world);
    client.send(serverMessageTypes.podList, answer);
  }

  private control(client: Client, type: RoundControlType, message: ClientMessage<RoundControlType>): void {
    if (type === "chooseScenario") {
      const id = (message as ClientMessage<"chooseScenario">).scenario;
      if (!scenarioCatalog.has(id)) {
        const known = [...scenarioCatalog.keys()].join(", ");
        this.refuse(client, {
          code: "invalid_payload",
          type,
          message: `no scenario "${id}"; choose one of ${known}`,
        });
        return;
      }
    }
    const phaseBefore = this.workshop.phase;
    const verdict = this.workshop.control(client.sessionId, type, message);
    if (!verdict.ok) {
      this.refuse(client, { code: verdict.code, type, message: verdict.reason });
      return;
    }
    if (type === "highlight") {
      const refusal = this.highlight(message as ClientMessage<"highlight">);
      if (refusal !== null) {
        this.refuse(client, { code: "invalid_payload", type, message: refusal });
        return;
      }
    }
    if (type === "clearHighlights" || type === "resume") this.state.highlights.clear();
    if (type === "showLesson") this.state.debriefLesson = (message as ClientMessage<"showLesson">).lesson;
    // A new scenario or seed shows at once, except over a debrief, which keeps the last round's result
    // until the briefing opens on the next round's cluster.
    const reseeded = (type === "chooseScenario" || type === "setSeed") && this.workshop.phase !== "debrief";
    if (type === "startRound" || type === "openBriefing" || reseeded) this.newRound();
    if (type === "endRound" && this.world !== undefined) this.endRound(this.world, "ended");
    if (type === "kick") {
      const target = (message as ClientMessage<"kick">).player;
      this.seats.delete(target);
      this.kicked.add(target);
      // Out of the log first: a takeover must not reopen a kicked player's seat. Consented: the SDK
      // does not try to reconnect; a dropped one's token is refused (onReconnect).
      this.afterStored(() =>
        this.clients
          .getById(target)
          ?.leave(CloseCode.CONSENTED, "The facilitator removed you from the workshop."),
      );
      this.roundLog("player.kicked", { player: target });
    }
    if (this.workshop.phase !== phaseBefore)
      this.roundLog("round.phase", { from: phaseBefore, to: this.workshop.phase });
    else this.roundLog(`round.${type}`, { by: client.sessionId });
    this.projectWorkshop(type, client.sessionId);
  }

  /**
   * Puts a highlight on (or takes it off) a node or a pod every player can see, or says why not:
   * what is highlighted must be on the map (a node, or a pod the room replicates).
   */
  private highlight({ target, on }: ClientMessage<"highlight">): string | null {
    const highlights = this.state.highlights;
    const at = highlights.indexOf(target);
    if (!on) {
      if (at >= 0) highlights.splice(at, 1);
      return null;
    }
    if (at >= 0) return null;
    const [kind, name = ""] = target.split("/");
    const shown = kind === "node" ? this.state.nodes.has(name) : this.state.pods.has(name);
    if (!shown) return `no ${kind} "${name}" on the map to highlight`;
    if (highlights.length >= MAX_HIGHLIGHTS)
      return `at most ${MAX_HIGHLIGHTS} highlights at once; take one off first`;
    highlights.push(target);
    return null;
  }

  /**
   * One tick: apply the commands that arrived, advance the cluster, project what changed; then
   * its record goes to the round's log, and players see the tick once it is stored. A tick waits
   * while the last one's record is still on its way: the round never runs ahead of its log.
   */
  private step(): void {
    if (this.journal?.idle === false) return;
    if (this.held !== undefined) this.releaseHold();
    this.play();
    this.commit();
  }

  private play(): void {
    const world = this.world;
    const live = this.workshop.phase === "live" && !this.workshop.paused && this.held === undefined;
    if (!live || world === undefined) return;
    this.tick++;
    const simMs = TICK_REAL_MS * this.scenario.gameSpeed * this.workshop.speed;
    this.hand.refill(simMs);
    for (const { client, player, command } of this.queued) this.applyCommand(world, client, player, command);
    this.queued = [];
    this.advance(world, simMs);
    this.record({
      kind: "tick",
      t: world.now,
      energy: this.hand.energy,
      ...(this.tickCommands.length > 0 && { commands: this.tickCommands }),
    });
    this.tickCommands = [];
    this.state.tick = this.tick;
    this.projectedEvents = projectWorld(world, this.state, this.projectedEvents);
    projectMilestones(this.milestones.observe(world), this.state);
    const objective = world.objectiveStatus();
    const score = this.keeper.score();
    projectScore(score, objective, this.risks.observe(world.riskFacts(), world.now), this.state);
    if (world.now >= this.nextKeyframeAt) this.recordKeyframe(world);
    this.projectHand();
    // The same decision as `npm run sim` and `npm run balance` (shared/sim/world/outcome.ts).
    const end = roundEnd(this.scenario, objective, score, world.now);
    if (end !== null) this.endRound(world, end);
  }

  /**
   * Advances the cluster by `simMs`, or as far as the tick's CPU budget allows: steps of the World
   * are the same world whatever their size, so a slowed room stays replayable.
   */
  private advance(world: World, simMs: number): void {
    const from = world.now;
    const target = Math.min(from + simMs, this.scenario.timeLimitMs);
    const deadline = threadCpuMs() + this.tickBudgetMs;
    while (world.now < target) {
      world.advanceTo(Math.min(world.now + ADVANCE_STEP_MS, target));
      if (threadCpuMs() >= deadline) break;
    }
    this.advanced.push({ ran: world.now - from, asked: target - from });
    if (this.advanced.length > SPEED_WINDOW_TICKS) this.advanced.shift();
    const ran = this.advanced.reduce((sum, a) => sum + a.ran, 0);
    const asked = this.advanced.reduce((sum, a) => sum + a.asked, 0);
    // Behind by more than a twentieth over the window: the players are told the speed it manages.
    const slowedTo = ran < asked * 0.95 ? Math.round(((this.workshop.speed * ran) / asked) * 10) / 10 : 0;
    if (slowedTo > 0 && this.state.slowedTo === 0)
      this.roundLog("round.slowed", { speed: this.workshop.speed, manages: slowedTo });
    this.state.slowedTo = slowedTo;
  }

  /** A command reaches the World at the tick's simulated time; a chaos card is paid for first. */
  private applyCommand(world: World, client: Client, player: string, command: Command): void {
    const free = command.type === "injectFault" && this.workshop.injectsAsFacilitator(player);
    const refusal =
      command.type === "injectFault"
        ? this.hand.refusal(command.card, command.fault.kind, world.now, free)
        : null;
    const result = refusal === null ? world.apply(command) : { accepted: false as const, reason: refusal };
    const logged: WorldLoggedCommand = { at: world.now, player, command };
    if (result.accepted && !readOnlyCommandTypes.has(command.type)) this.commandLog.push(logged);
    const paid = result.accepted && command.type === "injectFault" && !free;
    if (paid) this.hand.pay(command.card ?? "", world.now);
    const name = this.workshop.players.get(player)?.name ?? "";
    if (result.accepted) this.rememberActor(player, name);
    this.recordTimeline(logged, name, result.accepted ? "" : result.reason);
    this.recordActivity(logged, result.accepted);
    this.tickCommands.push({
      ...logged,
      name,
      accepted: result.accepted,
      ...(!result.accepted && { reason: result.reason }),
      ...(paid && { card: command.card ?? "" }),
    });
    const reply: CommandResultMessage = {
      type: command.type,
      command,
      tick: this.tick,
      accepted: result.accepted,
      ...(result.accepted ? {} : { reason: result.reason }),
    };
    this.replies.push(() => client.send(serverMessageTypes.commandResult, reply));
  }

  /** The chaos agent's energy and each card's cooldown, as the players see them. */
  private projectHand(): void {
    this.state.chaosEnergy = this.hand.shownEnergy;
    for (const view of this.state.cards) view.readyAtMs = this.hand.readyAtMs(view.id);
  }

  /** The next round: the chosen scenario from the workshop's seed; every team with this seed faces the same incident. */
  private nextRound(): RoundSpec {
    const scenario = scenarioCatalog.get(this.workshop.scenario) ?? scenarioCatalog.get(DEFAULT_SCENARIO);
    if (scenario === undefined) throw new Error("no scenario to play");
    // The scenario's script is the chaos agent when no one plays chaos (a solo player's opponent).
    const scripted = this.workshop.solo || this.workshop.unclaimedRoles().includes("chaos");
    // Without a seed of its own, the workshop plays the scenario's board seed of this week.
    const period = periodOf(new Date());
    return { scenario, seed: this.workshop.seed ?? boardSeed(scenario.id, period), period, scripted };
  }

  /** A fresh cluster for a round (the next one, or the one a takeover replays). */
  private newRound({ scenario, seed, period, scripted }: RoundSpec = this.nextRound()): void {
    this.scenario = scenario;
    this.period = period;
    this.keeper = new ScoreKeeper(scenario);
    this.scripted = scripted;
    this.seed = seed;
    this.milestones = new MilestoneTracker(this.played());
    this.risks = new RiskWatch();
    this.world = undefined;
    this.commandLog = [];
    this.queued = [];
    this.tickCommands = [];
    this.advanced = [];
    this.activity.clear();
    this.actors.clear();
    this.tick = 0;
    this.hand = new ChaosHand(scenario.chaos);
    this.nextKeyframeAt = KEYFRAME_EVERY_MS;
    const s = this.state;
    s.tick = 0;
    // The cluster's clock stands at zero until the round goes live (set, or a schema number reaches
    // clients as undefined; a next round does not keep the last one's time).
    s.timeMs = 0;
    s.slowedTo = 0;
    s.seed = seed;
    s.period = this.period;
    s.boardSeed = boardSeed(scenario.id, this.period);
    projectScenario(scenario, s);
    s.outcome = "";
    s.outcomeReason = "";
    s.outcomeFailing = "";
    s.objectiveKind = scenario.objective.kind;
    s.tutorial = scenario.tutorial;
    s.errorBudgetWindowMs = scenario.objective.errorBudgetWindowMs;
    s.scripted = this.scripted;
    s.chaosEnergy = this.hand.energy;
    s.chaosEnergyMax = scenario.chaos.energy.max;
    s.cards.clear();
    for (const card of scenario.chaos.cards) {
      const view = new ChaosCardState();
      view.id = card.id;
      view.fault = card.fault;
      view.cost = card.cost;
      view.cooldownMs = card.cooldownMs;
      // Ready from the start: a schema number left unset reaches clients as undefined, not 0.
      view.readyAtMs = 0;
      s.cards.push(view);
    }
    s.score.resultId = 0;
    s.ranked = false;
    s.unranked = "";
    s.nodes.clear();
    s.booting.clear();
    s.hpas.clear();
    s.pods.clear();
    s.services.clear();
    s.deployments.clear();
    s.events.clear();
    s.timeline.clear();
    s.milestones.clear();
    s.raftMessages.clear();
    s.moves.clear();
    s.highlights.clear();
    s.debriefLesson = "";
    this.projectedEvents = 0;
    if (this.workshop.phase === "live") this.buildWorld();
    this.record({ kind: "round", scenario: scenario.id, version: scenario.version, seed, period, scripted });
    this.projectWorkshop("round");
  }

  /** The scenario as this round plays it: without its script when a person plays chaos. */
  private played(): Scenario {
    return this.scripted ? this.scenario : { ...this.scenario, faults: [] };
  }

  /** The round's cluster, as the round goes live (or as a takeover replays it, or its keyframe had it). */
  private buildWorld(from?: WorldSnapshot): World {
    const world = new World(this.played(), this.seed, {
      trace: (r) => {
        this.keeper.record(r);
        this.milestones.record(r);
      },
      ...(from !== undefined && { from }),
    });
    this.world = world;
    this.projectedEvents = projectWorld(world, this.state, 0);
    projectScore(this.keeper.score(), world.objectiveStatus(), [], this.state);
    return world;
  }

  /**
   * The round is over — as the objective decides, or "ended" by the facilitator — : to the
   * debrief, and its result (outcome, score, seed, command log) to the store.
   */
  private endRound(world: World, end: RoundEnd | "ended"): void {
    if (this.workshop.phase === "live") this.workshop.finishRound();
    const outcome = end === "ended" ? "ended" : end.outcome;
    this.state.outcome = outcome;
    this.state.outcomeReason = end === "ended" ? "ended" : end.reason;
    this.state.outcomeFailing = end === "ended" ? "" : end.failing.join(",");
    projectMilestones(this.milestones.finish(world), this.state);
    const score = this.keeper.score();
    const ranking = this.rank(score);
    this.record({
      kind: "ended",
      outcome,
      reason: this.state.outcomeReason,
      failing: this.state.outcomeFailing,
    });
    this.roundLog("round.ended", { outcome, reason: this.state.outcomeReason, ...ranking, ...score });
    this.projectWorkshop("ended");
    void this.saveResult(world, outcome, score, "board" in ranking ? ranking.board : null);
  }

  /** The board the round ranks on, or why it does not, shown in the debrief. */
  private rank(score: ReturnType<ScoreKeeper["score"]>): ReturnType<typeof rankedBoard> {
    const ranking = rankedBoard({
      scenarioId: this.scenario.id,
      tutorial: this.scenario.tutorial,
      seed: this.seed,
      period: this.period,
      scripted: this.scripted,
      faultsInjected: faultsPlayed(this.commandLog),
      defenderActions: defenderActions(score),
    });
    this.state.ranked = "board" in ranking;
    this.state.unranked = "unranked" in ranking ? ranking.unranked : "";
    return ranking;
  }

  private async saveResult(
    world: World,
    outcome: "resolved" | "survived" | "failed" | "ended",
    score: ReturnType<ScoreKeeper["score"]>,
    board: string | null,
  ): Promise<void> {
    if (this.recorder === undefined) return;
    const seated = [...this.workshop.players.values()].filter((p) => !p.spectator);
    const members = seated.map((p) => p.name);
    for (const p of seated) this.rememberActor(p.id, p.name);
    try {
      // Stored once the round's end is in its log: a takeover then never plays it on.
      await this.journal?.flush();
      const id = await this.recorder.record({
        scenarioId: this.scenario.id,
        scenarioVersion: this.scenario.version,
        seed: this.seed,
        commandLog: this.commandLog,
        durationMs: world.now,
        scripted: this.scripted,
        worldHash: world.hash(),
        team: members[0] ?? "",
        members,
        outcome,
        board,
        timeToRecoveryMs: score.timeToRecoveryMs,
        budgetSpent: score.budgetSpent,
        actions: score.actions,
        finishedAt: new Date(),
        roundKey: `${this.uid}/${this.workshop.round}`,
        players: [...this.actors.values()],
      });
      this.state.score.resultId = id;
      this.record({ kind: "stored", result: id });
      this.roundLog("round.stored", { result: id });
    } catch (error) {
      log.warn(JSON.stringify({ event: "round.store_failed", room: this.roomId, error: String(error) }));
    }
  }

  /** A player of this round, under the name and roles they hold now (kept after they leave). */
  private rememberActor(id: string, name: string): void {
    const roles = ROLES.filter((r) => this.workshop.players.get(id)?.roles.has(r));
    const known = this.actors.get(id);
    if (name === "") return;
    this.actors.set(id, { id, name, roles: roles.length > 0 ? roles : (known?.roles ?? []) });
  }

  private recordTimeline(logged: WorldLoggedCommand, name: string, refusal: string): void {
    const entry = new TimelineEntry();
    entry.at = logged.at;
    entry.player = name;
    entry.command = logged.command.type;
    entry.node = targetOf(logged.command);
    entry.json = JSON.stringify(logged.command);
    entry.accepted = refusal === "";
    entry.reason = refusal;
    this.state.timeline.push(entry);
    while (this.state.timeline.length > TIMELINE_LENGTH) this.state.timeline.shift();
  }

  private recordActivity(logged: WorldLoggedCommand, accepted: boolean): void {
    const activity = this.activity.get(logged.player) ?? {
      actions: 0,
      refused: 0,
      lastActionMs: -1,
      lastAction: "",
    };
    if (accepted) activity.actions++;
    else activity.refused++;
    activity.lastActionMs = logged.at;
    activity.lastAction = JSON.stringify(logged.command);
    this.activity.set(logged.player, activity);
    const view = this.state.players.get(logged.player);
    if (view !== undefined) projectActivity(activity, view);
  }

  private removePlayer(id: string, why: string): void {
    if (this.handingOff || !this.workshop.players.has(id)) return;
    this.workshop.leave(id);
    this.seats.delete(id);
    this.roundLog("player.left", { player: id, why });
    this.projectWorkshop("left", id);
  }

  /**
   * Copies the workshop's people and phase into the replicated state (and the public listing), and
   * records them in the round's log when they changed, with what changed them.
   */
  private projectWorkshop(cause: string, by?: string): void {
    this.recordWorkshop(cause, by);
    const w = this.workshop;
    if (this.public) void this.updateListing();
    this.state.phase = w.phase;
    this.state.paused = w.paused;
    this.state.speed = w.speed;
    this.state.round = w.round;
    this.state.facilitator = w.facilitator ?? "";
    this.state.rolesLocked = w.rolesLocked;
    if (w.phase !== "live") {
      // Between rounds the next round's seed and its board's: the lobby says whether it will rank.
      this.state.boardSeed = boardSeed(w.scenario, this.period);
      this.state.seed = w.seed ?? this.state.boardSeed;
    }
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
      projectActivity(this.activity.get(player.id) ?? NO_ACTIVITY, view);
    }
  }

  /** What the list of open public workshops shows; a workshop stops being listed once its round is live. */
  private async updateListing(): Promise<void> {
    const w = this.workshop;
    const host = (w.facilitator && w.players.get(w.facilitator)?.name) || "";
    const metadata: WorkshopListing = {
      host,
      scenario: this.scenario.title.en,
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
    if (this.refusals.note(client.sessionId, error)) client.send(serverMessageTypes.error, error);
  }

  /** One structured log line per round event, for whoever operates the server. */
  private roundLog(event: string, fields: Record<string, unknown>): void {
    log.info(
      JSON.stringify({ event, room: this.roomId, round: this.workshop.round, tick: this.tick, ...fields }),
    );
  }

  // ── Surviving the process: the round's log (server/rounds/log.ts) and takeovers ─────────────────

  /**
   * Takes the lease of a fresh workshop under a new join code (one never used by a workshop
   * whose log still exists), and starts its journal.
   */
  private async openJournal(): Promise<void> {
    const store = this.roundLogStore;
    for (let tries = 0; ; tries++) {
      this.roomId = newJoinCode();
      if (store === undefined) return;
      const lease = await store.acquire(this.roomId, matchMaker.processId, "new");
      if (lease !== null) {
        this.journal = new RoundJournal(store, lease, (why) => this.lostWorkshop(why));
        return;
      }
      if (tries >= 8) throw new Error("no free join code for a new workshop; try again");
    }
  }

  private record(record: RoundLogRecord): void {
    if (!this.replaying) this.journal?.record(record);
  }

  /** The workshop as the log keeps it, when it changed since it was last recorded. */
  private recordWorkshop(cause: string, by: string | undefined): void {
    if (this.journal === undefined) return;
    const workshop = this.workshop.snapshot();
    const seats = Object.fromEntries([...this.seats].filter(([id]) => this.workshop.players.has(id)));
    const highlights = this.state.highlights.toArray();
    const lesson = this.state.debriefLesson;
    const key = JSON.stringify([workshop, seats, this.public, highlights, lesson]);
    if (key === this.lastRecordedWorkshop) return;
    this.lastRecordedWorkshop = key;
    this.record({
      kind: "workshop",
      cause,
      ...(by !== undefined && { by }),
      atMs: this.world?.now ?? 0,
      uid: this.uid,
      listed: this.public,
      workshop,
      seats,
      highlights,
      lesson,
    });
  }

  /** Once what was recorded is stored: the patch, then the answers to the tick's commands. */
  private commit(): void {
    const replies = this.replies;
    this.replies = [];
    this.afterStored(() => {
      // Only a stored state goes out: anything recorded since waits for the next commit.
      if (this.journal?.idle !== false) this.broadcastPatch();
      for (const reply of replies) reply();
    });
  }

  /** Runs `then` once everything recorded so far is in the log (at once without a log). */
  private afterStored(then: () => void): void {
    if (this.journal === undefined) then();
    else this.journal.flush().then(then, () => undefined);
  }

  /**
   * Another process took this workshop over (this one was thought dead: it stalled, or lost Redis):
   * it stops, leaves the workshop's listing to the new owner, and disconnects its players with
   * 4001, who reconnect to wherever the workshop now lives.
   */
  private lostWorkshop(why: string): void {
    countTakeover("fenced");
    log.warn(JSON.stringify({ event: "takeover.fenced", workshop: this.roomId, why }));
    this.handingOff = true;
    // Still being created (a takeover's replay): its creation fails at its last write instead.
    if (!this.created) return;
    // The listing row under this code is the new owner's now: keep this room's disposal off it,
    // as Colyseus does for a room that lost a race for its id (MatchMaker.ts recordRoom).
    (this as unknown as { _listing: { roomId: string | undefined } })._listing.roomId = undefined;
    void this.disconnect(CloseCode.SERVER_SHUTDOWN).catch(() => undefined);
  }

  /**
   * Rebuilds a workshop from its log after the process that ran it died (server/cluster/takeover.ts):
   * its people and phase as last recorded; its round's World replayed tick by tick to the last
   * recorded world time, with its timeline, milestones, chaos energy and cards; each seat reopened
   * to its holder for the reconnection window. A live round then waits for its players (held).
   */
  private async restore(takeover: Takeover): Promise<void> {
    const started = performance.now();
    // Colyseus disposes of a room still empty `seatReservationTimeout` (5 s) after it was constructed,
    // even while onCreate runs. A replay on a busy machine takes longer: disposed mid-replay, the room
    // closed the workshop's log and refused to reopen its seats, and each player heard "reconnection
    // token invalid or expired". Not before its seats are reopened, then (below).
    this.autoDispose = false;
    const { history, lease } = takeover;
    this.roomId = lease.workshop;
    this.uid = history.workshop.uid;
    this.public = history.workshop.listed;
    this.workshop = Workshop.restore(history.workshop.workshop);
    for (const [id, token] of Object.entries(history.workshop.seats)) this.seats.set(id, token);
    this.state.joinCode = this.roomId;
    this.state.solo = this.workshop.solo;
    this.refusals = new Refusals(this.roomId, IncidentRoom.refusalWindowMs, (run, ms) =>
      this.clock.setTimeout(run, ms),
    );
    // The journal keeps the lease renewed through a long replay; it records nothing until it is done.
    this.journal = new RoundJournal(this.roundLogStore!, lease, (why) => this.lostWorkshop(why));
    this.replaying = true;
    /** Ticks the latest keyframe covered (the World was restored from it), and its world ms. */
    let keyframed = { ticks: 0, atMs: 0 };
    try {
      const round = history.round;
      const scenario = scenarioCatalog.get(round?.scenario ?? this.workshop.scenario);
      if (scenario === undefined) throw new RoundLogError(`no scenario "${round?.scenario}" on this server`);
      if (round !== undefined && scenario.version !== round.version)
        throw new RoundLogError(
          `${scenario.id} is at version ${scenario.version} here, the round played ${round.version}`,
        );
      this.newRound(
        round === undefined
          ? this.nextRound()
          : { scenario, seed: round.seed, period: round.period, scripted: round.scripted },
      );
      // A round that went live has a cluster (a debrief's too); one in the lobby or briefing not yet.
      if (this.world === undefined && this.workshop.phase === "debrief") this.buildWorld();
      if (this.world !== undefined) {
        // From the latest keyframe: the ticks before it only for what the room lists (the timeline,
        // each player's activity, the command log, cards' cooldowns); the World already had them.
        const from = this.fromKeyframe(history.keyframe);
        if (from > 0) keyframed = { ticks: from, atMs: history.keyframe?.record.t ?? 0 };
        for (const tick of history.ticks.slice(0, from))
          for (const c of tick.commands ?? []) this.replayCommand(undefined, c);
        const world = this.world;
        await replayTicks(world, history.ticks.slice(from), {
          apply: (c) => this.replayCommand(world, c),
          // As the room observes after each tick: milestones, and how long each risk has stood.
          observe: () => {
            projectMilestones(this.milestones.observe(world), this.state);
            this.risks.observe(world.riskFacts(), world.now);
          },
        });
      }
    } catch (error) {
      // The replay is deterministic: what fails here fails on every process.
      takeover.unplayable = error instanceof Error ? error.message : String(error);
      throw error;
    }
    this.replaying = false;
    const world = this.world;
    this.tick = history.ticks.length;
    this.hand.restoreEnergy(history.ticks.at(-1)?.energy ?? this.hand.energy);
    this.state.tick = this.tick;
    this.projectHand();
    let ranking: ReturnType<typeof rankedBoard> | undefined;
    if (world !== undefined) {
      this.projectedEvents = projectWorld(world, this.state, 0);
      const risks = this.risks.observe(world.riskFacts(), world.now);
      projectScore(this.keeper.score(), world.objectiveStatus(), risks, this.state);
      if (history.ended !== undefined) {
        this.state.outcome = history.ended.outcome;
        this.state.outcomeReason = history.ended.reason;
        this.state.outcomeFailing = history.ended.failing;
        projectMilestones(this.milestones.finish(world), this.state);
        ranking = this.rank(this.keeper.score());
      }
    }
    // What the facilitator points at and the lesson open in the debrief, as last recorded.
    for (const target of history.workshop.highlights ?? []) this.state.highlights.push(target);
    this.state.debriefLesson = history.workshop.lesson ?? "";
    for (const move of history.moves) this.state.moves.push(moveState(move.atMs, move.gapMs ?? 0));

    const live = this.workshop.phase === "live" && world !== undefined;
    if (live) {
      this.state.moves.push(moveState(world.now, 0));
      this.record({
        kind: "moved",
        atMs: world.now,
        from: takeover.from ?? "",
        lastWriteAt: history.lastWriteAt,
      });
      const waitingFor = [...this.workshop.players.values()].filter(
        (p) => !p.spectator && history.workshop.workshop.players.some((q) => q.id === p.id && q.connected),
      );
      this.held = {
        since: Date.now(),
        lastWriteAt: history.lastWriteAt,
        waitingFor: new Set(waitingFor.map((p) => p.id)),
      };
    }
    this.lastRecordedWorkshop = "";
    this.projectWorkshop("moved");
    if (history.stored !== undefined) this.state.score.resultId = history.stored;
    else if (history.ended !== undefined && world !== undefined && ranking !== undefined)
      void this.saveResult(
        world,
        history.ended.outcome,
        this.keeper.score(),
        "board" in ranking ? ranking.board : null,
      );
    for (const [id, token] of this.seats) void this.reopenSeat(id, token);
    // Kept while a reopened seat waits for its holder; disposed a second after the last one lapses.
    this.autoDispose = true;
    this.startLoop();
    if (!this.public || live) await this.setPrivate(true);
    takeover.report = {
      phase: this.workshop.phase,
      worldMs: world?.now ?? 0,
      commands: this.commandLog.length,
      keyframeMs: keyframed.atMs,
      ticksReplayed: history.ticks.length - keyframed.ticks,
      seats: this.seats.size,
      replayMs: Math.round(performance.now() - started),
    };
    await this.journal.flush();
    this.created = true;
  }

  /**
   * A command of the log, as the room applied it: on the timeline, and into the World if it took
   * effect (`world` undefined: a keyframe's World already had it).
   */
  private replayCommand(world: World | undefined, c: LoggedCommand): void {
    const logged: WorldLoggedCommand = { at: c.at, player: c.player, command: c.command };
    this.recordTimeline(logged, c.name, c.accepted ? "" : (c.reason ?? ""));
    this.recordActivity(logged, c.accepted);
    if (!c.accepted || readOnlyCommandTypes.has(c.command.type)) return;
    this.rememberActor(c.player, c.name);
    const result = world?.apply(c.command) ?? { accepted: true };
    if (!result.accepted)
      throw new RoundLogError(
        `the cluster refuses ${c.command.type} at ${c.at} ms on replay: ${result.reason}`,
      );
    this.commandLog.push(logged);
    if (c.card !== undefined) this.hand.coolDown(c.card, c.at);
  }

  /**
   * The World and what the room gathers from it (score, milestones, risks), as they stand after this
   * tick, into the round's log: a takeover starts from the latest keyframe and replays only the
   * ticks after it (restore).
   */
  private recordKeyframe(world: World): void {
    this.nextKeyframeAt = world.now + KEYFRAME_EVERY_MS;
    if (this.journal === undefined) return;
    this.record({
      kind: "keyframe",
      t: world.now,
      world: world.snapshot(),
      keeper: this.keeper.snapshot(),
      milestones: this.milestones.snapshot(),
      risks: this.risks.snapshot(),
      shown: this.state.milestones.map((m) => ({
        time: m.time,
        kind: m.kind as MilestoneKind,
        detail: m.detail,
      })),
    });
  }

  /**
   * The round as its latest keyframe had it: returns how many of the round's ticks that covers.
   * 0 without one, or when it does not restore (the round is then replayed from its start, as
   * before keyframes were kept).
   */
  private fromKeyframe(keyframe: RoundHistory["keyframe"]): number {
    if (keyframe === undefined) return 0;
    const { record } = keyframe;
    const fresh = { keeper: this.keeper, milestones: this.milestones, risks: this.risks, world: this.world };
    try {
      // Before the World: its trace feeds them from its first step on.
      this.keeper = new ScoreKeeper(this.scenario);
      this.keeper.restore(record.keeper);
      this.milestones = new MilestoneTracker(this.played());
      this.milestones.restore(record.milestones);
      this.risks = new RiskWatch();
      this.risks.restore(record.risks);
      this.buildWorld(record.world);
    } catch (error) {
      log.warn(
        JSON.stringify({
          event: "takeover.keyframe_unusable",
          workshop: this.roomId,
          atMs: record.t,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
      Object.assign(this, fresh);
      return 0;
    }
    projectMilestones(record.shown, this.state);
    this.nextKeyframeAt = record.t + KEYFRAME_EVERY_MS;
    return keyframe.ticks;
  }

  /** A seat held on the process that died, open to its holder for the reconnection window. */
  private async reopenSeat(id: string, token: string): Promise<void> {
    try {
      await this.allowReconnection(previousSeat(id, token), IncidentRoom.reconnectSeconds);
    } catch {
      this.removePlayer(id, "did not come back after the workshop moved");
    }
  }

  /** The round goes on once the players who were connected are back, or after TAKEOVER_HOLD_MS. */
  private releaseHold(): void {
    const held = this.held;
    if (held === undefined) return;
    const back = [...held.waitingFor].every((id) => this.workshop.players.get(id)?.connected !== false);
    if (!back && Date.now() - held.since < TAKEOVER_HOLD_MS) return;
    this.held = undefined;
    const gapMs = Math.max(0, Date.now() - held.lastWriteAt);
    const move = this.state.moves.at(-1);
    if (move !== undefined) move.gapMs = Math.max(1, gapMs);
    this.record({ kind: "resumed", gapMs });
    this.roundLog("round.resumed", { gapMs, afterMove: true });
  }

  /** Each session's message budget from now on; tests shrink it. */
  set messageRate(rate: Rate) {
    this.budget = new RateLimiter(rate);
  }

  /** The World's digest, for tests and replay checks ("" before the first round goes live). */
  simulationHash(): string {
    return this.world?.hash() ?? "";
  }

  /** The round's cluster, for tests' and the room fuzzer's invariant checks (undefined before a round goes live). */
  get currentWorld(): World | undefined {
    return this.world;
  }

  get currentTick(): number {
    return this.tick;
  }

  get simulatedMs(): number {
    return this.world?.now ?? 0;
  }
}

const NO_ACTIVITY: Activity = { actions: 0, refused: 0, lastActionMs: -1, lastAction: "" };

/** Copies a player's activity into their replicated seat, assigning only what changed. */
function projectActivity(activity: Activity, view: PlayerState): void {
  if (view.actions !== activity.actions) view.actions = activity.actions;
  if (view.refused !== activity.refused) view.refused = activity.refused;
  if (view.lastActionMs !== activity.lastActionMs) view.lastActionMs = activity.lastActionMs;
  if (view.lastAction !== activity.lastAction) view.lastAction = activity.lastAction;
}

/** What a command acts on, for the debrief's timeline: a node, a deployment, a pod, a card. */
function targetOf(command: Command): string {
  const c = command as Partial<Record<"node" | "deployment" | "pod" | "member" | "name" | "card", unknown>>;
  const target = c.node ?? c.deployment ?? c.pod ?? c.member ?? c.card ?? c.name ?? "";
  return typeof target === "string" ? target : "";
}

function moveState(atMs: number, gapMs: number): ServerMoveState {
  const move = new ServerMoveState();
  move.atMs = atMs;
  move.gapMs = gapMs;
  return move;
}

/** CPU time this thread has used (user and system), in ms: the game loop's, not the verifier's. */
function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

function byteSize(message: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(message) ?? "");
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
