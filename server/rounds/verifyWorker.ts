import { parentPort } from "node:worker_threads";
import type { RoundResult } from "../store/types.ts";
import { verifyRound } from "./verify.ts";

/** Replays rounds off the game loop: a long round takes seconds to re-simulate. */
parentPort?.on("message", ({ id, round }: { id: number; round: RoundResult }) => {
  try {
    parentPort?.postMessage({ id, verdict: verifyRound(round) });
  } catch (error) {
    parentPort?.postMessage({ id, verdict: { ok: false, reason: `replay failed: ${String(error)}` } });
  }
});
