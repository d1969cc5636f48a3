/**
 * `keys: {openRunbook: [o, r]}` is accepted (a pane key may shadow a global one). In the alerts
 * pane `r` then opens the runbook; the footer knew (it leaves `r refresh` out there), but `?`
 * opened from that pane still listed `r  Refresh every pane now` under General, "everywhere".
 * The help leaves the key out of that row there and says what it does in this pane.
 */
import {describe, expect, it} from 'vitest';
import {helpSections} from '../../src/actions/help-sections.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {PANES} from '../../src/actions/panes.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const ctx = {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: null};
const rowOf = (overrides: Record<string, unknown>, focus: (typeof PANES)[number], id: string) =>
  helpSections(createRegistry(defaultKeymap, overrides, {readOnly: false}).registry, ctx, focus).flatMap((s) => s.rows).find((r) => r.id === id);

describe('help under a shadowing override', () => {
  it('leaves the shadowed key out of the row in that pane only, saying what it does there', () => {
    expect(rowOf({openRunbook: ['o', 'r']}, 'alerts', 'refresh')).toMatchObject({keys: 'none here', shadowed: ['r: runbook']});
    expect(rowOf({openRunbook: ['o', 'r'], refresh: ['r', 'ctrl+r']}, 'alerts', 'refresh')).toMatchObject({keys: 'ctrl+r', shadowed: ['r: runbook']});
    expect(rowOf({openRunbook: ['o', 'r']}, 'slos', 'refresh')).toMatchObject({keys: 'r', shadowed: []});
  });

  it('finds nothing shadowed with the default keys, in any pane', () => {
    const registry = createRegistry(defaultKeymap, {}, {readOnly: false}).registry;
    for (const pane of PANES) expect(helpSections(registry, ctx, pane).flatMap((s) => s.rows).filter((r) => r.shadowed.length > 0).map((r) => r.id), pane).toEqual([]);
  });

  it('does not list r as Refresh in the alerts pane, where r opens the runbook', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 120, rows: 60, keyOverrides: {openRunbook: ['o', 'r']}});
    await h.waitFor((f) => f.includes('CheckoutHighErrorRate'), 'the data');
    await h.press('2');
    const pane = await h.waitFor((f) => f.includes('▶ 2 Alerts'), 'alerts focused');
    expect(pane.split('\n').at(-1)).not.toMatch(/\br refresh/);
    await h.press('?');
    const help = await h.waitFor((f) => f.includes('Keys  ('), 'the help');
    const refreshRow = help.split('\n').find((l) => l.includes('Refresh every pane now')) ?? '';
    expect(refreshRow).not.toMatch(/║\s+r\s+Refresh/);
    expect(refreshRow).toContain('none here');
    expect(help).toContain('in this pane r: runbook');
  });
});
