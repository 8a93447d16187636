import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { chromium, plan, postgres, redis } from "../../scripts/provision.ts";

describe("npm test provisions the system tools its tests drive", () => {
  const missing = [chromium, postgres, redis];

  it("has nothing to do when every tool is there", () => {
    expect(plan([], { root: false, debianLike: false })).toEqual({ kind: "ready" });
  });

  it("installs the missing tools' Debian packages as root on Debian or Ubuntu", () => {
    const decided = plan(missing, { root: true, debianLike: true });
    expect(decided).toMatchObject({ kind: "install", packages: ["chromium", "postgresql", "redis-server"] });
  });

  it.each([
    [{ root: false, debianLike: true }, "installing them needs root"],
    [{ root: true, debianLike: false }, "not a Debian or Ubuntu machine"],
  ])("elsewhere (%o) stops, naming each tool and the command that installs it", (host, why) => {
    const decided = plan(missing, host);
    if (decided.kind !== "refuse") throw new Error(`expected a refusal, got ${decided.kind}`);
    expect(decided.message).toContain(why);
    for (const tool of missing) expect(decided.message).toContain(`${tool.name} (for the ${tool.usedBy})`);
    expect(decided.message).toContain("sudo apt-get install -y chromium postgresql redis-server");
  });

  it("as a user other than root, the real script stops at once with that message and exit 1", () => {
    // Chromium made missing through its override; as root, the script runs as `nobody`.
    const script = [process.execPath, "scripts/provision.ts"];
    const [program, ...args] =
      process.getuid?.() === 0 ? ["runuser", "-u", "nobody", "--", ...script] : script;
    const run = spawnSync(program!, args, {
      encoding: "utf8",
      env: { ...process.env, CHROMIUM_PATH: "/nonexistent/chromium" },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("installing them needs root");
    expect(run.stderr).toContain("chromium (for the end-to-end tests)");
    expect(run.stderr).toContain("sudo apt-get install -y chromium");
  });
});
