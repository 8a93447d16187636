/**
 * The entry point of a local cluster (`npm run start:cluster`): one port that serves the client
 * and the HTTP API from any live game-server process, and routes each WebSocket to the process
 * that owns its room. In production nginx does the same job (see the README); this one is for
 * a single machine.
 *
 * Routing. Each process advertises `<public host>/p/<its port>` as its publicAddress, so the
 * Colyseus client opens `ws://<public host>/p/<port>/<processId>/<roomId>?…` for a room that
 * lives on the process listening on <port>. The proxy strips `/p/<port>` and forwards the
 * upgrade there, and only to the ports it was given. Plain HTTP requests (the page, the API,
 * matchmaking, which any process can answer through Redis) go round-robin to live processes;
 * `/p/<port>/…` reaches one process directly (e.g. `/p/2568/metrics`).
 *
 * When a process dies, the WebSockets it held are closed with code 4001 (SERVER_SHUTDOWN) and a
 * readable reason, and a live process is asked to look for workshops to take over at once
 * (server/cluster/takeover.ts): the players' clients reconnect through this entry point to
 * wherever their workshop now lives (client/net/rejoin.ts). New upgrades for a dead process get
 * the same close.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { log } from "../log.ts";

/** The close code and reason players get when the process that ran their workshop stopped. */
export const PROCESS_GONE_CODE = 4001;
export const PROCESS_GONE_REASON =
  "The game server running this workshop stopped; reconnecting to the server that takes it over.";

const PREFIX = /^\/p\/(\d{1,5})(\/.*)?$/;
const MAX_BODY_BYTES = 1024 * 1024;
const PROBE_MS = 1000;
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
]);

export interface EntryProxyOptions {
  /** The game-server processes' ports. */
  readonly ports: readonly number[];
  /** Where they listen (default loopback). */
  readonly backendHost?: string;
}

export class EntryProxy {
  readonly ports: readonly number[];
  private readonly backendHost: string;
  private readonly down = new Set<number>();
  /** Ports that have answered at least once: only their going down is news. */
  private readonly seenUp = new Set<number>();
  private readonly sockets = new Set<net.Socket>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly server: http.Server;
  private next = 0;
  private probe: NodeJS.Timeout | undefined;

  constructor({ ports, backendHost = "127.0.0.1" }: EntryProxyOptions) {
    if (ports.length === 0) throw new Error("the entry proxy needs at least one game-server port");
    this.ports = [...ports];
    this.backendHost = backendHost;
    this.server = http.createServer((req, res) => void this.forward(req, res));
    this.server.on("upgrade", (req, socket, head) => void this.upgrade(req, socket as net.Socket, head));
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  /** Listens; resolves with the port (useful with 0). */
  async listen(port: number, host?: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve());
    });
    this.probe = setInterval(() => void this.probeAll(), PROBE_MS);
    this.probe.unref();
    const address = this.server.address();
    return typeof address === "object" && address ? address.port : port;
  }

  /** The process on `port` stopped (its manager saw it exit): no more traffic to it. */
  markDown(port: number): void {
    if (this.down.has(port)) return;
    this.down.add(port);
    if (this.seenUp.has(port)) void this.reportDown(port);
  }

  /** The process on `port` is back (also noticed by the proxy's own probe, every second). */
  markUp(port: number): void {
    this.down.delete(port);
    this.seenUp.add(port);
  }

  isDown(port: number): boolean {
    return this.down.has(port);
  }

  async close(): Promise<void> {
    clearInterval(this.probe);
    for (const socket of this.sockets) socket.destroy();
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The backend port and the path to ask it for: `/p/<port>/…` pins one; anything else goes round-robin. */
  private route(url: string): { port: number | undefined; path: string; pinned: boolean } {
    const match = PREFIX.exec(url.split("?")[0]!);
    if (match) {
      const port = Number(match[1]);
      const query = url.includes("?") ? url.slice(url.indexOf("?")) : "";
      return {
        port: this.ports.includes(port) ? port : undefined,
        path: `${match[2] ?? "/"}${query}`,
        pinned: true,
      };
    }
    return { port: this.pick(), path: url, pinned: false };
  }

  /** The next live process, round-robin; if all look down, the next one not tried yet. */
  private pick(skip: ReadonlySet<number> = new Set()): number | undefined {
    const start = this.next++;
    const order = this.ports.map((_, i) => this.ports[(start + i) % this.ports.length]!);
    return (
      order.find((port) => !this.down.has(port) && !skip.has(port)) ?? order.find((port) => !skip.has(port))
    );
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      res.writeHead(413, { "content-type": "application/json" }).end('{"error":"request body too large"}');
      return;
    }
    const first = this.route(req.url ?? "/");
    const tried = new Set<number>();
    let port = first.port;
    while (port !== undefined) {
      tried.add(port);
      try {
        await this.send(port, first.path, req, body, res);
        return;
      } catch (error) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        // Not reachable: count it down until the probe sees it again, and try another process.
        this.down.add(port);
        log.warn(JSON.stringify({ event: "proxy.backend_unreachable", port, error: String(error) }));
        port = first.pinned ? undefined : this.pick(tried);
      }
    }
    res
      .writeHead(first.pinned && first.port === undefined ? 404 : 502, { "content-type": "application/json" })
      .end(JSON.stringify({ error: "no game-server process is available for this request" }));
  }

  private send(
    port: number,
    path: string,
    req: http.IncomingMessage,
    body: Buffer,
    res: http.ServerResponse,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(req.headers))
        if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
      headers["content-length"] = String(body.length);
      headers["x-forwarded-for"] = forwardedFor(req);
      headers["x-forwarded-proto"] ??= "http";
      const upstream = http.request(
        { host: this.backendHost, port, method: req.method, path, headers, agent: this.agent },
        (answer) => {
          const out: http.OutgoingHttpHeaders = {};
          for (const [name, value] of Object.entries(answer.headers))
            if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
          res.writeHead(answer.statusCode ?? 502, out);
          answer.pipe(res);
          answer.on("end", resolve);
          answer.on("error", reject);
        },
      );
      upstream.on("error", reject);
      upstream.end(body);
    });
  }

  private async upgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer): Promise<void> {
    socket.on("error", () => socket.destroy());
    // A room's process is tried even when counted down: only a refused connection proves it gone.
    const { port, path } = this.route(req.url ?? "/");
    if (port === undefined) {
      refuseWebSocket(req, socket);
      return;
    }
    const upstream = net.connect(port, this.backendHost);
    let answered = false;
    upstream.once("data", () => {
      answered = true;
    });
    upstream.on("error", () => undefined);
    upstream.once("connect", () => {
      const lines = [`${req.method} ${path} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        if (req.rawHeaders[i]!.toLowerCase() !== "x-forwarded-for")
          lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      lines.push(`X-Forwarded-For: ${forwardedFor(req)}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket, { end: false });
      socket.pipe(upstream);
    });
    socket.on("close", () => upstream.destroy());
    upstream.once("close", async () => {
      if (socket.destroyed) return;
      // Closed by the player's side or by the room: pass it on. Closed because the process died:
      // say so (the kernel closes a killed process's sockets an instant before its listener).
      await sleep(100);
      const gone = this.down.has(port) || !(await listening(this.backendHost, port));
      if (gone) this.markDown(port);
      if (socket.destroyed) return;
      if (!gone) socket.end();
      else if (answered) socket.end(closeFrame(PROCESS_GONE_CODE, PROCESS_GONE_REASON));
      else refuseWebSocket(req, socket);
    });
  }

  private async probeAll(): Promise<void> {
    await Promise.all(
      this.ports.map(async (port) => {
        if (await listening(this.backendHost, port)) this.markUp(port);
        else this.markDown(port);
      }),
    );
  }

  /** Asks a live process to take the dead one's workshops over now rather than at its next look. */
  private async reportDown(port: number): Promise<void> {
    const live = this.pick(new Set([port]));
    if (live === undefined || live === port) return;
    log.info(JSON.stringify({ event: "proxy.process_down", port, asked: live }));
    try {
      const answer = await fetch(`http://${this.backendHost}:${live}/internal/takeovers/check`, {
        method: "POST",
      });
      await answer.body?.cancel();
    } catch {
      // That one is down too: its own watcher, or the next report, will look.
    }
  }
}

/** Completes the WebSocket handshake only to close it at once with 4001 and the reason. */
function refuseWebSocket(req: http.IncomingMessage, socket: net.Socket): void {
  const key = req.headers["sec-websocket-key"];
  if (typeof key !== "string") {
    socket.end("HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  socket.end(closeFrame(PROCESS_GONE_CODE, PROCESS_GONE_REASON));
}

/** An unmasked (server-to-client) WebSocket close frame. */
export function closeFrame(code: number, reason: string): Buffer {
  const text = Buffer.from(reason, "utf8").subarray(0, 123);
  const frame = Buffer.alloc(4 + text.length);
  frame[0] = 0x88;
  frame[1] = 2 + text.length;
  frame.writeUInt16BE(code, 2);
  text.copy(frame, 4);
  return frame;
}

/** Whether something accepts TCP connections on host:port (within half a second). */
export function listening(host: string, port: number, ms = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(port, host);
    const done = (ok: boolean) => {
      probe.destroy();
      resolve(ok);
    };
    probe.setTimeout(ms, () => done(false));
    probe.once("connect", () => done(true));
    probe.once("error", () => done(false));
  });
}

function forwardedFor(req: http.IncomingMessage): string {
  const prior = req.headers["x-forwarded-for"];
  const remote = req.socket.remoteAddress ?? "";
  return prior ? `${prior}, ${remote}` : remote;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error("too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
