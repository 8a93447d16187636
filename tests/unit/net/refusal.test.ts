import { describe, expect, it } from "vitest";
import { joinRefusal } from "../../../client/net/refusal.ts";

/** What the SDK throws for an HTTP refusal: its status as `code`, the server's `error` as message. */
function serverError(code: number, message: string, retryAfter?: string): Error {
  return Object.assign(new Error(message), {
    code,
    headers: new Headers(retryAfter === undefined ? {} : { "retry-after": retryAfter }),
  });
}

describe("why a game could not be created or joined, as the title screen says it", () => {
  it("tells a player refused with 429 how long to wait, from Retry-After", () => {
    const error = serverError(429, "too many workshops created from your address; try again in 17 s", "17");
    expect(joinRefusal(error)).toEqual({ key: "title.tooBusy", vars: { seconds: 17 } });
  });

  it("reads the wait from the message when the header is not exposed (another origin)", () => {
    const error = serverError(429, "this server is creating too many workshops at once; try again in 4 s");
    expect(joinRefusal(error)).toEqual({ key: "title.tooBusy", vars: { seconds: 4 } });
  });

  it("says a minute when the server gave no wait", () => {
    expect(joinRefusal(serverError(429, "this server runs its most rooms (200)"))).toEqual({
      key: "title.tooBusy",
      vars: { seconds: 60 },
    });
  });

  it("says no workshop has the code, or passes the server's reason on", () => {
    expect(joinRefusal(serverError(4212, 'room "ABC-DEF" not found')).key).toBe("title.noWorkshop");
    expect(joinRefusal(new Error("the workshop is full (12 players)"))).toEqual({
      key: "title.couldNotJoin",
      vars: { message: "the workshop is full (12 players)" },
    });
  });
});
