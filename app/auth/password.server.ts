// Password hashing (Argon2id with at least OWASP's parameters) and the password policy.
import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";

const ARGON2_OPTIONS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, which isolated modules cannot read)
  memoryCost: 19_456, // KiB
  timeCost: 2,
  parallelism: 1,
} as const;

import { PASSWORD_MAX, PASSWORD_MIN } from "./password-policy";

export { PASSWORD_MAX, PASSWORD_MIN };

const COMMON_PASSWORDS = new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}

/** A new password: long enough, not absurdly long, not a well-known one. */
export const newPasswordSchema = z
  .string({ required_error: "Enter a password" })
  .min(1, "Enter a password")
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters; a phrase of several words is easiest to remember`)
  .max(PASSWORD_MAX, `A password has at most ${PASSWORD_MAX} characters`)
  .refine((password) => !isCommonPassword(password), "This password is too common: choose one that is not on lists of popular passwords");

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A fixed hash to verify against when the account does not exist, so that an unknown email takes
// as long to refuse as a wrong password.
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword("accord-decoy-password-for-timing");
  return decoyHash;
}
