/** A workshop seats a facilitator and up to eleven others (DESIGN: workshops of 3–12 people). */
export const MAX_PLAYERS = 12;

/** Read-only seats beside the players: a projector for the room, observers, the facilitator's second screen. */
export const MAX_SPECTATORS = 8;
