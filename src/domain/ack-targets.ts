/**
 * Where an ack must land, and what it replaces there. An ack covers every Alertmanager of the
 * context that can hold the alert — Prometheus sends each alert to all of them, so any one left
 * out notifies — but each declared HA cluster only once, since its peers gossip silences. On each
 * of them a re-ack replaces our own earlier ack silence instead of stacking another. Pure.
 */
import type {Matcher, Silence, SilenceDraft} from './alert.ts';

/** An Alertmanager (or other alert source) as far as choosing silence targets is concerned. */
export interface SilenceTarget {
  name: string;
  /** False for sources that cannot hold silences (Prometheus). */
  canSilence: boolean;
}

/** One place a silence must land: an unclustered Alertmanager, or one HA cluster through any peer. */
export interface SilenceGroup {
  /** `cluster:NAME` for a declared cluster, else the source's name: the key of its result. */
  key: string;
  /** The sources to try, in order: one for an unclustered Alertmanager, the peers of a cluster. */
  sources: string[];
  /**
   * Set on the target that acknowledges a paging incident instead of creating a silence: the
   * incident, on the source it was read from (its only entry in `sources`).
   */
  incident?: {id: string; number: number};
}

/**
 * The target acknowledging `incident` (an incident row, or the incident an alert paged): keyed
 * `incident:SOURCE:ID`, so one ack of several alerts that paged it sends one request.
 */
export function incidentGroup(incident: {source: string; id: string; number: number}): SilenceGroup {
  return {key: `incident:${incident.source}:${incident.id}`, sources: [incident.source], incident: {id: incident.id, number: incident.number}};
}

/** The incident targets one draft of an ack would acknowledge (see {@link shareIncidents}). */
export interface IncidentWant {
  /** The draft's alert fingerprint. */
  fingerprint: string;
  /** The incidents its alerts paged, or its incident row's own: {@link incidentGroup} targets. */
  incidents: readonly SilenceGroup[];
}

/** An incident another draft of the same ack acknowledges: that draft, and the target's key. */
export interface IncidentCover {
  /** The fingerprint of the draft that sends the acknowledgement. */
  by: string;
  /** The incident target's key (`incident:SOURCE:ID`). */
  key: string;
}

/** Which draft of an ack sends each incident's acknowledgement, and which drafts it covers too. */
export interface IncidentShare {
  /** Draft fingerprint → the incident targets that draft sends: each incident by one draft only. */
  sends: Record<string, SilenceGroup[]>;
  /** Draft fingerprint → the incidents it wanted that another draft sends (absent when none). */
  covered: Record<string, IncidentCover[]>;
}

/**
 * Shares out the incident acknowledgements of one ack: the first draft (in draft order) wanting
 * an incident sends it, so the incident is acknowledged exactly once however many selected rows
 * lead to it; every later draft wanting it is covered by that one. Covered is not failed: an
 * incident row selected after the alert that paged it has nothing of its own to send, yet its
 * incident is acknowledged, by the alert's ack, and its outcome is that acknowledge's.
 */
export function shareIncidents(wants: readonly IncidentWant[]): IncidentShare {
  const sender = new Map<string, string>();
  const sends: Record<string, SilenceGroup[]> = {};
  const covered: Record<string, IncidentCover[]> = {};
  for (const want of wants) {
    const own: SilenceGroup[] = [];
    for (const group of want.incidents) {
      const by = sender.get(group.key);
      if (by === undefined) {
        sender.set(group.key, want.fingerprint);
        own.push(group);
      } else if (by !== want.fingerprint) (covered[want.fingerprint] ??= []).push({by, key: group.key});
    }
    sends[want.fingerprint] = own;
  }
  return {sends, covered};
}

/**
 * The groups every ack of a context goes to: each source that can hold silences, peers of one
 * declared cluster folded into one group (tried in config order, the next when one is down).
 * @param clusters source name → cluster name, for the sources that declared one
 */
export function silenceGroups(sources: readonly SilenceTarget[], clusters: Readonly<Record<string, string | undefined>> = {}): SilenceGroup[] {
  const groups: SilenceGroup[] = [];
  for (const source of sources) {
    if (!source.canSilence) continue;
    const cluster = clusters[source.name];
    const key = cluster === undefined ? source.name : `cluster:${cluster}`;
    const group = groups.find((g) => g.key === key);
    if (group) group.sources.push(source.name);
    else groups.push({key, sources: [source.name]});
  }
  return groups;
}

/**
 * The groups one alert's ack goes to. A source that holds only its own alerts (Grafana's
 * Alertmanager: Prometheus never sends there) takes the acks of the alerts it reported, and those
 * alerts are acked there only: a silence for them on the other Alertmanagers would match nothing
 * and could only fail. Every other alert goes to every other group, as before.
 * @param seenBy the sources that reported the alert
 * @param ownOnly the sources that hold only their own alerts
 */
export function silenceGroupsFor(groups: readonly SilenceGroup[], seenBy: readonly string[], ownOnly: ReadonlySet<string>): SilenceGroup[] {
  const isOwn = (g: SilenceGroup) => g.sources.some((s) => ownOnly.has(s));
  const own = groups.filter((g) => isOwn(g) && g.sources.some((s) => seenBy.includes(s)));
  return own.length > 0 ? own : groups.filter((g) => !isOwn(g));
}

/**
 * The groups a partly acked alert still lacks: those with a source reporting the alert without
 * the ack. A cluster one peer of which holds it did not gossip it to the missing ones (peers
 * gossip has not reached yet count as holding, see `ackAcrossSources`): sent through the holder
 * it would stay there, so such a group is tried through its missing peers only.
 * @param missing sources that report the alert without an ack silence
 * @param holding sources that report it silenced by an ack
 */
export function missingGroups(groups: readonly SilenceGroup[], missing: readonly string[], holding: readonly string[]): SilenceGroup[] {
  return groups.flatMap((g) => {
    if (!g.sources.some((s) => missing.includes(s))) return [];
    return g.sources.some((s) => holding.includes(s)) ? [{...g, sources: g.sources.filter((s) => missing.includes(s))}] : [g];
  });
}

/** True when both lists hold the same matchers, in any order (a server may reorder them). */
export function sameMatcherSet(a: readonly Matcher[], b: readonly Matcher[]): boolean {
  return a.length === b.length && matcherSetKey(a) === matcherSetKey(b);
}

/** One text per set of matchers, whatever their order: equal for the same set, different otherwise. */
export function matcherSetKey(matchers: readonly Matcher[]): string {
  return JSON.stringify(matchers.map((m) => JSON.stringify([m.name, m.value, m.isRegex, m.isEqual])).sort());
}

/**
 * Our own ack silences for the same alert on one Alertmanager: not expired, the draft's author,
 * an ack comment (`prefix`) and the same matchers; the one ending last first. A re-ack replaces
 * the first and expires the rest, so acks never stack; a retry after a request that timed out
 * but landed finds its own silence here too. Another user's ack is never touched.
 */
export function ownAcks(silences: readonly Silence[], draft: SilenceDraft, prefix: string): Silence[] {
  return silences
    .filter((s) => s.state !== 'expired' && s.createdBy === draft.createdBy && s.comment.startsWith(prefix) && sameMatcherSet(s.matchers, draft.matchers))
    .sort((a, b) => b.endsAt - a.endsAt);
}

/**
 * The silence one ack itself made, among an Alertmanager's silences: our ack of the same
 * matchers (see {@link ownAcks}) ending exactly when the draft does, with its comment. Every
 * ack picks its own end to the millisecond (now + duration, kept by every retry), so an earlier
 * ack of the alert does not match; finding one means a try whose answer was lost landed.
 */
export function landedAck(silences: readonly Silence[], draft: SilenceDraft, prefix: string): Silence | undefined {
  return ownAcks(silences, draft, prefix).find((s) => s.endsAt === draft.endsAt && s.comment === draft.comment);
}

/**
 * The draft that replaces `existing` (Alertmanager v2: POST the silence with its id). An active
 * silence keeps its start, which lets Alertmanager update it in place; it may still answer with
 * a new id (it does when it cannot update), and that returned id is the one to keep.
 */
export function replacing(draft: SilenceDraft, existing: Silence): SilenceDraft {
  return {...draft, id: existing.id, startsAt: existing.state === 'active' ? existing.startsAt : draft.startsAt};
}
