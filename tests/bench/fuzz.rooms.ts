/**
 * `npm run fuzz:rooms -- [--messages N] [--seed N] [--groups N] [--honest N] [--seconds N] [--burst N]`
 *
 * The room fuzzer of `npm test` (tests/fuzz/fuzzer.ts), long: hostile clients send N messages
 * (100,000 by default) of every type, broken every way, floods and reconnections included, to
 * live rooms of a game server on loopback, while honest workshops play beside them. It stops by
 * itself after N messages or --seconds, and prints a report: messages sent, refusals by reason,
 * crashes, invariant breaks, and the longest an honest room waited between two ticks. Each client
 * sends up to --burst messages a step (a step lasts at least a tick), floods aside. Exits 1 if
 * the server crashed, a World broke an invariant, an honest room stalled, or time ran out first.
 */
import { parseArgs } from "node:util";
import { type FuzzReport, fuzzRooms } from "../fuzz/fuzzer.ts";

const usage =
  "usage: npm run fuzz:rooms -- [--messages N (100000)] [--seed N (random)] [--groups N (4)] [--honest N (4)] [--seconds N (1800)] [--burst N (40)]";
const options = (() => {
  try {
    const { values } = parseArgs({
      options: {
        messages: { type: "string" },
        seed: { type: "string" },
        groups: { type: "string" },
        honest: { type: "string" },
        seconds: { type: "string" },
        burst: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    });
    const int = (v: string | undefined, fallback: number, min: number, max: number, name: string) => {
      const n = v === undefined ? fallback : Number(v);
      if (!Number.isInteger(n) || n < min || n > max)
        throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${v}"`);
      return n;
    };
    return {
      messages: int(values.messages, 100_000, 1, 10_000_000, "messages"),
      seed: int(values.seed, Date.now() % 2 ** 31, 0, 2 ** 31 - 1, "seed"),
      groups: int(values.groups, 4, 1, 50, "groups"),
      honest: int(values.honest, 4, 1, 50, "honest"),
      maxSeconds: int(values.seconds, 1800, 10, 86_400, "seconds"),
      burst: int(values.burst, 40, 1, 100, "burst"),
    };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
    process.exit(2);
  }
})();

console.log(
  `fuzz:rooms — seed ${options.seed}, ${options.messages} messages, ${options.groups} hostile groups ` +
    `(a workshop of 3, a solo round, a puzzle each), ${options.honest} honest workshops, at most ${options.maxSeconds} s`,
);
const report = await fuzzRooms({
  ...options,
  progress: (sent) => {
    if (sent % 10_000 < 1_000) console.log(`  … ${sent} messages sent`);
  },
});
print(report);
const failed =
  report.crashes > 0 ||
  report.invariantBreaks.length > 0 ||
  report.honestStalls.length > 0 ||
  report.stoppedBy !== "messages";
process.exit(failed ? 1 : 0);

function print(r: FuzzReport): void {
  const rows = (map: ReadonlyMap<string | number, number>) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `    ${String(n).padStart(8)}  ${k}`);
  const lines = [
    "",
    `fuzz:rooms report — ${new Date().toISOString()}, Node ${process.version}`,
    `seed                         ${r.seed}  (--seed ${r.seed} replays the same choices)`,
    `messages sent                ${r.messagesSent} in ${r.steps} steps, ${r.seconds.toFixed(0)} s${r.stoppedBy === "time" ? "  (STOPPED BY --seconds before all were sent)" : ""}`,
    `crashes                      ${r.crashes}${r.crash ? `  (${r.crash})` : ""}`,
    `invariant breaks             ${r.invariantBreaks.length}`,
    `honest rooms that stalled    ${r.honestStalls.length}`,
    `max tick stall, honest rooms ${r.maxHonestTickGapMs.toFixed(0)} ms between two ticks (100 ms when nothing stalls)`,
    `  longest invariant check    ${r.maxInspectMs.toFixed(0)} ms (on the server's thread; taken out of the stall above)`,
    `commands accepted            ${r.commandsAccepted}`,
    `reconnections, rejoins       ${r.reconnects}, ${r.rejoins}`,
    `hostile joins refused        ${r.joinsRefused} (accepted: ${r.joinsAccepted})`,
    "refusals heard, by reason (a rate-limited client hears it once a window):",
    ...rows(r.refusals),
    "sockets the server closed, by close code:",
    ...rows(r.closes),
    "sent, by kind:",
    ...rows(r.sentByLabel),
  ];
  for (const f of [...r.invariantBreaks, ...r.honestStalls])
    lines.push(
      `FAILURE at step ${f.step}, room ${f.room}: ${f.what}`,
      ...f.lastSent.map((s) => `    after ${s}`),
    );
  console.log(lines.join("\n"));
}
