import {describe, expect, it} from 'vitest';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard, type Harness} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

let harness: Harness | null = null;

const loaded = (f: string) => f.includes('checkout-availability') && f.includes('Panels (15)');

/** The demo with its panel reader counted and able to fail. */
function panelDemo(): {services: ContextServices; reads: () => number; fail: (on: boolean) => void} {
  const env = createDemoEnvironment({now: () => Date.now()});
  const inner = env.services.panelReader!;
  let reads = 0;
  let failing = false;
  const services: ContextServices = {
    ...env.services,
    panelReader: {
      ...inner,
      capabilities: {
        readPanels: (panels, at) => {
          reads++;
          return failing ? Promise.reject(new SourceFailure('unavailable', 'connection refused')) : inner.capabilities.readPanels(panels, at);
        },
      },
    },
  };
  return {services, reads: () => reads, fail: (on) => void (failing = on)};
}

describe('the Panels pane on the demo', () => {
  it('4 focuses Panels: checkout saturated, the state in text without colour, worst first', async () => {
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {rows: 24, columns: 80});
    await harness.waitFor(loaded, 'demo data');
    await harness.press('4');
    const frame = await harness.waitFor((f) => f.includes('▶ 4 Panels (15)'), 'panels focused');
    const rows = frame.split('\n').filter((l) => /CRIT|WARN|OK|NO DATA/.test(l) && l.includes('║'));
    // The look is no-colour: only the text says which panel is beyond its threshold.
    expect(rows[0]).toMatch(/║› ✖ CRIT +checkout cpu .* 9\d\.\d%/);
    expect(rows[1]).toMatch(/║ {2}✖ CRIT +checkout queue depth .* 1\.\d+k/);
    expect(rows[2]).toMatch(/║ {2}▲ WARN +checkout memory .* 8\d\.\d%/);
    expect(rows[3]).toMatch(/✔ OK/);
    // The other panes collapse to their summaries, the Panels one too when it loses focus.
    expect(frame).toContain('3 Deploys (12)');
    await harness.press('1');
    expect(await harness.waitFor((f) => f.includes('▶ 1 SLOs'), 'slos focused')).toContain('4 Panels (15)  2 crit · 1 warn · 12 ok');
  });

  it('marks the panels of the service selected in another pane', async () => {
    // Tall enough for every pane open, with room for search's panels (after checkout's and payments').
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {rows: 100});
    await harness.waitFor(loaded, 'demo data');
    // The SLO pane starts on checkout-availability: checkout's panels are marked.
    let frame = harness.lastFrame();
    expect(frame.split('\n').filter((l) => l.includes('◆ checkout'))).toHaveLength(3);
    expect(frame).not.toContain('◆ search');
    // Down to search-latency: search's panels are marked instead.
    await harness.press('j');
    frame = await harness.waitFor((f) => f.includes('◆ search'), 'search marked');
    expect(frame.split('\n').filter((l) => l.includes('◆ search'))).toHaveLength(3);
    expect(frame).not.toContain('◆ checkout');
  });

  it('reads every panel once per refresh; a failed read keeps the last values marked stale, with the error', async () => {
    const demo = panelDemo();
    harness = await renderDashboard(demo.services, {rows: 24, columns: 80});
    await harness.waitFor(loaded, 'demo data');
    await harness.press('4');
    await harness.waitFor((f) => f.includes('▶ 4 Panels'), 'panels focused');
    const first = demo.reads();
    expect(first).toBe(1);
    await harness.waitFor(() => demo.reads() === 2, 'second refresh', 6000);
    demo.fail(true);
    const frame = await harness.waitFor((f) => f.includes('STALE') && f.includes('connection refused'), 'stale panels', 12_000);
    expect(frame).toMatch(/STALE \d+s ✖ CRIT +checkout cpu/);
    expect(frame).toContain('prometheus ✖');
    demo.fail(false);
    await harness.waitFor((f) => !f.includes('STALE') && /║› ✖ CRIT +checkout cpu/.test(f), 'fresh again', 12_000);
  });

  it('Enter on a panel opens its details (its query, thresholds and state); a panel has no link to copy', async () => {
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {rows: 40, columns: 100});
    await harness.waitFor(loaded, 'demo data');
    await harness.press('4');
    await harness.waitFor((f) => f.includes('▶ 4 Panels (15)'), 'panels focused');
    await harness.press('\r');
    const frame = await harness.waitFor((f) => f.includes('Panel details'), 'panel details');
    expect(frame).toMatch(/Panel +checkout cpu/);
    expect(frame).toMatch(/State +✖ CRIT/);
    expect(frame).toMatch(/Thresholds +.*warn\/crit, higher is worse/);
    await harness.press('\u001b');
    await harness.waitFor((f) => !f.includes('Panel details'), 'details closed');
    await harness.press('y');
    expect(await harness.waitFor((f) => f.includes('this row has no link'), 'copy refused')).toContain('this row has no link');
  });
});

describe('the details of a panel whose source fails', () => {
  it('lead with STALE and the age while the last good readings are shown', async () => {
    const demo = panelDemo();
    harness = await renderDashboard(demo.services, {rows: 40, columns: 100});
    await harness.waitFor(loaded, 'demo data');
    await harness.press('4');
    await harness.waitFor((f) => f.includes('▶ 4 Panels (15)'), 'panels focused');
    demo.fail(true);
    await harness.waitFor((f) => /STALE \d+s ✖ CRIT +checkout cpu/.test(f), 'stale panels', 12_000);
    await harness.press('\r');
    const frame = await harness.waitFor((f) => f.includes('Panel details'), 'panel details');
    expect(frame).toMatch(/data +STALE \d+s: the last good answer, kept while its source fails/);
  });
});

describe('the details of a panel never read', () => {
  it('say what the row says (unknown, with the reason), not "no data"', async () => {
    const demo = panelDemo();
    demo.fail(true);
    harness = await renderDashboard(demo.services, {rows: 40, columns: 100});
    await harness.waitFor((f) => f.includes('checkout-availability'), 'demo SLOs');
    await harness.press('4');
    await harness.waitFor((f) => f.includes('? UNKNOWN (prometheus unavailable)'), 'panels unknown', 12_000);
    await harness.press('\r');
    const frame = await harness.waitFor((f) => f.includes('Panel details'), 'panel details');
    expect(frame).toMatch(/State +\? UNKNOWN \(prometheus unavailable\)/);
    expect(frame).not.toContain('NO DATA');
  });
});

describe('a panel with several series, one infinite and one without a value', () => {
  it('reads crit with ∞ for the infinite one, and says the series without a value in the row and the details', async () => {
    const env = createDemoEnvironment({now: () => Date.now()});
    const perConsumer = {name: 'queue per consumer', query: 'queue_depth / consumers', unit: 'count' as const, warn: 100, crit: 1000};
    const lag = {name: 'consumer lag', query: 'lag', unit: 'count' as const, warn: 100, crit: 1000};
    const services: ContextServices = {
      ...env.services,
      panels: [perConsumer, lag],
      panelReader: {
        ...env.services.panelReader!,
        capabilities: {
          readPanels: async () => ({
            value: new Map([
              [perConsumer.name, {points: [{at: 0, value: Infinity}], series: 3}],
              [lag.name, {points: [{at: 0, value: 3}], series: 3, noData: 1}],
            ]),
            warnings: [],
          }),
        },
      },
    };
    harness = await renderDashboard(services, {rows: 40, columns: 100});
    await harness.press('4');
    const table = await harness.waitFor((f) => f.includes('▶ 4 Panels (2)') && f.includes('OK 1/3 —'), 'panels focused');
    expect(table).toMatch(/║› ✖ CRIT +queue per consumer .*∞/);
    expect(table).toMatch(/✔ OK 1\/3 — +consumer lag .* 3 /);
    await harness.press('j');
    await harness.press('\r');
    const frame = await harness.waitFor((f) => f.includes('Panel details'), 'panel details');
    expect(frame).toMatch(/Value +3 \(the worst of 3 series; 1 of 3 series no data\)/);
  });
});
