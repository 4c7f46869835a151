import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "editor/**/*.test.ts", "server/**/*.test.ts"],
    setupFiles: ["app/testing/setup.ts"],
    pool: "forks",
    // Each test file runs in its own process with its own freshly migrated database file.
    isolate: true,
    restoreMocks: true,
  },
});
