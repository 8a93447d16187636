import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
