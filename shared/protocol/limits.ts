/** A workshop seats a facilitator and up to eleven others (DESIGN: workshops of 3–12 people). */
export const MAX_PLAYERS = 12;
