import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { ConfigError, loadConfig, logKeyLocation } from "./env.server";

const dirs: string[] = [];
function tempDatabasePath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-env-"));
  dirs.push(dir);
  return path.join(dir, "accord.db");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

test("defaults give a working development configuration with a generated, kept secret", () => {
  // A data directory that does not exist yet: it is made readable by the owner only.
  const databasePath = path.join(path.dirname(tempDatabasePath()), "data", "accord.db");
  const config = loadConfig({ DATABASE_PATH: databasePath });
  expect(fs.statSync(path.dirname(databasePath)).mode & 0o777).toBe(0o700);
  expect(config).toMatchObject({ port: 3000, host: "127.0.0.1", nodeEnv: "development", publicOrigin: null, secure: false });
  const secretFile = path.join(path.dirname(databasePath), "session-secret");
  expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600);
  expect(config.sessionSecret).toHaveLength(64);
  // The same secret is used on the next start, so sessions survive a restart.
  expect(loadConfig({ DATABASE_PATH: databasePath }).sessionSecret).toBe(config.sessionSecret);
});

test("production requires a session secret unless one is kept beside the database", () => {
  const databasePath = tempDatabasePath();
  expect(problemsOf({ NODE_ENV: "production", DATABASE_PATH: databasePath })[0]).toMatch(
    /SESSION_SECRET is required when NODE_ENV=production/,
  );
  expect(fs.existsSync(path.join(path.dirname(databasePath), "session-secret"))).toBe(false);
  const secret = "s".repeat(40);
  expect(loadConfig({ NODE_ENV: "production", DATABASE_PATH: databasePath, SESSION_SECRET: secret }).sessionSecret).toBe(secret);
});

test("every invalid variable is named in one message", () => {
  const problems = problemsOf({
    DATABASE_PATH: tempDatabasePath(),
    PORT: "eighty",
    SESSION_SECRET: "short",
    PUBLIC_ORIGIN: "https://accord.example.org/some/path",
    DEMO_PASSWORD: "tiny",
  });
  expect(problems).toEqual([
    "PORT must be a number",
    "SESSION_SECRET must be at least 32 characters (try: openssl rand -hex 32)",
    "PUBLIC_ORIGIN must be a bare origin (scheme, host and optional port, no path)",
    "DEMO_PASSWORD must be at least 12 characters",
  ]);
});

test("an https public origin turns on secure cookies", () => {
  const config = loadConfig({
    DATABASE_PATH: tempDatabasePath(),
    PUBLIC_ORIGIN: "https://accord.example.org/",
    PORT: "8080",
    HOST: "0.0.0.0",
  });
  expect(config).toMatchObject({ publicOrigin: "https://accord.example.org", secure: true, port: 8080, host: "0.0.0.0" });
});

test("empty variables count as unset", () => {
  const config = loadConfig({ DATABASE_PATH: tempDatabasePath(), PORT: "", DEMO_PASSWORD: "" });
  expect(config.port).toBe(3000);
  expect(config.demoPassword).toBeNull();
});

test("the log's signing key defaults to a file beside the database; LOG_KEY_PATH must name an existing file", () => {
  const databasePath = tempDatabasePath();
  const dataDir = path.dirname(databasePath);
  const defaults = loadConfig({ DATABASE_PATH: databasePath });
  expect(defaults.logKeyPath).toBeUndefined();
  expect(logKeyLocation(defaults)).toEqual({ path: path.join(dataDir, "log-key"), isDefault: true });

  const keyFile = path.join(dataDir, "keys", "accord-log.key");
  expect(problemsOf({ DATABASE_PATH: databasePath, LOG_KEY_PATH: keyFile })).toEqual([
    `LOG_KEY_PATH names ${keyFile}, which does not exist (a key is generated only at the default place, log-key beside the database)`,
  ]);
  fs.mkdirSync(path.dirname(keyFile));
  fs.writeFileSync(keyFile, "PRIVATE+KEY+…\n", { mode: 0o600 });
  const configured = loadConfig({ DATABASE_PATH: databasePath, LOG_KEY_PATH: keyFile });
  expect(logKeyLocation(configured)).toEqual({ path: keyFile, isDefault: false });
  expect(loadConfig({ DATABASE_PATH: databasePath, LOG_KEY_PATH: "" }).logKeyPath).toBeUndefined();
});
