import { randomInt } from "node:crypto";
import { JOIN_CODE_ALPHABET } from "../../shared/protocol/joinCode.ts";

/** A short, readable join code such as `KQ7-M2P` (31⁶ ≈ 887 million codes); it is the room's id. */
export function newJoinCode(): string {
  const pick = () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return `${pick()}${pick()}${pick()}-${pick()}${pick()}${pick()}`;
}
