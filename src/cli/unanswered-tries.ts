/**
 * The tries of acks and unacks whose request has no answer yet, seen through the entries they
 * log: an `attempt` opens one, the outcome of the same try (same action, context, target, source
 * and attempt) closes it. When the dashboard must go before an answer comes, each open one is
 * logged as unknown: an attempt alone in the log would say nothing of how it ended.
 */
import type {ActionLogEntry, ActionRecorder} from '../domain/action-log.ts';

/** What the log says of a try the dashboard did not wait for any longer. */
export const CLOSED_BEFORE_ANSWER = 'the dashboard closed before its answer; it may have landed';

// Rollbacks keep their own reading of an attempt with no answer (a dispatch in flight): only
// the silence actions, whose tries nothing else reads back from the log, are closed here.
const TRACKED = new Set(['ack', 'unack']);

function tryKey(e: ActionLogEntry): string {
  return JSON.stringify([e.action, e.context, e.source ?? null, e.attempt ?? null, e.target]);
}

/** Tracks the open tries of what goes through `record`. */
export interface TryTracker {
  /** Records like the wrapped recorder, noting each try opened and closed. */
  record: ActionRecorder;
  /** Logs every try still open as unknown ({@link CLOSED_BEFORE_ANSWER}) at `at`. */
  abandon(at: string): Promise<void>;
}

/** Wraps `record` so the tries with no answer can be logged as unknown at the end. */
export function trackTries(record: ActionRecorder): TryTracker {
  const open = new Map<string, ActionLogEntry>();
  return {
    record: (entry) => {
      if (TRACKED.has(entry.action)) {
        if (entry.phase === 'attempt') open.set(tryKey(entry), entry);
        else open.delete(tryKey(entry));
      }
      return record(entry);
    },
    abandon: async (at) => {
      const left = [...open.values()];
      open.clear();
      await Promise.all(left.map((e) => record({...e, at, phase: 'unknown', error: CLOSED_BEFORE_ANSWER})));
    },
  };
}
