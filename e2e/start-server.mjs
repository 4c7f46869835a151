// Starts the production build (build/server.js) for the end-to-end tests on a fresh database:
// e2e/.data/ is deleted and recreated first, so the server seeds the demo scenario again.
// playwright.config.ts runs this script and waits on /healthz; PORT, HOST and DEMO_PASSWORD come
// from there (e2e/support/server.ts and e2e/support/accounts.ts).
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dataDir = path.join(root, "e2e", ".data");
const serverEntry = path.join(root, "build", "server.js");

function fail(message) {
  console.error(`e2e/start-server.mjs: ${message}`);
  process.exit(1);
}

const { PORT, HOST, DEMO_PASSWORD } = process.env;
if (!PORT || !HOST) fail("PORT and HOST must be set (playwright.config.ts sets them).");
if (!DEMO_PASSWORD || DEMO_PASSWORD.length < 12) fail("DEMO_PASSWORD must be set to at least 12 characters.");
if (!fs.existsSync(serverEntry)) fail(`${path.relative(root, serverEntry)} is missing: run \`npm run build\` first.`);

fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });

const server = spawn(process.execPath, [serverEntry], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    // Run as in production: the session secret is then required, so give a fresh one.
    NODE_ENV: "production",
    SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
    PUBLIC_ORIGIN: `http://${HOST}:${PORT}`,
    DATABASE_PATH: path.join("e2e", ".data", "accord.db"),
    PORT,
    HOST,
    DEMO_PASSWORD,
  },
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => {
  process.exit(code ?? (signal === "SIGTERM" || signal === "SIGINT" ? 0 : 1));
});
