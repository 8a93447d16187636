import { MAX_PLAYERS, MAX_SPECTATORS } from "../../shared/protocol/limits.ts";
import {
  type ClientMessage,
  type ErrorCode,
  ROLES,
  type Role,
  type RoundControlType,
} from "../../shared/protocol/messages.ts";
import { nameKey } from "../../shared/protocol/names.ts";
import { type CommandType, commandRoles } from "../../shared/sim/commands.ts";
import { commandName } from "../../shared/words/actions.ts";

/**
 * A workshop's people and the round's lifecycle, with no sockets and no clock:
 * who is here, who holds which role, who facilitates, and which phase the round
 * is in. The room asks it before acting on any message.
 *
 *   lobby → briefing → live ⇄ paused → debrief → briefing → …
 *
 * Solo play starts at the briefing: the clock waits until the player has read it and starts it.
 */
export type Phase = "lobby" | "briefing" | "live" | "debrief";

export { MAX_PLAYERS, MAX_SPECTATORS };

export interface Player {
  readonly id: string;
  readonly name: string;
  roles: Set<Role>;
  connected: boolean;
  /** A read-only seat: sees everything, holds no role, never facilitates. */
  readonly spectator: boolean;
  readonly order: number;
}

export type Verdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: ErrorCode; readonly reason: string };

/** A solo player defends; the scenario's script plays chaos, so the deck is not theirs. */
export const SOLO_ROLES: readonly Role[] = ["scheduler", "operator"];

/**
 * Everything a Workshop holds, as plain data: written to the round's log (server/rounds/log.ts) so
 * another process can carry the workshop on, and read back by `Workshop.restore`.
 */
export interface WorkshopSnapshot {
  readonly solo: boolean;
  readonly phase: Phase;
  readonly paused: boolean;
  readonly speed: number;
  readonly rolesLocked: boolean;
  /** Null: each round plays its scenario's board seed of the week. */
  readonly seed: number | null;
  readonly scenario: string;
  readonly round: number;
  readonly facilitator: string | null;
  readonly joined: number;
  readonly players: readonly PlayerSnapshot[];
}

export interface PlayerSnapshot {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly connected: boolean;
  readonly spectator: boolean;
  readonly order: number;
}

const OK: Verdict = { ok: true };
const no = (code: ErrorCode, reason: string): Verdict => ({ ok: false, code, reason });

export class Workshop {
  readonly players = new Map<string, Player>();
  readonly solo: boolean;
  phase: Phase = "lobby";
  paused = false;
  speed = 1;
  rolesLocked = false;
  /** The seed the facilitator chose; null: each round plays its scenario's board seed of the week. */
  seed: number | null;
  /** The scenario of the next round (the room checks the id against its catalogue). */
  scenario: string;
  round = 0;
  facilitator: string | null = null;
  private joined = 0;

  constructor({ solo, seed, scenario }: { solo: boolean; seed: number | null; scenario: string }) {
    this.solo = solo;
    this.seed = seed;
    this.scenario = scenario;
  }

  /** The workshop as plain data (for the round's log). */
  snapshot(): WorkshopSnapshot {
    return {
      solo: this.solo,
      phase: this.phase,
      paused: this.paused,
      speed: this.speed,
      rolesLocked: this.rolesLocked,
      seed: this.seed,
      scenario: this.scenario,
      round: this.round,
      facilitator: this.facilitator,
      joined: this.joined,
      players: [...this.players.values()].map((p) => ({
        id: p.id,
        name: p.name,
        roles: ROLES.filter((r) => p.roles.has(r)),
        connected: p.connected,
        spectator: p.spectator,
        order: p.order,
      })),
    };
  }

  /** The workshop a snapshot describes, its people all disconnected until they come back. */
  static restore(snapshot: WorkshopSnapshot): Workshop {
    const w = new Workshop({ solo: snapshot.solo, seed: snapshot.seed, scenario: snapshot.scenario });
    w.phase = snapshot.phase;
    w.paused = snapshot.paused;
    w.speed = snapshot.speed;
    w.rolesLocked = snapshot.rolesLocked;
    w.round = snapshot.round;
    w.facilitator = snapshot.facilitator;
    w.joined = snapshot.joined;
    for (const p of snapshot.players)
      w.players.set(p.id, { ...p, roles: new Set(p.roles), connected: false });
    return w;
  }

  /**
   * The first to join facilitates. In solo play they also hold the scheduler's and the operator's
   * roles and go straight to the briefing; the chaos agent is the scenario's script.
   *
   * A workshop left with only spectators has no facilitator (a spectator seat is the projector or an
   * observer: read-only, nobody's hands on the controls). The next player to take a seat facilitates,
   * as the first joiner of a new workshop does: in practice the facilitator coming back with the
   * join code the projector still shows, after their laptop's reconnection window ran out.
   */
  join(id: string, name: string, { spectator = false } = {}): Verdict {
    const seated = [...this.players.values()].filter((p) => p.spectator === spectator).length;
    if (spectator && seated >= MAX_SPECTATORS)
      return no("forbidden", `all ${MAX_SPECTATORS} spectator seats are taken`);
    if (!spectator && seated >= MAX_PLAYERS)
      return no("forbidden", `the workshop is full (${MAX_PLAYERS} players)`);
    if (this.solo && this.players.size > 0) return no("forbidden", "this is a solo game");
    if (spectator && this.players.size === 0)
      return no("forbidden", "a workshop starts with its facilitator, not a spectator");
    // One "Host" however it is spelled: look-alike letters, case and width fold together (nameKey).
    if ([...this.players.values()].some((p) => nameKey(p.name) === nameKey(name))) {
      return no("forbidden", `the name "${name}" is already taken in this workshop`);
    }
    const first = this.players.size === 0;
    const facilitates = !spectator && this.facilitator === null;
    this.players.set(id, {
      id,
      name,
      roles: new Set(this.solo ? SOLO_ROLES : []),
      connected: true,
      spectator,
      order: this.joined++,
    });
    if (facilitates) this.facilitator = id;
    if (this.solo && first) this.phase = "briefing";
    return OK;
  }

  /**
   * A player left for good: their seat is freed; the facilitator's role passes to the longest-present
   * player, or, with only spectators left, waits for the next player to join (see `join`).
   */
  leave(id: string): void {
    this.players.delete(id);
    if (this.facilitator === id) {
      const next = [...this.players.values()]
        .filter((p) => !p.spectator)
        .sort((a, b) => a.order - b.order)[0];
      this.facilitator = next?.id ?? null;
    }
  }

  /** May this player run this cluster command now? */
  authorizeCommand(id: string, type: CommandType): Verdict {
    const player = this.players.get(id);
    if (!player) return no("forbidden", "you are not in this workshop");
    if (this.phase !== "live") return no("wrong_phase", `the round is not live (it is in ${this.phase})`);
    if (this.paused) return no("wrong_phase", "the round is paused");
    const role = commandRoles[type];
    if (role === "facilitator") {
      if (this.facilitator !== id)
        return no("forbidden", `only the facilitator can set ${commandName(type, "en")}`);
      return OK;
    }
    // The facilitator may inject a fault from the scenario's deck whoever plays chaos; in solo play
    // the scenario's script is the chaos agent, and the one player only defends.
    if (type === "injectFault" && this.solo)
      return no("forbidden", "in solo play the scenario's script plays chaos; you defend");
    if (type === "injectFault" && this.facilitator === id) return OK;
    if (!player.roles.has(role))
      return no(
        "forbidden",
        `${commandName(type, "en")} is the ${role}'s command; you are ${describeRoles(player.roles)}`,
      );
    return OK;
  }

  /** A fault injected by the facilitator without the chaos role: from the deck, but paid by no one. */
  injectsAsFacilitator(id: string): boolean {
    return !this.solo && this.facilitator === id && this.players.get(id)?.roles.has("chaos") !== true;
  }

  /** Applies a lobby or facilitator control, or says why not; a refused control changes nothing. */
  control<T extends RoundControlType>(id: string, type: T, message: ClientMessage<T>): Verdict {
    const player = this.players.get(id);
    if (!player) return no("forbidden", "you are not in this workshop");
    if (type === "chooseRoles") {
      if (player.spectator) return no("forbidden", "spectators watch; join as a player to take a role");
      if (this.rolesLocked) return no("forbidden", "the facilitator has locked the roles");
      if (this.phase === "live") return no("wrong_phase", "roles cannot change during a live round");
      player.roles = new Set((message as ClientMessage<"chooseRoles">).roles);
      return OK;
    }
    if (this.facilitator !== id) return no("forbidden", `only the facilitator can ${type}`);
    switch (type) {
      case "assignRoles": {
        const { player: target, roles } = message as ClientMessage<"assignRoles">;
        const other = this.players.get(target);
        if (!other) return no("invalid_payload", `no player ${target} in this workshop`);
        if (other.spectator) return no("forbidden", "a spectator cannot hold a role");
        if (this.phase === "live") return no("wrong_phase", "roles cannot change during a live round");
        other.roles = new Set(roles);
        return OK;
      }
      case "lockRoles":
        this.rolesLocked = (message as ClientMessage<"lockRoles">).locked;
        return OK;
      case "setSeed":
        if (this.phase === "live") return no("wrong_phase", "the seed of a live round cannot change");
        this.seed = (message as ClientMessage<"setSeed">).seed;
        return OK;
      case "chooseScenario":
        if (this.phase === "live") return no("wrong_phase", "the scenario of a live round cannot change");
        this.scenario = (message as ClientMessage<"chooseScenario">).scenario;
        return OK;
      case "openBriefing":
        if (this.phase !== "lobby" && this.phase !== "debrief")
          return no("wrong_phase", `cannot brief from ${this.phase}`);
        this.phase = "briefing";
        return OK;
      case "startRound":
        if (this.phase !== "briefing") return no("wrong_phase", "start the round from the briefing");
        this.phase = "live";
        this.paused = false;
        this.round++;
        return OK;
      case "pause":
      case "resume": {
        if (this.phase !== "live") return no("wrong_phase", `only a live round can ${type}`);
        const pause = type === "pause";
        if (this.paused === pause) return no("wrong_phase", pause ? "already paused" : "not paused");
        this.paused = pause;
        return OK;
      }
      case "setSpeed":
        this.speed = (message as ClientMessage<"setSpeed">).speed;
        return OK;
      case "endRound":
        if (this.phase !== "live") return no("wrong_phase", "no live round to end");
        this.finishRound();
        return OK;
      case "highlight":
      case "clearHighlights":
        // Annotating is what a pause is for: the cluster holds still while the facilitator points.
        if (this.phase !== "live" || !this.paused)
          return no("wrong_phase", "pause the round first: highlights are for explaining a paused cluster");
        return OK;
      case "showLesson":
        if (this.phase !== "debrief") return no("wrong_phase", "lessons are shown in the debrief");
        return OK;
      case "kick": {
        const { player: target } = message as ClientMessage<"kick">;
        if (target === id) return no("invalid_payload", "the facilitator cannot remove themselves");
        if (!this.players.has(target)) return no("invalid_payload", `no player ${target} in this workshop`);
        this.leave(target);
        return OK;
      }
      default:
        return no("invalid_payload", `unhandled control ${type}`);
    }
  }

  /**
   * The live round is over (ended, or its time ran out): to the debrief. The next round starts at
   * the scenario's own pace, not at the speed this one was fast-forwarded to (the facilitator may
   * choose another during the briefing).
   */
  finishRound(): void {
    this.phase = "debrief";
    this.paused = false;
    this.speed = 1;
  }

  /** Roles no player holds are played by the built-in controllers and the scenario's script. */
  unclaimedRoles(): Role[] {
    const held = new Set([...this.players.values()].flatMap((p) => [...p.roles]));
    return ROLES.filter((r) => !held.has(r));
  }
}

function describeRoles(roles: ReadonlySet<Role>): string {
  return roles.size === 0 ? "a spectator" : `${[...roles].join(" and ")}`;
}
