import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { matchMaker } from "@colyseus/core";
import type { ServerLimits } from "../limits.ts";
import { RateLimiter } from "../rateLimit.ts";
import { openRooms } from "../rooms/census.ts";
import { clientAddress } from "./address.ts";

/** `/matchmake/<method>/<room name>`: Colyseus' matchmaking over HTTP. */
const MATCHMAKE = /^\/matchmake\/(\w+)\//;
/** Matchmaking methods that create a room (and with it, once its round starts, a whole cluster). */
const CREATING = new Set(["create", "joinOrCreate"]);
/** Matchmaking methods that reserve a seat in a room someone else opened. */
const JOINING = new Set(["join", "joinById", "joinOrCreate"]);

/**
 * The HTTP server under the game server: every request passes here before Express, Colyseus'
 * matchmaker or the monitor see it. A body is read up to the limit and handed on as text; one
 * announced or streamed beyond it gets 413 and the rest is never read. Matchmaking is rate-limited
 * per client address, and room creation also for the whole process (429 with Retry-After).
 * Colyseus binds its routes to whatever server the transport is given, so this one comes first
 * whatever order the request listeners were added in.
 */
export class GuardedHttpServer extends http.Server {
  private readonly limits: ServerLimits;
  private readonly trustedProxies: ReadonlySet<string>;
  private readonly matchmaking: RateLimiter;
  private readonly createsPerAddress: RateLimiter;
  private readonly creates: RateLimiter;
  private readonly joins: RateLimiter;

  constructor(limits: ServerLimits) {
    super();
    this.limits = limits;
    this.trustedProxies = new Set(limits.trustedProxies);
    this.matchmaking = new RateLimiter(limits.matchmakingPerAddress);
    this.createsPerAddress = new RateLimiter(limits.createsPerAddress);
    this.creates = new RateLimiter(limits.creates);
    this.joins = new RateLimiter(limits.joinsPerAddress);
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event !== "request") return super.emit(event as string, ...args);
    const [req, res] = args as [IncomingMessage, ServerResponse];
    void this.admit(req, res).then((admitted) => admitted && super.emit("request", req, res));
    return true;
  }

  /** Whether the request goes on to the routes; a refused one has had its answer. */
  private async admit(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const body = await readBody(req, this.limits.maxBodyBytes);
    if (body === tooLarge) {
      refuse(req, res, 413, `a request body may be at most ${this.limits.maxBodyBytes} bytes`);
      return false;
    }
    if (body === aborted) return false;
    // Read once here, so the routes take it as text (Colyseus' router does, as after its own pre-read).
    if (body !== null) (req as IncomingMessage & { body?: string }).body = body;
    const method = req.method === "POST" ? MATCHMAKE.exec(req.url ?? "")?.[1] : undefined;
    if (method === undefined) return true;
    const refusal = this.matchmakingRefusal(clientAddress(req, this.trustedProxies), method);
    if (refusal === null) return true;
    refuse(req, res, 429, refusal.error, { "retry-after": String(refusal.retryAfterSeconds) });
    return false;
  }

  /** Why this address may not make this matchmaking request now (null: it may; its tokens are taken). */
  private matchmakingRefusal(
    address: string,
    method: string,
  ): { readonly error: string; readonly retryAfterSeconds: number } | null {
    const creating = CREATING.has(method);
    const buckets: [RateLimiter, string, string][] = [
      [this.matchmaking, address, "too many matchmaking requests from your address"],
    ];
    if (creating)
      buckets.push(
        [this.createsPerAddress, address, "too many workshops created from your address"],
        [this.creates, "", "this server is creating too many workshops at once"],
      );
    if (JOINING.has(method)) buckets.push([this.joins, address, "too many joins from your address"]);
    for (const [limiter, key, why] of buckets) {
      const wait = limiter.wait(key);
      if (wait > 0) return { error: `${why}; try again in ${wait} s`, retryAfterSeconds: wait };
    }
    if (creating && openRooms() >= this.limits.maxRooms)
      return {
        error: `this server runs its most rooms (${this.limits.maxRooms}); try again in a minute`,
        retryAfterSeconds: 60,
      };
    for (const [limiter, key] of buckets) limiter.take(key);
    return null;
  }
}

const tooLarge = Symbol("too large");
const aborted = Symbol("aborted");

/** The whole body as text (null: none), or why not — it never holds more than `limit` bytes. */
function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<string | null | typeof tooLarge | typeof aborted> {
  const announced = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (announced === undefined && !chunked) return Promise.resolve(null);
  if (Number(announced) > limit) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (result: string | null | typeof tooLarge | typeof aborted) => {
      req.removeAllListeners("data");
      req.pause();
      resolve(result);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) stop(tooLarge);
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(size === 0 ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => stop(aborted));
  });
}

/**
 * A JSON refusal in the matchmaker's own shape (`{ code, error }`, which the Colyseus SDK turns into
 * a ServerError), with the same CORS headers the routes would have sent. The connection closes:
 * whatever the client still sends of its body is not read.
 */
export function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  error: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ code: status, error });
  const cors = {
    ...matchMaker.controller.DEFAULT_CORS_HEADERS,
    ...matchMaker.controller.getCorsHeaders(new Headers(req.headers as Record<string, string>)),
  };
  res.shouldKeepAlive = false;
  res.writeHead(status, {
    ...cors,
    ...headers,
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    connection: "close",
  });
  res.end(body, () => req.socket.destroy());
}
