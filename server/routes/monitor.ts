import { timingSafeEqual } from "node:crypto";
import { monitor } from "@colyseus/monitor";
import type express from "express";

/**
 * Colyseus' room monitor at /monitor: open in development (`npm run dev`) to this machine only
 * (loopback), and otherwise only behind HTTP basic auth with MONITOR_PASSWORD (user `admin`).
 * Without either it is not mounted at all.
 */
export function mountMonitor(
  app: express.Application,
  env: NodeJS.ProcessEnv = process.env,
): "open" | "password" | "off" {
  const password = env.MONITOR_PASSWORD;
  if (password) {
    const expected = Buffer.from(`Basic ${Buffer.from(`admin:${password}`).toString("base64")}`);
    app.use(
      "/monitor",
      (req, res, next) => {
        const given = Buffer.from(req.headers.authorization ?? "");
        if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
        res.setHeader("WWW-Authenticate", 'Basic realm="Cluster Crisis monitor"').status(401).end();
      },
      monitor(),
    );
    return "password";
  }
  if (env.NODE_ENV === "development") {
    // The dev server listens on every interface (a phone on the LAN can play); its monitor does not.
    app.use(
      "/monitor",
      (req, res, next) => {
        if (isLoopback(req.socket.remoteAddress)) return next();
        res.status(404).json({ error: "not found" });
      },
      monitor(),
    );
    return "open";
  }
  return "off";
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return address === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
