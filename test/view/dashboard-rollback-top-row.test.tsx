/**
 * The deploy pane after `3`: the cursor is "the top row" (never moved), on checkout v2.14.0,
 * ⚑ SUSPECT. A colleague's hotfix (checkout v2.14.1) lands on the next poll and becomes the top
 * row; the `R` the user meant for v2.14.0 now plans "checkout v2.14.1 → v2.14.0": rolling the fix
 * back onto the bad release. The confirmation asks for the very word the user expected to type
 * ("checkout"), so only reading the from → to line stops it.
 */
import {describe, expect, it} from 'vitest';
import type {Deploy} from '../../src/domain/deploy.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const selectedLine = (f: string) => f.split('\n').find((l) => l.includes('› ')) ?? '';

describe('R on the deploy pane\'s top row, never moved', () => {
  it('does not plan a rollback of a deploy that arrived on top after the user looked', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    let hotfix: Deploy | null = null;
    const ci = demo.services.deploySource!.capabilities;
    const services = {
      ...demo.services,
      deploySource: {...demo.services.deploySource!, capabilities: {...ci, listDeploys: async () => {
        const read = await ci.listDeploys();
        return hotfix ? {...read, value: [hotfix, ...read.value]} : read;
      }}},
    };
    const h = await renderDashboard(services, {columns: 100, rows: 30});
    await h.waitFor((f) => /3 Deploys \(\d+\)/.test(f), 'the deploys');
    await h.press('3');
    expect(selectedLine(h.lastFrame())).toMatch(/checkout\s+v2\.14\.0/);
    // A hotfix by someone else, just finished.
    hotfix = {id: 'hotfix-1', service: 'checkout', version: 'v2.14.1', environment: 'production', status: 'success', startedAt: Date.now(), author: 'colleague', url: null};
    await h.waitFor((f) => f.includes('v2.14.1'), 'the next poll', 15_000);
    await h.press('R');
    await h.settle();
    // Was: the confirmation of "from → to     v2.14.1 → v2.14.0", the hotfix rolled back onto the
    // bad release, asking for the very word the user expected to type. Now `R` is refused once,
    // saying the selection moved and to which row.
    const frame = h.lastFrame();
    const fromTo = frame.split('\n').find((l) => l.includes('from → to')) ?? '';
    expect(fromTo).not.toContain('v2.14.1');
    expect(frame.split('\n').at(-1)).toMatch(/selection moved, press R again to act on checkout v2\.14\.1/);
    // Pressed again, with the hotfix seen selected, `R` goes on: its confirmation names it.
    await h.press('R');
    const confirm = await h.waitFor((f) => f.includes('from → to'), 'the rollback confirmation');
    expect(confirm.split('\n').find((l) => l.includes('from → to'))).toContain('v2.14.1');
  });
});
