import type { IncomingMessage } from "node:http";

/**
 * The address a request came from, for per-client limits: the socket's peer, unless that peer is a
 * trusted proxy, in which case the last address it (and any trusted proxy before it) appended to
 * X-Forwarded-For. Anything further left in that header was written by the client and is ignored.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  let address = req.socket.remoteAddress ?? "";
  const header = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((hop) => hop.trim())
    .filter((hop) => hop !== "");
  while (trustedProxies.has(address) && hops.length > 0) address = hops.pop() ?? address;
  return address;
}
