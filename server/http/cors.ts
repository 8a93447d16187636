import { matchMaker } from "@colyseus/core";

/**
 * Cross-origin requests are answered only for the game's own origins (issue 18, item 11). Colyseus
 * reflects any Origin with credentials on every route by default, so a page an admin visits could
 * read the monitor's private join codes; here a request from an origin not in the list gets no
 * Access-Control-Allow-* headers at all, and the browser keeps the answer from the page. The game
 * itself needs none: the built client is served from the server's own origin. `npm run dev`'s Vite
 * page (another port) is allowed in development; ALLOWED_ORIGINS lists others (server/limits.ts).
 *
 * Colyseus keeps its CORS headers in one process-wide controller, so the last server created in a
 * process decides them (a process runs one game server).
 */
export function allowOnlyOrigins(origins: readonly string[]): void {
  const allowed = new Set(origins);
  const controller = matchMaker.controller as {
    DEFAULT_CORS_HEADERS: Record<string, string>;
    getCorsHeaders(headers: Headers): Record<string, string>;
  };
  const { "Access-Control-Allow-Headers": headers, "Access-Control-Allow-Methods": methods } =
    controller.DEFAULT_CORS_HEADERS;
  // Only what a preflight may be told whatever its origin; the origin and credentials come per request.
  controller.DEFAULT_CORS_HEADERS = {
    ...(headers !== undefined && { "Access-Control-Allow-Headers": headers }),
    ...(methods !== undefined && { "Access-Control-Allow-Methods": methods }),
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
  controller.getCorsHeaders = (headers: Headers): Record<string, string> => {
    const origin = headers.get("origin");
    if (origin === null || !allowed.has(origin)) return {};
    return { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true" };
  };
}
