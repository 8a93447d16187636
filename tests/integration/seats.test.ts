import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../server/limits.ts";
import { startGameServer } from "../support/server.ts";
import type { Player } from "./support.ts";
import { until } from "./support.ts";

/**
 * Seat squatting (issue 18, item 5): `joinById` over plain HTTP reserves a seat without ever opening
 * a socket. Options are checked before any seat is reserved, one address may only reserve so many
 * seats a minute, and a seat nobody takes is given back within seconds.
 */
describe("seats cannot be squatted over plain HTTP", () => {
  let server: Awaited<ReturnType<typeof startGameServer>>;
  let sdk: Client;

  beforeAll(async () => {
    server = await startGameServer({
      ...DEFAULT_LIMITS,
      // Room creation is not what these tests are about.
      createsPerAddress: { perMinute: 1e9, burst: 1e9 },
      joinsPerAddress: { perMinute: 1e-6, burst: 5 },
    });
    sdk = new Client(server.url);
  });
  afterAll(async () => server.stop());

  /** POST /matchmake/joinById/<code> as the client at `address`, without ever connecting. */
  const reserve = (code: string, address: string, name: string) =>
    fetch(`${server.url}matchmake/joinById/${code}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify({ name }),
    });

  it("refuses a markup name before reserving anything: honest players still join", async () => {
    const host = (await sdk.create("incident", { name: "Host" })) as Player;
    await until(() => Boolean(host.state?.joinCode));
    const answers = await Promise.all(
      Array.from({ length: 19 }, (_, i) => reserve(host.roomId, `198.51.100.${i + 1}`, `<script>${i}`)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(19).fill(400));
    expect(await answers[0]!.json()).toEqual({ code: 400, error: expect.stringContaining("name") });
    const guest = (await sdk.joinById(host.roomId, { name: "Honest" })) as Player;
    await until(() => host.state.players.size === 2);
    await guest.leave();
    await host.leave();
  });

  it("lets one address reserve only so many seats a minute, and gives an untaken seat back", async () => {
    const host = (await sdk.create("incident", { name: "Host" })) as Player;
    await until(() => Boolean(host.state?.joinCode));
    const answers: number[] = [];
    for (let i = 0; i < 19; i++)
      answers.push((await reserve(host.roomId, "203.0.113.66", `Squatter ${i}`)).status);
    expect(answers.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.slice(5))).toEqual(new Set([429]));
    // The five seats reserved and never taken are given back within seconds.
    const { matchMaker } = await import("@colyseus/core");
    await until(async () => (await matchMaker.query({ roomId: host.roomId }))[0]?.clients === 1, 15_000);
    const guest = (await sdk.joinById(host.roomId, { name: "Honest" })) as Player;
    await until(() => host.state.players.size === 2);
    await guest.leave();
    await host.leave();
  });
});
