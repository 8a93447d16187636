import type { CommandResultMessage } from "../../shared/protocol/messages.ts";
import type { Command } from "../../shared/sim/commands.ts";
import { actionWords, commandName, isCommandType } from "../../shared/words/actions.ts";
import { faultDetailWords } from "../../shared/words/faults.ts";
import type { TimelineView } from "../net/connection.ts";
import { language } from "./index.ts";

/**
 * Players' actions and faults in the player's language, through the one module that says them
 * (shared/words): a command as its real command line or in words, never the game's internal names.
 */

export function saidCommand(command: Command): string {
  return actionWords(command, language());
}

/** A command's result: the command the server applied, or its kind when an older server sends none. */
export function saidResult(
  result: Pick<CommandResultMessage, "type"> & { readonly command?: Command },
): string {
  return result.command ? saidCommand(result.command) : commandName(result.type, language());
}

/** A timeline entry's action; an entry without its command is said by its kind and target. */
export function saidEntry(entry: Pick<TimelineView, "action" | "command" | "node">): string {
  if (entry.action) return saidCommand(entry.action);
  const kind = isCommandType(entry.command) ? commandName(entry.command, language()) : entry.command;
  return entry.node ? `${kind} ${entry.node}` : kind;
}

/** A fault named as data (`killNode node/node-a2`, a milestone's detail) in words. */
export function saidFault(detail: string): string {
  return faultDetailWords(detail, language());
}
