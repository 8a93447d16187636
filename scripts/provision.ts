/**
 * The system tools the tests drive for real, found or installed before the first test runs.
 *
 *   node scripts/provision.ts [--with stress-ng]
 *
 * Each tool is looked for where the tests look for it. What is missing is installed with Debian's
 * packages when this runs as root on Debian or Ubuntu (`apt-get update` once, then `apt-get install
 * -y …`, one line printed per tool); anywhere else it stops at once, naming each missing tool and
 * the command that installs it. It never lets a test be skipped for want of a tool.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface Tool {
  readonly name: string;
  /** Debian's package that provides it. */
  readonly aptPackage: string;
  /** What needs it, for the messages. */
  readonly usedBy: string;
  readonly present: () => boolean;
}

const onPath = (program: string): boolean =>
  spawnSync(program, ["--version"], { stdio: "ignore" }).status === 0;

export const chromium: Tool = {
  name: "chromium",
  aptPackage: "chromium",
  usedBy: "end-to-end tests",
  present: () => existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"),
};

export const postgres: Tool = {
  name: "PostgreSQL server",
  aptPackage: "postgresql",
  usedBy: "store tests",
  present: () => {
    const root = "/usr/lib/postgresql";
    return existsSync(root) && readdirSync(root).some((v) => existsSync(join(root, v, "bin", "initdb")));
  },
};

export const redis: Tool = {
  name: "redis-server",
  aptPackage: "redis-server",
  usedBy: "multi-process cluster tests",
  present: () =>
    [process.env.REDIS_SERVER, "/usr/bin/redis-server", "redis-server"].some((c) => !!c && onPath(c)),
};

export const stressNg: Tool = {
  name: "stress-ng",
  aptPackage: "stress-ng",
  usedBy: "npm run test:stress (CPU load)",
  present: () => onPath("stress-ng"),
};

export const TEST_TOOLS: readonly Tool[] = [chromium, postgres, redis];

export interface Host {
  readonly root: boolean;
  /** Debian, Ubuntu or a derivative with apt-get. */
  readonly debianLike: boolean;
}

export type Plan =
  | { kind: "ready" }
  | { kind: "install"; packages: string[]; tools: Tool[] }
  | { kind: "refuse"; message: string };

/** What to do about the missing tools on this host. */
export function plan(missing: readonly Tool[], host: Host): Plan {
  if (missing.length === 0) return { kind: "ready" };
  if (host.root && host.debianLike)
    return { kind: "install", packages: missing.map((t) => t.aptPackage), tools: [...missing] };
  const why = !host.debianLike
    ? "this is not a Debian or Ubuntu machine, so they cannot be installed for you"
    : "installing them needs root";
  const lines = missing.map((t) => `  - ${t.name} (for the ${t.usedBy}): Debian package ${t.aptPackage}`);
  return {
    kind: "refuse",
    message: [
      `npm test needs system tools that are missing, and ${why}:`,
      ...lines,
      "Install them, then run npm test again:",
      `  sudo apt-get update && sudo apt-get install -y ${missing.map((t) => t.aptPackage).join(" ")}`,
    ].join("\n"),
  };
}

export function thisHost(): Host {
  let release = "";
  try {
    release = readFileSync("/etc/os-release", "utf8");
  } catch {
    // no os-release: not a Debian-like system
  }
  const ids = [...release.matchAll(/^(?:ID|ID_LIKE)=("?)([^"\n]*)\1$/gm)].flatMap((m) => m[2]!.split(/\s+/));
  return {
    root: process.getuid?.() === 0,
    debianLike: ids.some((id) => id === "debian" || id === "ubuntu") && onPath("apt-get"),
  };
}

/** Finds or installs `tools`; returns false (after printing why) when they cannot be had. */
export function provision(tools: readonly Tool[], host: Host = thisHost()): boolean {
  const decided = plan(
    tools.filter((t) => !t.present()),
    host,
  );
  if (decided.kind === "ready") return true;
  if (decided.kind === "refuse") {
    console.error(decided.message);
    return false;
  }
  const apt = (args: string[]) =>
    spawnSync("apt-get", args, {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    }).status === 0;
  console.log(`Installing what the tests need with apt-get: ${decided.packages.join(", ")}`);
  if (!apt(["update", "-q"])) {
    console.error("apt-get update failed: see its message above.");
    return false;
  }
  for (const tool of decided.tools) {
    const ok = apt(["install", "-y", "-q", tool.aptPackage]) && tool.present();
    console.log(`${ok ? "✓" : "✗"} ${tool.name}: apt-get install -y ${tool.aptPackage}`);
    if (!ok) return false;
  }
  return true;
}

if (import.meta.main) {
  const extra = process.argv.includes("stress-ng") ? [stressNg] : [];
  process.exit(provision([...TEST_TOOLS, ...extra]) ? 0 : 1);
}
