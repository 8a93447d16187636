import { type Client, ErrorCode, type Room } from "@colyseus/sdk";

/**
 * How long a client keeps trying to get back to its workshop after its socket closed: long enough
 * for another process to take the workshop over or a server to restart. A takeover replays the
 * round, which on a busy machine took over a minute (the failover bench, load average 18 on two
 * cores); the seat then waits 30 s more for its holder (server/rooms/IncidentRoom.ts). A game choice.
 */
export const REJOIN_LIMIT_MS = 150_000;
/** Waits between tries: growing from the first to the last, then staying there. */
const FIRST_WAIT_MS = 200;
const LAST_WAIT_MS = 2_000;

export type Rejoined<R> =
  | { readonly ok: true; readonly room: R; readonly attempts: number }
  /** seatGone: until the limit the workshop answered that the seat is no longer this player's (kicked, or too late); ended: it never came back. */
  | { readonly ok: false; readonly why: "seatGone" | "ended"; readonly message: string };

/**
 * Takes a player back to their workshop after their socket closed, through the entry point's
 * matchmaking: `client.reconnect(token)` finds the room wherever it lives now — the same process
 * after a network blip, another one after the process died and the workshop was taken over
 * (server/cluster/takeover.ts) — and the seat answers to the same session and token. Tries again
 * while the workshop is not found (the takeover is under way) or the connection fails on the way.
 *
 * "Seat reservation expired" (MATCHMAKE_EXPIRED) is tried again too, until the limit: during a
 * takeover it is not final. The matchmaking answer that handed out the seat may come from the
 * listing of the process that died (a peer has not swept it yet), or from the new room before it
 * reopened its seats, and the socket then reaches a process that holds no seat for it; a moment
 * later the seat is there. Only when the limit passes with that answer is the seat called gone.
 */
export async function rejoin<R = Room>(
  client: Pick<Client, "reconnect">,
  token: string,
  {
    limitMs = REJOIN_LIMIT_MS,
    stopped = () => false,
    onRetry,
  }: {
    limitMs?: number;
    stopped?: () => boolean;
    /** After each failed try: how many so far, and real ms since the first. */
    onRetry?: (attempts: number, waitedMs: number) => void;
  } = {},
): Promise<Rejoined<R>> {
  const started = Date.now();
  const deadline = started + limitMs;
  let expired = false;
  let wait = FIRST_WAIT_MS;
  let lastError = "";
  for (let attempts = 1; ; attempts++) {
    try {
      return { ok: true, room: (await client.reconnect(token)) as R, attempts };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      lastError = error instanceof Error ? error.message : String(error);
      expired = code === ErrorCode.MATCHMAKE_EXPIRED;
    }
    if (stopped() || Date.now() + wait > deadline)
      return { ok: false, why: expired ? "seatGone" : "ended", message: lastError };
    onRetry?.(attempts, Date.now() - started);
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(LAST_WAIT_MS, wait * 2);
  }
}
