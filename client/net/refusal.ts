import type { MessageKey } from "../i18n/strings.ts";

/** How long to wait when the server asks for patience without saying how long. */
const DEFAULT_RETRY_SECONDS = 60;

/**
 * Which sentence tells a player why creating or joining a game failed: the server's 429 (too many
 * games from their network, or a full server) with how long to wait, a code no workshop has, or
 * the server's own words.
 */
export function joinRefusal(error: unknown): { key: MessageKey; vars: Record<string, string | number> } {
  const message = error instanceof Error ? error.message : String(error);
  const { code, headers } = (typeof error === "object" && error !== null ? error : {}) as {
    code?: unknown;
    headers?: { get?: (name: string) => string | null };
  };
  if (code === 429) {
    const said = Number(headers?.get?.("retry-after") ?? /try again in (\d+) s/.exec(message)?.[1]);
    return { key: "title.tooBusy", vars: { seconds: said > 0 ? said : DEFAULT_RETRY_SECONDS } };
  }
  if (/not found|invalid|expired/i.test(message)) return { key: "title.noWorkshop", vars: {} };
  return { key: "title.couldNotJoin", vars: { message } };
}
