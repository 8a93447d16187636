/**
 * The room fuzzer (issue 18, "and keep it so"): hostile clients send random and adversarial
 * sequences of every message type (tests/fuzz/messages.ts) to live rooms — a workshop of three,
 * a solo round, a puzzle — over real sockets, flood past the message limit, drop their sockets
 * and reconnect, leave and join again, try hostile join options and forged reconnection tokens,
 * while honest workshops play beside them on the same server process. After each step it checks,
 * through the server process' IPC channel (tests/fuzz/target.ts): the process lives, every honest
 * room ticked, every World's invariants hold and its digest is computable.
 *
 * Each client draws from its own generator seeded from the run's seed, and draws as much whatever
 * the server answered, so a seed replays the same sequence of choices (the names a choice lands
 * on are the room's at that moment).
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client, type Room } from "@colyseus/sdk";
import { puzzleCatalog } from "../../server/rooms/puzzleCatalog.ts";
import type { CommandResultMessage, ErrorMessage, PodListMessage } from "../../shared/protocol/messages.ts";
import { createRandom, type Random } from "../../shared/sim/random.ts";
import type { IncidentState } from "../../shared/state/incidentState.ts";
import type { PuzzleState } from "../../shared/state/puzzleState.ts";
import { WAIT_LIMIT_MS } from "../integration/support.ts";
import {
  chance,
  HOSTILE_NAMES,
  HOSTILE_NUMBERS,
  nextSend,
  pick,
  type RoomNames,
  type Send,
} from "./messages.ts";
import type { InspectAnswer, InspectAsk, RoomReport } from "./target.ts";

export interface FuzzOptions {
  readonly seed: number;
  /** Stop once this many messages are sent. */
  readonly messages: number;
  /** Groups of hostile rooms, each a workshop of three clients, a solo round and a puzzle. */
  readonly groups: number;
  /** Honest workshops playing beside them. */
  readonly honest: number;
  /** Messages a client sends in a step, at most, unless it floods. */
  readonly burst: number;
  /** Stop after this long whatever was sent (the report says so). */
  readonly maxSeconds: number;
  /** Called every so often with the messages sent so far. */
  readonly progress?: (sent: number) => void;
}

export interface Failure {
  readonly step: number;
  readonly room: string;
  readonly what: string;
  /** What that room's clients sent last, to reproduce it by hand. */
  readonly lastSent: readonly string[];
}

export interface FuzzReport {
  readonly seed: number;
  readonly steps: number;
  readonly messagesSent: number;
  readonly seconds: number;
  readonly stoppedBy: "messages" | "time" | "crash";
  /** Messages and frames sent by kind (a message type, broken or not, an unknown type, a flood, …). */
  readonly sentByLabel: ReadonlyMap<string, number>;
  /** Every incident and puzzle message type, and every command type, sent at least once. */
  readonly typesSent: ReadonlySet<string>;
  /** Refusals the clients heard, by reason (a rate-limited client is told once a window). */
  readonly refusals: ReadonlyMap<string, number>;
  readonly commandsAccepted: number;
  /** Sockets the server closed (floods past 40 a second, oversize or garbage frames, kicks), by close code. */
  readonly closes: ReadonlyMap<number, number>;
  readonly reconnects: number;
  readonly rejoins: number;
  /** Hostile join options and forged reconnection tokens refused (and those accepted). */
  readonly joinsRefused: number;
  readonly joinsAccepted: number;
  readonly crashes: number;
  readonly crash: string;
  readonly invariantBreaks: readonly Failure[];
  readonly honestStalls: readonly Failure[];
  /** The longest an honest room waited between two ticks (100 ms when nothing stalls). */
  readonly maxHonestTickGapMs: number;
  /** The longest one inspection held the server's thread (it counts in the gap above). */
  readonly maxInspectMs: number;
}

type AnyRoom = Room<unknown, IncidentState> | Room<unknown, PuzzleState>;

interface Group {
  readonly kind: "workshop" | "solo" | "puzzle";
  roomId: string;
  readonly clients: FuzzClient[];
}

interface FuzzClient {
  readonly name: string;
  readonly group: Group;
  readonly rng: Random;
  room: AnyRoom | undefined;
  /** The server ended the session for good (kicked, left, its room gone): join afresh. */
  gone: boolean;
  connected: boolean;
  pods: string[];
  lastSent: string[];
}

/** A flood sends 30 to 70 messages at once, past the limit of 20 a second (and of 40, which closes the socket). */
const FLOOD_CHANCE = 0.04;
const DROP_CHANCE = 0.02;
const LEAVE_CHANCE = 0.01;
const HOSTILE_JOIN_CHANCE = 0.05;
const KEPT_FAILURES = 20;

export async function fuzzRooms(options: FuzzOptions): Promise<FuzzReport> {
  const target = await startTarget();
  const sdk = new Client(`http://127.0.0.1:${target.port}`);
  const started = performance.now();
  const sentByLabel = new Map<string, number>();
  const typesSent = new Set<string>();
  const refusals = new Map<string, number>();
  const closes = new Map<number, number>();
  const count = <K>(map: Map<K, number>, key: K, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
  const invariantBreaks: Failure[] = [];
  const honestStalls: Failure[] = [];
  let sent = 0;
  let accepted = 0;
  let reconnects = 0;
  let rejoins = 0;
  let joinsRefused = 0;
  let joinsAccepted = 0;
  let maxGap = 0;
  let maxInspect = 0;
  let step = 0;

  const listen = (client: FuzzClient, room: AnyRoom) => {
    client.room = room;
    client.connected = true;
    room.reconnection.enabled = false;
    room.onMessage("error", (e: ErrorMessage) => void count(refusals, e.code));
    room.onMessage("refused", () => void count(refusals, "puzzle move refused"));
    room.onMessage("commandResult", (r: CommandResultMessage) => {
      if (r.accepted) accepted++;
      else count(refusals, "command refused by the World");
    });
    room.onMessage("podList", (list: PodListMessage) => {
      client.pods = list.pods.slice(0, 64).map((p) => p.name);
    });
    room.onMessage("hint", () => undefined);
    room.onLeave((code) => {
      if (client.room !== room) return;
      client.connected = false;
      count(closes, code);
      // Consented (left, kicked): the session is over; anything else may reconnect.
      if (code === 4000) client.gone = true;
    });
  };

  const create = async (kind: Group["kind"], name: string, scenario = "first-light") => {
    if (kind === "puzzle") return (await sdk.create("puzzle", { name })) as AnyRoom;
    const room = (await sdk.create("incident", {
      name,
      scenario,
      ...(kind === "solo" ? { solo: true } : {}),
    })) as Room<unknown, IncidentState>;
    return room;
  };

  /** Starts the round of a workshop or solo room its (first) client facilitates, and waits for it to be live. */
  const goLive = async (room: Room<unknown, IncidentState>) => {
    await until(() => room.state.phase !== undefined);
    if (room.state.phase === "lobby") room.send("openBriefing", {});
    await until(() => room.state.phase === "briefing");
    room.send("startRound", {});
    await until(() => room.state.phase === "live");
  };

  const groups: Group[] = [];
  const honest: { room: Room<unknown, IncidentState>; id: string }[] = [];
  try {
    for (let h = 0; h < options.honest; h++) {
      const room = (await create("workshop", `Honest ${h + 1}`, "first-light")) as Room<
        unknown,
        IncidentState
      >;
      room.send("chooseRoles", { roles: ["operator"] });
      await goLive(room);
      honest.push({ room, id: room.roomId });
    }
    for (let g = 0; g < options.groups; g++) {
      for (const kind of ["workshop", "solo", "puzzle"] as const) {
        const group: Group = { kind, roomId: "", clients: [] };
        const seats = kind === "workshop" ? 3 : 1;
        for (let c = 0; c < seats; c++) {
          const client: FuzzClient = {
            name: `Fuzz ${g + 1}${kind[0]}${c + 1}`,
            group,
            rng: createRandom(options.seed, `${g}/${kind}/${c}`),
            room: undefined,
            gone: false,
            connected: false,
            pods: [],
            lastSent: [],
          };
          const room =
            c === 0
              ? await create(kind, client.name)
              : await sdk.joinById(group.roomId, { name: client.name });
          group.roomId = room.roomId;
          listen(client, room as AnyRoom);
          group.clients.push(client);
        }
        if (kind === "workshop") {
          group.clients[1]?.room?.send("chooseRoles", { roles: ["scheduler"] });
          group.clients[2]?.room?.send("chooseRoles", { roles: ["chaos"] });
        }
        if (kind !== "puzzle") await goLive(group.clients[0]!.room as Room<unknown, IncidentState>);
        groups.push(group);
      }
    }
    const joinRng = createRandom(options.seed, "joins");
    let ticks = new Map<string, number>();
    const deadline = started + options.maxSeconds * 1000;
    let stoppedBy: FuzzReport["stoppedBy"] = "messages";
    let lastProgress = 0;

    while (sent < options.messages) {
      if (target.exited() !== null) break;
      if (performance.now() > deadline) {
        stoppedBy = "time";
        break;
      }
      step++;
      for (const group of groups)
        for (const client of group.clients) {
          await comeBack(client);
          const names = namesOf(client);
          const flood = chance(client.rng, FLOOD_CHANCE);
          const burst = flood ? 30 + client.rng.int(40) : 1 + client.rng.int(options.burst);
          // A non-live round is started again now and then, so commands reach a World.
          const restart = chance(client.rng, 0.3);
          const plan: Send[] = [];
          for (let i = 0; i < burst; i++)
            plan.push(nextSend(client.rng, group.kind === "puzzle" ? "puzzle" : "incident", names));
          const drop = chance(client.rng, DROP_CHANCE);
          const leave = chance(client.rng, LEAVE_CHANCE);
          if (flood) count(sentByLabel, "(floods past the message limit)");
          const room = client.room;
          if (room === undefined || !client.connected) continue;
          const state = room.state as Partial<IncidentState>;
          if (restart && group.kind !== "puzzle" && (state.phase === "debrief" || state.phase === "lobby"))
            plan.unshift({ kind: "message", type: "openBriefing", payload: {}, label: "openBriefing" });
          if (restart && state.phase === "briefing")
            plan.unshift({ kind: "message", type: "startRound", payload: {}, label: "startRound" });
          for (const send of plan) {
            transmit(room, send);
            sent++;
            count(sentByLabel, send.label);
            if (send.kind === "message" && typeof send.type === "string") typesSent.add(send.type);
            const commandType =
              (send.kind === "message" && (send.payload as { type?: unknown } | null)?.type) || "";
            if (send.kind === "message" && send.type === "command" && typeof commandType === "string")
              typesSent.add(`command:${commandType}`);
            client.lastSent.push(describe(send));
            if (client.lastSent.length > 8) client.lastSent.shift();
          }
          if (drop) {
            room.connection.close(4100, "the fuzzer drops its socket");
            count(sentByLabel, "(sockets dropped)");
          } else if (leave) {
            void room.leave(true).catch(() => undefined);
            count(sentByLabel, "(left the room)");
          }
        }
      if (chance(joinRng, HOSTILE_JOIN_CHANCE)) {
        const group = pick(joinRng, groups, groups[0]!);
        const attempt = hostileJoin(joinRng);
        try {
          const room =
            attempt === "forged token"
              ? await sdk.reconnect(`${group.roomId}:${"x".repeat(joinRng.int(40))}`)
              : await sdk.joinById(group.roomId, attempt);
          joinsAccepted++;
          await room.leave(true);
        } catch {
          joinsRefused++;
        }
      }
      if (sent - lastProgress >= 1000) {
        lastProgress = sent;
        options.progress?.(sent);
      }
      // A server that ended answers no more: the loop stops at its next turn and reports the crash.
      ticks = await check(ticks).catch(() => ticks);
    }
    if (target.exited() !== null) stoppedBy = "crash";
    return {
      seed: options.seed,
      steps: step,
      messagesSent: sent,
      seconds: (performance.now() - started) / 1000,
      stoppedBy,
      sentByLabel,
      typesSent,
      refusals,
      commandsAccepted: accepted,
      closes,
      reconnects,
      rejoins,
      joinsRefused,
      joinsAccepted,
      crashes: target.exited() === null ? 0 : 1,
      crash: target.exited() ?? "",
      invariantBreaks,
      honestStalls,
      maxHonestTickGapMs: maxGap,
      maxInspectMs: maxInspect,
    };
  } finally {
    for (const group of groups) for (const c of group.clients) c.room?.connection.close(4100);
    for (const h of honest) h.room.connection.close(4100);
    if (target.exited() === null) target.stop();
    await target.stopped;
  }

  /** A dropped client reconnects with its token; one whose session is over joins (or makes) its room again. */
  async function comeBack(client: FuzzClient): Promise<void> {
    if (client.connected) return;
    const old = client.room;
    if (!client.gone && old !== undefined) {
      try {
        listen(client, (await sdk.reconnect(old.reconnectionToken)) as AnyRoom);
        reconnects++;
        return;
      } catch {
        client.gone = true;
      }
    }
    const group = client.group;
    try {
      // A puzzle seats one player, and a solo round one: they start another.
      const room =
        group.kind === "workshop"
          ? await sdk.joinById(group.roomId, { name: client.name })
          : await create(group.kind, client.name);
      listen(client, room as AnyRoom);
    } catch {
      // The workshop is gone (everyone left): this client opens the group's next one.
      listen(client, await create(group.kind, client.name));
    }
    client.gone = false;
    group.roomId = client.room!.roomId;
    rejoins++;
  }

  function namesOf(client: FuzzClient): RoomNames {
    const puzzles = puzzleCatalog.map((p) => p.id);
    const none: string[] = [];
    const room = client.room;
    if (room === undefined)
      return {
        nodes: none,
        pods: none,
        deployments: none,
        services: none,
        members: none,
        cards: none,
        players: none,
        puzzles,
      };
    if (client.group.kind === "puzzle") {
      const s = room.state as PuzzleState;
      return {
        ...{ deployments: none, services: none, members: none, cards: none, players: none, puzzles },
        nodes: [...(s.nodes ?? [])].map((n) => n.name),
        pods: [...(s.pods ?? [])].map((p) => p.name),
      };
    }
    const s = room.state as IncidentState;
    return {
      nodes: [...(s.nodes?.keys() ?? [])],
      pods: [...(s.pods?.keys() ?? []), ...client.pods],
      deployments: [...(s.deployments?.keys() ?? [])],
      services: [...(s.services?.keys() ?? [])],
      members: [...(s.etcd ?? [])].map((m) => m.name),
      cards: [...(s.cards ?? [])].map((c) => c.id),
      players: [...(s.players?.keys() ?? [])],
      puzzles,
    };
  }

  /**
   * After a step: every room is inspected in the server process; every honest room must tick
   * again (a round that ended is started again), and no World may break an invariant.
   */
  async function check(before: Map<string, number>): Promise<Map<string, number>> {
    const ids = [...honest.map((h) => h.id), ...groups.map((g) => g.roomId)];
    const hostile = groups.map((g) => g.roomId);
    let answer: InspectAnswer | undefined;
    const ticked = (id: string) => {
      const report = answer?.rooms[id];
      return report !== undefined && (report.phase !== "live" || report.tick > (before.get(id) ?? -1));
    };
    const limit = performance.now() + WAIT_LIMIT_MS;
    for (;;) {
      answer = await target.inspect(ids, hostile);
      maxGap = Math.max(maxGap, answer.honestTickGapMaxMs);
      maxInspect = Math.max(maxInspect, answer.inspectMs);
      if (honest.every((h) => ticked(h.id)) || target.exited() !== null) break;
      if (performance.now() > limit) {
        for (const h of honest)
          if (!ticked(h.id) && honestStalls.length < KEPT_FAILURES)
            honestStalls.push({
              step,
              room: h.id,
              what: `did not tick in ${WAIT_LIMIT_MS} ms`,
              lastSent: [],
            });
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const h of honest) {
      const report = answer.rooms[h.id];
      if (report?.phase === "debrief") h.room.send("openBriefing", {});
      if (report?.phase === "briefing") h.room.send("startRound", {});
    }
    for (const group of groups) {
      const report: RoomReport | undefined = answer.rooms[group.roomId];
      for (const what of report?.breaks ?? [])
        if (invariantBreaks.length < KEPT_FAILURES)
          invariantBreaks.push({
            step,
            room: group.roomId,
            what,
            lastSent: group.clients.flatMap((c) => c.lastSent),
          });
    }
    return new Map(Object.entries(answer.rooms).map(([id, r]) => [id, r.tick]));
  }
}

function transmit(room: AnyRoom, send: Send): void {
  try {
    if (send.kind === "message") room.send(send.type as string, send.payload);
    else if (send.kind === "request") room.send(send.type, send.payload, () => undefined);
    else if (send.kind === "bytes") room.sendBytes(send.type, send.bytes);
    else room.connection.send(send.bytes);
  } catch {
    // A payload the SDK itself cannot encode never reaches the server.
  }
}

function describe(send: Send): string {
  if (send.kind === "garbage" || send.kind === "bytes") return `${send.label} (${send.bytes.length} bytes)`;
  let payload: string;
  try {
    payload = JSON.stringify(send.payload) ?? String(send.payload);
  } catch {
    payload = String(send.payload);
  }
  return `${send.kind} ${JSON.stringify(send.type)} ${payload.length > 160 ? `${payload.slice(0, 160)}…` : payload}`;
}

/** Join options no workshop takes (or, now and then, a reconnection token nobody was given). */
function hostileJoin(rng: Random): Record<string, unknown> | "forged token" {
  switch (rng.int(7)) {
    case 0:
      return { name: pick(rng, HOSTILE_NAMES, "") };
    case 1:
      return { name: "x".repeat(30 + rng.int(3000)) };
    case 2:
      return { seed: pick(rng, HOSTILE_NUMBERS, Number.NaN) };
    case 3:
      return { name: "Guest", [pick(rng, HOSTILE_NAMES, "x")]: 1 };
    case 4:
      return { solo: "yes", spectate: 1, scenario: "__proto__" };
    case 5:
      return { name: "Guest", scenario: pick(rng, HOSTILE_NAMES, "") };
    default:
      return "forged token";
  }
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("room fuzzer: a room did not reach the state asked in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The game server in its own process, and the questions it answers over IPC. */
async function startTarget() {
  const child = fork(fileURLToPath(new URL("./target.ts", import.meta.url)), [], {
    execArgv: [],
    env: { ...process.env, CLUSTER_CRISIS_QUIET: "1" },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  // What the server writes to stderr (Colyseus' own complaints about what it was sent): the last
  // lines go in the report if it crashes.
  const stderr: string[] = [];
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr.push(...chunk.split("\n").filter((l) => l.trim() !== ""));
    if (stderr.length > 200) stderr.splice(0, stderr.length - 40);
  });
  let exit: string | null = null;
  const stopped = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exit = `the server process ended (code ${code}, signal ${signal}); its last words:\n${stderr.slice(-40).join("\n")}`;
      resolve();
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    // Other modules speak on the channel too (@pm2/io, loaded by Colyseus): only the target's own messages count.
    const onReady = (m: { ready?: boolean; port?: number }) => {
      if (m?.ready !== true || typeof m.port !== "number") return;
      child.off("message", onReady);
      resolve(m.port);
    };
    child.on("message", onReady);
    void stopped.then(() => reject(new Error(exit ?? "the server process ended")));
  });
  let asked = 0;
  const waiting = new Map<number, { resolve: (a: InspectAnswer) => void; reject: (e: Error) => void }>();
  child.on("message", (m: Partial<InspectAnswer>) => {
    if (typeof m?.id !== "number" || m.rooms === undefined) return;
    waiting.get(m.id)?.resolve(m as InspectAnswer);
    waiting.delete(m.id);
  });
  void stopped.then(() => {
    for (const w of waiting.values()) w.reject(new Error(exit ?? "the server process ended"));
    waiting.clear();
  });
  return {
    port,
    stopped,
    exited: () => exit,
    stop: () => child.send({ stop: true }),
    /** The server's answer about these rooms; rejects if the process ended. */
    inspect(rooms: readonly string[], hostile: readonly string[]): Promise<InspectAnswer> {
      const ask: InspectAsk = { id: ++asked, rooms, hostile };
      return new Promise((resolve, reject) => {
        if (exit !== null) return reject(new Error(exit));
        waiting.set(ask.id, { resolve, reject });
        child.send(ask);
      });
    },
  };
}
