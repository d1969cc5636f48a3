/**
 * Two contexts reading one Alertmanager, the first read-only: their alerts are one set listed
 * under the first, and `a` acks through the second. While that ack is in flight the row says so
 * at once (`ACK sending…`), as a direct ack's row does, not only after the next poll.
 */
import {describe, expect, it} from 'vitest';
import type {SilenceDraft} from '../../src/domain/alert.ts';
import type {DashboardContext} from '../../src/view/context-set.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, fakeAlertSource, T0} from '../queries/fakes.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

describe('an ack of a shared alert set through its writable member', () => {
  it('shows the ack in flight on the listed row at once', async () => {
    const alert = makeAlert({fingerprint: 'a1', name: 'CheckoutErrors', severity: 'critical', labels: {alertname: 'CheckoutErrors', service: 'checkout'}, startsAt: T0 - 60_000});
    // The Alertmanager holds the silence's answer until the test lets it go.
    const drafts: SilenceDraft[] = [];
    let answer: (id: string) => void = () => {};
    const source = {
      name: 'am',
      kind: 'alertmanager' as const,
      cliUrl: 'http://am.test',
      readKey: 'http://am.test',
      capabilities: {
        ...fakeAlertSource(() => ({value: [alert]}), () => ({value: []})).capabilities,
        createSilence: (draft: SilenceDraft) => {
          drafts.push(draft);
          return new Promise<string>((resolve) => (answer = resolve));
        },
      },
    };
    const ro: DashboardContext = {services: emptyServices({context: 'ro', readOnly: true, alertSources: [source]})};
    const rw: DashboardContext = {services: emptyServices({context: 'rw', alertSources: [source]})};
    const harness = await renderDashboard(ro.services, {contexts: [ro, rw], columns: 160, rows: 40});
    await harness.waitFor((f) => f.split('\n').some((l) => l.includes('CheckoutErrors') && l.includes('ro+rw') && !l.includes('▸')), 'the shared row');
    await harness.press('2');
    await harness.press('g');
    await harness.press('j');
    await harness.press('a');
    const sending = await harness.waitFor((f) => drafts.length > 0 && /ACK sending…/.test(f), 'the ack in flight on the row', 3000);
    const row = sending.split('\n').find((l) => l.includes('CheckoutErrors') && !l.includes('▸'));
    expect(row).toContain('ACK sending…');
    answer('s1');
    await harness.waitFor((f) => /rw: acked/.test(f), 'the ack landed');
  });
});
