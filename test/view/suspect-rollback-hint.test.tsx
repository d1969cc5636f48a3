/**
 * The `(R)` beside an alert group's suspect deploy and the details' "R rolls it back" offer the
 * rollback key. They were written literally: shown in a read-only context, without a rollback
 * backend (where R is refused) and as `R` after `keys:` moved the rollback to another key. They
 * are offered only where the rollback can run, naming its key as bound.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

describe('the suspect deploy\'s rollback hint', () => {
  it('a read-only context does not offer (R), since R is refused there', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard({...demo.services, readOnly: true}, {columns: 120, rows: 40});
    await h.waitFor((f) => f.includes('CheckoutHighErrorRate'), 'the data');
    await h.press('2');
    const frame = await h.waitFor((f) => f.includes('⚑ v2.14.0'), 'the suspect');
    await h.press('R');
    expect(await h.waitFor((f) => f.includes('read-only'), 'the refusal')).toContain('rollback: read-only context');
    expect(frame).not.toContain('⚑ v2.14.0 (R)');
  });

  it('after keys: {rollback: X} the row offers (X), not R', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 120, rows: 40, keyOverrides: {rollback: 'X'}});
    await h.waitFor((f) => f.includes('CheckoutHighErrorRate'), 'the data');
    await h.press('2');
    const frame = await h.waitFor((f) => f.includes('⚑ v2.14.0'), 'the suspect');
    expect(frame).toMatch(/X rollback/);
    expect(frame).not.toContain('(R)');
    expect(frame).toContain('⚑ v2.14.0 (X)');
  });

  it('SLO details say which key rolls it back, and say none without a rollback backend', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const live = await renderDashboard(demo.services, {columns: 120, rows: 40, keyOverrides: {rollback: 'X'}});
    await live.waitFor((f) => f.includes('search-latency'), 'the data');
    await live.press('\r'); // details of the top SLO row, checkout-availability
    expect(await live.waitFor((f) => f.includes('SLO details'), 'the details')).toContain('(X rolls it back)');
    live.unmount();

    const h = await renderDashboard({...demo.services, rollbacker: null}, {columns: 120, rows: 40});
    await h.waitFor((f) => f.includes('search-latency'), 'the data');
    await h.press('\r');
    const details = await h.waitFor((f) => f.includes('SLO details'), 'the details');
    await h.press('R');
    const after = await h.waitFor((f) => /rollback: /.test(f.split('\n').at(-1) ?? ''), 'the refusal');
    expect(after.split('\n').at(-1)).toContain('no rollback backend');
    expect(details).toContain('suspect');
    expect(details).not.toContain('rolls it back');
  });

  it('SLO details do not say "R rolls it back" in a read-only context', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard({...demo.services, readOnly: true}, {columns: 120, rows: 40});
    await h.waitFor((f) => f.includes('search-latency'), 'the data');
    await h.press('\r');
    const details = await h.waitFor((f) => f.includes('SLO details'), 'the details');
    expect(details).toContain('suspect');
    expect(details).not.toContain('rolls it back');
  });
});
