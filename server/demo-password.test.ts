// With DEMO_PASSWORD set, the demo accounts take that password and no credentials file is kept.
// A file of its own: seeding needs an empty database, and each test file gets exactly one.
import fs from "node:fs";
import path from "node:path";
import { expect, test, vi } from "vitest";
import { verifyPassword } from "../app/auth/password.server";
import { config } from "../app/lib/env.server";
import { findUserByEmail } from "../app/models/user.server";
import { DEMO_CREDENTIALS_FILE, seedDemoIfEmpty } from "./demo";

test("DEMO_PASSWORD opens every account, is never printed, and leaves no credentials file", async () => {
  const demoPassword = "a chosen demo passphrase for the test";
  const file = path.join(config().dataDir, DEMO_CREDENTIALS_FILE);
  // Left over from an earlier database: it would name a password that opens nothing.
  fs.writeFileSync(file, "Password: stale\n", { mode: 0o600 });
  const log = vi.spyOn(console, "log").mockImplementation(() => {});

  const outcome = await seedDemoIfEmpty({ ...config(), demoPassword });

  expect(outcome?.credentialsFile).toBeNull();
  expect(outcome?.accounts).toHaveLength(18);
  expect(fs.existsSync(file)).toBe(false);
  expect(log.mock.calls.flat().join("\n")).not.toContain(demoPassword);
  const signer = findUserByEmail("signer.no@demo.test");
  expect(await verifyPassword(signer?.passwordHash ?? "", demoPassword)).toBe(true);
});
