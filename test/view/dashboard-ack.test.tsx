import {describe, expect, it} from 'vitest';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard, type Harness} from './dashboard-harness.tsx';

let harness: Harness | null = null;

dashboardTestHooks();

/** The demo, with an Alertmanager that refuses silences until `accept()` is called. */
function refusingDemo(): {services: ContextServices; accept(): void; created: () => number; incidentAcks: () => number} {
  const env = createDemoEnvironment({now: () => Date.now()});
  let accepting = false;
  let created = 0;
  const am = env.services.alertSources[0]!;
  const services: ContextServices = {
    ...env.services,
    alertSources: [
      {
        ...am,
        capabilities: {
          ...am.capabilities,
          listAlerts: () => am.capabilities.listAlerts(),
          listSilences: () => am.capabilities.listSilences!(),
          createSilence: async (draft) => {
            // A 400-like refusal is not retried on its own: the row must keep showing it.
            if (!accepting) throw new SourceFailure('bad-response', 'silence rejected');
            created++;
            return am.capabilities.createSilence!(draft);
          },
        },
      },
      ...env.services.alertSources.slice(1),
    ],
  };
  // The demo's paging service, counting its acknowledgements.
  let incidentAcks = 0;
  const pd = env.pagerduty;
  const paging = services.alertSources.find((s) => s.name === 'pagerduty')!;
  paging.capabilities = {...paging.capabilities, acknowledgeIncident: (id) => (incidentAcks++, pd.acknowledgeIncident(id))};
  return {services, accept: () => (accepting = true), created: () => created, incidentAcks: () => incidentAcks};
}

describe('a failed ack from the dashboard', () => {
  it('stays on the alert as ACK FAILED, and a retried with a lands exactly one silence', async () => {
    const demo = refusingDemo();
    // Wide enough for the footer to say both outcomes in full.
    harness = await renderDashboard(demo.services, {columns: 160});
    await harness.waitFor((f) => f.includes('CheckoutHighErrorRate  ⚑ PD #4217'), 'demo alerts');
    await harness.press('2');
    await harness.press('j');
    await harness.press('a');
    // The checkout alert paged the demo's incident: that half of the ack landed, the silence did not.
    await harness.waitFor((f) => f.includes('ACK PARTIAL (a)'), 'the failed silence on the alert');
    expect(harness.lastFrame()).toContain('silence rejected');
    expect(demo.created()).toBe(0);
    expect(demo.incidentAcks()).toBe(1);

    demo.accept();
    await harness.press('a');
    const frame = await harness.waitFor((f) => f.includes('tester@host'), 'the ack with its author');
    expect(frame).not.toContain('ACK PARTIAL');
    expect(frame).not.toContain('ACK FAILED');
    expect(demo.created()).toBe(1);
    // The retry re-sent only what had failed: the incident was acknowledged once.
    expect(demo.incidentAcks()).toBe(1);
  });
});

describe('an ack from the dashboard', () => {
  it('says for how long, and how to ack for longer when it is the short default', async () => {
    harness = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {columns: 160});
    await harness.waitFor((f) => f.includes('CheckoutHighErrorRate  ⚑ PD #4217'), 'demo alerts');
    await harness.press('2');
    await harness.press('j');
    await harness.press('a');
    const frame = await harness.waitFor((f) => (f.split('\n').at(-1) ?? '').startsWith('acked '), 'the ack flash');
    expect(frame.split('\n').at(-1)).toMatch(/^acked CheckoutHighErrorRate for 15m \(.*\) · :ack 1h \(or 4h, 30m…\) for longer/);
  });
});

describe('an ack of a PagerDuty incident row', () => {
  const footerOf = (f: string) => f.split('\n').at(-1) ?? '';
  async function onIncidentRow(): Promise<Harness> {
    const h = await renderDashboard(createDemoEnvironment({now: () => Date.now()}).services, {columns: 140});
    await h.waitFor((f) => f.includes('PD #4217 [FIRI'), 'the incident row');
    await h.press('2');
    await h.press('jjj');
    expect(h.lastFrame().split('\n').find((l) => l.includes('║›'))).toContain('PD #4217 [FIRING:1]');
    return h;
  }

  // Only the incident is acknowledged, no silence is sent: PagerDuty's own timeout decides when it
  // triggers again, so neither the default length nor "for longer" is said.
  it('says no silence was made and claims no duration', async () => {
    harness = await onIncidentRow();
    await harness.press('a');
    const frame = await harness.waitFor((f) => footerOf(f).startsWith('acked'), 'the ack outcome');
    expect(footerOf(frame)).toMatch(/^acked \[FIRING:1\] CheckoutHighErrorRate \(PD #4217 acked on pagerduty\) · no silence: PagerDuty's own ack timeout applies$/);
    expect(footerOf(frame)).not.toMatch(/for 15m|for longer/);
  });

  it(':ack 4h says the 4h does not apply', async () => {
    harness = await onIncidentRow();
    await harness.press(':ack 4h\r');
    const frame = await harness.waitFor((f) => footerOf(f).startsWith('acked'), 'the ack outcome');
    expect(footerOf(frame)).toMatch(/\(PD #4217 acked on pagerduty\) · no silence: PagerDuty's own ack timeout applies; 4h does not apply$/);
    expect(footerOf(frame)).not.toContain('for 4h');
  });
});

describe('a group ack holding an alert and the incident it paged', () => {
  it('acknowledges the incident once, with the alert, and says neither row failed', async () => {
    const env = createDemoEnvironment({now: () => Date.now()});
    const paging = env.services.alertSources.find((s) => s.name === 'pagerduty')!;
    const list = paging.capabilities.listAlerts.bind(paging.capabilities);
    const pd = env.pagerduty;
    let incidentAcks = 0;
    // An incident titled by the alert's name (Alertmanager's PagerDuty description set to
    // {{ .CommonLabels.alertname }}): its row joins the alert's group, so the group's ack holds both.
    const titled = (text: string) => text.replace('[FIRING:1] ', '');
    paging.capabilities = {
      ...paging.capabilities,
      listAlerts: async () => {
        const answer = await list();
        return {...answer, value: answer.value.map((a) => ({...a, name: titled(a.name), labels: {...a.labels, alertname: titled(a.labels['alertname'] ?? '')}}))};
      },
      acknowledgeIncident: (id) => (incidentAcks++, pd.acknowledgeIncident(id)),
    };
    harness = await renderDashboard(env.services, {columns: 160});
    await harness.waitFor((f) => f.includes('2/2        ▸ CheckoutHighErrorRate · checkout'), 'the group of the alert and its incident');
    await harness.press('2');
    // The group header is selected: a acks both of its rows.
    await harness.press('a');
    const frame = await harness.waitFor((f) => (f.split('\n').at(-1) ?? '').startsWith('acked '), 'the ack flash');
    const footer = frame.split('\n').at(-1) ?? '';
    expect(footer).toMatch(/^acked 2 alerts of CheckoutHighErrorRate · checkout for 15m \(alertmanager: \S+, PD #4217 acked on pagerduty\)/);
    expect(footer).not.toMatch(/only partly|FAILED|none:/);
    expect(frame).not.toContain('ACK FAILED');
    expect(frame).not.toContain('ACK PARTIAL');
    expect(incidentAcks).toBe(1);
  });
});
