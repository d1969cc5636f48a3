/**
 * Which alerts (or silences) `oncall ack` and `oncall unack` mean: a fingerprint, a silence id,
 * or label matchers with the filter syntax of the dashboard. A matcher is never taken for an id.
 */
import type {Alert} from '../domain/alert.ts';
import {matchesFilter, parseAlertFilter} from '../domain/alert-filter.ts';
import {EXIT_SOURCE_FAILED} from '../domain/exit-codes.ts';
import {isIncidentFingerprint} from '../sources/pagerduty/incident-row.ts';

const FINGERPRINT = /^[0-9a-f]{16}$/;

// A PagerDuty incident named as `alerts` prints it (its fingerprint, `pagerduty-PT4KHLK`) or as
// the incident's page shows it (its id PT4KHLK, its number #1234).
function incidentNamed(alerts: readonly Alert[], word: string): Alert | undefined {
  return alerts.find((a) => a.source !== undefined && a.incident && (a.fingerprint === word || a.incident.id === word || `#${a.incident.number}` === word));
}

/** Which alerts `oncall ack` means: one fingerprint, or the firing, unacked alerts matching the words. */
export function selectForAck(targets: string[], alerts: Alert[]): {alerts: Alert[]} | {error: string; code: number} {
  const only = targets.length === 1 ? targets[0]! : null;
  const incident = only === null ? undefined : incidentNamed(alerts, only);
  if (incident) return {alerts: [incident]};
  // An incident's fingerprint not among those read: resolved since it was listed (or its source
  // failed, which the caller says), never a usage error.
  if (only !== null && isIncidentFingerprint(only)) return {error: `no open incident with fingerprint ${only}`, code: 1};
  if (only !== null && FINGERPRINT.test(only)) {
    const alert = alerts.find((a) => a.fingerprint === only);
    if (!alert) return {error: `no active alert with fingerprint ${only}`, code: 1};
    if (alert.state === 'pending') return {error: `${only} is pending in Prometheus: no Alertmanager holds it yet, nothing to silence`, code: 1};
    return {alerts: [alert]};
  }
  const parsed = parseAlertFilter(targets.join(' '));
  if (!parsed.ok) return {error: `${parsed.error} (at character ${parsed.offset + 1})`, code: 2};
  if (parsed.filter.matchers.length === 0) return {error: 'give a fingerprint or at least one label matcher, e.g. alertname=HighLatency', code: 2};
  const matching = alerts.filter((a) => matchesFilter(a, parsed.filter));
  const chosen = matching.filter((a) => a.state === 'firing' && a.ack === null);
  if (chosen.length === 0) {
    const skipped = matching.length === 0 ? 'none matches' : `${matching.length} match but none is firing and unacked`;
    return {error: `no alert to ack: ${skipped}`, code: 1};
  }
  return {alerts: chosen};
}

/**
 * What `oncall unack` means: one alert fingerprint (its ack silences), one silence id, or label
 * matchers — the acked (or partly acked) alerts they match, whose ack silences are then found on
 * every Alertmanager. A word with `=` or `~` is a matcher, never sent as a silence id.
 * @param alerts the current alerts, or null when they could not be read
 * @param unread what could not be read (`am-a could not be read (…)`), or null when all was read
 */
export function selectForUnack(targets: string[], alerts: Alert[] | null, unread: string | null = null): {alerts: Alert[]; silenceIds?: undefined} | {silenceIds: string[]; alerts?: undefined} | {error: string; code: number} {
  const only = targets.length === 1 ? targets[0]! : null;
  // Listed or not (resolved since, or its source unread), an incident has no ack silence to
  // expire: never looked up as a silence id, never said to be no alert at all.
  const incident = only === null || alerts === null ? undefined : incidentNamed(alerts, only);
  if (incident) return {error: `${only} is PagerDuty incident PD #${incident.incident!.number}: PagerDuty has no un-acknowledge: resolve it there`, code: 2};
  if (only !== null && isIncidentFingerprint(only)) return {error: `${only} is a PagerDuty incident: PagerDuty has no un-acknowledge: resolve it there`, code: 2};
  if (only !== null && !/[=~]/.test(only)) {
    const alert = FINGERPRINT.test(only) ? alerts?.find((a) => a.fingerprint === only) : undefined;
    // A fingerprint not among the alerts read may be on a source that failed: its ack silence is
    // known only from there, and sent as a silence id it would fail as an unknown id.
    if (!alert && FINGERPRINT.test(only) && unread !== null) return {error: `${unread}, so which silence acks alert ${only} cannot be told; nothing was sent`, code: EXIT_SOURCE_FAILED};
    if (!alert) return {silenceIds: [only]};
    if (alert.ack === null && !alert.partialAck) return {error: `alert ${only} (${alert.name}) is not acked`, code: 1};
    return {alerts: [alert]};
  }
  const parsed = parseAlertFilter(targets.join(' '));
  if (!parsed.ok) return {error: `${parsed.error} (at character ${parsed.offset + 1})`, code: 2};
  if (parsed.filter.matchers.length === 0) return {error: 'give one silence id, one alert fingerprint or label matchers, e.g. alertname=HighLatency', code: 2};
  if (alerts === null) return {error: 'could not read the alerts to match', code: EXIT_SOURCE_FAILED};
  const matching = alerts.filter((a) => matchesFilter(a, parsed.filter));
  const acked = matching.filter((a) => a.ack !== null || a.partialAck);
  if (acked.length === 0) return {error: `no acked alert to unack: ${matching.length === 0 ? 'none matches' : `${matching.length} match but none is acked`}`, code: 1};
  return {alerts: acked};
}
