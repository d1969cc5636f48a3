/**
 * The states an alert is in, as words: for `state=…` in the filter language and for the toggles
 * that hide quiet alerts (silenced, inhibited, acked), karma's "show silenced / inhibited" with
 * acks kept apart from other silences.
 */
import type {Alert} from './alert.ts';
import {ackIdsOf} from './alert-ack.ts';

/** The kinds of quiet alert a toggle can hide. */
export const QUIET_KINDS = ['acked', 'silenced', 'inhibited'] as const;

/** One kind of quiet alert. */
export type QuietKind = (typeof QUIET_KINDS)[number];

/** Which kinds are hidden. */
export type HiddenKinds = Readonly<Record<QuietKind, boolean>>;

/** Nothing hidden: the default. */
export const NOTHING_HIDDEN: HiddenKinds = {acked: false, silenced: false, inhibited: false};

/**
 * The quiet kinds an alert has: `acked` for an ack (a silence whose comment starts with the ack
 * prefix, held by every Alertmanager reporting the alert), `silenced` for any other silence,
 * `inhibited` for an inhibition. One alert may have several (acked and also inside a
 * maintenance silence).
 *
 * `silenced` and `inhibited` only while the alert is suppressed: a silence or inhibition on one
 * Alertmanager does not stop another from notifying, and an alert still firing there is not
 * quiet (the toggles would hide, and `state=silenced` list, an alert that pages). Every ack
 * silence is an ack, not a silence, also those `ack` does not name: unclustered Alertmanagers
 * each hold the same ack under an id of their own, and a partial ack is an ack still missing
 * somewhere.
 */
export function quietKinds(alert: Alert): QuietKind[] {
  const kinds: QuietKind[] = [];
  if (alert.ack) kinds.push('acked');
  if (alert.state !== 'suppressed') return kinds;
  if (alert.silencedBy.length > 0) {
    const acks = ackIdsOf(alert);
    if (alert.silencedBy.some((id) => !acks.has(id))) kinds.push('silenced');
  }
  if (alert.inhibitedBy.length > 0) kinds.push('inhibited');
  return kinds;
}

/** Every word `state=` can name. */
export const STATE_WORDS: readonly string[] = ['firing', 'pending', 'suppressed', 'active', ...QUIET_KINDS];

/**
 * Every word `state` matches for this alert: its state (`firing`, `pending`, `suppressed`),
 * `active` for anything not suppressed (karma's and Alertmanager's word), and its quiet kinds.
 */
export function alertStateWords(alert: Alert): string[] {
  return [alert.state, ...(alert.state === 'suppressed' ? [] : ['active']), ...quietKinds(alert)];
}

/** The first hidden kind the alert has, or null when it is shown. */
export function hiddenBy(alert: Alert, hidden: HiddenKinds): QuietKind | null {
  return quietKinds(alert).find((kind) => hidden[kind]) ?? null;
}

/** How many alerts each hidden kind hides (each alert counted once, under its first hidden kind). */
export type HiddenCounts = Record<QuietKind, number>;

/** Splits `alerts` into those shown and the counts of those hidden. */
export function applyHidden(alerts: readonly Alert[], hidden: HiddenKinds): {shown: Alert[]; hiddenCounts: HiddenCounts} {
  const hiddenCounts: HiddenCounts = {acked: 0, silenced: 0, inhibited: 0};
  if (!QUIET_KINDS.some((k) => hidden[k])) return {shown: [...alerts], hiddenCounts};
  const shown: Alert[] = [];
  for (const alert of alerts) {
    const kind = hiddenBy(alert, hidden);
    if (kind === null) shown.push(alert);
    else hiddenCounts[kind] += 1;
  }
  return {shown, hiddenCounts};
}

/**
 * Why a quiet alert is quiet, in one word: its first quiet kind (acked before silenced before
 * inhibited, as the toggles count what they hide), or `suppressed` for one suppressed by nothing
 * told apart (under an ack silence not every Alertmanager holds). Null for an active alert:
 * neither suppressed nor acked.
 */
export function quietWord(alert: Alert): QuietKind | 'suppressed' | null {
  if (alert.state !== 'suppressed' && !alert.ack) return null;
  return quietKinds(alert)[0] ?? 'suppressed';
}

/** How many quiet alerts each word of {@link quietWord} names (each alert once). */
export type QuietCounts = Record<QuietKind | 'suppressed', number>;

/** No quiet alert. */
export const NO_QUIET: Readonly<QuietCounts> = {acked: 0, silenced: 0, inhibited: 0, suppressed: 0};

/**
 * `1 silenced · 1 inhibited`: the words that count any alert, '' when none does. Kept apart: an
 * inhibited alert called "silenced/acked" read, during an incident, as one someone had handled.
 */
export function quietSummary(counts: Readonly<QuietCounts>): string {
  return ([...QUIET_KINDS, 'suppressed'] as const).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`).join(' · ');
}

/** `hiding 2 acked · 1 silenced`, or '' when nothing is hidden; says what toggles are on even at 0. */
export function hiddenSummary(hidden: HiddenKinds, counts: HiddenCounts): string {
  const on = QUIET_KINDS.filter((k) => hidden[k]);
  if (on.length === 0) return '';
  return `hiding ${on.map((k) => `${counts[k]} ${k}`).join(' · ')}`;
}
