/**
 * Merges the alert lists of several sources (the peers of an Alertmanager HA cluster, or
 * Alertmanager plus Prometheus) into one list, by fingerprint.
 */
import type {Ack, Alert, AlertState} from './alert.ts';

// Acks are decided right after deduplication, so callers may take both from here.
export {ackFromSilences} from './alert-ack.ts';

// An alert active on any peer is active: a silence or inhibition seen by one peer but not yet
// gossiped to another does not stop that other peer from notifying, so hiding it would lie.
const STATE_RANK: Readonly<Record<AlertState, number>> = {firing: 2, pending: 1, suppressed: 0};

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** The earlier of two start times; an unknown one (null) gives way to a known one. */
export function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function laterAck(a: Ack | null, b: Ack | null): Ack | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.until > a.until ? b : a;
}

function merge(a: Alert, b: Alert): Alert {
  return {
    ...a,
    state: STATE_RANK[b.state] > STATE_RANK[a.state] ? b.state : a.state,
    // Peers may have received the alert at slightly different times; the earliest is its start.
    startsAt: earliest(a.startsAt, b.startsAt),
    generatorUrl: a.generatorUrl ?? b.generatorUrl,
    // Kept as the union even when the merged state is active: "silenced on some peers" is worth
    // knowing while a new silence propagates.
    silencedBy: union(a.silencedBy, b.silencedBy),
    inhibitedBy: union(a.inhibitedBy, b.inhibitedBy),
    seenBy: union(a.seenBy, b.seenBy),
    ack: laterAck(a.ack, b.ack),
  };
}

// The merge of two alert objects, kept while the first lives: the peers of an HA cluster report
// every alert, and each poll they give back the same objects for unchanged alerts (the decoder
// keeps them), so the same pair gives back the same merged object instead of a new one per alert
// per poll; the view then sees the alert unchanged and keeps its row. The merge is a function of
// the pair, so keeping it changes no result.
const merges = new WeakMap<Alert, {with: Alert; merged: Alert}>();

function mergedOnce(a: Alert, b: Alert): Alert {
  const known = merges.get(a);
  if (known !== undefined && known.with === b) return known.merged;
  const merged = merge(a, b);
  merges.set(a, {with: b, merged});
  return merged;
}

/**
 * Deduplicates alerts by fingerprint across lists. Labels and annotations come from the first
 * report; `seenBy`, `silencedBy` and `inhibitedBy` are unions; the state is the most active one
 * (firing > pending > suppressed); `startsAt` the earliest; the ack the one lasting longest.
 * Order: first appearance. Inputs are not modified; an alert only one list reports is returned
 * as it is (not copied), and the same alert objects merged again give the same merged object.
 */
export function dedupeAlerts(lists: ReadonlyArray<readonly Alert[]>): Alert[] {
  const byFingerprint = new Map<string, Alert>();
  for (const list of lists) {
    for (const alert of list) {
      const seen = byFingerprint.get(alert.fingerprint);
      // An alert reported once is kept as the very object: unchanged alerts stay identical across polls.
      byFingerprint.set(alert.fingerprint, seen === undefined ? alert : mergedOnce(seen, alert));
    }
  }
  return [...byFingerprint.values()];
}
