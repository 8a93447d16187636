import { resolve } from "node:path";
import { PostgresStore } from "./postgres.ts";
import { SqliteStore } from "./sqlite.ts";
import type { Store } from "./types.ts";

export * from "./types.ts";

/** The default SQLite file, relative to where the server runs. */
export const DEFAULT_SQLITE_PATH = "data/cluster-crisis.sqlite";

/** PostgreSQL when DATABASE_URL is set, otherwise a SQLite file under data/. */
export async function openStore(
  env: { DATABASE_URL?: string; SQLITE_PATH?: string } = process.env,
): Promise<Store> {
  if (env.DATABASE_URL) return PostgresStore.open(env.DATABASE_URL);
  return new SqliteStore(env.SQLITE_PATH ?? DEFAULT_SQLITE_PATH);
}

/** Where results are stored, for the start-up line: the database named by the environment. */
export function storeDescription(env: { DATABASE_URL?: string; SQLITE_PATH?: string } = process.env): string {
  if (env.DATABASE_URL) return "Results are stored in PostgreSQL (DATABASE_URL).";
  return `Results are stored in SQLite at ${resolve(env.SQLITE_PATH ?? DEFAULT_SQLITE_PATH)}.`;
}
