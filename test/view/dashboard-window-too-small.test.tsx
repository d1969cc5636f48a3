/**
 * A window smaller than the least layout (20x8: a split tmux pane, a dragged border): the layout
 * was drawn at 20x8 whatever the window, so at 16 columns every line wrapped and at 5 rows Ink
 * cleared the screen on every frame with the header scrolled off the top (README: "The screen
 * never grows past the window"). Such a window now gets one line, cut to its width, saying so.
 */
import {describe, expect, it} from 'vitest';
import stringWidth from 'string-width';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const lines = (frame: string) => frame.split('\n');
const tooWide = (frame: string, columns: number) => lines(frame).filter((l) => stringWidth(l) > columns);

describe('a window narrower than 20 columns', () => {
  it('at 16x10 draws no line wider than the window, and says it is too small', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 16, rows: 10});
    const frame = await h.waitFor((f) => f.includes('oncall: window'), 'the too-small line');
    expect(tooWide(frame, 16)).toEqual([]);
  });

  it('after a resize to 10 columns with the rollback confirmation open, no line is wider than the window; back at 80 the confirmation is there again', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 80, rows: 24});
    await h.waitFor((f) => f.includes('3 Deploys'), 'the deploys');
    await h.press('3');
    await h.press('R');
    await h.waitFor((f) => f.includes('ROLL BACK checkout'), 'the confirmation');
    await h.resize(10, 24);
    expect(tooWide(h.lastFrame(), 10)).toEqual([]);
    await h.resize(80, 24);
    await h.waitFor((f) => f.includes('ROLL BACK checkout'), 'the confirmation again');
  });
});

describe('a window shorter than 8 rows', () => {
  it('at 80x5 the frame has no more lines than the window', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 80, rows: 5});
    const frame = await h.waitFor((f) => f.includes('oncall: window too small'), 'the too-small line');
    expect(lines(frame).length).toBeLessThanOrEqual(5);
  });
});
