import { timingSafeEqual } from "node:crypto";
import { monitor } from "@colyseus/monitor";
import type express from "express";

/**
 * Colyseus' room monitor at /monitor: open in development (`npm run dev`), and
 * otherwise only behind HTTP basic auth with MONITOR_PASSWORD (user `admin`).
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
    app.use("/monitor", monitor());
    return "open";
  }
  return "off";
}
