/**
 * Acks are ordinary Alertmanager silences whose comment starts with a recognisable prefix
 * (`ACK!`, the convention shared by existing ack tools, so acks made elsewhere show up here).
 */
import type {Ack, Alert, Matcher, PartialAck, Silence} from './alert.ts';

/** The default comment prefix that marks a silence as an ack. */
export const ACK_PREFIX = 'ACK!';

/**
 * The alert's ack: among the silences listed in its `silencedBy`, those active at `now` whose
 * comment starts with `prefix`; the one ending last wins. `null` when there is none (a silence
 * with another comment is a plain silence, not an ack). Pass `undefined` as the prefix for `ACK!`.
 */
export function ackFromSilences(alert: Alert, silences: readonly Silence[], prefix: string = ACK_PREFIX, now: number): Ack | null {
  // Most alerts are not silenced: no need to walk every silence for each of 10,000 alerts.
  if (alert.silencedBy.length === 0) return null;
  let best: Silence | null = null;
  for (const s of silences) {
    if (!alert.silencedBy.includes(s.id) || s.state !== 'active' || s.endsAt <= now || !s.comment.startsWith(prefix)) continue;
    if (best === null || s.endsAt > best.endsAt) best = s;
  }
  return best === null ? null : {by: best.createdBy, until: best.endsAt, silenceId: best.id, comment: best.comment};
}

// The ack silence itself (for its matchers): the one `ackFromSilences` chose.
function ackSilence(alert: Alert, silences: readonly Silence[], prefix: string, now: number): Silence | null {
  const ack = ackFromSilences(alert, silences, prefix, now);
  return ack === null ? null : (silences.find((s) => s.id === ack.silenceId) ?? null);
}

/**
 * What one Alertmanager answered: its alerts (by fingerprint) and its silences; `null` when its
 * alerts were read but its silences could not be (a proxy granting alerts:read only).
 */
export interface SilenceReport {
  source: string;
  /** The HA cluster it is a peer of (config `cluster:`); its peers share their silences by gossip. */
  cluster?: string;
  alerts: ReadonlyMap<string, Alert>;
  silences: readonly Silence[] | null;
}

/** The ack state of an alert: `ackUnknown` names the Alertmanagers where it cannot be told. */
export interface AckJudgement {
  ack: Ack | null;
  partialAck: PartialAck | null;
  ackUnknown?: string[];
  /** Every user with an ack silence on the alert, sorted; set only when more than one. */
  ackers?: string[];
  /** Every ack silence on the alert on any Alertmanager (see `Alert.ackSilenceIds`); set only when there is one. */
  ackSilenceIds?: string[];
}

/**
 * The ack of a deduplicated alert, judged per Alertmanager: acked only when every Alertmanager
 * that reports it has it silenced by an ack silence of its own. A silence on one of them does
 * not stop another from notifying, so when only some hold it the alert gets `partialAck` (who
 * holds it, who is missing) and `ack: null`. An alert no Alertmanager reports (pending in
 * Prometheus) is not acked.
 *
 * The peers of one declared HA cluster are judged as one: a peer whose cluster-mate holds the
 * ack holds it too, since the ack is one silence sent through one peer and gossiped to the
 * others. Judged alone, the read right after an ack saw the peer gossip had not reached yet
 * without it and said `ACK PARTIAL` for an ack that was whole.
 * @param reports one per Alertmanager that answered (sources that cannot hold silences left out)
 */
export function ackAcrossSources(alert: Alert, reports: readonly SilenceReport[], prefix: string, now: number): AckJudgement {
  const holding: SilenceReport[] = [];
  const missing: SilenceReport[] = [];
  const unknown: SilenceReport[] = [];
  const ackers = new Set<string>();
  // Made only for an alert under an ack silence: most are not (10,000 alerts a poll).
  let ackIds: Set<string> | null = null;
  let best: Silence | null = null;
  for (const report of reports) {
    const own = report.alerts.get(alert.fingerprint);
    if (!own) continue;
    if (report.silences === null) {
      // Alertmanager's `silencedBy` is still its word: silenced by nothing, it is acked by
      // nothing there. Silenced, whether by an ack (and whose, until when) needs the list.
      if (own.silencedBy.length === 0) missing.push(report);
      else unknown.push(report);
      continue;
    }
    for (const s of ackSilencesOf(own, report.silences, prefix, now)) {
      ackers.add(s.createdBy);
      (ackIds ??= new Set()).add(s.id);
    }
    const found = ackSilence(own, report.silences, prefix, now);
    if (found === null) {
      missing.push(report);
      continue;
    }
    holding.push(report);
    if (best === null || found.endsAt > best.endsAt) best = found;
  }
  if (ackIds === null && unknown.length === 0) return NOT_ACKED;
  // Held somewhere, its cluster-mates hold it too.
  if (best !== null) joinClusterMates(holding, missing, unknown);
  const judgement: AckJudgement = {ack: null, partialAck: null};
  // Each unclustered Alertmanager holds the ack under an id of its own: all of them are the
  // ack, none a plain silence (`quietKinds`), and each one's extension is the ack's (`keptAcks`).
  if (ackIds !== null) judgement.ackSilenceIds = [...ackIds].sort();
  // Not told as acked nor as not acked: an ack there may be all that silences it.
  if (unknown.length > 0) return {...judgement, ackUnknown: names(unknown)};
  if (best === null) return NOT_ACKED;
  // Shown is the ack ending last; who else acked it too is kept for `u`, which expires the
  // user's own ack first even when another user's ends later.
  if (ackers.size > 1) judgement.ackers = [...ackers].sort();
  const ack: Ack = {by: best.createdBy, until: best.endsAt, silenceId: best.id, comment: best.comment};
  if (missing.length === 0) judgement.ack = ack;
  else judgement.partialAck = {...ack, missing: names(missing), holding: names(holding), matchers: best.matchers.map((m) => ({...m}))};
  return judgement;
}

const names = (reports: readonly SilenceReport[]): string[] => reports.map((r) => r.source);

// Moves the reports of `missing` and `unknown` whose cluster a report of `holding` shares into
// `holding`: one silence sent to a cluster is every peer's, gossip brings it to the others.
function joinClusterMates(holding: SilenceReport[], missing: SilenceReport[], unknown: SilenceReport[]): void {
  const clusters = new Set(holding.flatMap((r) => (r.cluster === undefined ? [] : [r.cluster])));
  if (clusters.size === 0) return;
  for (const list of [missing, unknown]) {
    const mates = list.filter((r) => r.cluster !== undefined && clusters.has(r.cluster));
    if (mates.length === 0) continue;
    holding.push(...mates);
    list.splice(0, list.length, ...list.filter((r) => !mates.includes(r)));
  }
}

// The ack silences on one Alertmanager's copy of an alert, at `now`, whoever made them.
function ackSilencesOf(alert: Alert, silences: readonly Silence[], prefix: string, now: number): Silence[] {
  if (alert.silencedBy.length === 0) return [];
  return silences.filter((s) => alert.silencedBy.includes(s.id) && s.state === 'active' && s.endsAt > now && s.comment.startsWith(prefix));
}

/**
 * The ids of every ack silence of the alert: `ackSilenceIds`, and the ids `ack` and
 * `partialAck` name (an alert not judged across sources, e.g. in a test, has only those).
 */
export function ackIdsOf(alert: Alert): ReadonlySet<string> {
  const ids = new Set(alert.ackSilenceIds);
  if (alert.ack) ids.add(alert.ack.silenceId);
  if (alert.partialAck) ids.add(alert.partialAck.silenceId);
  return ids;
}

/** The ack state of an alert no ack silence covers (one object for all of them). */
export const NOT_ACKED: Readonly<{ack: null; partialAck: null}> = Object.freeze({ack: null, partialAck: null});

/**
 * Whether any of the reports holds a silence that could be an ack at `now` (active, not ended,
 * its comment starting with `prefix`). Without one no alert is acked, and the per-alert work of
 * {@link ackAcrossSources} for 10,000 alerts can be skipped.
 */
export function anyAckSilence(reports: ReadonlyArray<{silences: readonly Silence[] | null}>, prefix: string, now: number): boolean {
  return reports.some((r) => r.silences !== null && r.silences.some((s) => s.state === 'active' && s.endsAt > now && s.comment.startsWith(prefix)));
}

/**
 * Exact matchers for an ack silence: every label of the alert except the volatile ones (labels
 * whose value changes while the alert is the same problem, e.g. `pod`), sorted by name so the
 * same alert always yields the same silence. `alertname` is never dropped, so the silence can
 * never match every alert: an alert without one (hand-posted, or relabelled) gets
 * `alertname=""`, which Alertmanager matches only where the label is absent, so the ack of a
 * nameless alert on `instance=db-1` cannot silence every named alert of db-1 after it.
 */
export function ackMatchers(alert: Alert, volatileLabels: readonly string[] = []): Matcher[] {
  const names = Object.keys(alert.labels).filter((name) => name === 'alertname' || !volatileLabels.includes(name));
  if (!names.includes('alertname')) names.push('alertname');
  return names.sort().map((name) => ({name, value: alert.labels[name] ?? '', isRegex: false, isEqual: true}));
}
