/**
 * `?` at the smallest supported size (80x24) with the alerts pane focused: its whole section on
 * the first screen whatever row the cursor is on (the reasons a key is disabled for that row
 * vary), in the writable demo and in a read-only context, where every mutating key is disabled
 * and the reason is said once, after the section's title.
 */
import {describe, expect, it} from 'vitest';
import {helpSections} from '../../src/actions/help-sections.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {SMALL, dashboardCommand, focusOn, frameProblems, press, settle, tmuxTestHooks, wholeHelp} from './dashboard-checks.ts';
import {helpRows, screenLines} from './screen.ts';
import type {TmuxTerminal} from '../helpers/tmux.ts';

const launch = tmuxTestHooks();

// Every key of the alerts pane's section, from the registry (the same whatever the selection).
const alertKeys = helpSections(createRegistry(defaultKeymap, {}, {readOnly: false}).registry, {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: null}, 'alerts')[0]!.rows.map((r) => r.keys);

/** The cursor's row in the alerts pane: the line marked `›`. */
const cursorRow = (screen: string) => screenLines(screen).find((l) => l.startsWith('║›')) ?? '';

/**
 * Opens `?` on each row of the alerts pane, top to bottom, and returns the keys missing from its
 * first screen per row (rows with none left out) and how many rows were seen.
 */
async function walkAlertRows(t: TmuxTerminal): Promise<{missing: Record<string, string[]>; rows: number}> {
  const {cols, rows} = SMALL;
  await settle(t, (s) => [...frameProblems(s, cols, rows), ...(s.includes('checkout-availability') ? [] : ['no data yet'])]);
  await press(t, '2', focusOn('alerts', cols, rows));
  const missing: Record<string, string[]> = {};
  const seen: string[] = [];
  for (;;) {
    const screen = await t.capture();
    const row = cursorRow(screen);
    // The last row: j moved nothing (the same row is under the cursor again).
    if (seen.at(-1) === row) break;
    seen.push(row);
    await t.keys('?');
    const help = await wholeHelp(t);
    const first = helpRows(screenLines(help), cols);
    const gone = alertKeys.filter((k) => !first.some((r) => r.keys === k));
    if (gone.length > 0) missing[`row ${seen.length}: ${row.trim()}`] = gone;
    await press(t, 'Escape', (s) => (s.includes('Keys  (') ? ['help still open'] : []));
    await t.keys('j');
    // j on the last row changes nothing on screen: wait for a moved cursor or give up (long
    // enough for a loaded machine: a slow redraw read as "the last row" would end the walk early).
    await t.waitFor((s) => cursorRow(s) !== row, 5_000).catch(() => undefined);
    if (seen.length > 30) throw new Error('the alerts pane never ended');
  }
  return {missing, rows: seen.length};
}

describe('? at 80x24: the alerts pane section on the first screen', () => {
  it('on every alert row of the demo', {timeout: 120_000}, async () => {
    const t = await launch(dashboardCommand(['demo']), SMALL.cols, SMALL.rows);
    const {missing, rows} = await walkAlertRows(t);
    expect(rows).toBeGreaterThan(4);
    expect(missing).toEqual({});
  });

  it('on every alert row of the demo in a read-only context, saying read-only once in the title', {timeout: 120_000}, async () => {
    const t = await launch(dashboardCommand(['demo', '--read-only']), SMALL.cols, SMALL.rows);
    const {missing, rows} = await walkAlertRows(t);
    expect(rows).toBeGreaterThan(4);
    expect(missing).toEqual({});
    await t.keys('?');
    const help = screenLines(await wholeHelp(t));
    expect(help[4]).toMatch(/^║Alerts pane \(focused\) — read-only context: a, A, u, R disabled/);
    expect(help.filter((l) => l.includes('read-only'))).toHaveLength(1);
  });
});
