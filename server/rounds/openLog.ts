import { DEFAULT_SQLITE_PATH } from "../store/index.ts";
import type { RoundLogStore } from "./log.ts";
import { RedisRoundLog } from "./redisLog.ts";
import { SqlRoundLog } from "./sqlLog.ts";

/**
 * Where rounds' logs go: Redis when REDIS_URL is set (the processes share it), otherwise the
 * results database (PostgreSQL with DATABASE_URL, else the SQLite file), which the store must
 * have opened (migrated) first.
 */
export function openRoundLog(
  env: { REDIS_URL?: string; DATABASE_URL?: string; SQLITE_PATH?: string } = process.env,
): RoundLogStore {
  if (env.REDIS_URL?.trim()) return new RedisRoundLog(env.REDIS_URL.trim());
  if (env.DATABASE_URL) return SqlRoundLog.postgres(env.DATABASE_URL);
  return SqlRoundLog.sqlite(env.SQLITE_PATH ?? DEFAULT_SQLITE_PATH);
}
