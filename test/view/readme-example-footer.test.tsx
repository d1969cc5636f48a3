/**
 * The README's example screen (the demo at 80x24: SLOs focused, checkout-availability selected,
 * no filter, no overlay) must offer the keys that screen offers, no more and no fewer. Its footer
 * once ended with `esc back`, which the bare dashboard does not offer (Esc there has nothing to
 * close or clear), and later offered `y copy`, which that row cannot do (it has no link) in place
 * of `t timeline`, which it can. Compared whole, so the next change to the footer's keys cannot
 * leave the README behind (README: keys that cannot act are left out or struck through). Drawn
 * with colour and without: with colour the disabled `y copy` stays in, struck through, and once
 * took `t timeline`'s room, so the default terminal still showed the old line.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, PLAIN, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const README = join(import.meta.dirname, '..', '..', 'README.md');

// Colour only decides whether a disabled hint is drawn (struck through) or left out; the test
// terminal draws no styles, so the no-colour palette keeps both frames plain text.
const LOOKS = [
  {name: 'without colour', look: PLAIN},
  {name: 'with colour', look: {...PLAIN, name: 'coloured', color: true}},
];

describe('the README example screen', () => {
  it.each(LOOKS)('has the footer line the demo draws at 80x24 $name', async ({look}) => {
    const said = readFileSync(README, 'utf8').split('\n').find((l) => l.startsWith('R rollback  j/k move'));
    expect(said).toBeDefined();
    const demo = createDemoEnvironment({now: () => Date.now()});
    // The size the example is drawn at: the footer leaves out keys for room as the example does.
    const h = await renderDashboard(demo.services, {columns: 80, rows: 24, look});
    const frame = await h.waitFor((f) => f.includes('checkout-availability') && f.includes('2 Alerts (7)') && f.includes('q quit'), 'the data');
    // The example's own screen: the same row selected, so the same keys can act.
    expect(frame).toMatch(/║› ✖ PAGE 1h&5m\s+checkout-availability/);
    const footer = frame.split('\n').at(-1) ?? '';
    expect(footer.trimEnd()).toBe(said!.trimEnd());
  });
});
