/**
 * Whether the dashboard's action log is being written. Acks, unacks, extensions, resolves and
 * rollbacks go on when their entry cannot be written (a failing log must not fail the action),
 * but what reads that log later (`status --json`'s `kept`, `oncall rollback`'s check for a
 * rollback already going, the keeper's "newer unack" rule) then does not see them: the screen
 * says so, in the header while the log fails and once in the footer when it starts failing.
 */
import {useMemo, useRef, useState} from 'react';
import type {ActionRecorder} from '../../domain/action-log.ts';

/** How long after the log started failing the next action message still carries why (a flash's life). */
export const NOT_LOGGED_NOTE_MS = 6000;

/** The footer line of a log that started failing, from the recorder's reason (`action log … not writable (ENOSPC)`). */
export function notLoggedNote(reason: string): string {
  return `${reason}: acks and rollbacks from here are not recorded; oncall rollback --yes elsewhere will not see them`;
}

/** The watched recorder and what the screen says of it. */
export interface ActionLogHealth {
  /** Records through the dashboard's recorder, watching each answer; the same answers. */
  record: ActionRecorder;
  /** Why the last entry did not land; null while entries land (or none was written yet). */
  failing: string | null;
  /**
   * `text` with the note of a log that started failing in the last {@link NOT_LOGGED_NOTE_MS}
   * added, once: the message of the action whose entry failed comes after the note's own flash
   * and would otherwise wipe it out at once. Unchanged when there is nothing to add, or when
   * `text` already names the reason (a rollback refused for it).
   */
  withNote(text: string, now: number): string;
}

/**
 * Watches `record`: `say` is called with {@link notLoggedNote} when an entry fails to land
 * after one that landed (or as the first), or for another reason than the last failure.
 */
export function useActionLogHealth(record: ActionRecorder, deps: {say(text: string): void; now(): number}): ActionLogHealth {
  const [failing, setFailing] = useState<string | null>(null);
  const depsRef = useRef(deps);
  depsRef.current = deps;
  const watched = useMemo(() => {
    let last: string | null = null;
    let pending: {reason: string; at: number} | null = null;
    const watchedRecord: ActionRecorder = async (entry) => {
      const answer = await record(entry);
      const reason = answer && typeof answer.notLogged === 'string' ? answer.notLogged : null;
      if (reason !== last) {
        last = reason;
        setFailing(reason);
        if (reason !== null) {
          pending = {reason, at: depsRef.current.now()};
          depsRef.current.say(notLoggedNote(reason));
        } else {
          pending = null;
        }
      }
      return answer;
    };
    const withNote = (text: string, now: number): string => {
      if (pending === null || now - pending.at >= NOT_LOGGED_NOTE_MS) return text;
      const {reason} = pending;
      pending = null;
      return text.includes(reason) ? text : `${text} · ${notLoggedNote(reason)}`;
    };
    return {record: watchedRecord, withNote};
  }, [record]);
  return {...watched, failing};
}
