/**
 * Planning an ack before anything is sent: which silences to create (exact matchers on the
 * alert's identifying labels), which other alerts they would also silence (shown before the user
 * confirms), and which Alertmanagers receive them. Pure: `now` is a parameter.
 */
import {ackMatchers} from './alert-ack.ts';
import {matcherSetKey, sameMatcherSet} from './ack-targets.ts';
import type {Alert, Matcher, Silence, SilenceDraft} from './alert.ts';
import {expiredEarly} from './timeline-silences.ts';

/** How an ack silence is written (from the `ack:` config). */
export interface AckPlanOptions {
  /** Labels left out of the matchers: their value changes while the problem stays the same. */
  volatileLabels: readonly string[];
  durationMs: number;
  /** The silence's `createdBy`. */
  author: string;
  /** The comment prefix marking a silence as an ack, e.g. `ACK!`. */
  prefix: string;
  /** The user's own words, appended after the prefix. */
  comment?: string;
  now: number;
}

/** One silence to create, for `alert` and every other selected alert it covers. */
export interface AckDraft {
  alert: Alert;
  draft: SilenceDraft;
  /** The selected alerts this silence acks (`alert` first); several when they differ only in volatile labels. */
  covers: Alert[];
}

/** The silences of an ack, and the unselected alerts they would silence too. */
export interface AckPlan {
  drafts: AckDraft[];
  /** Alerts NOT selected that the matchers would also silence: show them before sending. */
  overreach: Alert[];
}

/**
 * The longest ack, in the dashboard and `oncall ack` alike: an ack is "I am on it", not a
 * maintenance window; longer is a silence, made on purpose.
 */
export const MAX_ACK_MS = 7 * 86_400_000;

/** The refusal of an ack longer than {@link MAX_ACK_MS}. */
export const MAX_ACK_TEXT = 'An ack lasts at most 7d; use a silence for longer';

/**
 * Whether an ack plan acknowledges PagerDuty incidents only: their rows get no silence, so the
 * ack has no length of its own to claim.
 */
export function sendsNoSilence(plan: Pick<AckPlan, 'drafts'>): boolean {
  return plan.drafts.length > 0 && plan.drafts.every((d) => d.alert.source !== undefined);
}

/** The comment of an ack silence: `ACK! <text>`, or just the prefix. */
export function ackComment(prefix: string, comment?: string): string {
  return `${prefix} ${comment ?? ''}`.trim();
}

/**
 * True when every matcher matches the alert's labels, with Alertmanager's semantics: a missing
 * label reads as the empty string, regexes are fully anchored, `isEqual: false` negates. An
 * invalid regex matches nothing (Alertmanager would have refused the silence).
 */
export function matchesSilence(alert: Alert, matchers: readonly Matcher[]): boolean {
  return matchers.every((m) => {
    const value = alert.labels[m.name] ?? '';
    let equal: boolean;
    if (m.isRegex) {
      try {
        equal = new RegExp(`^(?:${m.value})$`).test(value);
      } catch {
        return false;
      }
    } else equal = value === m.value;
    return equal === m.isEqual;
  });
}

/**
 * Plans the silences acking `alerts` (the selection: one alert, or a whole group). Alerts whose
 * matchers come out identical (they differ only in volatile labels) share one silence, so a
 * group ack never posts the same silence twice. `overreach` lists the alerts of `all` outside
 * the selection that the silences would match, in the order of `all`.
 */
export function planAck(alerts: readonly Alert[], all: readonly Alert[], opts: AckPlanOptions): AckPlan {
  const drafts: AckDraft[] = [];
  for (const alert of alerts) {
    const matchers = ackMatchers(alert, opts.volatileLabels);
    const same = drafts.find((d) => sameMatcherSet(d.draft.matchers, matchers));
    if (same) {
      if (!same.covers.some((a) => a.fingerprint === alert.fingerprint)) same.covers.push(alert);
      continue;
    }
    drafts.push({
      alert,
      covers: [alert],
      draft: {
        matchers,
        startsAt: opts.now,
        endsAt: opts.now + opts.durationMs,
        createdBy: opts.author,
        comment: ackComment(opts.prefix, opts.comment),
      },
    });
  }
  const selected = new Set(alerts.map((a) => a.fingerprint));
  const overreach = all.filter((a) => !selected.has(a.fingerprint) && drafts.some((d) => matchesSilence(a, d.draft.matchers)));
  return {drafts, overreach};
}

/** When and by how much ack-until-resolved extends an ack (kthxbye's defaults). */
export interface ExtendOptions {
  /** Extend an ack that ends within this long; default 5 minutes. */
  extendIfExpiringInMs?: number;
  /** The extended ack ends this long after `now`; default 15 minutes. */
  extendByMs?: number;
  /** Only silences whose comment starts with this prefix are acks we may extend. */
  prefix: string;
  /**
   * Only silences created by this author. Two dashboards extending the same silence would
   * each replace it and fork it in two; each extends only its own user's acks.
   */
  author?: string;
  now: number;
}

/** Defaults of {@link ExtendOptions}. */
export const EXTEND_DEFAULTS = {extendIfExpiringInMs: 5 * 60_000, extendByMs: 15 * 60_000} as const;

/** One ack to extend: the silence as it is, and the draft that replaces it (`id` set). */
export interface AckExtension {
  silence: Silence;
  draft: SilenceDraft;
  /** The alerts still firing under this silence: why it is extended. */
  alerts: Alert[];
}

// True when `other` is a second ack of the same author and matchers that ends later (ties: by id).
function outlasts(other: Silence, silence: Silence, prefix: string): boolean {
  if (other === silence || other.state !== 'active' || other.createdBy !== silence.createdBy || !other.comment.startsWith(prefix)) return false;
  if (!sameMatcherSet(other.matchers, silence.matchers)) return false;
  return other.endsAt > silence.endsAt || (other.endsAt === silence.endsAt && other.id > silence.id);
}

/**
 * The firing alerts still silenced by one of the user's own acks (active, an ack by prefix and
 * author), whatever its end, by fingerprint: what ack-until-resolved is still keeping on this
 * Alertmanager. Alerts, not silences: an alert under two of the user's acks is one alert kept.
 * None means its duty there is done (the alerts resolved, or the acks were removed or ended).
 * @param ackedAlerts the alerts one Alertmanager currently reports
 * @param silences the silences of that same Alertmanager
 */
export function heldAckedAlerts(ackedAlerts: readonly Alert[], silences: readonly Silence[], opts: Pick<ExtendOptions, 'prefix' | 'author' | 'now'>): string[] {
  const own = new Set(
    silences
      .filter((s) => s.state === 'active' && s.endsAt > opts.now && s.comment.startsWith(opts.prefix) && (opts.author === undefined || s.createdBy === opts.author))
      .map((s) => s.id),
  );
  return [...new Set(ackedAlerts.filter((a) => a.state !== 'pending' && a.silencedBy.some((id) => own.has(id))).map((a) => a.fingerprint))];
}

/**
 * The ids of ack silences (`prefix`, by `author`) these silences of one peer show expired early
 * (by a write, not run out) with no active ack of the same matchers by the author beside them: unacked there, not replaced by an
 * update (an older Alertmanager extends by a new id and expires the old). A copy of such a silence
 * another peer still lists active (gossip lag, a partition) must never be extended: that would
 * undo the unack, and gossip would carry it back to every peer.
 */
export function unackedAckIds(silences: readonly Silence[], opts: {prefix: string; author?: string | undefined}): Set<string> {
  const own = (s: Silence) => s.comment.startsWith(opts.prefix) && (opts.author === undefined || s.createdBy === opts.author);
  // A replacement not yet started (`pending`, the client's clock ahead) stands beside it as well.
  const live = new Set(silences.filter((s) => own(s) && s.state !== 'expired').map((s) => matcherSetKey(s.matchers)));
  // Expired early (by a write), not run out: a copy that ran out on a peer partitioned when it
  // was due says nothing of the ack the others still hold.
  return new Set(silences.filter((s) => own(s) && expiredEarly(s) && !live.has(matcherSetKey(s.matchers))).map((s) => s.id));
}

/**
 * Ack-until-resolved: the ack silences to extend now. A silence qualifies when it is active, is
 * an ack (prefix, and author when given), ends within `extendIfExpiringInMs`, and silences at
 * least one alert that still fires (an alert in `ackedAlerts` listing it in `silencedBy`; a
 * resolved alert is gone from the list). The replacement keeps matchers, start, author and
 * comment and ends `extendByMs` from now. Alertmanager may answer the replacement with a new id.
 * @param ackedAlerts the alerts one Alertmanager currently reports
 * @param silences the silences of that same Alertmanager
 */
export function planExtend(ackedAlerts: readonly Alert[], silences: readonly Silence[], opts: ExtendOptions): AckExtension[] {
  const within = opts.extendIfExpiringInMs ?? EXTEND_DEFAULTS.extendIfExpiringInMs;
  const by = opts.extendByMs ?? EXTEND_DEFAULTS.extendByMs;
  const out: AckExtension[] = [];
  for (const silence of silences) {
    if (silence.state !== 'active' || silence.endsAt <= opts.now || silence.endsAt - opts.now > within) continue;
    if (!silence.comment.startsWith(opts.prefix)) continue;
    if (opts.author !== undefined && silence.createdBy !== opts.author) continue;
    const alerts = ackedAlerts.filter((a) => a.state !== 'pending' && a.silencedBy.includes(silence.id));
    if (alerts.length === 0) continue;
    // Acks stacked by an older version: extend the one ending last, let the others run out.
    if (silences.some((other) => outlasts(other, silence, opts.prefix))) continue;
    out.push({
      silence,
      alerts,
      draft: {
        id: silence.id,
        matchers: silence.matchers.map((m) => ({...m})),
        startsAt: silence.startsAt,
        endsAt: Math.max(silence.endsAt, opts.now + by),
        createdBy: silence.createdBy,
        comment: silence.comment,
      },
    });
  }
  return out;
}
