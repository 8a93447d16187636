import { parseCommand } from "../../shared/sim/commands.ts";
import { runWorld } from "../../shared/sim/world/runner.ts";
import { defenderActions } from "../../shared/sim/world/score.ts";
import { scenarioCatalog } from "../rooms/catalog.ts";
import { faultsPlayed } from "../store/rows.ts";
import type { RoundResult } from "../store/types.ts";
import { parseBoard, rankedBoard, unrankedWords } from "./boards.ts";

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * A stored round is believed only if its command log, replayed on the scenario it names from its
 * seed for as long as it says it lasted, gives the very score it claims — the server recomputes,
 * it never takes a score on trust. Also refused: a scenario or version this server does not run,
 * a log a real round cannot have produced (unreadable commands, time going back or past the end,
 * commands the cluster refused: rooms log only what took effect).
 */
export function verifyRound(round: RoundResult): Verdict {
  const scenario = scenarioCatalog.get(round.scenarioId);
  if (scenario === undefined) return no(`no scenario "${round.scenarioId}" on this server`);
  if (scenario.version !== round.scenarioVersion)
    return no(`${scenario.id} is at version ${scenario.version} here, not ${round.scenarioVersion}`);
  if (
    !Number.isSafeInteger(round.durationMs) ||
    round.durationMs < 0 ||
    round.durationMs > scenario.timeLimitMs
  )
    return no(`a round of ${scenario.id} lasts at most ${scenario.timeLimitMs} ms, not ${round.durationMs}`);
  let last = 0;
  for (const [i, entry] of round.commandLog.entries()) {
    const parsed = parseCommand(entry.command);
    if (!parsed.ok) return no(`command ${i + 1}: ${parsed.reason}`);
    if (!Number.isSafeInteger(entry.at) || entry.at < last || entry.at > round.durationMs)
      return no(`command ${i + 1}: its time ${entry.at} is out of order or after the round's end`);
    last = entry.at;
  }
  const played = round.scripted ? scenario : { ...scenario, faults: [] };
  const replay = runWorld(played, round.seed, round.commandLog, round.durationMs);
  if (replay.commands.rejected > 0)
    return no(`${replay.commands.rejected} command(s) of the log are refused by the cluster on replay`);
  if (replay.hash !== round.worldHash)
    return no("the replay does not reach the cluster the round ended with (another seed, log or scenario)");
  // A round the facilitator ended was not over by the objective's rules.
  const outcome = replay.outcome ?? "ended";
  const claimed = [round.outcome, round.timeToRecoveryMs, round.budgetSpent, round.actions];
  const actual = [outcome, replay.score.timeToRecoveryMs, replay.score.budgetSpent, replay.score.actions];
  if (claimed.some((value, i) => value !== actual[i]))
    return no(
      `the score does not match its command log: claimed ${claimed[0]}, recovery ${claimed[1]} ms, ` +
        `budget spent ${claimed[2]}, ${claimed[3]} actions; the replay gives ${actual.join(", ")}`,
    );
  if (round.board !== null) {
    // The board it claims must be one it qualifies for: its week's seed, the script alone, actions.
    const board = parseBoard(round.board);
    const ranking =
      board === null || board.scenarioId !== scenario.id
        ? null
        : rankedBoard({
            scenarioId: scenario.id,
            tutorial: scenario.tutorial,
            seed: round.seed,
            period: board.period,
            scripted: round.scripted,
            faultsInjected: faultsPlayed(round.commandLog),
            defenderActions: defenderActions(replay.score),
          });
    if (ranking === null || !("board" in ranking) || ranking.board !== round.board)
      return no(
        `the round claims board ${round.board}, which it does not qualify for` +
          (ranking !== null && "unranked" in ranking ? ` (${unrankedWords[ranking.unranked]})` : ""),
      );
  }
  return { ok: true };
}

const no = (reason: string): Verdict => ({ ok: false, reason });
