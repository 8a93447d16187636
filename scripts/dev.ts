/**
 * `npm run dev`: Vite's dev server (hot reload, http://localhost:5173) and the
 * game server restarting on change (http://localhost:2567), until Ctrl-C.
 */
import { type ChildProcess, spawn } from "node:child_process";

const children: ChildProcess[] = [
  spawn("node", ["--watch-path=server", "--watch-path=shared", "server/main.ts"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "development" },
  }),
  spawn("vite", [], { stdio: "inherit" }),
];

let stopping = false;
function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGINT");
  setTimeout(() => process.exit(code), 2_000).unref();
}

process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
for (const child of children) child.on("exit", (code) => stop(code ?? 1));
console.log("Dev mode: open http://localhost:5173/ (the game server listens on :2567).");
