/**
 * R's preview of a Deploys row that is not what runs, at the README's 80x24 in the demo. Its plan
 * warning says what confirming replaces; it was one line cut at the box's edge, counted by
 * `rollbackPreviewFits` by number alone, so the deciding clause was cut off while Enter still
 * confirmed. It now leads with what confirming does and wraps onto lines the fit test counts: the
 * whole warning is on screen, or Enter is held.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {rollbackPreviewFits} from '../../src/view/components/RollbackPreview.tsx';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

// The box's inner text, lines with their border stripped.
const inner = (frame: string) => frame.split('\n').map((l) => l.replace(/^[║│]/, '').replace(/[║│]\s*$/, '').trimEnd());
// The text of lines read as one: a wrapped sentence reads whole, whatever its indent.
const asOne = (lines: readonly string[]) => lines.join(' ').replace(/\s+/g, ' ');

describe('R on a Deploys row that is not what runs, at 80x24 (demo)', () => {
  it('shows the not-live warning whole, what confirming replaces first, without holding Enter', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 80, rows: 24});
    await h.waitFor((f) => /crit/.test(f) && f.includes('q quit'), 'the demo');
    await h.press('3');
    // Down to checkout v2.13.2 in production (v2.14.0 is live there).
    for (let i = 0; i < 12 && !/› .*checkout\s+v2\.13\.2\s+production/.test(h.lastFrame()); i++) await h.press('j');
    expect(h.lastFrame()).toMatch(/› .*checkout\s+v2\.13\.2\s+production/);
    await h.press('R');
    const frame = await h.waitFor((f) => f.includes('ROLL BACK checkout'), 'the preview');
    const lines = inner(frame);
    expect(lines.some((l) => /^⚠ confirming replaces v2\.14\.0 \(live, deployed \d+m ago\)/.test(l)), frame).toBe(true);
    expect(frame).not.toContain('Terminal too small');
    expect(asOne(lines)).toMatch(/⚠ confirming replaces v2\.14\.0 \(live, deployed \d+m ago\) with v2\.13\.1: checkout v2\.13\.2 is not what runs\./);
  }, 60_000);

  it('rollbackPreviewFits counts the lines a plan warning wraps onto at the box width', () => {
    const plan = {service: 'checkout', environment: 'production', fromVersion: 'v2.13.2', toVersion: 'v2.13.1', description: 'ci: roll back checkout', idempotencyKey: 'k'} as never;
    const planWarnings = ['if checkout v2.13.2 went out (its outcome is not known), confirming replaces it with v2.13.1; if not, v2.14.0 is live (deployed 12m ago)'];
    const fits = (width: number, height: number) => rollbackPreviewFits({plan, warnings: [], planWarnings, width, height});
    // Essential: the title, the warning, the environment and from → to, inside a border of 2.
    // 80 columns (78 inside): the 130-cell warning takes 2 lines, so 2 + 5 rows are needed.
    expect([6, 7].map((height) => fits(80, height))).toEqual([false, true]);
    // Where it is one line, one row less.
    expect(fits(200, 6)).toBe(true);
  });
});
