/**
 * An ack pressed again (`a`, `:ack 1h`, `A` on its group) while the alert's first ack is still on
 * its way to a slow Alertmanager (the row says `ACK sending…`): refused, saying so, and nothing is sent,
 * so one ack never becomes two silences.
 */
import {describe, expect, it, vi} from 'vitest';
import type {Alert} from '../../src/domain/alert.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from '../queries/fakes.ts';
import {scriptedAlertmanager} from '../queries/silence-fakes.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const footer = (f: string) => f.split('\n').at(-1) ?? '';
const rowOf = (f: string, name: string) => f.split('\n').find((l) => l.includes(name) && !l.includes('▸')) ?? '';

/** One alert on an Alertmanager that answers each silence post after 3 s, the alerts pane focused on it. */
async function slowAlertmanager() {
  const am = scriptedAlertmanager('am-1', {}, (): Alert[] => {
    const active = am.created.filter((s) => s.state === 'active').map((s) => s.id);
    return [
      makeAlert({fingerprint: 'f1', name: 'DiskFull', severity: 'critical', labels: {alertname: 'DiskFull', service: 'disk'}, startsAt: T0 - 60_000, seenBy: ['am-1'], state: active.length > 0 ? 'suppressed' : 'firing', silencedBy: active}),
    ];
  });
  const create = am.handle.capabilities.createSilence.bind(am.handle.capabilities);
  const slow = {...am.handle, capabilities: {...am.handle.capabilities, createSilence: async (d: Parameters<typeof create>[0]) => {
    await new Promise((r) => setTimeout(r, 3000));
    return create(d);
  }}};
  const h = await renderDashboard(emptyServices({alertSources: [slow]}), {columns: 160});
  await h.waitFor((f) => f.includes('DiskFull'), 'the alert');
  await h.press('2');
  await h.press('j');
  expect(h.lastFrame().split('\n').find((l) => l.includes('›'))).toContain('DiskFull');
  return {am, h};
}

/** The same, with its first ack sent and not yet answered. */
async function ackOnSlowAlertmanager() {
  const {am, h} = await slowAlertmanager();
  await h.press('a');
  await h.waitFor((f) => /ACK sending/.test(rowOf(f, "DiskFull")), "the ack on its way", 500);
  return {am, h};
}

describe('an ack pressed again while the first is in flight', () => {
  for (const [how, keys] of [['a', 'a'], [':ack 1h', ':ack 1h\r'], ['A', 'A']] as const) {
    it(`${how} is refused, saying the first is still being sent; one silence only`, async () => {
      const {am, h} = await ackOnSlowAlertmanager();
      await h.press(keys);
      const refused = await h.waitFor((f) => footer(f).includes('still being sent'), 'the refusal', 500);
      expect(footer(refused)).toContain('ack of DiskFull is still being sent to am-1; wait for its answer');
      await vi.advanceTimersByTimeAsync(8000);
      await h.settle();
      expect(am.createCalls).toHaveLength(1);
      expect(am.created.filter((s) => s.state === 'active')).toHaveLength(1);
      // The first ack's answer still comes and is said.
      await h.waitFor((f) => /ACK\b/.test(rowOf(f, 'DiskFull')) && !/sending/.test(rowOf(f, "DiskFull")), 'the ack landed', 8000);
    });
  }

  // Over a slow link both keys arrive in one read: the second is planned before any render has
  // drawn the first ack in flight.
  it('aa arriving in one read sends one silence', async () => {
    const {am, h} = await slowAlertmanager();
    await h.press('aa');
    expect(footer(h.lastFrame())).toContain('ack of DiskFull is still being sent to am-1; wait for its answer');
    await vi.advanceTimersByTimeAsync(8000);
    await h.settle();
    expect(am.createCalls).toHaveLength(1);
    expect(am.created.filter((s) => s.state === 'active')).toHaveLength(1);
  });
});
