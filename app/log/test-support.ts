// Test support for the log library, not part of its surface.
import { LogFormatError } from "./errors";

/** The message a LogFormatError refusal carries, or "accepted" when the action went through. */
export function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof LogFormatError) return error.message;
    throw error;
  }
  return "accepted";
}
