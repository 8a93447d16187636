import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/property/**/*.test.ts"],
          // An upper bound, not a speed target: a test that runs a real process (npm run sim, the
          // schedule CLI) or a whole scenario takes several times longer when other work holds the cores.
          testTimeout: 300_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/globalPostgres.ts"],
          // Colyseus' test server binds one port and a process-wide matchmaker.
          fileParallelism: false,
          // Upper bounds for a machine whose cores are busy with other work, not speed targets: every
          // wait in these tests ends as soon as its state holds.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
