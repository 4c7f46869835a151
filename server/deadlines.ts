// The server's deadline timer (docs/decisions/013): silence procedures close at their deadline whether
// or not anyone has a page open. It closes what is due at start, keeps one timer set for the next
// deadline (re-armed whenever a procedure is started, cancelled or closed) and sweeps every minute as
// a safety net against a clock change or a missed timer. Timers are unref'd: they never keep the
// process alive. The rule itself lives in the silence module; this only decides when to ask.
import { nowMs } from "../app/lib/clock.server";
import { closeDueSilenceProcedures, nextSilenceDeadline, onSilenceScheduleChange } from "../app/models/silence.server";

/** setTimeout's longest delay (about 24.8 days); a later deadline is reached in several steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;
export const SWEEP_INTERVAL_MS = 60_000;

export interface DeadlineTimer {
  /** Closes what is due now and re-arms the timer for the next deadline. */
  run(): void;
  /** The instant the timer is set for, or null when no procedure is open. */
  armedFor(): number | null;
  stop(): void;
}

export interface DeadlineTimerOptions {
  sweepIntervalMs?: number;
  /** Where a failed run is reported (the next sweep tries again). */
  onError?: (error: unknown) => void;
}

export function startDeadlineTimer({ sweepIntervalMs = SWEEP_INTERVAL_MS, onError = (error) => console.error("closing silence procedures:", error) }: DeadlineTimerOptions = {}): DeadlineTimer {
  let timer: NodeJS.Timeout | null = null;
  let target: number | null = null;
  let stopped = false;

  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    target = stopped ? null : nextSilenceDeadline();
    if (target === null) return;
    const delay = Math.min(Math.max(target - nowMs(), 0), MAX_DELAY_MS);
    timer = setTimeout(run, delay);
    timer.unref();
  };

  function run(): void {
    if (stopped) return;
    try {
      closeDueSilenceProcedures(nowMs());
    } catch (error) {
      onError(error);
    }
    arm();
  }

  // A close inside `run` also notifies; arming twice is harmless.
  const unsubscribe = onSilenceScheduleChange(arm);
  const sweep = setInterval(run, sweepIntervalMs);
  sweep.unref();
  run();

  return {
    run,
    armedFor: () => target,
    stop() {
      stopped = true;
      unsubscribe();
      clearInterval(sweep);
      if (timer) clearTimeout(timer);
      timer = null;
      target = null;
    },
  };
}
