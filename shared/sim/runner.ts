import type { Scenario } from "./cluster/scenario.ts";
import { replay } from "./cluster/simulation.ts";
import type { LoggedCommand } from "./cluster/types.ts";
import type { TraceRecord, TraceSink } from "./trace.ts";

/** What `npm run sim -- --summary` prints: the round in numbers. */
export interface RunSummary {
  readonly scenario: string;
  readonly scenarioVersion: number;
  readonly seed: number;
  readonly untilMs: number;
  readonly hash: string;
  readonly pods: {
    readonly created: number;
    readonly scheduled: number;
    readonly completed: number;
    readonly pendingAtEnd: number;
  };
  readonly failedSchedulingAttempts: number;
  readonly commands: { readonly accepted: number; readonly rejected: number };
}

/**
 * Runs a scenario headless, as fast as the CPU allows, from a seed and a
 * command log, feeding every trace record to `trace` and returning the summary.
 */
export function runHeadless(
  scenario: Scenario,
  seed: number,
  commands: readonly LoggedCommand[],
  untilMs: number,
  trace?: TraceSink,
): RunSummary {
  const counts = { created: 0, scheduled: 0, completed: 0, failed: 0, accepted: 0, rejected: 0 };
  const count = (record: TraceRecord) => {
    if (record.kind === "pod.created") counts.created++;
    else if (record.kind === "pod.scheduled") counts.scheduled++;
    else if (record.kind === "pod.deleted") counts.completed++;
    else if (record.kind === "pod.unschedulable") counts.failed++;
    else if (record.kind === "command") counts[record.accepted ? "accepted" : "rejected"]++;
    trace?.(record);
  };
  const sim = replay(scenario, seed, commands, untilMs, count);
  return {
    scenario: scenario.id,
    scenarioVersion: scenario.version,
    seed,
    untilMs,
    hash: sim.hash(),
    pods: {
      created: counts.created,
      scheduled: counts.scheduled,
      completed: counts.completed,
      pendingAtEnd: sim.podList().filter((p) => p.nodeName === null).length,
    },
    failedSchedulingAttempts: counts.failed,
    commands: { accepted: counts.accepted, rejected: counts.rejected },
  };
}

const NODE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export class CommandLogError extends Error {
  override name = "CommandLogError";
}

/**
 * Reads a command log as JSON lines (`{"at": 2000, "tick": 20, "player": "p1",
 * "command": {"type": "cordon", "node": "node-a1"}}`), checking every line; a
 * bad line is an error naming its line number. Lines must be in time order.
 */
export function parseCommandLog(text: string): LoggedCommand[] {
  const log: LoggedCommand[] = [];
  const lines = text.split("\n");
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "") continue;
    const where = `line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new CommandLogError(`${where}: not valid JSON`);
    }
    const entry = value as Partial<LoggedCommand> & { command?: { type?: unknown } };
    if (typeof entry !== "object" || entry === null)
      throw new CommandLogError(`${where}: expected an object`);
    if (!Number.isSafeInteger(entry.at) || (entry.at as number) < 0)
      throw new CommandLogError(`${where}: "at" must be simulated ms ≥ 0`);
    const previous = log.at(-1);
    if (previous && (entry.at as number) < previous.at)
      throw new CommandLogError(`${where}: "at" goes back in time`);
    const type = entry.command?.type;
    if (type !== "cordon" && type !== "uncordon")
      throw new CommandLogError(`${where}: unknown command type ${JSON.stringify(type)}`);
    const node = (entry.command as { node?: unknown }).node;
    if (typeof node !== "string" || !NODE_NAME.test(node))
      throw new CommandLogError(`${where}: command.node must be a node name`);
    log.push({
      at: entry.at as number,
      tick: Number.isSafeInteger(entry.tick) ? (entry.tick as number) : 0,
      player: typeof entry.player === "string" ? entry.player : "script",
      command: { type, node },
    });
  }
  return log;
}
