import { matchMaker } from "@colyseus/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, type ServerLimits } from "../../server/limits.ts";
import type { IncidentRoom } from "../../server/rooms/IncidentRoom.ts";
import { startGameServer } from "../support/server.ts";

/**
 * Room creation over plain HTTP, against the real server on loopback (issue 18, item 2): each room
 * may become a whole simulated cluster, so creating them is limited per client address and for the
 * whole process, and a workshop builds its cluster only when its round starts.
 */
/** A real server with these limits for the tests of one describe block, and a create request as any address. */
function serverWith(limits: Partial<ServerLimits>) {
  let server: Awaited<ReturnType<typeof startGameServer>>;
  beforeAll(async () => {
    server = await startGameServer({ ...DEFAULT_LIMITS, ...limits });
  });
  afterAll(async () => server.stop());
  /** POST /matchmake/create/incident as the client at `address` (loopback is a trusted proxy). */
  return (address: string, options: object = {}) =>
    fetch(`${server.url}matchmake/create/incident`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify(options),
    });
}

// Buckets refill far slower than a test runs.
const slow = 1e-6;

describe("creating rooms: limited per address and overall; a workshop's cluster waits for its round", () => {
  // A burst of 3 per address and 6 for the server.
  const create = serverWith({
    createsPerAddress: { perMinute: slow, burst: 3 },
    creates: { perMinute: slow, burst: 6 },
  });

  it("builds a workshop's cluster when its round starts, not while it waits in the lobby", async () => {
    const response = await create("198.51.100.1", { name: "Host", scenario: "thousand-services" });
    expect(response.status).toBe(200);
    const { roomId } = (await response.json()) as { roomId: string };
    const room = matchMaker.getLocalRoomById(roomId) as IncidentRoom;
    expect(room.state.scenarioId).toBe("thousand-services");
    expect(room.state.nodes.size).toBe(0);
    expect(room.simulationHash()).toBe("");
  });

  it("refuses a fourth create from one address with 429 and how long to wait; another address may", async () => {
    for (let i = 0; i < 3; i++) expect((await create("203.0.113.7")).status).toBe(200);
    const refused = await create("203.0.113.7");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({
      code: 429,
      error: expect.stringMatching(/^too many workshops created from your address; try again in \d+ s$/),
    });
    expect((await create("203.0.113.8")).status).toBe(200);
  });

  it("refuses creates beyond the server's own rate, whoever asks", async () => {
    // Six created so far in this file (1 + 3 + 1 before, 1 now): the seventh is refused.
    expect((await create("203.0.113.9")).status).toBe(200);
    const refused = await create("203.0.113.10");
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toMatch(
      /this server is creating too many workshops/,
    );
  });
});

describe("a process runs at most MAX_ROOMS rooms", () => {
  const create = serverWith({ maxRooms: 2 });

  it("refuses a create once the process runs its most rooms, with 429", async () => {
    expect((await create("192.0.2.1")).status).toBe(200);
    expect((await create("192.0.2.2")).status).toBe(200);
    const refused = await create("192.0.2.3");
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toBe(
      "this server runs its most rooms (2); try again in a minute",
    );
  });
});
