/// <reference lib="webworker" />
/**
 * The World in the browser: a Web Worker that replays a stored round (client/replay/replayer.ts)
 * off the page's thread. It plays the round through once, a few game seconds at a time so
 * questions are answered between steps, and answers each "the cluster at t" from its key frames.
 */
import type { RoundReplay } from "../../shared/protocol/replay.ts";
import { loadScenario } from "../../shared/sim/scenario/index.ts";
import { ReplayFrames } from "./frame.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";
import { Replayer } from "./replayer.ts";

declare const self: DedicatedWorkerGlobalScope;

/** The scenarios this build plays, as their YAML text (loaded when a replay asks for one). */
const scenarioFiles = import.meta.glob<string>("../../shared/scenarios/*.yaml", {
  query: "?raw",
  import: "default",
});

/** Game ms the pass plays between two looks at the page's questions. */
const PASS_SLICE_MS = 5_000;

let replayer: Replayer | undefined;
let frames: ReplayFrames | undefined;
let replay: RoundReplay | undefined;
/** Questions about moments the pass has not reached yet, answered once it does. */
let waiting: Extract<ToWorker, { type: "frame" | "pods" }>[] = [];

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === "load") void load(message.replay);
  else {
    waiting.push(message);
    answer();
  }
};

async function load(next: RoundReplay): Promise<void> {
  const file = scenarioFiles[`../../shared/scenarios/${next.scenario.id}.yaml`];
  if (file === undefined) {
    post({ type: "failed", why: "unknownScenario", version: 0 });
    return;
  }
  const scenario = loadScenario(await file());
  // Another version plays another cluster: the round would not reach its digest here.
  if (scenario.version !== next.scenario.version) {
    post({ type: "failed", why: "otherVersion", version: scenario.version });
    return;
  }
  replay = next;
  replayer = new Replayer(scenario, next);
  frames = new ReplayFrames(scenario, next);
  playPass();
}

/** One slice of the pass, then the questions it made answerable, then the next slice. */
function playPass(): void {
  const r = replayer;
  if (r === undefined || replay === undefined) return;
  const found = r.milestones.length;
  r.playOn(r.reached + PASS_SLICE_MS);
  post({ type: "progress", reached: r.reached, milestones: r.milestones.slice(found) });
  answer();
  const digest = r.digest();
  if (digest !== undefined) {
    post({ type: "verified", digest, matches: digest === replay.digest, refused: r.refused });
    return;
  }
  setTimeout(playPass, 0);
}

/** Answers the questions the pass can answer; only the latest frame asked is drawn, so older ones are skipped. */
function answer(): void {
  const r = replayer;
  const f = frames;
  if (r === undefined || f === undefined) return;
  const latestFrame = waiting.findLast((m) => m.type === "frame");
  const later: typeof waiting = [];
  for (const m of waiting) {
    if (Math.min(m.t, r.durationMs) > r.reached) {
      later.push(m);
      continue;
    }
    if (m.type === "pods") post({ type: "pods", id: m.id, list: f.pods(r, m.t) });
    else if (m === latestFrame) {
      const started = performance.now();
      const bytes = f.frame(r, m.t);
      post({ type: "frame", id: m.id, t: m.t, bytes, ms: performance.now() - started }, [bytes.buffer]);
    }
  }
  waiting = later;
}
