/**
 * Scripted interactions in readable text files (tests/unit/raft/testdata/*.txt), in the spirit of
 * etcd-io/raft's rafttest/datadriven: each block is a few commands, a `----` line, and the status
 * of every member afterwards, so a reader can follow a scenario without reading code.
 *
 * Commands: `cluster <size> [prevote] [checkquorum]`, `campaign <id>`, `propose <id> <data>`,
 * `tick <id> <n>`, `tick-all <n>`, `isolate <id>`, `heal`, `transfer-leader <leader> <to>`,
 * `conf-change <leader> add|remove|add-learner <id>`, `conf-change-v2 <leader> auto|implicit|explicit
 * [v<id> l<id> r<id> …]` (joint consensus; no changes leaves the joint configuration),
 * `add-member <id>` (a new member knowing member 1's configuration), `show-config` (the status lists each
 * member's configuration from then on), `compact <id>`, `crash <id>`, `restart <id>`.
 * Status: `<id>: <state> term <t> vote <v> lead <l> commit <c> log <term@index …>`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RaftNode } from "../../../shared/sim/raft/raft.ts";
import type {
  ConfChangeTransition,
  ConfChangeType,
  PersistentState,
} from "../../../shared/sim/raft/types.ts";
import { newTestRaft, TestNetwork } from "./network.ts";

const TESTDATA = join(import.meta.dirname, "testdata");

interface Block {
  readonly title: string;
  readonly commands: string[];
  readonly expected: string;
}

function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let title = "";
  let commands: string[] = [];
  let expected: string[] | null = null;
  const flush = () => {
    if (expected) blocks.push({ title, commands, expected: expected.join("\n") });
    commands = [];
    expected = null;
  };
  for (const line of text.split("\n")) {
    if (expected) {
      if (line.trim() === "") flush();
      else expected.push(line);
      continue;
    }
    if (line.startsWith("#")) title = line.slice(1).trim();
    else if (line.trim() === "----") expected = [];
    else if (line.trim() !== "") commands.push(line.trim());
  }
  flush();
  return blocks;
}

class Interaction {
  private net = new TestNetwork([]);
  private size = 0;
  private options: { preVote: boolean; checkQuorum: boolean } = { preVote: false, checkQuorum: false };
  private readonly disks = new Map<number, PersistentState>();
  private showConfig = false;

  run(command: string): void {
    const [verb, ...args] = command.split(/\s+/);
    const num = (i: number) => Number(args[i]);
    switch (verb) {
      case "cluster":
        this.size = num(0);
        this.options = { preVote: args.includes("prevote"), checkQuorum: args.includes("checkquorum") };
        this.net = new TestNetwork(
          Array.from({ length: this.size }, () => undefined),
          this.options,
        );
        return;
      case "campaign":
        this.net.stepLocal(num(0), { type: "MsgHup" });
        return;
      case "propose":
        this.net.propose(num(0), args[1]);
        return;
      case "tick":
        this.net.tick(num(0), num(1));
        return;
      case "tick-all":
        for (let i = 0; i < num(0); i++) for (const id of this.alive()) this.net.tick(id);
        return;
      case "isolate":
        this.net.isolate(num(0));
        return;
      case "heal":
        this.net.recover();
        return;
      case "transfer-leader":
        this.net.node(num(0)).transferLeader(num(1));
        this.net.flush(num(0));
        return;
      case "conf-change": {
        const types: Record<string, ConfChangeType> = {
          add: "ConfChangeAddNode",
          remove: "ConfChangeRemoveNode",
          "add-learner": "ConfChangeAddLearnerNode",
        };
        const type = types[args[1] ?? ""];
        if (!type) throw new Error(`unknown conf change ${args[1]}`);
        this.net.node(num(0)).proposeConfChange({ type, nodeId: num(2) });
        this.net.flush(num(0));
        return;
      }
      case "conf-change-v2": {
        const types = {
          v: "ConfChangeAddNode",
          l: "ConfChangeAddLearnerNode",
          r: "ConfChangeRemoveNode",
        } as const;
        const changes = args
          .slice(2)
          .map((t) => ({ type: types[t[0] as keyof typeof types], nodeId: Number(t.slice(1)) }));
        const transition = args[1] as ConfChangeTransition;
        this.net.node(num(0)).proposeConfChange({ transition, changes });
        this.net.flush(num(0));
        return;
      }
      case "add-member": {
        // Started knowing the group's configuration as member 1 has it, as etcd starts a new
        // member with --initial-cluster; the rest comes from the leader's log.
        const { voters, learners } = this.net.node(1).confState;
        this.net.peers.set(num(0), newTestRaft(num(0), voters, { ...this.options, learners: [...learners] }));
        return;
      }
      case "show-config":
        this.showConfig = true;
        return;
      case "compact": {
        const r = this.net.node(num(0));
        r.takeCommitted();
        r.compact(r.appliedIndex, `state@${r.appliedIndex}`);
        return;
      }
      case "crash":
        this.disks.set(num(0), this.net.node(num(0)).persistentState());
        this.net.peers.set(num(0), "blackhole");
        return;
      case "restart": {
        const ids = Array.from({ length: this.size }, (_, i) => i + 1);
        const storage = this.disks.get(num(0));
        this.net.peers.set(
          num(0),
          newTestRaft(num(0), ids, { ...this.options, ...(storage ? { storage } : {}) }),
        );
        return;
      }
      default:
        throw new Error(`unknown command: ${command}`);
    }
  }

  private alive(): number[] {
    return [...this.net.peers].filter(([, p]) => p !== "blackhole").map(([id]) => id);
  }

  status(): string {
    return [...this.net.peers]
      .map(([id, p]) => {
        if (p === "blackhole") return `${id}: down`;
        return `${id}: ${describeMember(p)}${this.showConfig ? `\n   ${describeConfig(p)}` : ""}`;
      })
      .join("\n");
  }
}

/** A member's configuration, as etcd-io/raft prints one: voters=(1 2 3)&&(1 2) learners=(4). */
function describeConfig(r: RaftNode): string {
  const cs = r.confState;
  const set = (ids: readonly number[]) => `(${ids.join(" ")})`;
  let out = `voters=${set(cs.voters)}`;
  if (cs.votersOutgoing?.length) out += `&&${set(cs.votersOutgoing)}`;
  if (cs.learners.length > 0) out += ` learners=${set(cs.learners)}`;
  if (cs.learnersNext?.length) out += ` learners_next=${set(cs.learnersNext)}`;
  if (cs.autoLeave) out += " autoleave";
  return out;
}

function describeMember(r: RaftNode): string {
  const snapshot =
    r.snapshot.metadata.index > 0 ? ` snapshot ${r.snapshot.metadata.term}@${r.snapshot.metadata.index}` : "";
  const log = r.log.map((e) => `${e.term}@${e.index}`).join(" ");
  return `${r.state} term ${r.term} vote ${r.vote} lead ${r.lead} commit ${r.commitIndex}${snapshot} log ${log}`.trimEnd();
}

for (const file of readdirSync(TESTDATA)
  .filter((f) => f.endsWith(".txt"))
  .sort()) {
  describe(`interaction ${file}`, () => {
    const interaction = new Interaction();
    for (const block of parseBlocks(readFileSync(join(TESTDATA, file), "utf8"))) {
      it(block.title || block.commands.join("; "), () => {
        for (const command of block.commands) interaction.run(command);
        expect(interaction.status()).toBe(block.expected);
      });
    }
  });
}
