/**
 * Events from our action log: rollbacks asked for and how they ended, and notes. Acks are in the
 * log too, but Alertmanager's silences are the record of every ack, ours and anyone's: they are
 * read from there, once.
 */
import type {ActionLogEntry} from './action-log.ts';
import {unansweredAttempts} from './open-rollbacks.ts';
import type {TimelineEvent} from './timeline.ts';

/** The action of a note written with `:note TEXT` or `oncall note`. */
export const NOTE_ACTION = 'note';

/** The action log entry of a note. */
export function noteEntry(input: {at: number; context: string; text: string; by: string; service?: string}): ActionLogEntry {
  return {
    at: new Date(input.at).toISOString(),
    action: NOTE_ACTION,
    phase: 'success',
    context: input.context,
    target: input.service ? {service: input.service} : {},
    details: {text: input.text, by: input.by},
  };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

// A request's result: requested (a run to follow), accepted by a webhook or dispatched with a run
// that cannot be identified (nothing to follow),
// sent with an unknown outcome (it may have started), or refused. An attempt is read only when
// no answer follows it: its sender is still waiting for one (a rollback being sent now, from the
// dashboard or another terminal), or stopped before logging one; the request may have gone out.
function requestText(e: ActionLogEntry, move: string): string {
  if (e.phase === 'attempt') return `rollback ${move} sent, outcome unknown: no answer logged (yet, or its process stopped)`;
  if (e.phase === 'unknown') return `rollback ${move} sent, outcome unknown (may have started): ${e.error ?? 'no answer'}`;
  if (e.phase !== 'success') return `rollback ${move} refused: ${e.error ?? 'failed'}`;
  if (e.details?.['unfollowable'] !== true) return `rollback ${move} requested`;
  if (typeof e.details['unidentified'] === 'string') return `rollback ${move} dispatched (its run cannot be identified)`;
  return `rollback ${move} accepted by the webhook (its outcome cannot be followed)`;
}

/**
 * `rollback-requested` for each rollback the backend accepted (or refused, or left unknown: the text says so),
 * and for each attempt no answer follows in the log (`unansweredAttempts`, as `R` reads it: its
 * sender stopped before logging one, so it was sent with an unknown outcome),
 * `rollback-finished` when following its run ended, `note` for each note; only the entries of
 * `context`. An entry whose time does not parse is skipped. The log is the user's own file, so
 * an entry that does not say who acted was `where.user`.
 * @param unanswered `unansweredAttempts(entries)`, given by a caller reading several contexts of one log (a pass over the whole log each)
 */
export function actionEvents(entries: readonly ActionLogEntry[], where: {context: string; source: string; user?: string}, unanswered = unansweredAttempts(entries)): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const e of entries) {
    const at = Date.parse(e.at);
    if (e.context !== where.context || !Number.isFinite(at)) continue;
    const t = e.target ?? {};
    const details = e.details ?? {};
    const base = {at, context: e.context, service: t['service'] ?? '', source: where.source, ...(text(details['url']) ? {url: text(details['url'])} : {})};
    const move = `${t['service'] ?? '?'} ${t['from'] ?? '?'} → ${t['to'] ?? '?'}`;
    if (e.action === 'rollback' && (e.phase !== 'attempt' || unanswered.has(e))) {
      const by = text(details['by']) ?? where.user;
      // What became of the request, and the run it started: a finish is matched to its own run.
      const runId = e.phase === 'success' ? text(details['runId']) : undefined;
      const request = e.phase === 'unknown' || e.phase === 'attempt' ? 'unknown' : e.phase !== 'success' ? 'refused' : details['unfollowable'] === true ? 'accepted' : 'requested';
      events.push({...base, kind: 'rollback-requested', text: requestText(e, move), subject: {...t, request, ...(runId ? {runId} : {})}, ...(by ? {by} : {})});
    } else if (e.action === 'rollback-watch') {
      const status = text(details['status']) ?? 'unknown';
      const runId = text(details['runId']);
      events.push({...base, kind: 'rollback-finished', text: e.phase === 'success' ? `rollback ${move} finished: success` : `rollback ${move} ended: ${e.error ?? status}`, subject: {...t, status, ...(runId ? {runId} : {})}});
    } else if (e.action === NOTE_ACTION) {
      const note = text(details['text']);
      const by = text(details['by']) ?? where.user;
      if (note) events.push({...base, kind: 'note', text: note, ...(by ? {by} : {})});
    }
  }
  return events;
}
