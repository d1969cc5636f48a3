/**
 * `keys: {back: [ctrl+g]}` moves Esc's job to Ctrl+G. The help and details titles followed it;
 * the rollback preview's instruction, the past banner and the past's refusals still said `Esc`,
 * a key that then does nothing there. They name the keys as bound.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const MINUTE = 60_000;
const overrides = {back: ['ctrl+g']};

describe('Esc rebound to ctrl+g', () => {
  it('the rollback preview names the key that cancels it', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 120, rows: 40, keyOverrides: overrides});
    await h.waitFor((f) => f.includes('v2.14.0'), 'the data');
    await h.press('3');
    await h.waitFor((f) => f.includes('▶ 3 Deploys'), 'deploys focused');
    await h.press('R');
    const preview = await h.waitFor((f) => f.includes('ROLL BACK checkout?'), 'the preview');
    expect(preview).not.toContain('Esc cancels');
    expect(preview).toContain('Enter to confirm; ctrl+g cancels');
    // Esc does not cancel it under this keymap; ctrl+g does.
    await h.press('\u001b');
    await h.settle();
    expect(h.lastFrame()).toContain('ROLL BACK checkout?');
    await h.press('\u0007');
    await h.waitFor((f) => !f.includes('ROLL BACK checkout?'), 'the preview closed');
  });

  it('the past banner and the past\'s refusals name the key that returns to live', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 120, rows: 40, keyOverrides: overrides, initialAt: demo.startedAt - 5 * MINUTE});
    const frame = await h.waitFor((f) => f.includes('search-latency') && f.includes('THE PAST'), 'the past');
    const banner = frame.split('\n').find((l) => l.includes('THE PAST')) ?? '';
    expect(banner).not.toMatch(/Esc/);
    expect(banner).toContain('ctrl+g returns to live');
    await h.press('r'); // refresh is refused in the past, saying why
    const refusal = await h.waitFor((f) => /refresh: /.test(f.split('\n').at(-1) ?? ''), 'the refusal');
    expect(refusal.split('\n').at(-1)).not.toMatch(/Esc/);
    await h.press('\u0007');
    await h.waitFor((f) => !f.includes('THE PAST'), 'live again');
  });
});
