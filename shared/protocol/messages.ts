import { z } from "zod";

/**
 * Every message a client may send, with its zod schema. The room validates each
 * one here before it becomes a simulation command; the client uses the same
 * types to build them.
 */

/** Larger payloads are refused before parsing; no intent in the game needs more. */
export const MAX_MESSAGE_BYTES = 2_048;

// A node name is an RFC 1123 DNS subdomain label in Kubernetes; the game's nodes use one label.
const nodeName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a node name: lowercase letters, digits and '-'");

export const clientMessages = {
  /** `kubectl cordon NODE`: mark the node unschedulable. */
  cordon: z.strictObject({ node: nodeName }),
  /** `kubectl uncordon NODE`: mark the node schedulable again. */
  uncordon: z.strictObject({ node: nodeName }),
} as const;

export type ClientMessageType = keyof typeof clientMessages;
export type ClientMessage<T extends ClientMessageType> = z.infer<(typeof clientMessages)[T]>;

export function isClientMessageType(type: unknown): type is ClientMessageType {
  return typeof type === "string" && Object.hasOwn(clientMessages, type);
}

/** Messages the server sends to one client. */
export const serverMessageTypes = {
  /** A message was refused before it reached the simulation. */
  error: "error",
  /** The outcome of a command when it took effect. */
  commandResult: "commandResult",
} as const;

export type ErrorCode = "unknown_type" | "invalid_payload" | "payload_too_large";

export interface ErrorMessage {
  readonly code: ErrorCode;
  readonly type: string;
  readonly message: string;
}

export interface CommandResultMessage {
  readonly type: ClientMessageType;
  readonly tick: number;
  readonly accepted: boolean;
  readonly reason?: string;
}

export const roomNames = { incident: "incident" } as const;

export const joinOptions = z.strictObject({
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
});
