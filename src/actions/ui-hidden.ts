/**
 * The toggles that hide quiet alerts (acked, silenced, inhibited) from the alert pane, by key
 * (`h`, `s`, `i`) or by command (`:hide silenced acked`, `:show all`). The pane title then says
 * what is hidden and how many, so the counts on screen never read as "all there is".
 */
import {QUIET_KINDS, type HiddenKinds, type QuietKind} from '../domain/alert-states.ts';
import type {ActionId} from './action-ids.ts';

/** The quiet kind each toggle action flips. */
export const TOGGLE_KIND: Partial<Record<ActionId, QuietKind>> = {toggleAcked: 'acked', toggleSilenced: 'silenced', toggleInhibited: 'inhibited'};

/** The toggle action that hides each quiet kind: its key names it where a hidden row is explained. */
export const HIDE_TOGGLE: Record<QuietKind, ActionId> = {acked: 'toggleAcked', silenced: 'toggleSilenced', inhibited: 'toggleInhibited'};

/** `kinds` set to `hide`, and the footer message saying what is hidden now. */
export function setHidden(current: HiddenKinds, kinds: readonly QuietKind[], hide: boolean): {hidden: HiddenKinds; message: string} {
  const hidden = {...current};
  for (const kind of kinds) hidden[kind] = hide;
  const on = QUIET_KINDS.filter((k) => hidden[k]);
  const what = kinds.length === QUIET_KINDS.length ? 'acked, silenced and inhibited' : kinds.join(' and ');
  return {hidden, message: `${what} alerts ${hide ? 'hidden' : 'shown'}${on.length > 0 ? ` (hiding ${on.join(', ')})` : ''}`};
}

/**
 * The kinds named after `:hide` or `:show`: `acked`/`ack`/`acks`, `silenced`/`silences`,
 * `inhibited`, or `all`; a string is an error message.
 */
export function parseKinds(args: readonly string[]): QuietKind[] | string {
  if (args.length === 0) return 'name what: acked, silenced, inhibited or all';
  const kinds = new Set<QuietKind>();
  for (const arg of args.map((a) => a.toLowerCase())) {
    if (arg === 'all') QUIET_KINDS.forEach((k) => kinds.add(k));
    else if (['acked', 'ack', 'acks'].includes(arg)) kinds.add('acked');
    else if (['silenced', 'silence', 'silences'].includes(arg)) kinds.add('silenced');
    else if (['inhibited', 'inhibit', 'inhibitions'].includes(arg)) kinds.add('inhibited');
    else return `"${arg}" is not acked, silenced, inhibited or all`;
  }
  return QUIET_KINDS.filter((k) => kinds.has(k));
}
