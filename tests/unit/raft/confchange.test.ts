/**
 * Membership changes as etcd-io/raft's confchange datadriven tests (confchange/testdata/*.txt,
 * v3.6), ported by name into tests/unit/raft/testdata/confchange: each block is a command —
 * `simple`, `enter-joint [autoleave=true]` or `leave-joint` — with its changes (v1 makes 1 a voter,
 * l1 a learner, r1 removes it), then `----` and the configuration with each member's progress, or
 * the error. As upstream, the leader's last index grows by one per command, which shows in the
 * `next` a new member starts with.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ConfChangeError,
  enterJoint,
  installConfig,
  leaveJoint,
  simple,
} from "../../../shared/sim/raft/confchange.ts";
import { ProgressTracker } from "../../../shared/sim/raft/progress.ts";
import type { ConfChangeSingle } from "../../../shared/sim/raft/types.ts";

const TESTDATA = join(import.meta.dirname, "testdata", "confchange");

function parseChanges(line: string): ConfChangeSingle[] {
  const types = { v: "ConfChangeAddNode", l: "ConfChangeAddLearnerNode", r: "ConfChangeRemoveNode" } as const;
  return line
    .split(/\s+/)
    .filter((t) => t !== "")
    .map((token) => {
      const type = types[token[0] as keyof typeof types];
      if (!type) throw new Error(`unknown change ${token}`);
      return { type, nodeId: Number(token.slice(1)) };
    });
}

function describeConfig(t: ProgressTracker): string {
  const set = (s: ReadonlySet<number>) => `(${[...s].sort((a, b) => a - b).join(" ")})`;
  let out = `voters=${set(t.voters)}`;
  if (t.isJoint) out += `&&${set(t.votersOutgoing)}`;
  if (t.learners.size > 0) out += ` learners=${set(t.learners)}`;
  if (t.learnersNext.size > 0) out += ` learners_next=${set(t.learnersNext)}`;
  if (t.autoLeave) out += " autoleave";
  const state = (s: string) => `State${s[0]?.toUpperCase()}${s.slice(1)}`;
  const lines = t.ids().map((id) => {
    const pr = t.progress.get(id);
    return `${id}: ${state(pr?.state ?? "")} match=${pr?.match} next=${pr?.next}${pr?.isLearner ? " learner" : ""}`;
  });
  return [out, ...lines].join("\n");
}

interface Block {
  readonly title: string;
  readonly command: string;
  readonly changes: string;
  readonly expected: string;
}

function parse(text: string): Block[] {
  const blocks: Block[] = [];
  let title = "";
  let head: string[] = [];
  let expected: string[] | null = null;
  for (const line of [...text.split("\n"), ""]) {
    if (expected !== null) {
      if (line.trim() !== "") {
        expected.push(line);
        continue;
      }
      blocks.push({
        title,
        command: head[0] ?? "",
        changes: head.slice(1).join(" "),
        expected: expected.join("\n"),
      });
      head = [];
      expected = null;
    } else if (line.startsWith("#")) title = line.slice(1).trim();
    else if (line.trim() === "----") expected = [];
    else if (line.trim() !== "") head.push(line.trim());
  }
  return blocks;
}

for (const file of readdirSync(TESTDATA).sort()) {
  describe(`confchange ${file} (etcd-io/raft confchange/testdata/${file})`, () => {
    const tracker = new ProgressTracker();
    let lastIndex = 0;
    for (const [i, block] of parse(readFileSync(join(TESTDATA, file), "utf8")).entries()) {
      it(`${i + 1}. ${block.command} ${block.changes}${block.title ? ` — ${block.title}` : ""}`, () => {
        const changer = { tracker, lastIndex };
        lastIndex++;
        const [verb, ...args] = block.command.split(/\s+/);
        const changes = parseChanges(block.changes);
        let result: string;
        try {
          const cfg =
            verb === "simple"
              ? simple(changer, changes)
              : verb === "enter-joint"
                ? enterJoint(changer, args.includes("autoleave=true"), changes)
                : leaveJoint(changer);
          installConfig(tracker, cfg);
          result = describeConfig(tracker);
        } catch (error) {
          if (!(error instanceof ConfChangeError)) throw error;
          result = error.message;
        }
        expect(result).toBe(block.expected);
      });
    }
  });
}
