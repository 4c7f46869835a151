// With DEMO_PASSWORD set, the demo accounts take that password, which is never printed or written;
// the credentials file then lists the accounts and the chair's authenticator secret only.
// A file of its own: seeding needs an empty database, and each test file gets exactly one.
import fs from "node:fs";
import path from "node:path";
import { expect, test, vi } from "vitest";
import { verifyPassword } from "../app/auth/password.server";
import { config } from "../app/lib/env.server";
import { openTransparencyLog } from "../app/models/transparency-log.server";
import { findUserByEmail } from "../app/models/user.server";
import { DEMO_CREDENTIALS_FILE, seedDemoIfEmpty } from "./demo";

test("DEMO_PASSWORD opens every account and is never printed or written; the stale credentials file is replaced", async () => {
  const demoPassword = "a chosen demo passphrase for the test";
  const file = path.join(config().dataDir, DEMO_CREDENTIALS_FILE);
  // Left over from an earlier database: it would name a password that opens nothing.
  fs.writeFileSync(file, "Password: stale\n", { mode: 0o600 });
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  openTransparencyLog(config());

  const outcome = await seedDemoIfEmpty({ ...config(), demoPassword });

  expect(outcome?.credentialsFile).toBe(file);
  expect(outcome?.accounts).toHaveLength(18);
  const written = fs.readFileSync(file, "utf8");
  expect(written).not.toContain("stale");
  expect(written).not.toContain(demoPassword);
  expect(written).toMatch(/^Password: the one DEMO_PASSWORD gave$/m);
  expect(written).toContain(`secret: ${outcome?.chairTotpSecret}`);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(log.mock.calls.flat().join("\n")).not.toContain(demoPassword);
  const signer = findUserByEmail("signer.no@demo.test");
  expect(await verifyPassword(signer?.passwordHash ?? "", demoPassword)).toBe(true);
});
