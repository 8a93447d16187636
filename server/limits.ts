/**
 * What one stranger may ask of the server: how large a request body may be. Each limit has a
 * default sized for a real workshop and an environment variable to change it; the README's
 * operating section lists them. A bad value stops the server at start-up with a message naming the variable.
 */

export interface ServerLimits {
  /** Largest HTTP request body, in bytes: join and create options are a few dozen. */
  readonly maxBodyBytes: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: 4 * 1024,
};

export class LimitsError extends Error {
  override name = "LimitsError";
}

/** The limits with the environment's overrides (see the README for each variable). */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerLimits {
  const d = DEFAULT_LIMITS;
  return {
    maxBodyBytes: whole(env, "MAX_BODY_BYTES", d.maxBodyBytes, 256, 1024 * 1024),
  };
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new LimitsError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}
