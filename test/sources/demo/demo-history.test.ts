/**
 * The demo's history reader answers from the demo's own generator: the `ALERTS` series follow
 * the alert rules on the clock (and a rollback the user ran), the SLO ratios of a past step are
 * the model's ratios then, so `readTimeline` over the demo has the story's transitions at their
 * instants.
 */
import {describe, expect, it} from 'vitest';
import {fleetWindows} from '../../../src/domain/slo-windows.ts';
import {readTimeline} from '../../../src/queries/timeline-queries.ts';
import {createDemoEnvironment} from '../../../src/sources/demo/demo-environment.ts';
import {CHECKOUT_ALERT_FINGERPRINT, DEMO_ALERTS} from '../../../src/sources/demo/demo-scenario-alerts.ts';

const T0 = Date.UTC(2026, 11, 5, 10, 0, 0);
const MINUTE = 60_000;

describe('the demo history reader', () => {
  it('ALERTS: the checkout page fires from 10 minutes before T0, the pending backlog is pending', async () => {
    const demo = createDemoEnvironment({now: () => T0, startedAt: T0});
    const history = demo.services.sloReader!.capabilities;
    const {value} = await history.readAlertHistory!(T0 - 20 * MINUTE, T0, 15);
    const checkout = value.find((s) => s.labels['alertname'] === 'CheckoutHighErrorRate')!;
    expect(checkout.labels['alertstate']).toBe('firing');
    expect(checkout.points[0]!.at).toBe(T0 - 10 * MINUTE);
    expect(checkout.points.at(-1)!.at).toBe(T0);
    expect(value.find((s) => s.labels['alertname'] === 'InventoryQueueBacklog')?.labels['alertstate']).toBe('pending');
    const at = await history.readAlertsAt!(T0 - 11 * MINUTE);
    expect(at.value.map((s) => s.labels['alertname'])).not.toContain('CheckoutHighErrorRate');
    expect(DEMO_ALERTS.some((a) => a.fingerprint === CHECKOUT_ALERT_FINGERPRINT)).toBe(true);
  });

  it("its alerting rules carry the expression their alerts' generator link gives, for the alert details", async () => {
    const demo = createDemoEnvironment({now: () => T0, startedAt: T0});
    const {value} = await demo.services.sloReader!.capabilities.readAlertingRules!();
    const checkout = value.find((r) => r.name === 'CheckoutHighErrorRate');
    expect(checkout?.shown?.query).toBe('sum(rate(http_requests_total{service="checkout",code=~"5.."}[1m])) / sum(rate(http_requests_total{service="checkout"}[1m])) > 0.01');
    expect(value.every((r) => typeof r.shown?.query === 'string' && r.shown.query.length > 0)).toBe(true);
  });

  it('SLO ratios at each step are the generator’s ratios at that instant', async () => {
    const demo = createDemoEnvironment({now: () => T0, startedAt: T0});
    const slos = demo.services.slos;
    const {value} = await demo.services.sloReader!.capabilities.readRatioHistory!(slos, fleetWindows(slos), T0 - 30 * MINUTE, T0, 60);
    expect(value).toHaveLength(31);
    const step = value[25]!;
    const ratio1h = step.measurements.find((m) => m.slo === 'checkout-availability')!.ratios.find((r) => r.window === '1h')!.ratio;
    expect(ratio1h).toBe(demo.metrics.ratioAt('checkout-availability', step.at, 60 * MINUTE));
  });

  it('readTimeline over the demo: the bad deploy, then the page, in order, with nothing missing', async () => {
    const demo = createDemoEnvironment({now: () => T0, startedAt: T0});
    const {timeline} = await readTimeline(demo.services, {from: T0 - 60 * MINUTE, to: T0, ackPrefix: 'ACK!', service: 'checkout'});
    expect(timeline.gaps).toEqual([]);
    const kinds = timeline.events.filter((e) => e.context === 'demo').map((e) => [e.kind, e.at - T0]);
    expect(kinds).toContainEqual(['deploy-started', -12 * MINUTE]);
    expect(kinds).toContainEqual(['alert-firing', -10 * MINUTE]);
    const page = timeline.events.find((e) => e.kind === 'slo-page')!;
    expect(page.at).toBeGreaterThan(T0 - 12 * MINUTE);
  });
});
