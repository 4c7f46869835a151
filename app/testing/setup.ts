// Runs before every test file, in that file's own process: a fresh migrated database, a test
// configuration, the system clock, and a rule that an unexpected console.error fails the test.
import { afterAll, afterEach, beforeEach, vi } from "vitest";
import { disposeDatabase, openFreshDatabase } from "../../db/testing/fresh-database";
import { setClock } from "../lib/clock.server";
import { installConfig, type Config } from "../lib/env.server";

const handle = openFreshDatabase(`vitest-${process.pid}`);

export const TEST_CONFIG: Config = {
  nodeEnv: "test",
  port: 0,
  host: "127.0.0.1",
  databasePath: handle.file,
  dataDir: handle.file.replace(/\/[^/]+$/, ""),
  sessionSecret: "test-session-secret-that-is-long-enough-000000",
  publicOrigin: null,
  secure: false,
  demoPassword: null,
};
installConfig(TEST_CONFIG);

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});

afterEach(() => {
  setClock(null);
});

afterAll(() => {
  disposeDatabase(handle);
});
