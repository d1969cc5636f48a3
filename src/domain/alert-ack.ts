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
 * The peers of one declared HA cluster are judged as one, for a short while: a peer whose
 * cluster-mate holds the ack holds it too while that silence was made or changed at most
 * {@link GOSSIP_GRACE_MS} ago and the peer's own silence list lacks it, since the ack is one
 * silence sent through one peer and gossiped to the others. Judged alone, the read right after
 * an ack saw the peer gossip had not reached yet without it and said `ACK PARTIAL` for an ack
 * that was whole. Past the grace the peer is missing it (partitioned, or a cluster declared that
 * is none): it notifies, and `a` sends the silence to it.
 * @param reports one per Alertmanager that answered (sources that cannot hold silences left out)
 */
export function ackAcrossSources(alert: Alert, reports: readonly SilenceReport[], prefix: string, now: number): AckJudgement {
  const holding: SilenceReport[] = [];
  // The ack silence each report of `holding` holds, at the same index.
  const held: Silence[] = [];
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
    held.push(found);
    if (best === null || found.endsAt > best.endsAt) best = found;
  }
  if (ackIds === null && unknown.length === 0) return NOT_ACKED;
  // Held somewhere, its cluster-mates gossip has not reached yet hold it too.
  if (best !== null) joinClusterMates(alert.fingerprint, holding, held, missing, unknown, now);
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
  else {
    judgement.partialAck = {...ack, missing: names(missing), holding: names(holding), matchers: best.matchers.map((m) => ({...m}))};
    // Missing on a peer of a cluster that holds it: gossip did not bring it there in time.
    const clusters = new Set(holding.map((r) => r.cluster));
    const notGossiped = missing.filter((r) => r.cluster !== undefined && clusters.has(r.cluster));
    if (notGossiped.length > 0) judgement.partialAck.notGossiped = names(notGossiped);
  }
  return judgement;
}

/**
 * What the texts of a partial ack add about its peers gossip did not reach (unsanitized):
 * `its cluster did not gossip the ack to ha-2`; null when every missing one is apart.
 */
export function notGossipedText(p: Pick<PartialAck, 'notGossiped'>): string | null {
  return p.notGossiped && p.notGossiped.length > 0 ? `its cluster did not gossip the ack to ${p.notGossiped.join(', ')}` : null;
}

const names = (reports: readonly SilenceReport[]): string[] => reports.map((r) => r.source);

/**
 * How long after an ack silence was made or last changed a peer of its cluster that does not
 * list it yet still counts as holding it: gossip brings a silence within seconds, and
 * Alertmanager's full state exchange between peers (push-pull) runs every minute. A peer still
 * without it after that will not get it (partitioned, or not of that cluster at all).
 */
export const GOSSIP_GRACE_MS = 60_000;

// Moves the reports of `missing` and `unknown` that gossip may not have reached yet into
// `holding`: a peer of a cluster a report of `holding` shares, within the grace of the silence it
// holds. A peer whose own list has that silence (expired, say right after an unack through it) is
// never one: the list is its word. A peer whose silences were unread but whose copy of the alert
// is silenced by that very id holds it, however old (one id is one silence in a cluster).
function joinClusterMates(fingerprint: string, holding: SilenceReport[], held: readonly Silence[], missing: SilenceReport[], unknown: SilenceReport[], now: number): void {
  // Cluster → the ack silences its peers of `holding` hold.
  const clusters = new Map<string, Silence[]>();
  for (const [i, r] of holding.entries()) {
    if (r.cluster === undefined) continue;
    const list = clusters.get(r.cluster);
    if (list) list.push(held[i]!);
    else clusters.set(r.cluster, [held[i]!]);
  }
  if (clusters.size === 0) return;
  const holds = (r: SilenceReport): boolean => {
    const silences = r.cluster === undefined ? undefined : clusters.get(r.cluster);
    if (silences === undefined) return false;
    const own = r.alerts.get(fingerprint);
    return silences.some((s) => {
      if (r.silences === null) return own?.silencedBy.includes(s.id) === true || gossipPending(s, now);
      return gossipPending(s, now) && !r.silences.some((x) => x.id === s.id);
    });
  };
  for (const list of [missing, unknown]) {
    const mates = list.filter(holds);
    if (mates.length === 0) continue;
    holding.push(...mates);
    list.splice(0, list.length, ...list.filter((r) => !mates.includes(r)));
  }
}

// Whether gossip may still be bringing `s` to its cluster's other peers at `now`.
const gossipPending = (s: Silence, now: number): boolean => now - (s.updatedAt ?? s.startsAt) <= GOSSIP_GRACE_MS;

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
