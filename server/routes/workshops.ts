import { matchMaker } from "@colyseus/core";
import express from "express";
import { roomNames } from "../../shared/protocol/messages.ts";
import type { WorkshopListing } from "../rooms/IncidentRoom.ts";

/** `GET /api/workshops`: open public workshops that can still be joined, newest first. */
export function workshopRoutes(): express.Router {
  const router = express.Router();
  router.get("/api/workshops", async (_req, res) => {
    const rooms = await matchMaker.query({ name: roomNames.incident, private: false, locked: false });
    const open = rooms
      .filter((room) => room.clients < room.maxClients && room.metadata)
      .map((room) => ({
        code: room.roomId,
        ...(room.metadata as WorkshopListing),
        maxPlayers: room.maxClients,
      }))
      .filter((w) => w.phase === "lobby" || w.phase === "briefing");
    res.json({ workshops: open });
  });
  return router;
}
