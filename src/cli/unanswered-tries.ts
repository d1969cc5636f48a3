/**
 * The tries of the actions whose request has no answer yet (acks and unacks of alerts and
 * incidents, their extensions, incident resolves), seen through the entries they
 * log: an `attempt` opens one, the outcome of the same try (same action, context, target, source
 * and attempt) closes it. When the dashboard must go before an answer comes, each open one is
 * logged as unknown: an attempt alone in the log would say nothing of how it ended.
 */
import type {ActionLogEntry, ActionRecorder} from '../domain/action-log.ts';

/** What the log says of a try the dashboard did not wait for any longer. */
export const CLOSED_BEFORE_ANSWER = 'the dashboard closed before its answer; it may have landed';

// Rollbacks keep their own reading of an attempt with no answer (a dispatch in flight, see
// open-rollbacks.ts): every other action that logs an attempt (ack and unack of alerts and
// incidents, ack-extend, resolve) is closed here, since nothing else reads its try back.
const UNTRACKED = new Set(['rollback', 'rollback-watch']);

function tryKey(e: ActionLogEntry): string {
  return JSON.stringify([e.action, e.context, e.source ?? null, e.attempt ?? null, e.target]);
}

/** Tracks the open tries of what goes through `record`. */
export interface TryTracker {
  /** Records like the wrapped recorder, noting each try opened and closed. */
  record: ActionRecorder;
  /** Logs every try still open as unknown at `at`, saying `why` ({@link CLOSED_BEFORE_ANSWER} unless told). */
  abandon(at: string, why?: string): Promise<void>;
}

/** Wraps `record` so the tries with no answer can be logged as unknown at the end. */
export function trackTries(record: ActionRecorder): TryTracker {
  const open = new Map<string, ActionLogEntry>();
  const writtenOff = new Set<string>();
  return {
    record: (entry) => {
      if (!UNTRACKED.has(entry.action)) {
        const key = tryKey(entry);
        // An answer that comes after its try was logged as unknown is dropped: the log then
        // holds one outcome per try, and the unknown is the one the process said while it could
        // (the answer arrives only while the process is going, with nobody left to see it).
        if (entry.phase !== 'attempt' && writtenOff.has(key)) return Promise.resolve();
        if (entry.phase === 'attempt') open.set(key, entry);
        else open.delete(key);
      }
      return record(entry);
    },
    abandon: async (at, why = CLOSED_BEFORE_ANSWER) => {
      const left = [...open.values()];
      open.clear();
      for (const e of left) writtenOff.add(tryKey(e));
      await Promise.all(left.map((e) => record({...e, at, phase: 'unknown', error: why})));
    },
  };
}
