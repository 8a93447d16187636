/** The server's log lines: one place to make them quiet in tests. */
const quiet = process.env.CLUSTER_CRISIS_QUIET === "1";

export const log = {
  info(line: string): void {
    if (!quiet) console.log(line);
  },
  warn(line: string): void {
    if (!quiet) console.warn(line);
  },
};
