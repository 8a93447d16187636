/**
 * `npm run soak:raft -- [--schedules N] [--seed S] [--batch B]`
 *
 * Random fault schedules (crashes, restarts, partitions, loss, duplication,
 * reordering, proposals, membership changes, compaction, transfers, reads) over
 * 3, 4, 5 and 7 members, checking the five safety properties of the Raft
 * paper's figure 3 after every step. Runs in batches so progress shows; a
 * violation prints the seed, the fast-check path and the shrunk schedule, which
 * `runSchedule()` in tests/property/raft-harness.ts replays.
 */
import { parseArgs } from "node:util";
import { checkRaftSafety } from "../property/raft-harness.ts";

const USAGE = "usage: npm run soak:raft -- [--schedules N] [--seed S] [--batch B]";
const options = (() => {
  try {
    const { values } = parseArgs({
      options: { schedules: { type: "string" }, seed: { type: "string" }, batch: { type: "string" } },
      strict: true,
    });
    const int = (v: string | undefined, fallback: number, min: number, name: string) => {
      const n = v === undefined ? fallback : Number(v);
      if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
      return n;
    };
    return {
      schedules: int(values.schedules, 100_000, 1, "schedules"),
      seed: int(values.seed, 20_261_122, 0, "seed"),
      batch: int(values.batch, 5_000, 1, "batch"),
    };
  } catch (error) {
    console.error(`soak:raft: ${error instanceof Error ? error.message : error}\n${USAGE}`);
    process.exit(2);
  }
})();

const started = performance.now();
let done = 0;
for (let batch = 0; done < options.schedules; batch++) {
  const numRuns = Math.min(options.batch, options.schedules - done);
  const seed = (options.seed + batch * 7919) >>> 0;
  const report = checkRaftSafety({ numRuns, seed, maxActions: 200 });
  done += report.numRuns;
  const seconds = (performance.now() - started) / 1000;
  if (report.failed) {
    console.error(`\nSAFETY VIOLATION after ${done} schedules: ${report.error}`);
    console.error(`replay: seed ${report.seed}, path ${report.path ?? "?"}`);
    console.error(`shrunk schedule:\n${JSON.stringify(report.counterexample, null, 2)}`);
    process.exit(1);
  }
  console.log(
    `${done.toLocaleString("en")} / ${options.schedules.toLocaleString("en")} schedules, no violation (${seconds.toFixed(0)} s)`,
  );
}
console.log(
  `\n${done} schedules over 3, 4, 5 and 7 members: the five safety properties held after every step.`,
);
