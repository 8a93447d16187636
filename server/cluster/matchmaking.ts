/**
 * Shared matchmaking for several game-server processes: when REDIS_URL is set, every process
 * uses RedisPresence (pub/sub between processes) and RedisDriver (the room listings), and
 * advertises its own publicAddress so that clients open their WebSocket to the process that
 * owns their room. Without REDIS_URL nothing here runs: one process, local presence, as before.
 *
 * Nothing falls back silently: if REDIS_URL is set but the Redis packages cannot be loaded, or
 * Redis does not answer, the process refuses to start with the reason.
 */
import { matchMaker, type Presence } from "@colyseus/core";
import { log } from "../log.ts";

/** What `createGameServer` passes on to Colyseus' `defineServer`. */
export interface SharedMatchmaking {
  readonly presence: Presence;
  readonly driver: matchMaker.MatchMakerDriver;
  readonly publicAddress: string;
  readonly selectProcessIdToCreateRoom: matchMaker.SelectProcessIdCallback;
  /** The Redis URL with any password hidden, for log lines. */
  readonly redis: string;
}

/** How long start-up waits for Redis to answer before giving up. */
const REDIS_CHECK_MS = 5000;
/** How often each process looks for peers that died without saying so (their rooms are then unlisted). */
const SWEEP_MS = 2000;

export class ClusterConfigError extends Error {}

/**
 * Shared matchmaking from the environment, or undefined without REDIS_URL. Throws
 * ClusterConfigError when REDIS_URL is set but Redis cannot be used.
 */
export async function sharedMatchmaking(
  env: { REDIS_URL?: string; PUBLIC_ADDRESS?: string },
  port: number,
): Promise<SharedMatchmaking | undefined> {
  const url = env.REDIS_URL?.trim();
  if (!url) return undefined;
  if (!/^rediss?:\/\//.test(url))
    throw new ClusterConfigError(`REDIS_URL must look like redis://host:6379, got "${redact(url)}"`);
  const publicAddress = publicAddressFor(env.PUBLIC_ADDRESS, port);

  // Imported only in this mode, and never swallowed: a missing package is a start-up error.
  const load = async <T>(name: string, pick: (module: Record<string, unknown>) => T | undefined) => {
    try {
      const found = pick((await import(name)) as Record<string, unknown>);
      if (found === undefined) throw new Error(`it has no such export`);
      return found;
    } catch (error) {
      throw new ClusterConfigError(
        `REDIS_URL is set but ${name} could not be loaded (${error instanceof Error ? error.message : error}); ` +
          "run `npm install`. Refusing to start with local, single-process matchmaking.",
      );
    }
  };
  type PresenceClass = new (url: string) => Presence;
  type DriverClass = new (url: string) => matchMaker.MatchMakerDriver;
  const RedisPresence = await load("@colyseus/redis-presence", (m) => m.RedisPresence as PresenceClass);
  const RedisDriver = await load("@colyseus/redis-driver", (m) => m.RedisDriver as DriverClass);

  const presence = new RedisPresence(url);
  const driver = new RedisDriver(url);
  const redis = redact(url);
  try {
    await withTimeout(checkRoundTrip(presence), REDIS_CHECK_MS, `no answer within ${REDIS_CHECK_MS} ms`);
  } catch (error) {
    presence.shutdown();
    await Promise.resolve(driver.shutdown()).catch(() => undefined);
    throw new ClusterConfigError(
      `REDIS_URL is set but Redis at ${redis} is not usable: ${error instanceof Error ? error.message : error}`,
    );
  }
  return { presence, driver, publicAddress, redis, selectProcessIdToCreateRoom: leastLoadedLiveProcess };
}

/**
 * Where a new room goes: the live process with the fewest rooms (then the fewest players).
 * Colyseus' default also counts a process that just died until a request to it times out,
 * which would cost the next workshop created two seconds; "live" here is "still subscribed to
 * its Redis channel", which a killed process stops being at once.
 */
async function leastLoadedLiveProcess(): Promise<string> {
  const [stats, channels] = await Promise.all([
    matchMaker.stats.fetchAll(),
    matchMaker.presence.channels("p:*"),
  ]);
  const live = new Set(channels.map((channel) => channel.slice(2)));
  const best = stats
    .filter((s) => s.processId === matchMaker.processId || live.has(s.processId))
    .sort((a, b) => a.roomCount - b.roomCount || a.ccu - b.ccu)[0];
  return best?.processId ?? matchMaker.processId;
}

/**
 * After `server.listen`: Colyseus really runs on the Redis presence and driver given (not a
 * default it picked), this process subscribed its IPC channel, and dead peers get swept.
 * Logs one line saying so. Throws if any of it does not hold.
 */
export async function confirmSharedMatchmaking(shared: SharedMatchmaking): Promise<() => void> {
  if (matchMaker.presence !== shared.presence || matchMaker.driver !== shared.driver)
    throw new ClusterConfigError(
      `matchmaking is not using Redis (presence: ${matchMaker.presence?.constructor.name}, ` +
        `driver: ${matchMaker.driver?.constructor.name})`,
    );
  const channels = await shared.presence.channels(`p:${matchMaker.processId}`);
  if (!channels.includes(`p:${matchMaker.processId}`))
    throw new ClusterConfigError("this process is not subscribed to its Redis channel");
  log.info(
    `Matchmaking is shared through Redis at ${shared.redis} ` +
      `(${matchMaker.presence.constructor.name} + ${matchMaker.driver.constructor.name}); ` +
      `this process is ${matchMaker.processId}, its rooms are reached at ${matchMaker.publicAddress}.`,
  );
  return sweepDeadPeers();
}

/**
 * Colyseus unlists a dead process's rooms only when a request to it times out. Here every
 * process checks, every two seconds, for peers whose Redis channel went quiet, so a crashed
 * process's rooms disappear from matchmaking (and its workshop codes stop resolving) quickly.
 */
function sweepDeadPeers(): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running || matchMaker.state !== matchMaker.MatchMakerState.READY) return;
    running = true;
    try {
      await matchMaker.healthCheckAllProcesses();
    } catch (error) {
      log.warn(JSON.stringify({ event: "cluster.sweep_failed", error: String(error) }));
    } finally {
      running = false;
    }
  }, SWEEP_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Where browsers reach this process: host[:port][/path], no scheme (the client adds ws:// or
 * wss:// as its page was loaded). Defaults to localhost:PORT, which suits one machine only.
 */
export function publicAddressFor(value: string | undefined, port: number): string {
  const address = (value ?? "").trim().replace(/\/+$/, "");
  if (address === "") {
    log.warn(
      `PUBLIC_ADDRESS is not set: advertising localhost:${port}, which only browsers on this machine reach.`,
    );
    return `localhost:${port}`;
  }
  if (/^[a-z]+:\/\//i.test(address) || /[\s?#]/.test(address))
    throw new ClusterConfigError(
      `PUBLIC_ADDRESS is host[:port][/path] without a scheme (e.g. game.example.org/p/2568), got "${address}"`,
    );
  return address;
}

async function checkRoundTrip(presence: Presence): Promise<void> {
  const key = `cluster-crisis:startup-check:${process.pid}:${Date.now()}`;
  await presence.setex(key, "ok", 10);
  const back = await presence.get(key);
  await presence.del(key);
  if (back !== "ok") throw new Error(`wrote a key and read back ${JSON.stringify(back)}`);
}

function withTimeout<T>(work: Promise<T>, ms: number, why: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(why)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The URL without its password. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return "(unparsable URL)";
  }
}
