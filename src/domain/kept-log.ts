/**
 * What ack-until-resolved last did to an ack, as its action log says: the one-shot commands
 * never run the keeper, so `status --json` and `alerts --json` read its `ack-extend` entries.
 * Pure: the log's entries in, a lookup by the alert's current ack silence out.
 */
import type {ActionLogEntry} from './action-log.ts';

/** The keeper's last outcome for one ack silence, as logged. */
export interface LoggedKeep {
  status: 'extended' | 'failed' | 'unknown';
  /** ISO 8601 time of the log entry. */
  at: string;
  /** Why it was not extended, or why its outcome is unknown; null for an extension. */
  error: string | null;
}

/** The keeper's last outcome for `silenceId` (an alert's current ack) in `context`; undefined when the log has none. */
export type KeptLookup = (context: string, silenceId: string) => LoggedKeep | undefined;

const STATUS = {success: 'extended', failure: 'failed', unknown: 'unknown'} as const;

/**
 * The lookup of the keeper's outcomes in `entries` (the log, oldest first). An extension counts
 * for the silence it made and the one it replaced: the alerts may be read before the replaced
 * silence has gone. A failure or an unknown counts for the silence it tried to replace. The
 * latest entry wins, so an extension after a failure says the ack is kept, and the other way round.
 * "Latest" is the log's order (it is only appended to), never the entries' times: those are the
 * writers' clocks, which step back (an NTP correction, a resumed VM, two hosts sharing a home),
 * and a failure logged after an extension but stamped earlier must not read as kept. The time is
 * only shown.
 */
export function keptFromLog(entries: readonly ActionLogEntry[]): KeptLookup {
  // By the entry's place in the log.
  const latest = new Map<string, {index: number; keep: LoggedKeep}>();
  const note = (context: string, id: unknown, index: number, keep: LoggedKeep) => {
    if (typeof id !== 'string' || id === '') return;
    // A NUL cannot be in a context name nor a silence id: the key is never ambiguous.
    latest.set(`${context}\u0000${id}`, {index, keep});
  };
  const cleared = new Map<string, number>();
  for (const [index, e] of entries.entries()) {
    // An ack made anew that replaced this silence (Alertmanager updates an active silence in
    // place, keeping its id) starts its keeping afresh: what the keeper did before is of the old ack.
    if (e.action === 'ack' && e.phase === 'success' && typeof e.context === 'string' && typeof e.silenceId === 'string') {
      cleared.set(`${e.context}\u0000${e.silenceId}`, index);
      continue;
    }
    if (e.action !== 'ack-extend' || e.phase === 'attempt' || typeof e.context !== 'string') continue;
    const status = STATUS[e.phase as keyof typeof STATUS];
    const ms = typeof e.at === 'string' ? Date.parse(e.at) : NaN;
    // An entry with no readable time has none to show.
    if (status === undefined || Number.isNaN(ms)) continue;
    const keep: LoggedKeep = {status, at: new Date(ms).toISOString(), error: status === 'extended' ? null : typeof e.error === 'string' ? e.error : null};
    note(e.context, e.silenceId, index, keep);
    if (status === 'extended') note(e.context, e.details?.['previousId'], index, keep);
  }
  return (context, silenceId) => {
    const key = `${context}\u0000${silenceId}`;
    const found = latest.get(key);
    return found && found.index > (cleared.get(key) ?? -1) ? found.keep : undefined;
  };
}
