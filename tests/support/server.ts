import { createServer } from "node:net";
import { createGameServer } from "../../server/app.ts";

/** A free loopback port, chosen by the OS. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The real game server (rooms + built client) listening on a free loopback port. */
export async function startGameServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const server = createGameServer();
  await server.listen(port, "127.0.0.1");
  return { url: `http://127.0.0.1:${port}/`, stop: () => server.gracefullyShutdown(false) };
}
