/**
 * The clock skew samples of one process: every HTTP client of the runtime notes the `Date` of
 * each answer here, and the runtime's clock adds the skew they show (domain/clock-skew.ts).
 */
import {CLOCK_SKEW_MIN_MS, clockSkew, clockSkewSample} from '../../domain/clock-skew.ts';

/** Keeps the latest samples; `skewMs` is what the app's clock adds to this machine's. */
export interface ClockSkewLog {
  /** Notes the `Date` (and a cache's `Age`) header of an answer received at `receivedAt` (this machine's clock). */
  note(dateHeader: string | undefined, receivedAt: number, ageHeader?: string): void;
  /** The skew to add to this machine's clock, in ms; 0 when within the header's resolution. */
  skewMs(): number;
}

/** How many of the latest answers count: enough that one odd server is outvoted, few enough to follow a corrected clock within a poll or two. */
const KEPT = 15;

/** A log holding the latest {@link KEPT} samples. */
export function createClockSkewLog(): ClockSkewLog {
  const samples: number[] = [];
  let skew = 0;
  return {
    note(dateHeader, receivedAt, ageHeader) {
      const sample = clockSkewSample(dateHeader, receivedAt, ageHeader);
      if (sample === null) return;
      if (samples.length >= KEPT) samples.shift();
      samples.push(sample);
      // A second either way is the header's rounding, not a clock that moved: the app's clock
      // changes only for a real difference, else its time and every age would flicker.
      const next = clockSkew(samples);
      if (Math.abs(next - skew) >= CLOCK_SKEW_MIN_MS) skew = next;
    },
    skewMs: () => skew,
  };
}
