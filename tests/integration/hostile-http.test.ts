import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_LIMITS,
  DEV_ORIGINS,
  LimitsError,
  limitsFromEnv,
  UNLIMITED_RATES,
} from "../../server/limits.ts";
import { startGameServer } from "../support/server.ts";

/**
 * What an anonymous stranger can do over plain HTTP, against the real server on loopback (issue 18).
 * Requests are written by hand on a socket, so the test controls exactly how much of a body is sent.
 */

/** Sends `head` (and then `body`, if given) and resolves with the first response's status line and body. */
function rawRequest(
  port: number,
  head: string,
  body?: Buffer | string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString("utf8");
      const end = received.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = /content-length: *(\d+)/i.exec(received.slice(0, end))?.[1];
      const text = received.slice(end + 4);
      if (length !== undefined && Buffer.byteLength(text) < Number(length)) return;
      socket.destroy();
      resolve({ status: Number(received.slice(9, 12)), text });
    });
    socket.on("error", (error) => {
      if (received !== "") return;
      reject(error);
    });
    socket.write(head);
    if (body !== undefined) socket.write(body);
  });
}

describe("HTTP bodies: a size limit before anything is parsed", () => {
  let server: Awaited<ReturnType<typeof startGameServer>>;

  beforeAll(async () => {
    server = await startGameServer();
  });
  afterAll(async () => server.stop());

  it("answers 413 to a matchmaking request that announces a huge body, without waiting for it", async () => {
    // 140 MB announced; only 64 KB is ever sent. Buffering the body whole would never answer.
    const head = [
      "POST /matchmake/create/incident HTTP/1.1",
      "Host: 127.0.0.1",
      "Content-Type: application/json",
      `Content-Length: ${140 * 1024 * 1024}`,
      "",
      "",
    ].join("\r\n");
    const response = await rawRequest(server.port, head, `{"name":"${"a".repeat(64 * 1024)}`);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text)).toEqual({
      code: 413,
      error: expect.stringMatching(/at most \d+ bytes/),
    });
  });

  it("answers 413 to a chunked body once it passes the limit, without reading the rest", async () => {
    const head = [
      "POST /matchmake/joinOrCreate/incident HTTP/1.1",
      "Host: 127.0.0.1",
      "Content-Type: application/json",
      "Transfer-Encoding: chunked",
      "",
      "",
    ].join("\r\n");
    const chunk = "x".repeat(32 * 1024);
    // One 32 KB chunk and no terminating chunk: the server must answer from what it has.
    const response = await rawRequest(server.port, head, `${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    expect(response.status).toBe(413);
  });

  it("still creates a workshop from a small body", async () => {
    const response = await fetch(`${server.url}matchmake/create/incident`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Host" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: "incident", roomId: expect.any(String) });
  });

  it("keeps serving after refusing: the health check answers", async () => {
    expect((await fetch(`${server.url}healthz`)).status).toBe(200);
  });
});

describe("CORS: only the game's own origins may read answers across origins", () => {
  let server: Awaited<ReturnType<typeof startGameServer>>;

  beforeAll(async () => {
    server = await startGameServer({
      ...DEFAULT_LIMITS,
      ...UNLIMITED_RATES,
      allowedOrigins: ["https://game.example"],
    });
  });
  afterAll(async () => server.stop());

  const cors = (response: Response) => ({
    origin: response.headers.get("access-control-allow-origin"),
    credentials: response.headers.get("access-control-allow-credentials"),
  });

  it.each(["api/scenarios", "healthz", "metrics"])(
    "a page on another origin gets no CORS headers from /%s",
    async (path) => {
      const response = await fetch(`${server.url}${path}`, { headers: { origin: "https://evil.example" } });
      expect(response.status).toBe(200);
      expect(cors(response)).toEqual({ origin: null, credentials: null });
    },
  );

  it("nor from a matchmaking preflight or request", async () => {
    const preflight = await fetch(`${server.url}matchmake/create/incident`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(cors(preflight)).toEqual({ origin: null, credentials: null });
    const create = await fetch(`${server.url}matchmake/create/incident`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ name: "Eve" }),
    });
    expect(cors(create)).toEqual({ origin: null, credentials: null });
  });

  it("the allowed origin is answered with its own name and credentials", async () => {
    const response = await fetch(`${server.url}api/scenarios`, {
      headers: { origin: "https://game.example" },
    });
    expect(cors(response)).toEqual({ origin: "https://game.example", credentials: "true" });
    expect(response.headers.get("vary")).toContain("Origin");
  });
});

describe("ALLOWED_ORIGINS", () => {
  it("is none by default, Vite's page in development, and a list of origins when set", () => {
    expect(limitsFromEnv({}).allowedOrigins).toEqual([]);
    expect(limitsFromEnv({ NODE_ENV: "development" }).allowedOrigins).toEqual(DEV_ORIGINS);
    expect(
      limitsFromEnv({ ALLOWED_ORIGINS: "https://a.example, http://b.example:8080" }).allowedOrigins,
    ).toEqual(["https://a.example", "http://b.example:8080"]);
  });

  it.each(["https://a.example/", "a.example", "https://a.example/play", "*"])("refuses %s", (raw) => {
    expect(() => limitsFromEnv({ ALLOWED_ORIGINS: raw })).toThrow(LimitsError);
    expect(() => limitsFromEnv({ ALLOWED_ORIGINS: raw })).toThrow("ALLOWED_ORIGINS");
  });
});

describe("errors tell a stranger nothing of the server's insides", () => {
  let server: Awaited<ReturnType<typeof startGameServer>>;

  beforeAll(async () => {
    server = await startGameServer();
  });
  afterAll(async () => server.stop());

  it("a malformed %-escape in the path is a JSON 400 without a stack trace or path", async () => {
    const response = await fetch(`${server.url}api/puzzles/progress/%ZZ`);
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: "bad request" });
    expect(text).not.toMatch(/\/work|node_modules|at |URIError/);
  });

  it("no X-Powered-By header", async () => {
    const response = await fetch(`${server.url}api/scenarios`);
    expect(response.headers.get("x-powered-by")).toBeNull();
  });
});
