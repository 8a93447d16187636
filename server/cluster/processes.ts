/**
 * One game-server process (`node server/main.ts`) started as a child: for the cluster launcher
 * (scripts/cluster.ts), the cluster tests and the cluster benchmark.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

export interface GameServerOptions {
  readonly port: number;
  /** Extra environment (REDIS_URL, DATABASE_URL, PUBLIC_ADDRESS, …) over this process's own. */
  readonly env?: Record<string, string | undefined>;
  /** Each output line, as it comes (default: dropped, but kept for `output`). */
  readonly onLine?: (line: string) => void;
}

export class GameServerProcess {
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything it printed so far (the last 64 KB). */
  output = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor({ port, env = {}, onLine }: GameServerOptions) {
    this.port = port;
    this.child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let partial = "";
    const take = (chunk: Buffer) => {
      const text = chunk.toString();
      this.output = (this.output + text).slice(-65536);
      partial += text;
      const lines = partial.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) onLine?.(line);
    };
    this.child.stdout?.on("data", take);
    this.child.stderr?.on("data", take);
    // Never outlive the process that started it.
    const orphan = () => this.child.kill("SIGKILL");
    process.once("exit", orphan);
    this.exited = new Promise((resolve) =>
      this.child.once("exit", (code, signal) => {
        process.off("exit", orphan);
        resolve({ code, signal });
      }),
    );
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Resolves once GET /healthz answers; rejects if the process exits first or after `ms`. The bound
   * is generous: on a machine whose cores are busy, loading the server and checking every scenario
   * file can take many times its usual second or two.
   */
  async ready(ms = 90_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (!this.running)
        throw new Error(`game server on port ${this.port} exited during start-up:\n${this.output.trim()}`);
      try {
        if ((await fetch(`http://127.0.0.1:${this.port}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`game server on port ${this.port} did not start within ${ms} ms:\n${this.output.trim()}`);
  }

  /** Asks it to stop (SIGTERM: Colyseus disposes its rooms), and kills it after `ms`. */
  async stop(ms = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), ms);
    await this.exited;
    clearTimeout(timer);
  }

  /** Kills it without warning, as a crash would. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill("SIGKILL");
    await this.exited;
  }
}
