import type { ErrorCode, ErrorMessage } from "../../shared/protocol/messages.ts";
import { log } from "../log.ts";

/** Longest part of a client's own text (a message type) that goes back to it or into the log. */
const MAX_QUOTED = 64;
/** Distinct message types a window's log line samples. */
const SAMPLED_TYPES = 3;

interface Window {
  readonly counts: Map<ErrorCode, number>;
  readonly types: Set<string>;
}

/**
 * A room's refused messages, for whoever operates the server without drowning them: a client's
 * first refusal is logged at once, and the rest of its window in one line with a count per reason
 * and a sample of the types, however fast it sends. Within a window a client hears that it is
 * rate-limited once, not once a message.
 */
export class Refusals {
  private readonly windows = new Map<string, Window>();
  private readonly room: string;
  private readonly windowMs: number;
  private readonly schedule: (run: () => void, ms: number) => void;

  constructor(room: string, windowMs: number, schedule: (run: () => void, ms: number) => void) {
    this.room = room;
    this.windowMs = windowMs;
    this.schedule = schedule;
  }

  /** Notes a refusal of `player`'s message; whether to tell them (false: a repeated rate limit). */
  note(player: string, error: ErrorMessage): boolean {
    const window = this.windows.get(player);
    if (window === undefined) {
      this.windows.set(player, { counts: new Map(), types: new Set() });
      log.warn(JSON.stringify({ event: "message.refused", room: this.room, player, ...error }));
      this.schedule(() => this.flush(player), this.windowMs);
      return true;
    }
    const told = error.code === "rate_limited" && window.counts.has("rate_limited");
    window.counts.set(error.code, (window.counts.get(error.code) ?? 0) + 1);
    if (window.types.size < SAMPLED_TYPES) window.types.add(error.type);
    return !told;
  }

  private flush(player: string): void {
    const window = this.windows.get(player);
    this.windows.delete(player);
    if (window === undefined || window.counts.size === 0) return;
    log.warn(
      JSON.stringify({
        event: "message.refused",
        room: this.room,
        player,
        windowSeconds: this.windowMs / 1000,
        refused: Object.fromEntries(window.counts),
        types: [...window.types],
      }),
    );
  }
}

/** A client's own text cut to a length fit to send back or log. */
export function quoted(text: string): string {
  return text.length <= MAX_QUOTED ? text : `${text.slice(0, MAX_QUOTED - 1)}…`;
}
