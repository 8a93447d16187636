/**
 * A throwaway redis-server on loopback: a fresh temporary folder, a free port, nothing saved to
 * disk, stopped (and its folder removed) by `stop()`. For `npm run start:cluster` without
 * REDIS_URL, and for the tests and the benchmark. Needs Debian's redis-server
 * (`apt-get install -y redis-server`; `npm test` installs it for its tests).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface LocalRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export function redisServerBinary(): string {
  for (const candidate of [process.env.REDIS_SERVER, "/usr/bin/redis-server", "redis-server"]) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    if (probe.status === 0) return candidate;
  }
  throw new Error(
    "redis-server not found: run `apt-get install -y redis-server` (npm test does it as root).",
  );
}

export async function startLocalRedis(): Promise<LocalRedis> {
  const binary = redisServerBinary();
  const dir = mkdtempSync(join(tmpdir(), "cluster-crisis-redis-"));
  const port = await freeLoopbackPort();
  const child: ChildProcess = spawn(
    binary,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      "no",
      "--protected-mode",
      "yes",
      "--loglevel",
      "warning",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  // Never outlive the process that started it.
  const orphan = () => child.kill("SIGKILL");
  process.once("exit", orphan);
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      process.off("exit", orphan);
      resolve();
    }),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready once it answers PING.
  const deadline = Date.now() + 10_000;
  while (!(await ping(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not start on port ${port}: ${output.trim() || "no output"}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop };
}

/** Whether a Redis server on loopback answers PING (a plain RESP exchange, no client library). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let answer = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.on("data", (d: Buffer) => {
      answer += d.toString();
      if (answer.includes("\r\n")) done(answer.startsWith("+PONG"));
    });
    socket.connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
  });
}

/** A free loopback port, chosen by the OS. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
