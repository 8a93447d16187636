import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, limitsFromEnv, UNLIMITED_RATES } from "../../server/limits.ts";
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

/**
 * Join codes cannot be guessed at speed (issue 18, item 13): joins by a code no workshop has are
 * counted per address; past the limit that address joins by no code at all for a while, so a
 * refusal tells a guesser nothing about which codes exist.
 */
describe("wrong join codes are limited per address", () => {
  let server: Awaited<ReturnType<typeof startGameServer>>;
  let sdk: Client;

  beforeAll(async () => {
    server = await startGameServer({
      ...DEFAULT_LIMITS,
      ...UNLIMITED_RATES,
      failedJoinsPerAddress: { perMinute: 1e-6, burst: 5 },
    });
    sdk = new Client(server.url);
  });
  afterAll(async () => server.stop());

  const post = (method: string, code: string, address: string, body: unknown) =>
    fetch(`${server.url}matchmake/${method}/${encodeURIComponent(code)}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify(body),
    });

  it("refuses an address that guessed too many codes, even its next right one, and tells why", async () => {
    const host = (await sdk.create("incident", { name: "Host" })) as Player;
    await until(() => Boolean(host.state?.joinCode));
    const guesser = "203.0.113.9";
    const statuses: number[] = [];
    for (const code of ["AAA-AAA", "AAA-AAB", "AAA-AAC", "AAA-AAD"])
      statuses.push((await post("joinById", code, guesser, { name: "Guesser" })).status);
    // A reconnection naming a room that does not exist is a guess too.
    statuses.push((await post("reconnect", "AAA-AAE", guesser, { reconnectionToken: "x" })).status);
    expect(statuses.every((s) => s !== 429 && s >= 400)).toBe(true);
    const refused = await post("joinById", "AAA-AAF", guesser, { name: "Guesser" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({
      code: 429,
      error: expect.stringMatching(/^too many wrong join codes from your address; .* try again in \d+ s$/),
    });
    // The right code from the same address is refused alike: no oracle.
    expect((await post("joinById", host.roomId, guesser, { name: "Guesser" })).status).toBe(429);
    // The SDK hands the player the refusal (the title screen words it: client/net/refusal.ts).
    const sdkFromGuesser = new Client(server.url, { headers: { "x-forwarded-for": guesser } });
    await expect(sdkFromGuesser.joinById(host.roomId, { name: "Guesser" })).rejects.toMatchObject({
      code: 429,
      message: expect.stringContaining("wrong join codes"),
    });
    // Another address is not affected.
    const honest = (await sdk.joinById(host.roomId, { name: "Honest" })) as Player;
    await until(() => host.state.players.size === 2);
    await honest.leave();
    await host.leave();
  });

  it("is set with FAILED_JOINS_PER_ADDRESS_PER_MINUTE, and a bad value names the variable", () => {
    expect(limitsFromEnv({}).failedJoinsPerAddress).toEqual({ perMinute: 10, burst: 20 });
    expect(limitsFromEnv({ FAILED_JOINS_PER_ADDRESS_PER_MINUTE: "30" }).failedJoinsPerAddress).toEqual({
      perMinute: 30,
      burst: 60,
    });
    expect(() => limitsFromEnv({ FAILED_JOINS_PER_ADDRESS_PER_MINUTE: "lots" })).toThrow(
      "FAILED_JOINS_PER_ADDRESS_PER_MINUTE",
    );
  });

  it("does not count joins by a code a workshop has", async () => {
    const host = (await sdk.create("incident", { name: "Host" })) as Player;
    await until(() => Boolean(host.state?.joinCode));
    const classroom = "198.51.100.200";
    const answers = await Promise.all(
      Array.from({ length: 9 }, (_, i) => post("joinById", host.roomId, classroom, { name: `Student ${i}` })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(9).fill(200));
    expect((await post("joinById", "ZZZ-ZZZ", classroom, { name: "Typo" })).status).not.toBe(429);
    await host.leave();
  });
});
