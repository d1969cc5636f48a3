/**
 * The README's example screen (the bare dashboard: SLOs focused, no filter, no overlay) ended
 * its footer with `esc back`, which the bare dashboard no longer offers: Esc there has nothing to
 * close or clear, and such a key is left out (README: keys that cannot act are left out or struck
 * through). The example must not offer a key the screen it shows does not.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const README = join(import.meta.dirname, '..', '..', 'README.md');

describe('the README example screen', () => {
  it('offers `esc back` only if the bare dashboard does', async () => {
    const said = readFileSync(README, 'utf8').split('\n').find((l) => l.startsWith('R rollback  j/k move'));
    expect(said).toBeDefined();
    const demo = createDemoEnvironment({now: () => Date.now()});
    // Wide enough that the footer leaves out no key for room.
    const h = await renderDashboard(demo.services, {columns: 200, rows: 50});
    const frame = await h.waitFor((f) => /crit/i.test(f) && f.includes('q quit'), 'the data');
    const footer = frame.split('\n').at(-1) ?? '';
    expect(said!.includes('esc back')).toBe(footer.includes('esc back'));
  });
});
