/**
 * What ack-until-resolved did to each alert's ack, from the keeper's last run: extended, not
 * extended (failed) or unknown (sent, its answer lost). Pure: the keeper's run and the alerts in,
 * one state per alert fingerprint out, for the row, the details and the footer.
 */
import type {Alert} from './alert.ts';
import {ackIdsOf} from './alert-ack.ts';
import {EXTEND_DEFAULTS} from './ack-plan.ts';

/** One replaced silence: the id it had and the id Alertmanager returned. */
export interface AckExtended {
  source: string;
  previousId: string;
  silenceId: string;
  endsAt: number;
  fingerprints: string[];
}

/**
 * An ack the keeper could not extend (`silenceId` set), or a source it could not read. A failed
 * replacement names the alerts it keeps silenced and when the ack ends unless extended.
 */
export interface AckNotExtended {
  source: string;
  silenceId?: string;
  error: string;
  fingerprints?: string[];
  endsAt?: number;
  /** The alerts' names by fingerprint, for a footer line of a context not shown (no alert list there). */
  names?: Record<string, string>;
}

/** A replacement sent whose answer was lost and whose silences could not be read back. */
export interface AckExtensionUnknown {
  source: string;
  silenceId: string;
  error: string;
  fingerprints?: string[];
  endsAt?: number;
  /** As for {@link AckNotExtended}. */
  names?: Record<string, string>;
}

/** What one run of the keeper did. */
export interface AckKeeperRun {
  at: number;
  extended: AckExtended[];
  /** Sources that could not be read, and replacements that failed (tried again next run). */
  failed: AckNotExtended[];
  /**
   * Replacements sent whose answer was lost and whose silences could not be read back: they may
   * have landed. The next run's read settles it: an extended ack is no longer about to end, and
   * one that did not land is replaced again, by its id, so never duplicated.
   */
  unknown: AckExtensionUnknown[];
  /**
   * Alertmanagers (one cluster's peers, or one alone) none of which could be read: the acks they
   * hold were not looked at, so none of them that was about to end was extended.
   */
  unread?: Array<{sources: string[]; error: string}>;
  /** When the keeper runs next (epoch ms); null when it runs only when asked. */
  nextAt?: number | null;
  /**
   * The last extension of each alert's ack, kept across runs until that extension has ended,
   * with the silences it is about (the new ids and those they replaced): it speaks of the alert's
   * ack only while that ack is one of them.
   */
  lastExtended?: Record<string, LastExtension>;
  /**
   * How many firing alerts the run saw still silenced by one of the user's own acks, on the
   * Alertmanagers it read (see `heldAckedAlerts`): while some remain the keeper has work even for
   * a context not shown. Alerts, not silences: one ack of an alert two Alertmanagers see is a
   * silence on each, and the user made one.
   */
  held?: number;
  /** The newest ack or unack of the process when the run began (a mutation id; see `newestSilenceAction`). */
  actionsSeen?: number;
  /**
   * The user's acks of the run's context in flight when the run began (mutation ids): one may
   * have landed after the run read its Alertmanagers, so the run's `held` may not count it.
   */
  acksInFlight?: number[];
}

/**
 * Whether the keeper still owes `run`'s context its runs when the context is not shown: true
 * while the run saw own acks still held, could not read an Alertmanager (its acks were not
 * looked at), left a replacement failed or unknown, or has not run yet; and when the user acked
 * in that context since the run began, or had an ack in flight when it began (`ackedSince`: the
 * run may not have seen that ack).
 * False only once a run read every Alertmanager and found nothing of the user's left to keep.
 */
export function keeperOwes(run: AckKeeperRun | undefined, ackedSince: boolean): boolean {
  if (!run || ackedSince) return true;
  if ((run.held ?? 0) > 0 || (run.unread?.length ?? 0) > 0 || run.unknown.length > 0) return true;
  return run.failed.some((f) => f.silenceId !== undefined);
}

/**
 * The failed and unknown replacements of `run` by alert, for a context not shown: no alert list
 * is read there but the keeper's own, so the run's word stands as it is (the alerts it was about
 * were the ones its read showed). Unread Alertmanagers are said apart (see `keeperUnshownText`).
 */
export function runKept(run: AckKeeperRun): ReadonlyMap<string, KeptAck> {
  const out = new Map<string, KeptAck>();
  const nextAt = run.nextAt ?? null;
  const base = (source: string) => ({lastExtended: null, at: run.at, nextAt, source});
  for (const u of run.unknown) for (const fp of u.fingerprints ?? []) out.set(fp, {...base(u.source), status: 'unknown', endsAt: u.endsAt ?? null, error: u.error});
  for (const f of run.failed) for (const fp of f.fingerprints ?? []) if (f.silenceId !== undefined) out.set(fp, {...base(f.source), status: 'failed', endsAt: f.endsAt ?? null, error: f.error});
  return out;
}

/** One alert's last extension: when, the end it gave, and the silences it made and replaced. */
export interface LastExtension {
  at: number;
  endsAt: number;
  silenceIds: string[];
}

/** What the keeper did last to one alert's ack. */
export interface KeptAck {
  status: 'extended' | 'failed' | 'unknown';
  /** When the ack ends as the keeper last knew it; for an extension, the new end. */
  endsAt: number | null;
  /** The last extension that landed, and the end it gave. */
  lastExtended: {at: number; endsAt: number} | null;
  /** Why it was not extended, as the keeper said it (a backend's words: sanitize before drawing). */
  error: string | null;
  /** The run this comes from. */
  at: number;
  /** When the keeper tries again; null when it runs only when asked. */
  nextAt: number | null;
  /** The Alertmanager the run spoke of; empty for an extension carried from an earlier run. */
  source: string;
}

/** Whose acks the keeper extends, and how soon before their end. */
export interface KeptAckOptions {
  author?: string;
  prefix?: string;
  extendIfExpiringInMs?: number;
}

/**
 * Each alert's {@link KeptAck} after `run`. Alerts of an Alertmanager the run could not read at
 * all count as not extended when they hold an own ack that was due for extension (ending within
 * the window): the keeper never saw them, and the screen must not let them pass for kept.
 */
export function keptAcks(run: AckKeeperRun | undefined, alerts: readonly Alert[], opts: KeptAckOptions = {}): ReadonlyMap<string, KeptAck> {
  const out = new Map<string, KeptAck>();
  if (!run) return out;
  const nextAt = run.nextAt ?? null;
  // An extension speaks of the alert's ack only while that ack is one the keeper kept: after an
  // unack, or an ack made anew, "extended until resolved" would be untrue. The silence replaced
  // counts too: the alerts may not have been read since the run.
  // A partial ack (some Alertmanagers hold it, others not) is the alert's ack as much as a whole
  // one: the keeper extends it where it is, and the details say so. Every ack silence of the
  // alert counts, not only the one `ack` names: unclustered Alertmanagers each hold the ack under
  // an id of their own, and a failure on the one not named still pages once its silence ends.
  const ackIds = new Map(alerts.map((a) => [a.fingerprint, ackIdsOf(a)]));
  const isAck = (fp: string, ids: readonly string[]) => {
    const held = ackIds.get(fp);
    return held !== undefined && ids.some((id) => held.has(id));
  };
  const last = (fp: string) => {
    const e = run.lastExtended && Object.hasOwn(run.lastExtended, fp) ? run.lastExtended[fp]! : null;
    return e && isAck(fp, e.silenceIds) ? {at: e.at, endsAt: e.endsAt} : null;
  };
  const base = (fp: string, source: string) => ({lastExtended: last(fp), at: run.at, nextAt, source});
  for (const e of run.extended) for (const fp of e.fingerprints) if (isAck(fp, [e.silenceId, e.previousId])) out.set(fp, {...base(fp, e.source), status: 'extended', endsAt: e.endsAt, error: null});
  // A failure or an unknown is about the silence it tried to replace: once the alert's ack is
  // another one (unacked, or acked anew), it no longer speaks of the alert's ack.
  for (const u of run.unknown) for (const fp of u.fingerprints ?? []) if (isAck(fp, [u.silenceId])) out.set(fp, {...base(fp, u.source), status: 'unknown', endsAt: u.endsAt ?? null, error: u.error});
  // A failure wins over a success of another of the alert's silences: one ack ending still pages.
  for (const f of run.failed) for (const fp of f.fingerprints ?? []) if (f.silenceId !== undefined && isAck(fp, [f.silenceId])) out.set(fp, {...base(fp, f.source), status: 'failed', endsAt: f.endsAt ?? null, error: f.error});
  // Extended by an earlier run and not due since, the alert's ack still that silence: kept, and
  // the details say when.
  for (const [fp, e] of Object.entries(run.lastExtended ?? {})) if (!out.has(fp) && last(fp)) out.set(fp, {...base(fp, ''), status: 'extended', endsAt: e.endsAt, error: null});
  const within = opts.extendIfExpiringInMs ?? EXTEND_DEFAULTS.extendIfExpiringInMs;
  for (const unread of run.unread ?? []) {
    for (const a of alerts) {
      const ack = a.ack;
      if (!ack || out.has(a.fingerprint) || !a.seenBy.some((s) => unread.sources.includes(s))) continue;
      if (opts.author !== undefined && ack.by !== opts.author) continue;
      if (opts.prefix !== undefined && !ack.comment.startsWith(opts.prefix)) continue;
      if (ack.until <= run.at || ack.until - run.at > within) continue;
      const source = a.seenBy.find((s) => unread.sources.includes(s))!;
      out.set(a.fingerprint, {...base(a.fingerprint, source), status: 'failed', endsAt: ack.until, error: unread.error});
    }
  }
  return out;
}

/**
 * The extensions of `run` added to the ones before it, without those that have ended by then
 * (an ended extension says nothing of the ack now).
 */
export function mergeLastExtended(before: AckKeeperRun['lastExtended'], run: Pick<AckKeeperRun, 'at' | 'extended'>): Record<string, LastExtension> {
  const out: Record<string, LastExtension> = {};
  for (const [fp, e] of Object.entries(before ?? {})) if (e.endsAt > run.at) out[fp] = e;
  const fresh = new Set<string>();
  for (const e of run.extended) {
    for (const fp of e.fingerprints) {
      // One alert on several Alertmanagers: each one's silence is its ack there.
      const ids = fresh.has(fp) ? out[fp]!.silenceIds : [];
      out[fp] = {at: run.at, endsAt: e.endsAt, silenceIds: [...ids, e.silenceId, e.previousId]};
      fresh.add(fp);
    }
  }
  return out;
}

/** The time of day of `ms` as the keeper's lines say it, `10:42:05Z`. */
export function keeperClock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)}Z`;
}
