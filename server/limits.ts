/**
 * What one stranger may ask of the server, and the whole server of itself: body sizes, how fast
 * workshops are created per client address and overall, how many rooms a process runs. Each has a
 * default sized for a real workshop (a classroom behind one NAT address included) and an
 * environment variable to change it; the README's operating section lists them. A bad value stops
 * the server at start-up with a message naming the variable.
 */

/** A token bucket: `burst` requests at once, then `perMinute` a minute. */
export interface Rate {
  readonly perMinute: number;
  readonly burst: number;
}

export interface ServerLimits {
  /** Largest HTTP request body, in bytes: join and create options are a few dozen. */
  readonly maxBodyBytes: number;
  /** Rooms (workshops, solo rounds, puzzles) one process runs at once. */
  readonly maxRooms: number;
  /** Workshops and solo rounds created from one client address. */
  readonly createsPerAddress: Rate;
  /** Workshops and solo rounds created on this process, from anyone. */
  readonly creates: Rate;
  /** Matchmaking requests (create, join, reconnect) from one client address. */
  readonly matchmakingPerAddress: Rate;
  /**
   * Seats reserved (a join) by one client address: enough for a classroom behind one NAT address to
   * join at once, too few to squat a workshop's seats (a reserved seat lasts seconds).
   */
  readonly joinsPerAddress: Rate;
  /**
   * Origins whose pages may call the server across origins (CORS): none but the server's own by
   * default, and `npm run dev`'s Vite page in development.
   */
  readonly allowedOrigins: readonly string[];
  /** Peers whose X-Forwarded-For is believed (a local proxy such as start:cluster's or nginx). */
  readonly trustedProxies: readonly string[];
}

/**
 * A seat reserved over HTTP and never taken by a socket is given back after this long (Colyseus'
 * default is 15 s): the SDK connects at once, so seconds are plenty, and squatting costs a stranger
 * a request every few seconds per seat, which joinsPerAddress refuses.
 */
export const SEAT_RESERVATION_SECONDS = 5;

export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: 4 * 1024,
  maxRooms: 200,
  createsPerAddress: { perMinute: 10, burst: 20 },
  creates: { perMinute: 120, burst: 60 },
  matchmakingPerAddress: { perMinute: 240, burst: 120 },
  joinsPerAddress: { perMinute: 30, burst: 30 },
  allowedOrigins: [],
  trustedProxies: ["127.0.0.1", "::1", "::ffff:127.0.0.1"],
};

/** `npm run dev`: the client on Vite's port calls the game server on its own (scripts/dev.ts). */
export const DEV_ORIGINS = ["http://localhost:5173", "http://127.0.0.1:5173"];

/** No rate limits, for tests that are not about them (every test client shares one address). */
export const UNLIMITED_RATES: Pick<
  ServerLimits,
  "createsPerAddress" | "creates" | "matchmakingPerAddress" | "joinsPerAddress"
> = {
  createsPerAddress: { perMinute: 1e9, burst: 1e9 },
  creates: { perMinute: 1e9, burst: 1e9 },
  matchmakingPerAddress: { perMinute: 1e9, burst: 1e9 },
  joinsPerAddress: { perMinute: 1e9, burst: 1e9 },
};

export class LimitsError extends Error {
  override name = "LimitsError";
}

/** The limits with the environment's overrides (see the README for each variable). */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerLimits {
  const d = DEFAULT_LIMITS;
  return {
    maxBodyBytes: whole(env, "MAX_BODY_BYTES", d.maxBodyBytes, 256, 1024 * 1024),
    maxRooms: whole(env, "MAX_ROOMS", d.maxRooms, 1, 100_000),
    createsPerAddress: rate(env, "CREATES_PER_ADDRESS_PER_MINUTE", d.createsPerAddress),
    creates: rate(env, "CREATES_PER_MINUTE", d.creates),
    matchmakingPerAddress: rate(env, "MATCHMAKING_PER_ADDRESS_PER_MINUTE", d.matchmakingPerAddress),
    joinsPerAddress: rate(env, "JOINS_PER_ADDRESS_PER_MINUTE", d.joinsPerAddress),
    allowedOrigins:
      env.ALLOWED_ORIGINS === undefined
        ? env.NODE_ENV === "development"
          ? DEV_ORIGINS
          : d.allowedOrigins
        : list(env.ALLOWED_ORIGINS).map(origin),
    trustedProxies: env.TRUSTED_PROXIES === undefined ? d.trustedProxies : list(env.TRUSTED_PROXIES),
  };
}

/** An origin as browsers send it: scheme, host and port only (`https://game.example:8443`). */
function origin(raw: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || parsed.origin !== raw)
    throw new LimitsError(
      `ALLOWED_ORIGINS: each entry is an origin such as https://game.example (no path or trailing slash), got "${raw}"`,
    );
  return raw;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new LimitsError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** `N` a minute; the burst keeps the default's ratio to the rate. */
function rate(env: NodeJS.ProcessEnv, name: string, fallback: Rate): Rate {
  const perMinute = whole(env, name, fallback.perMinute, 1, 1_000_000);
  if (perMinute === fallback.perMinute) return fallback;
  return { perMinute, burst: Math.max(1, Math.round((perMinute * fallback.burst) / fallback.perMinute)) };
}

function list(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
