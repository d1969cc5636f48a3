/**
 * A rollback confirmation over a set of contexts: the context it goes to must be on screen while
 * it is confirmed (README: "the confirmation and the action log name the context"). The footer's
 * prompt named it, but typing the service name pushed it off a narrow footer, and the preview's
 * lines (title, service, environment, from → to) read the same for the same service in either
 * context. The preview now names the context when there are several, a line that must be seen
 * whole: where it cannot be, Enter is held.
 */
import {describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../src/domain/deploy.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import type {DashboardContext} from '../../src/view/context-set.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

/**
 * A production context of the demo without a paging source (no on-call line): Alertmanager,
 * Prometheus and a CI only; every rollback it sends is recorded in `sent`.
 */
function named(context: string, sent: RollbackPlan[]): DashboardContext {
  const services = createDemoEnvironment({now: () => Date.now()}).services;
  const rb = services.rollbacker!;
  const caps = rb.capabilities;
  const wrapped = Object.create(caps);
  wrapped.rollback = (plan: RollbackPlan) => {
    sent.push(plan);
    return caps.rollback.call(caps, plan);
  };
  return {services: {...services, context, rollbacker: {...rb, capabilities: wrapped}, alertSources: services.alertSources.filter((s) => s.kind !== 'pagerduty')}, production: true};
}
const selectedRow = (f: string) => f.split('\n').find((l) => /^\W?› /.test(l)) ?? '';
// The preview's lines: inside its double border.
const previewLines = (f: string) => f.split('\n').filter((l) => l.startsWith('║'));

const EU = 'eu-prod-payments-cluster-main-1';
const US = 'us-prod-payments-cluster-main-1';

/**
 * Two production contexts, the deploys pane focused on the second one's checkout, resized to
 * `columns` x `rows` before R. `names` are the two contexts' (the second's row is found by `seen`).
 */
async function confirmOnSecond(columns: number, rows: number, names: [string, string] = [EU, US], seen: string | null = 'us-prod') {
  const sent: RollbackPlan[] = [];
  const cs = [named(names[0], sent), named(names[1], sent)];
  const h = await renderDashboard(cs[0]!.services, {columns: 120, rows: 24, contexts: cs});
  await h.waitFor((f) => f.includes(seen ?? 'checkout') && /crit/.test(f), 'both contexts');
  await h.press('3');
  await h.press('j');
  // Where the CONTEXT column cuts the names too short to tell, the preview's context line says which.
  if (seen !== null) expect(selectedRow(h.lastFrame())).toContain(seen);
  // The tmux pane is made smaller (a split) before R.
  await h.resize(columns, rows);
  await h.press('R');
  await h.waitFor((f) => /ROLL BACK checkout|Terminal too small to confirm/.test(f), 'the confirmation');
  await h.press('checkout');
  return {h, sent};
}

describe('a rollback confirmation over two production contexts', () => {
  it('at 80x14, the preview names the context it goes to', async () => {
    const {h} = await confirmOnSecond(80, 14);
    expect(previewLines(h.lastFrame()).some((l) => /context\s+PROD us-prod-payments-cluster-main-1/.test(l))).toBe(true);
  });

  it('at 40x12, the context name cut in the middle where the cut still tells it from the other', async () => {
    const {h} = await confirmOnSecond(40, 12);
    expect(previewLines(h.lastFrame()).some((l) => /context\s+PROD us-prod-p…er-main-1/.test(l))).toBe(true);
  });

  it('at 40x12, where the cut name would read the same for either context, Enter sends nothing', async () => {
    const names: [string, string] = ['payments-cluster-eu-prod-main-1', 'payments-cluster-us-prod-main-1'];
    const {h, sent} = await confirmOnSecond(40, 12, names, null);
    // Typing the service name pushed the prompt's context off the footer, and `PROD payments-…od-main-1`
    // names either: the line is kept whole, too wide, and Enter is held.
    expect(h.lastFrame()).toContain('Terminal too small to confirm');
    await h.press('\r');
    await h.waitFor(() => false, 'a second', 1000).catch(() => {});
    expect(sent).toEqual([]);
  });
});

describe('a rollback confirmation over two production contexts with long cluster names', () => {
  it('at 80x24, with 60-character names, can be confirmed: the name is cut in the middle, telling the two apart', async () => {
    const eu = 'gke_payments-platform-prod-4711_europe-west1_payments-main-eu';
    const us = 'gke_payments-platform-prod-4711_us-central1-a_payments-main-us';
    // The whole label (13 + 1 + `PROD ` + 62 cells) is wider than the 78 inside the border.
    const {h, sent} = await confirmOnSecond(80, 24, [eu, us], null);
    const f = h.lastFrame();
    expect(f).not.toContain('Terminal too small to confirm');
    expect(previewLines(f).some((l) => /context\s+PROD gke_payments-platform-prod-47…/.test(l) && l.includes('-central1-a_payments-main-us'))).toBe(true);
    await h.press('\r');
    await h.waitFor(() => sent.length > 0, 'the rollback');
  });
});
