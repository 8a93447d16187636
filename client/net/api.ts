import { ROLES } from "../../shared/protocol/messages.ts";
import type { ReplayCommand, RoundReplay } from "../../shared/protocol/replay.ts";
import { parseCommand } from "../../shared/sim/commands.ts";
import { type ObjectiveCheck, type ObjectiveKind, objectiveKinds } from "../../shared/sim/scenario/types.ts";

/**
 * The game server's JSON API over HTTP (same origin). Plain `fetch`, no Colyseus:
 * scenes that only read (the lobby's scenario list, the leaderboards) use these.
 */

/** A sentence in both of the game's languages, as the server's catalogues hold it. */
export interface Localized {
  readonly en: string;
  readonly ko: string;
}

/** A scenario the facilitator can choose, as GET /api/scenarios lists it. */
export interface ScenarioListing {
  readonly id: string;
  readonly title: Localized;
  /** Game minutes, and real minutes at 1×. */
  readonly minutes: number;
  readonly realMinutes: number;
  readonly nodes: number;
  /** What the round asks: every check holding at once (the briefing card words it as the goal). */
  readonly objective: { readonly kind: ObjectiveKind; readonly checks: readonly ObjectiveCheck[] };
  readonly services: number;
  /** From the facilitator's notes (null where none are written): tutorial … expert, and what it teaches. */
  readonly difficulty: string | null;
  readonly teaches: Localized | null;
}

/** A scheduling puzzle, as GET /api/puzzles lists it. */
export interface PuzzleListing {
  readonly id: string;
  readonly order: number;
  /** "tutorial", "beginner", "intermediate", "advanced" or "expert". */
  readonly level: string;
  readonly title: Localized;
}

/** One verified round on a scenario's board: a round that never broke, then the fastest recovery, then the most budget left. */
export interface ScenarioBoardRow {
  readonly rank: number;
  readonly roundId: number;
  readonly team: string;
  readonly members: readonly string[];
  /** null: the objective never broke. */
  readonly timeToRecoveryMs: number | null;
  /** What was left of the error budget (0.958 is 95.8 %). */
  readonly errorBudgetLeft: number;
  readonly actions: number;
  /** ISO 8601. */
  readonly finishedAt: string;
}

/** One result on a puzzle's board: fewest moves, then fastest. */
export interface PuzzleBoardRow {
  readonly rank: number;
  readonly resultId: number;
  readonly player: string;
  readonly moves: number;
  readonly timeMs: number;
  /** ISO 8601. */
  readonly finishedAt: string;
}

/** One page of a board, as GET /api/leaderboards/:board answers. */
export interface BoardPage<Row> {
  readonly board: string;
  readonly limit: number;
  readonly offset: number;
  readonly rows: readonly Row[];
  /** A scenario's board: its week (ISO, "2026-W50") and the seed every round on it plays. */
  readonly period?: string;
  readonly seed?: number;
}

/** A request the server answered with an error: its status and, when it gave one, its reason. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** Same origin in production; the game server's port when served by Vite's dev server. */
export function serverEndpoint(): string {
  const { protocol, hostname, port } = window.location;
  const devServer = port === "5173";
  return `${protocol}//${hostname}${devServer ? ":2567" : port ? `:${port}` : ""}`;
}

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(`${serverEndpoint()}${path}`, { headers: { accept: "application/json" } });
  if (!response.ok) {
    let reason = `${response.status} ${response.statusText}`.trim();
    try {
      const body = (await response.json()) as { error?: unknown };
      if (typeof body.error === "string") reason = body.error;
    } catch {
      // Not JSON (a proxy's page, Express' "Cannot GET"): the status says enough.
    }
    throw new ApiError(reason, response.status);
  }
  return response.json();
}

const text = (value: unknown): string => (typeof value === "string" ? value : String(value ?? ""));
const num = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);
const localized = (value: unknown): Localized => {
  const v = (value ?? {}) as Partial<Record<"en" | "ko", unknown>>;
  const en = text(v.en);
  return { en, ko: text(v.ko) || en };
};
const list = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value)
    ? value.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null)
    : [];

/** The scenarios a facilitator can choose (GET /api/scenarios). */
export async function fetchScenarios(): Promise<ScenarioListing[]> {
  return list(await getJson("/api/scenarios")).map((s) => ({
    id: text(s.id),
    title: localized(s.title),
    minutes: num(s.minutes),
    realMinutes: num(s.realMinutes) || num(s.minutes),
    nodes: num(s.nodes),
    objective: objectiveOf(s.objective),
    services: num(s.services),
    difficulty: typeof s.difficulty === "string" ? s.difficulty : null,
    teaches: s.teaches ? localized(s.teaches) : null,
  }));
}

/** The listing's objective; checks of kinds this client does not know (a newer server's) are left out. */
function objectiveOf(value: unknown): ScenarioListing["objective"] {
  const v = (value ?? {}) as Record<string, unknown>;
  const checks = list(v.checks).flatMap((c) => {
    const check = checkOf(c);
    return check ? [check] : [];
  });
  const kind = objectiveKinds.find((k) => k === v.kind) ?? "recover";
  return { kind, checks };
}

function checkOf(c: Record<string, unknown>): ObjectiveCheck | null {
  const forMs = num(c.forMs);
  switch (c.kind) {
    case "availability":
      return { kind: "availability", service: text(c.service), atLeast: num(c.atLeast), forMs };
    case "p99Latency":
      return { kind: "p99Latency", service: text(c.service), atMostMs: num(c.atMostMs), forMs };
    case "podsPending":
      return { kind: "podsPending", atMost: num(c.atMost), forMs };
    case "etcdLeader":
      return { kind: "etcdLeader", present: c.present !== false, forMs };
    case "nodesReady":
      return { kind: "nodesReady", atLeast: num(c.atLeast), forMs };
    case "readyReplicas":
      return { kind: "readyReplicas", deployment: text(c.deployment), atLeast: num(c.atLeast), forMs };
    default:
      return null;
  }
}

/** The puzzles, in their play order (GET /api/puzzles); none yet when the server has no such route. */
export async function fetchPuzzles(): Promise<PuzzleListing[]> {
  let body: unknown;
  try {
    body = await getJson("/api/puzzles");
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return [];
    throw error;
  }
  return list(body)
    .map((p) => ({ id: text(p.id), order: num(p.order), level: text(p.level), title: localized(p.title) }))
    .sort((a, b) => a.order - b.order);
}

export interface PageRequest {
  readonly limit: number;
  readonly offset: number;
}

async function fetchBoard(board: string, page: PageRequest): Promise<BoardPage<Record<string, unknown>>> {
  const query = new URLSearchParams({ limit: String(page.limit), offset: String(page.offset) });
  const body = (await getJson(`/api/leaderboards/${encodeURIComponent(board)}?${query}`)) as Record<
    string,
    unknown
  >;
  return {
    board: text(body.board),
    limit: num(body.limit),
    offset: num(body.offset),
    rows: list(body.rows),
    ...(typeof body.period === "string" ? { period: text(body.period), seed: num(body.seed) } : {}),
  };
}

/** A page of a scenario's board (GET /api/leaderboards/scenario:<id>). Names arrive as data, never markup. */
export async function fetchScenarioBoard(
  id: string,
  page: PageRequest,
): Promise<BoardPage<ScenarioBoardRow>> {
  const answer = await fetchBoard(`scenario:${id}`, page);
  return {
    ...answer,
    rows: answer.rows.map((r) => ({
      rank: num(r.rank),
      roundId: num(r.roundId),
      team: text(r.team),
      members: Array.isArray(r.members) ? r.members.map(text) : [],
      timeToRecoveryMs: typeof r.timeToRecoveryMs === "number" ? r.timeToRecoveryMs : null,
      errorBudgetLeft: num(r.errorBudgetLeft),
      actions: num(r.actions),
      finishedAt: text(r.finishedAt),
    })),
  };
}

/** A page of a puzzle's board (GET /api/leaderboards/puzzle:<id>). */
export async function fetchPuzzleBoard(id: string, page: PageRequest): Promise<BoardPage<PuzzleBoardRow>> {
  const answer = await fetchBoard(`puzzle:${id}`, page);
  return {
    ...answer,
    rows: answer.rows.map((r) => ({
      rank: num(r.rank),
      resultId: num(r.resultId),
      player: text(r.player),
      moves: num(r.moves),
      timeMs: num(r.timeMs),
      finishedAt: text(r.finishedAt),
    })),
  };
}

/**
 * A ranked round for its replay (GET /api/rounds/:id). Its commands are parsed as the server parses a
 * player's: one the client cannot read is left out, and the replay then says it misses the digest.
 */
export async function fetchRound(id: number): Promise<RoundReplay> {
  const body = (await getJson(`/api/rounds/${id}`)) as Record<string, unknown>;
  const scenario = (body.scenario ?? {}) as Record<string, unknown>;
  const score = (body.score ?? {}) as Record<string, unknown>;
  const commands: ReplayCommand[] = [];
  for (const c of list(body.commands)) {
    const parsed = parseCommand(c.command);
    if (!parsed.ok) continue;
    const role = ROLES.find((r) => r === c.role) ?? "facilitator";
    commands.push({ at: num(c.at), player: text(c.player), role, command: parsed.command });
  }
  const outcomes = ["resolved", "survived", "failed", "ended"] as const;
  return {
    id: num(body.id),
    scenario: { id: text(scenario.id), version: num(scenario.version) },
    seed: num(body.seed),
    scripted: body.scripted === true,
    durationMs: num(body.durationMs),
    digest: text(body.digest),
    verified: body.verified === true,
    board: typeof body.board === "string" ? body.board : null,
    team: text(body.team),
    outcome: outcomes.find((o) => o === body.outcome) ?? "ended",
    score: {
      timeToRecoveryMs: typeof score.timeToRecoveryMs === "number" ? score.timeToRecoveryMs : null,
      budgetSpent: num(score.budgetSpent),
      actions: num(score.actions),
    },
    finishedAt: text(body.finishedAt),
    players: list(body.players).map((p) => ({
      name: text(p.name),
      roles: Array.isArray(p.roles) ? ROLES.filter((r) => (p.roles as unknown[]).includes(r)) : [],
    })),
    commands,
  };
}
