import { type Client, Room } from "@colyseus/core";
import {
  type ClientMessageType,
  type CommandResultMessage,
  clientMessages,
  type ErrorMessage,
  isClientMessageType,
  joinOptions,
  MAX_MESSAGE_BYTES,
  serverMessageTypes,
} from "../../shared/protocol/messages.ts";
import firstLight from "../../shared/scenarios/first-light.json" with { type: "json" };
import { fnv1a, type LoggedCommand, parseScenario, Simulation } from "../../shared/sim/index.ts";
import { IncidentState } from "../../shared/state/incidentState.ts";
import { log } from "../log.ts";
import { projectCluster } from "./projection.ts";

/** Real milliseconds between simulation ticks (10 Hz). */
export const TICK_REAL_MS = 100;
/** Simulated milliseconds per tick at game speed 1×. */
export const TICK_SIM_MS = 100;

const scenario = parseScenario(firstLight);

/**
 * One incident: one simulation, its command log, and the replicated view of it.
 * The room validates and orders; the simulation decides.
 */
export class IncidentRoom extends Room<{ state: IncidentState }> {
  override maxClients = 12;
  override state = new IncidentState();
  /** Every command that took effect, in order: with the seed, enough to replay the round. */
  readonly commandLog: LoggedCommand[] = [];
  private sim!: Simulation;
  private tick = 0;
  private queued: { client: Client; entry: LoggedCommand }[] = [];
  private projectedEvents = 0;

  override onCreate(options: unknown): void {
    const parsed = joinOptions.safeParse(options ?? {});
    // The seed of a new room is drawn from the room id unless the creator chose one.
    const seed =
      parsed.success && parsed.data.seed !== undefined ? parsed.data.seed : fnv1a(this.roomId) & 0x7fffffff;
    this.sim = new Simulation(scenario, seed);
    this.state.scenarioTitle = scenario.title;
    this.state.seed = seed;
    this.projectedEvents = projectCluster(this.sim, this.state, this.projectedEvents);
    this.patchRate = TICK_REAL_MS;
    this.setSimulationInterval(() => this.step(), TICK_REAL_MS);
    this.onMessage("*", (client, type, message) => this.receive(client, type, message));
  }

  /** Validates one client message and queues it as a command for the next tick. */
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
    this.queued.push({
      client,
      entry: { tick: this.tick + 1, player: client.sessionId, command: { type, node: parsed.data.node } },
    });
  }

  private step(): void {
    this.tick++;
    for (const { client, entry } of this.queued) {
      const result = this.sim.apply(entry.command);
      if (result.accepted) this.commandLog.push(entry);
      const reply: CommandResultMessage = {
        type: entry.command.type as ClientMessageType,
        tick: this.tick,
        accepted: result.accepted,
        ...(result.accepted ? {} : { reason: result.reason }),
      };
      client.send(serverMessageTypes.commandResult, reply);
    }
    this.queued = [];
    this.sim.advanceTo(this.tick * TICK_SIM_MS);
    this.state.tick = this.tick;
    this.projectedEvents = projectCluster(this.sim, this.state, this.projectedEvents);
  }

  private refuse(client: Client, error: ErrorMessage): void {
    log.warn(`room ${this.roomId}: refused "${error.type}" from ${client.sessionId}: ${error.message}`);
    client.send(serverMessageTypes.error, error);
  }

  /** The simulation's digest, for tests and replay checks. */
  simulationHash(): string {
    return this.sim.hash();
  }

  get currentTick(): number {
    return this.tick;
  }
}

function byteSize(message: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(message) ?? "");
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
