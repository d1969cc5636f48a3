/**
 * The row the open details are about, followed by its key rather than by the pane's selection:
 * when that row resolves, the selection moves on to its neighbour, and details (and the keys
 * pressed in them) that followed the selection would silently become the neighbour's. Pure.
 */
import type {SelectionInfo} from '../actions/keymap.ts';
import {sanitize} from '../domain/sanitize.ts';
import {hiddenBy, type HiddenKinds, type QuietKind} from '../domain/alert-states.ts';
import type {Alert} from '../domain/alert.ts';
import type {KeyedRow} from '../actions/ui-selection.ts';
import type {PickedRow} from '../actions/ui-types.ts';
import type {DetailLine} from './rows/detail-lines.ts';

/** A detail view: its title and lines. */
export interface Detail {
  title: string;
  lines: DetailLine[];
}

/**
 * The index of the details' row in `rows` as drawn now, found by its key; -1 when it is no longer
 * listed. Details opened without a row (none was captured) show the selected row, `selected`.
 */
export function detailRowIndex(rows: ReadonlyArray<KeyedRow>, row: PickedRow | undefined, selected: number): number {
  if (!row) return selected;
  // Fast path: the selection follows the same row by key, so it is usually where it was.
  if (rows[selected]?.key === row.key) return selected;
  return rows.findIndex((r) => r.key === row.key);
}

/** Why an action that changes the details' row is refused once that row is no longer listed. */
export function goneReason(target: SelectionInfo): string {
  return `${sanitize(target.label)} is no longer listed (resolved?)`;
}

/**
 * The details of a row no longer listed: the last ones shown (null: none were), under a first
 * line that says so, so the screen never passes them off as current.
 */
export function goneDetail(last: Detail | null, target: SelectionInfo): Detail {
  const line: DetailLine = {label: 'row', value: `NO LONGER LISTED (resolved?): ${sanitize(target.label)}; the last details shown, actions on it are off`, tone: 'critical'};
  return last ? {title: last.title, lines: [line, ...last.lines]} : {title: 'Details', lines: [line]};
}

/**
 * Why an alert its context still reads is not drawn: `hidden (h)` when a hide toggle (named by
 * its key) leaves it out, else `hidden by the filter`. Never "resolved": it is still firing. A
 * group's members still read each give theirs, once each (`hidden (h), hidden (s)`).
 */
export function hiddenReason(alerts: readonly Alert[], hidden: HiddenKinds, keyOf: (kind: QuietKind) => string | undefined): string {
  const reasons = new Set<string>();
  for (const alert of alerts) {
    const kind = hiddenBy(alert, hidden);
    if (kind === null) reasons.add('hidden by the filter');
    else reasons.add(`hidden (${keyOf(kind) ?? kind})`);
  }
  return [...reasons].join(', ');
}

/** The details of an alert still read but not drawn, under a first line saying why, with its keys on. */
export function hiddenDetail(detail: Detail, reason: string, target: SelectionInfo): Detail {
  const line: DetailLine = {label: 'row', value: `${reason}: ${sanitize(target.label)} is still read, only not drawn in the table; the keys here act on it`, tone: 'warn'};
  return {title: detail.title, lines: [line, ...detail.lines]};
}
