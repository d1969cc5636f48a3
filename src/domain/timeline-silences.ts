/**
 * Ack events from Alertmanager's silences, anyone's: who silenced what, when, with which comment,
 * until when, and whether someone expired it early. A silence whose comment starts with the ack
 * prefix is an ack; any other silence is listed too (someone muted the alert all the same).
 */
import type {Silence} from './alert.ts';
import {formatDuration} from './duration.ts';
import type {TimelineEvent} from './timeline.ts';

// Expiring sets endsAt and updatedAt to the same instant; a silence that ran out was last
// updated when it was made. A second of slack for servers that round one of them.
const EXPIRE_SLACK_MS = 1000;

/** True when a silence was expired before the end it was given. */
export function expiredEarly(silence: Silence): boolean {
  return silence.state === 'expired' && silence.updatedAt !== undefined && silence.updatedAt >= silence.endsAt - EXPIRE_SLACK_MS;
}

/** A silence's matchers as one line, e.g. `alertname="X" service="checkout"`. */
export function silenceMatcherText(s: Silence): string {
  return s.matchers.map((m) => `${m.name}${m.isEqual ? '' : '!'}${m.isRegex ? '=~' : '='}"${m.value}"`).join(' ');
}

/** The service a silence names by an exact `service` matcher; `''` when none. */
export function silenceService(s: Silence): string {
  return s.matchers.find((m) => m.name === 'service' && m.isEqual && !m.isRegex)?.value ?? '';
}

/**
 * What makes copies of one silence on unclustered Alertmanagers (each under its own id) one:
 * its author, start and matchers.
 */
export const silenceCopyKey = (s: Silence): string => `${s.createdBy}|${Math.round(s.startsAt / 1000)}|${silenceMatcherText(s)}`;

/**
 * `ack` at each silence's start and `unack` where one was expired early, from the silences of
 * several Alertmanagers: one HA cluster reports a silence under one id on every peer, counted
 * once; unclustered Alertmanagers each hold a copy under its own id, counted once by author,
 * start and matchers.
 */
export function silenceEvents(silences: ReadonlyArray<{source: string; silence: Silence}>, where: {context: string; ackPrefix: string}): TimelineEvent[] {
  const seen = new Set<string>();
  const events: TimelineEvent[] = [];
  for (const {source, silence: s} of silences) {
    const copy = silenceCopyKey(s);
    if (seen.has(s.id) || seen.has(copy)) continue;
    seen.add(s.id);
    seen.add(copy);
    const isAck = where.ackPrefix !== '' && s.comment.startsWith(where.ackPrefix);
    const comment = isAck ? s.comment.slice(where.ackPrefix.length).trim() : s.comment.trim();
    const base = {context: where.context, service: silenceService(s), source, by: s.createdBy, subject: {silenceId: s.id, matchers: silenceMatcherText(s)}};
    const early = expiredEarly(s);
    events.push({
      ...base,
      at: s.startsAt,
      kind: 'ack',
      text: `${isAck ? 'acked' : 'silenced'} by ${s.createdBy}: ${silenceMatcherText(s)}${comment ? ` "${comment}"` : ''}`,
      until: s.endsAt,
      ...(early ? {expiredEarly: true} : {}),
    });
    if (early) events.push({...base, at: s.endsAt, kind: 'unack', text: `${isAck ? 'ack' : 'silence'} by ${s.createdBy} expired early: ${silenceMatcherText(s)}`});
  }
  return events;
}

/**
 * How long Alertmanager keeps a silence after it expired before deleting it: its data retention
 * (`--data.retention`), 120h unless its operator changed it (config `silenceRetention`).
 */
export const DEFAULT_SILENCE_RETENTION_MS = 120 * 3_600_000;

/** What one Alertmanager's silences tell of how far back it still lists them. */
export interface SilenceRetention {
  /** Its configured `silenceRetention`; absent: {@link DEFAULT_SILENCE_RETENTION_MS}. */
  retentionMs?: number;
  /** The silences it listed: one that ended at or before the range's start proves it keeps them that long. */
  listed: readonly Silence[];
}

/**
 * Why the acks of a range beginning at `from` may be missing from what `source` lists at `now`:
 * a silence that expired before `now` − its retention is deleted, so an empty list then is not
 * "nobody acked". Null when the range begins within the retention, or when the list holds a
 * silence that ended at or before `from`: the Alertmanager keeps them longer than the range
 * reaches back, whatever its retention was said to be. Unsanitized.
 */
export function silenceRetentionReason(from: number, now: number, source: string, retention: SilenceRetention): string | null {
  const kept = now - (retention.retentionMs ?? DEFAULT_SILENCE_RETENTION_MS);
  if (from >= kept) return null;
  if (retention.listed.some((s) => s.endsAt <= from)) return null;
  const limit = retention.retentionMs === undefined ? '120h by default: set silenceRetention to its --data.retention when that is longer' : `silenceRetention ${formatDuration(retention.retentionMs)}`;
  return `acks before ${new Date(kept).toISOString()} may be missing: ${source} deletes an expired silence once its data retention has passed (${limit}) and lists none that ended before the range, so no ack event then does not mean nobody acked`;
}
