// The process's configuration, read from the environment once at start and checked with zod so a
// wrong value stops the process with a message that names the variable (docs/decisions/004).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const portSchema = z.coerce
  .number({ invalid_type_error: "must be a number" })
  .int("must be a whole number")
  .min(1, "must be between 1 and 65535")
  .max(65535, "must be between 1 and 65535");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: portSchema.default(3000),
  HOST: z.string().trim().min(1, "must not be empty").default("127.0.0.1"),
  DATABASE_PATH: z.string().trim().min(1, "must not be empty").default("./data/accord.db"),
  SESSION_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (try: openssl rand -hex 32)")
    .optional(),
  PUBLIC_ORIGIN: z
    .string()
    .url("must be an origin such as https://accord.example.org")
    .refine((value) => {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value.replace(/\/$/, "");
    }, "must be a bare origin (scheme, host and optional port, no path)")
    .transform((value) => value.replace(/\/$/, ""))
    .optional(),
  DEMO_PASSWORD: z.string().min(12, "must be at least 12 characters").max(256).optional(),
  LOG_KEY_PATH: z.string().trim().min(1, "must not be empty").optional(),
});

export interface Config {
  nodeEnv: "development" | "production" | "test";
  port: number;
  host: string;
  databasePath: string;
  /** Directory beside the database that holds generated secrets and demo credentials. */
  dataDir: string;
  sessionSecret: string;
  /** The origin people use; when unset, each request's own Host is trusted as the origin. */
  publicOrigin: string | null;
  /** True when served over HTTPS: cookies get `Secure` and the `__Host-` prefix, HSTS is sent. */
  secure: boolean;
  demoPassword: string | null;
  /**
   * The signer key of the transparency log, when LOG_KEY_PATH names one (it must exist). Absent:
   * `log-key` in `dataDir`, generated on first start (docs/decisions/014); see `logKeyLocation`.
   */
  logKeyPath?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Accord cannot start, its configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const SECRET_FILE = "session-secret";
/** The log's signer key file in the data directory when LOG_KEY_PATH is unset. */
export const DEFAULT_LOG_KEY_FILE = "log-key";

/** Reads and checks the environment; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blankToUndefined = Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === "" ? undefined : value]),
  );
  const parsed = envSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
  }
  const values = parsed.data;
  const databasePath = values.DATABASE_PATH;
  const dataDir = path.dirname(path.resolve(databasePath));
  const sessionSecret = values.SESSION_SECRET ?? keptSessionSecret(dataDir, values.NODE_ENV);
  const publicOrigin = values.PUBLIC_ORIGIN ?? null;
  const logKeyPath = values.LOG_KEY_PATH === undefined ? undefined : path.resolve(values.LOG_KEY_PATH);
  if (logKeyPath !== undefined && !fs.existsSync(logKeyPath)) {
    throw new ConfigError([
      `LOG_KEY_PATH names ${logKeyPath}, which does not exist (a key is generated only at the default place, ${DEFAULT_LOG_KEY_FILE} beside the database)`,
    ]);
  }
  return {
    nodeEnv: values.NODE_ENV,
    port: values.PORT,
    host: values.HOST,
    databasePath,
    dataDir,
    sessionSecret,
    publicOrigin,
    secure: publicOrigin?.startsWith("https:") ?? false,
    demoPassword: values.DEMO_PASSWORD ?? null,
    ...(logKeyPath === undefined ? {} : { logKeyPath }),
  };
}

/** Where the log's signer key is read from, and whether it may be generated there (only at the default place). */
export function logKeyLocation(current: Config): { path: string; isDefault: boolean } {
  return current.logKeyPath === undefined
    ? { path: path.join(current.dataDir, DEFAULT_LOG_KEY_FILE), isDefault: true }
    : { path: current.logKeyPath, isDefault: false };
}

function keptSessionSecret(dataDir: string, nodeEnv: Config["nodeEnv"]): string {
  const file = path.join(dataDir, SECRET_FILE);
  if (fs.existsSync(file)) {
    const kept = fs.readFileSync(file, "utf8").trim();
    if (kept.length < 32) throw new ConfigError([`${file} holds a session secret shorter than 32 characters`]);
    return kept;
  }
  if (nodeEnv === "production") {
    throw new ConfigError([
      `SESSION_SECRET is required when NODE_ENV=production (or keep one in ${file}); try: openssl rand -hex 32`,
    ]);
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = crypto.randomBytes(32).toString("hex");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}

const CONFIG = Symbol.for("accord.config");
type Registry = { [CONFIG]?: Config };

/** Makes `config` the process's configuration (the server does this once at start). */
export function installConfig(config: Config): void {
  (globalThis as Registry)[CONFIG] = config;
}

export function config(): Config {
  const current = (globalThis as Registry)[CONFIG];
  if (!current) throw new Error("The configuration is not loaded: call loadConfig() and installConfig() at start.");
  return current;
}
