/**
 * Key presses reach the screen in one render each (a second render would fall inside Ink's
 * frame throttle and hold the frame back), and type-ahead still acts press by press.
 */
import {cleanup, render} from 'ink-testing-library';
import {Profiler} from 'react';
import {describe, expect, it, vi} from 'vitest';
import {discardRecorder} from '../../src/domain/action-log.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {Dashboard} from '../../src/view/Dashboard.tsx';
import {dashboardSettings, dashboardTestHooks, PLAIN, renderDashboard, type Harness} from './dashboard-harness.tsx';

let harness: Harness | null = null;

dashboardTestHooks({stubTerminalSize: true});

const loaded = (f: string) => f.includes('CheckoutHighErrorRate') && f.includes('checkout-availability') && f.includes('v2.14.0');
/** The line of the alerts pane's selected row (the focused pane marks it with `║›`). */
const selectedLine = (frame: string) => frame.split('\n').find((l) => l.includes('║›')) ?? '';

describe('Dashboard key input', () => {
  it('handles a lone key press in one commit (a second one would wait out Ink\'s frame throttle)', async () => {
    const client = createQueryClient({retry: 0});
    let commits = 0;
    const app = render(
      <Profiler id="dashboard" onRender={() => commits++}>
        <Dashboard
          client={client}
          services={createDemoEnvironment({now: () => Date.now()}).services}
          look={PLAIN}
          settings={dashboardSettings()}
          terminal={{env: {}, platform: 'linux', writeRaw: () => {}}}
          keyOverrides={{}}
          notes={[]}
          openContext={() => 'none'}
          loadLook={() => 'none'}
          record={discardRecorder}
          onQuit={() => {}}
        />
      </Profiler>,
    );
    try {
      const settle = async () => {
        for (let i = 0; i < 5; i++) {
          await vi.advanceTimersByTimeAsync(0);
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      };
      for (let waited = 0; !loaded(app.lastFrame() ?? '') && waited < 2000; waited += 10) {
        await settle();
        await vi.advanceTimersByTimeAsync(10);
      }
      app.stdin.write('2');
      await settle();
      expect(app.lastFrame()).toContain('▶ 2 Alerts');
      const row = selectedLine(app.lastFrame() ?? '');
      const before = commits;
      app.stdin.write('j');
      await settle();
      expect(commits - before).toBe(1);
      expect(selectedLine(app.lastFrame() ?? '')).not.toBe(row);
      expect(selectedLine(app.lastFrame() ?? '')).toContain('CheckoutHighErrorRate  ⚑ PD #4217');
    } finally {
      app.unmount();
      client.clear();
      client.unmount();
    }
  });

  it('acts on type-ahead press by press: "2jj" in one read focuses the alerts and moves down twice', async () => {
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services);
    await harness.waitFor(loaded, 'demo data');
    await harness.press('2');
    await harness.press('jj');
    const stepwise = selectedLine(harness.lastFrame());
    harness.unmount();
    cleanup();

    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services);
    await harness.waitFor(loaded, 'demo data');
    await harness.press('2jj');
    const frame = await harness.waitFor((f) => selectedLine(f) === stepwise, 'two rows down in the alerts pane');
    // Two rows below the checkout group's header: the group of the incident it paged.
    expect(stepwise).toContain('║› CRIT   1/1        ▸ [FIRING:1] CheckoutHighErrorRate · checkout');
    expect(frame).toContain('▶ 2 Alerts (7)');
  });

  it('a key typed into an open filter line stays text: "/" then "jk" filters instead of moving', async () => {
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services);
    await harness.waitFor(loaded, 'demo data');
    await harness.press('2');
    await harness.press('/jk');
    const frame = await harness.waitFor((f) => f.split('\n').at(-1) === '/alerts filter: jk', 'filter line');
    expect(frame).toContain('▶ 2 Alerts (0 of 7)  filter: jk');
  });

  it('runs ":ctx down⏎" sent in one read as the very first input, before any data is drawn', async () => {
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services);
    await harness.press(':ctx down\r');
    expect(harness.openContext).toHaveBeenCalledWith('down');
    await harness.waitFor((f) => f.includes('no context named "down"'), 'the answer to :ctx down');
  });

  it('takes a bracketed paste as text in an open filter, and ignores it (never as keys) elsewhere', async () => {
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services);
    await harness.waitFor(loaded, 'demo data');
    await harness.press('2');
    // A pasted "qa": neither quits nor acks.
    await harness.press('\u001b[200~qa\u001b[201~');
    let frame = await harness.waitFor((f) => f.includes('Pasted text ignored'), 'the paste note');
    expect(harness.onQuit).not.toHaveBeenCalled();
    expect(frame).not.toContain('acking');
    await harness.press('/');
    await harness.press('\u001b[200~checkout\r\u001b[201~');
    // The prompt stays open: the pasted line break is not an Enter.
    frame = await harness.waitFor((f) => /^\/alerts filter: checkout( {2}|$)/.test(f.split('\n').at(-1) ?? ''), 'the pasted filter, Enter not pressed');
    // The checkout alert and the incident it paged.
    expect(frame).toContain('▶ 2 Alerts (2 of 7)  filter: checkout ');
    expect(frame).toContain('CheckoutHighErrorRate');
    expect(frame).not.toContain('SearchLatencyBudgetBurn');
  });
});
