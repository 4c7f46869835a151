// An authenticator app for the end-to-end tests: it holds a TOTP secret and hands out codes the
// server will accept. The server takes each 30-second time step once and tolerates one step either
// side, so a code is the next unused step no later than the one after now; when that step is still
// ahead of the clock's tolerance, it waits (polling the clock) until the step comes within reach.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

const PERIOD_MS = 30_000;
const stepAt = (ms: number) => Math.floor(ms / PERIOD_MS);

export class Authenticator {
  private readonly totp: TOTP;

  /** `lastUsedStep`: the last time step the server has accepted from this secret, if known. */
  constructor(
    secret: string,
    private lastUsedStep = -1,
  ) {
    this.totp = new TOTP({ secret: Secret.fromBase32(secret.replace(/\s+/g, "")) });
  }

  /** A code the server has not seen yet and will accept now. */
  async code(): Promise<string> {
    // Acceptable steps are now-1 .. now+1; the next unused one must be at most now+1.
    await expect
      .poll(() => stepAt(Date.now()) + 1 > this.lastUsedStep, {
        message: "waiting for the authenticator's next time step",
        timeout: 2 * PERIOD_MS + 5_000,
      })
      .toBe(true);
    const step = Math.max(this.lastUsedStep + 1, stepAt(Date.now()));
    this.lastUsedStep = step;
    return this.totp.generate({ timestamp: step * PERIOD_MS });
  }
}

const CREDENTIALS = fileURLToPath(new URL("../.data/demo-credentials.txt", import.meta.url));

/**
 * The demo chair's authenticator, from the secret the server wrote to the demo credentials file when
 * it seeded the demo. The seed used the step of that moment and the next one, so codes start after them.
 */
export function demoChairAuthenticator(): Authenticator {
  const text = fs.readFileSync(CREDENTIALS, "utf8");
  const secret = /^\s*secret: ([A-Z2-7]+)$/m.exec(text)?.[1];
  if (!secret) throw new Error(`${path.basename(CREDENTIALS)} names no authenticator secret for the chair`);
  return new Authenticator(secret, stepAt(fs.statSync(CREDENTIALS).mtimeMs) + 1);
}
