import { type Client, ErrorCode, type Room } from "@colyseus/sdk";

/**
 * How long a client keeps trying to get back to its workshop after its socket closed: long enough
 * for another process to take the workshop over (seconds) or a server to restart, short of the
 * seat's reconnection window (server/rooms/IncidentRoom.ts, 30 s after the workshop is back).
 * A game choice.
 */
export const REJOIN_LIMIT_MS = 60_000;
/** Waits between tries: growing from the first to the last, then staying there. */
const FIRST_WAIT_MS = 200;
const LAST_WAIT_MS = 2_000;

export type Rejoined<R> =
  | { readonly ok: true; readonly room: R; readonly attempts: number }
  /** seatGone: the workshop answered that the seat is no longer this player's (kicked, or too late); ended: it never came back. */
  | { readonly ok: false; readonly why: "seatGone" | "ended"; readonly message: string };

/**
 * Takes a player back to their workshop after their socket closed, through the entry point's
 * matchmaking: `client.reconnect(token)` finds the room wherever it lives now — the same process
 * after a network blip, another one after the process died and the workshop was taken over
 * (server/cluster/takeover.ts) — and the seat answers to the same session and token. Tries again
 * while the workshop is not found (the takeover is under way) or the connection fails on the way;
 * stops at once when the workshop says the seat is gone.
 */
export async function rejoin<R = Room>(
  client: Pick<Client, "reconnect">,
  token: string,
  { limitMs = REJOIN_LIMIT_MS, stopped = () => false }: { limitMs?: number; stopped?: () => boolean } = {},
): Promise<Rejoined<R>> {
  const deadline = Date.now() + limitMs;
  let wait = FIRST_WAIT_MS;
  let lastError = "";
  for (let attempts = 1; ; attempts++) {
    try {
      return { ok: true, room: (await client.reconnect(token)) as R, attempts };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      lastError = error instanceof Error ? error.message : String(error);
      if (code === ErrorCode.MATCHMAKE_EXPIRED) return { ok: false, why: "seatGone", message: lastError };
    }
    if (stopped() || Date.now() + wait > deadline) return { ok: false, why: "ended", message: lastError };
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(LAST_WAIT_MS, wait * 2);
  }
}
