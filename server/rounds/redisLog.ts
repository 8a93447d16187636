/**
 * The round log in Redis (REDIS_URL set): per workshop a stream of records, a lease key naming the
 * process that runs it (with an expiry: the lease), and a fencing counter. Every operation is one
 * Lua script, so Redis runs it whole: a write carries its fencing token and is refused once a later
 * token was issued; two processes taking a workshop over at once cannot both succeed.
 *
 *   cc:workshops             set of workshop codes that have a log
 *   cc:ws:{CODE}:log         stream, one entry per record (field r: JSON)
 *   cc:ws:{CODE}:lease       the holder's process id, expiring after LEASE_MS unless renewed
 *   cc:ws:{CODE}:fence       the latest fencing token (INCR on every acquisition)
 *   cc:ws:{CODE}:holder      the process that acquired it last (kept when the lease lapses, removed
 *                            when released): a lapsed lease's holder may still be alive
 *   cc:ws:{CODE}:keyframe    the stream id of the log's latest keyframe (an earlier one is deleted
 *                            as a new one is added: only the latest is of use)
 *
 * The braces are a Redis Cluster hash tag: a workshop's keys live in one slot, as a script
 * needs. Fencing follows Martin Kleppmann's "How to do distributed locking" (2016): the storage,
 * not the lock, refuses the stale writer.
 */
import { Redis } from "ioredis";
import {
  ABANDONED_LOG_MS,
  decodeRecord,
  encodeRecord,
  FencedError,
  LEASE_MS,
  type Lease,
  type LeaseStatus,
  type RoundLogEntry,
  type RoundLogRecord,
  type RoundLogStore,
} from "./log.ts";

const REGISTRY = "cc:workshops";
const keys = (workshop: string) => ({
  log: `cc:ws:{${workshop}}:log`,
  lease: `cc:ws:{${workshop}}:lease`,
  fence: `cc:ws:{${workshop}}:fence`,
  holder: `cc:ws:{${workshop}}:holder`,
  keyframe: `cc:ws:{${workshop}}:keyframe`,
});

// KEYS: lease, fence, log, registry, holder. ARGV: holder, from ("" = must be free, "*new" = never used), leaseMs, workshop, keepMs.
const ACQUIRE = `
if ARGV[2] == '*new' and redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[2] then return 0 end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
redis.call('SET', KEYS[5], ARGV[1], 'PX', ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('SADD', KEYS[4], ARGV[4])
return fence`;

// KEYS: fence, log, keyframe. ARGV: fence, startsRound ("1"/"0"), keepMs, keyframe position among
// the records (0: none), records…
const APPEND = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local first = false
for i = 5, #ARGV do
  local id = redis.call('XADD', KEYS[2], '*', 'r', ARGV[i])
  if not first then first = id end
  if i - 4 == tonumber(ARGV[4]) then
    local previous = redis.call('GET', KEYS[3])
    if previous then redis.call('XDEL', KEYS[2], previous) end
    redis.call('SET', KEYS[3], id, 'PX', ARGV[3])
  end
end
if ARGV[2] == '1' and first then redis.call('XTRIM', KEYS[2], 'MINID', first) end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

// KEYS: fence, lease, log, holder. ARGV: fence, holder, leaseMs, keepMs.
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
redis.call('SET', KEYS[4], ARGV[2], 'PX', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[3], ARGV[4])
return 1`;

// KEYS: fence, lease, holder. ARGV: fence, holder.
const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
redis.call('DEL', KEYS[3])
return 1`;

// KEYS: fence, lease, log, registry, holder, keyframe. ARGV: fence, workshop.
const CLOSE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[5], KEYS[6])
redis.call('SREM', KEYS[4], ARGV[2])
return 1`;

type Script = (...args: (string | number)[]) => Promise<number>;

export class RedisRoundLog implements RoundLogStore {
  readonly where = "Redis";
  readonly leaseMs: number;
  private readonly redis: Redis;
  private readonly scripts: Record<"acquire" | "append" | "renew" | "release" | "close", Script>;

  constructor(url: string, leaseMs = LEASE_MS) {
    this.leaseMs = leaseMs;
    // A write waits for Redis to come back rather than failing at once; the room retries it.
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
    this.redis.on("error", () => undefined);
    const define = (name: string, lua: string, numberOfKeys: number): Script => {
      this.redis.defineCommand(name, { lua, numberOfKeys });
      const command = (this.redis as unknown as Record<string, Script>)[name]!;
      return command.bind(this.redis);
    };
    this.scripts = {
      acquire: define("ccAcquire", ACQUIRE, 5),
      append: define("ccAppend", APPEND, 3),
      renew: define("ccRenew", RENEW, 4),
      release: define("ccRelease", RELEASE, 3),
      close: define("ccClose", CLOSE, 6),
    };
  }

  async acquire(workshop: string, holder: string, from: string | null | "new"): Promise<Lease | null> {
    const k = keys(workshop);
    const expected = from === null ? "" : from === "new" ? "*new" : from;
    const fence = await this.scripts.acquire(
      k.lease,
      k.fence,
      k.log,
      REGISTRY,
      k.holder,
      holder,
      expected,
      this.leaseMs,
      workshop,
      ABANDONED_LOG_MS,
    );
    return fence > 0 ? { workshop, holder, fence } : null;
  }

  async append(lease: Lease, records: readonly RoundLogRecord[], startsRound: boolean): Promise<void> {
    if (records.length === 0) return;
    const k = keys(lease.workshop);
    const ok = await this.scripts.append(
      k.fence,
      k.log,
      k.keyframe,
      lease.fence,
      startsRound ? "1" : "0",
      ABANDONED_LOG_MS,
      records.findLastIndex((r) => r.kind === "keyframe") + 1,
      ...records.map(encodeRecord),
    );
    if (ok !== 1) throw new FencedError(`workshop ${lease.workshop}: fencing token ${lease.fence} is stale`);
  }

  async renew(lease: Lease): Promise<boolean> {
    const k = keys(lease.workshop);
    return (
      (await this.scripts.renew(
        k.fence,
        k.lease,
        k.log,
        k.holder,
        lease.fence,
        lease.holder,
        this.leaseMs,
        ABANDONED_LOG_MS,
      )) === 1
    );
  }

  async release(lease: Lease): Promise<void> {
    const k = keys(lease.workshop);
    await this.scripts.release(k.fence, k.lease, k.holder, lease.fence, lease.holder);
  }

  async close(lease: Lease): Promise<void> {
    const k = keys(lease.workshop);
    await this.scripts.close(
      k.fence,
      k.lease,
      k.log,
      REGISTRY,
      k.holder,
      k.keyframe,
      lease.fence,
      lease.workshop,
    );
  }

  async read(workshop: string): Promise<RoundLogEntry[]> {
    const entries = await this.redis.xrange(keys(workshop).log, "-", "+");
    return entries.map(([id, fields], i) => {
      const text = fields[fields.indexOf("r") + 1] ?? "";
      // A stream entry's id starts with the Redis server's clock (ms) when it was added.
      return {
        writtenAt: Number(id.split("-")[0]),
        record: decodeRecord(text, `${workshop} entry ${i + 1}`),
      };
    });
  }

  async leases(): Promise<LeaseStatus[]> {
    const workshops = await this.redis.smembers(REGISTRY);
    if (workshops.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const w of workshops) pipeline.get(keys(w).lease).exists(keys(w).log).get(keys(w).holder);
    const answers = (await pipeline.exec()) ?? [];
    const found: LeaseStatus[] = [];
    const gone: string[] = [];
    workshops.forEach((workshop, i) => {
      const holder = answers[3 * i]?.[1] as string | null;
      const logged = answers[3 * i + 1]?.[1] === 1;
      const lastHolder = (answers[3 * i + 2]?.[1] as string | null) ?? null;
      if (logged || holder !== null) found.push({ workshop, holder, lastHolder });
      else gone.push(workshop);
    });
    // Logs that expired unclaimed leave the registry.
    if (gone.length > 0) await this.redis.srem(REGISTRY, ...gone);
    return found;
  }

  async shutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
