/**
 * The clock skew samples of one process: every HTTP client of the runtime notes the `Date` of
 * each answer here, and the runtime's clock adds the skew they show (domain/clock-skew.ts).
 */
import {clockSkew, clockSkewSample} from '../../domain/clock-skew.ts';

/** Keeps the latest samples; `skewMs` is what the app's clock adds to this machine's. */
export interface ClockSkewLog {
  /** Notes the `Date` header of an answer received at `receivedAt` (this machine's clock). */
  note(dateHeader: string | undefined, receivedAt: number): void;
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
    note(dateHeader, receivedAt) {
      const sample = clockSkewSample(dateHeader, receivedAt);
      if (sample === null) return;
      if (samples.length >= KEPT) samples.shift();
      samples.push(sample);
      skew = clockSkew(samples);
    },
    skewMs: () => skew,
  };
}
