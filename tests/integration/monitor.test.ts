import { networkInterfaces } from "node:os";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { mountMonitor } from "../../server/routes/monitor.ts";
import { freePort } from "../support/server.ts";

describe("the Colyseus monitor is open only in development, or behind a password", () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  async function serve(env: NodeJS.ProcessEnv, host = "127.0.0.1"): Promise<{ mode: string; url: string }> {
    const app = express();
    const mode = mountMonitor(app, env);
    const port = await freePort();
    const server = app.listen(port, host);
    await new Promise((r) => server.once("listening", r));
    close = () => server.close();
    return { mode, url: `http://127.0.0.1:${port}/monitor/` };
  }

  it("is not mounted in production without a password", async () => {
    const { mode, url } = await serve({ NODE_ENV: "production" });
    expect(mode).toBe("off");
    expect((await fetch(url)).status).toBe(404);
  });

  it("asks for the password, refuses a wrong one, and opens with the right one", async () => {
    const { mode, url } = await serve({ MONITOR_PASSWORD: "s3cret" });
    expect(mode).toBe("password");
    expect((await fetch(url)).status).toBe(401);
    const wrong = { authorization: `Basic ${Buffer.from("admin:nope").toString("base64")}` };
    expect((await fetch(url, { headers: wrong })).status).toBe(401);
    const right = { authorization: `Basic ${Buffer.from("admin:s3cret").toString("base64")}` };
    expect((await fetch(url, { headers: right })).status).toBe(200);
  });

  it("is open in development", async () => {
    const { mode, url } = await serve({ NODE_ENV: "development" });
    expect(mode).toBe("open");
    expect((await fetch(url)).status).toBe(200);
  });

  it("in development, answers this machine only: not a request from another interface's address", async () => {
    // This machine's own non-loopback address: a request to it comes from it, as a LAN peer's would.
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((a) => a !== undefined && !a.internal && a.family === "IPv4");
    expect(lan, "a non-loopback IPv4 interface to call from").toBeDefined();
    const { url } = await serve({ NODE_ENV: "development" }, "0.0.0.0");
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(url.replace("127.0.0.1", lan!.address))).status).toBe(404);
  });
});
