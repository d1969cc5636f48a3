/**
 * `keys: {back: [ctrl+g]}`: the rollback preview says `ctrl+g cancels`, and a wrong confirmation
 * text flashed `Type "checkout" exactly to confirm, or Esc to cancel` under it, naming Esc, which
 * does not cancel under this keymap. The flash names the key that cancels, as the preview does.
 */
import {describe, expect, it} from 'vitest';
import {eventForKey} from '../../src/actions/key-dispatch.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {initialUiState, uiReducer} from '../../src/actions/ui-state.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

describe('typed confirmation under keys: {back: [ctrl+g]}', () => {
  it('a wrong confirmation text names the key that cancels, not Esc', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 120, rows: 40, keyOverrides: {back: ['ctrl+g']}});
    await h.waitFor((f) => f.includes('v2.14.0'), 'the data');
    await h.press('3');
    await h.waitFor((f) => f.includes('▶ 3 Deploys'), 'deploys focused');
    await h.press('R');
    const preview = await h.waitFor((f) => f.includes('ROLL BACK checkout?'), 'the preview');
    expect(preview).toContain('ctrl+g cancels');
    await h.press('x');
    await h.settle();
    await h.press('\r');
    const flash = await h.waitFor((f) => f.includes('exactly to confirm'), 'the mismatch flash');
    const line = flash.split('\n').find((l) => l.includes('exactly to confirm')) ?? '';
    expect(line).not.toContain('Esc');
    expect(line).toContain('or ctrl+g to cancel');
  });
});

describe('the cancel key a wrong confirmation text names', () => {
  const alert = {kind: 'alert' as const, id: 'fp1', label: 'HighErrorRate', acked: false, hasRunbook: false};
  const ctx = {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: alert};
  // The flash after `x` and Enter in an ack's confirmation, with the event the key press makes.
  const mismatch = (overrides: Record<string, unknown>) => {
    const {registry, errors} = createRegistry(defaultKeymap, overrides, {readOnly: false});
    expect(errors).toEqual([]);
    const asked = uiReducer(initialUiState({focus: 'alerts'}), {type: 'ask', action: 'ack', target: alert, expected: 'yes'});
    const typed = uiReducer(asked, {type: 'text', text: 'x'});
    const enter = eventForKey(registry, typed, {key: 'enter', input: '\r'}, ctx, {rowCounts: {alerts: 1}, pageSize: 5, now: 1});
    return enter === null ? null : uiReducer(typed, enter).flash?.text;
  };

  it('is Esc under the default keymap', () => {
    expect(mismatch({})).toBe('Type "yes" exactly to confirm, or Esc to cancel');
  });

  it('is cancelInput\'s ctrl+c when back has no key, not an Esc that does nothing', () => {
    expect(mismatch({back: []})).toBe('Type "yes" exactly to confirm, or ctrl+c to cancel');
  });
});
