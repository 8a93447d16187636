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
import { checkRaftSafety } from "../property/raft-harness.ts";
import { benchOptions, wholeNumber } from "./cli.ts";

const USAGE = "usage: npm run soak:raft -- [--schedules N] [--seed S] [--batch B]";
const options = benchOptions(
  USAGE,
  { schedules: { type: "string" }, seed: { type: "string" }, batch: { type: "string" } },
  (values) => ({
    schedules: wholeNumber(values.schedules, 100_000, "schedules"),
    seed: wholeNumber(values.seed, 20_261_122, "seed", { min: 0 }),
    batch: wholeNumber(values.batch, 5_000, "batch"),
  }),
);

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
