/**
 * Acks are ordinary Alertmanager silences whose comment starts with a recognisable prefix
 * (`ACK!`, the convention shared by existing ack tools, so acks made elsewhere show up here).
 */
import type {Ack, Alert, Matcher, Silence} from './alert.ts';

/** The default comment prefix that marks a silence as an ack. */
export const ACK_PREFIX = 'ACK!';

/**
 * The alert's ack: among the silences listed in its `silencedBy`, those active at `now` whose
 * comment starts with `prefix`; the one ending last wins. `null` when there is none (a silence
 * with another comment is a plain silence, not an ack). Pass `undefined` as the prefix for `ACK!`.
 */
export function ackFromSilences(alert: Alert, silences: readonly Silence[], prefix: string = ACK_PREFIX, now: number): Ack | null {
  let best: Silence | null = null;
  for (const s of silences) {
    if (!alert.silencedBy.includes(s.id) || s.state !== 'active' || s.endsAt <= now || !s.comment.startsWith(prefix)) continue;
    if (best === null || s.endsAt > best.endsAt) best = s;
  }
  return best === null ? null : {by: best.createdBy, until: best.endsAt, silenceId: best.id, comment: best.comment};
}

/**
 * Exact matchers for an ack silence: every label of the alert except the volatile ones (labels
 * whose value changes while the alert is the same problem, e.g. `pod`), sorted by name so the
 * same alert always yields the same silence. `alertname` is never dropped, so the silence can
 * never match every alert.
 */
export function ackMatchers(alert: Alert, volatileLabels: readonly string[] = []): Matcher[] {
  return Object.keys(alert.labels)
    .filter((name) => name === 'alertname' || !volatileLabels.includes(name))
    .sort()
    .map((name) => ({name, value: alert.labels[name] ?? '', isRegex: false, isEqual: true}));
}
