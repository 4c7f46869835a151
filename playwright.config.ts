// End-to-end tests: the production build, a fresh SQLite file, Debian's Chromium (or the browser
// at CHROMIUM_PATH). `npm test` builds before it runs these.
import { defineConfig, devices } from "@playwright/test";
import { DEMO_PASSWORD } from "./e2e/support/accounts";
import { BASE_URL, HOST, PORT } from "./e2e/support/server";

// Specs that change data or assert that the database did not change run one after another in
// one worker, so a fingerprint taken around a refused request never sees another test's write.
// Every other spec only reads (sign-ins write sessions, which fingerprints leave out).
const SERIAL_SPECS = [
  "participation.spec.ts",
  "invitation.spec.ts",
  "bad-input.spec.ts",
  "matrix.spec.ts",
  "drafting.spec.ts",
  "negotiation.spec.ts",
  // Restores the draft to the first edition's text and adopts it; files run in name order, so after negotiation.spec.ts.
  "pledges.spec.ts",
  // Adds a state with no pledge to read its public page.
  "public-reading.spec.ts",
];

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
    args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-sandbox"],
  },
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-first-failure",
  },
  projects: [
    { name: "chromium", use: chromium, testIgnore: SERIAL_SPECS },
    { name: "chromium-serial", use: chromium, testMatch: SERIAL_SPECS, fullyParallel: false, workers: 1 },
  ],
  webServer: {
    command: "node e2e/start-server.mjs",
    url: `${BASE_URL}/healthz`,
    env: { PORT: String(PORT), HOST, DEMO_PASSWORD },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
