/**
 * `:resolve` through the real Dashboard on the demo: on the incident row it asks for the service's
 * name, a wrong name resolves nothing, the right one resolves the demo's incident (in memory) and
 * its row goes; on another row it says why not.
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard, type Harness} from './dashboard-harness.tsx';

let harness: Harness | null = null;

dashboardTestHooks();

const footer = (f: string) => f.split('\n').at(-1) ?? '';
const selected = (f: string) => f.split('\n').find((l) => l.includes('║›')) ?? '';

describe(':resolve in the dashboard (demo)', () => {
  it('asks for the service name; a wrong one sends nothing, the right one resolves the incident', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    harness = await renderDashboard(demo.services, {columns: 140});
    await harness.waitFor((f) => f.includes('PD #4217 [FIRI'), 'the incident row');
    await harness.press('2');
    // On the checkout alert (not an incident): refused, with the reason.
    await harness.press('j');
    await harness.press(':resolve\r');
    await harness.waitFor((f) => footer(f).startsWith('resolve: not a PagerDuty incident'), 'the refusal');
    // Down to the incident row: its group header, then the row.
    await harness.press('jj');
    expect(selected(harness.lastFrame())).toContain('PD #4217 [FIRI');
    await harness.press(':resolve\r');
    await harness.waitFor((f) => footer(f).startsWith('type "checkout" to confirm resolve:'), 'the typed confirmation');
    await harness.press('payments\r');
    await harness.waitFor((f) => footer(f).includes('Type "checkout" exactly to confirm'), 'the wrong name refused');
    expect(demo.pagerduty.incidents().map((i) => i.status)).toEqual(['triggered']);
    await harness.press('\u007f'.repeat('payments'.length));
    await harness.press('checkout\r');
    const frame = await harness.waitFor((f) => footer(f).startsWith('resolved PD #4217 (checkout) on pagerduty'), 'the outcome');
    expect(demo.pagerduty.incidents().map((i) => i.status)).toEqual(['resolved']);
    // The incident row goes, and the alert's badge with it.
    await harness.waitFor((f) => !f.split('\n').slice(0, -1).join('\n').includes('PD #4217'), 'the row gone');
    expect(frame).toContain('CheckoutHighErrorRate');
  });
});

describe(':resolve on a row of another pane', () => {
  for (const [pane, name] of [['1', 'an SLO row'], ['3', 'a deploy row']] as const) {
    it(`on ${name} says it is not an incident, not that the row is gone`, async () => {
      const demo = createDemoEnvironment({now: () => Date.now()});
      harness = await renderDashboard(demo.services, {columns: 140});
      await harness.waitFor((f) => f.includes('PD #4217 [FIRI') && f.includes('checkout'), 'loaded');
      await harness.press(pane);
      await harness.press(':resolve\r');
      const frame = await harness.waitFor((f) => footer(f).startsWith('resolve: '), 'the answer');
      expect(footer(frame)).toMatch(/^resolve: not a PagerDuty incident/);
      expect(demo.pagerduty.incidents().map((i) => i.status)).toEqual(['triggered']);
    });
  }
});
