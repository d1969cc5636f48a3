/**
 * The timeline in the dashboard and time travel, through the real Dashboard on the demo
 * environment (its history reader derived from the generator) under one fake clock: `t` and `T`,
 * newest first, the filter, a note that appears at once, a failed history read shown as a gap,
 * Enter to the past (banner and its age, the dashboard of that instant, no present reads,
 * ack and rollback off), Esc back to live.
 */
import {describe, expect, it, vi} from 'vitest';
import type {ActionLogEntry, ActionLogRead} from '../../src/domain/action-log.ts';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard, type Harness} from './dashboard-harness.tsx';

dashboardTestHooks();

const MINUTE = 60_000;
const lines = (frame: string) => frame.split('\n');
const line = (frame: string, ...parts: string[]) => lines(frame).find((l) => parts.every((p) => l.includes(p))) ?? '';
const index = (frame: string, part: string) => lines(frame).findIndex((l) => l.includes(part));

/** An in-memory action log: what the dashboard records, read back by the timeline. */
function memoryLog(): {entries: ActionLogEntry[]; record: (e: ActionLogEntry) => Promise<void>; read: () => Promise<ActionLogRead>} {
  const entries: ActionLogEntry[] = [];
  return {entries, record: async (e) => void entries.push(e), read: async () => ({entries: [...entries], torn: []})};
}

/** Counts every read of the present the services make (SLO ratios, alerts, silences, deploys). */
function counting(services: ContextServices): {services: ContextServices; reads: () => number} {
  let reads = 0;
  const wrap = <T extends object>(caps: T, names: string[]): T => {
    const out = {...caps} as Record<string, unknown>;
    for (const n of names) {
      const f = out[n];
      if (typeof f === 'function') out[n] = (...args: unknown[]) => ((reads += 1), (f as (...a: unknown[]) => unknown)(...args));
    }
    return out as T;
  };
  return {
    reads: () => reads,
    services: {
      ...services,
      sloReader: services.sloReader && {...services.sloReader, capabilities: wrap(services.sloReader.capabilities, ['readRatios', 'readHistory'])},
      alertSources: services.alertSources.map((s) => ({...s, capabilities: wrap(s.capabilities, ['listAlerts', 'listSilences'])})),
      deploySource: services.deploySource && {...services.deploySource, capabilities: wrap(services.deploySource.capabilities, ['listDeploys'])},
    },
  };
}

async function open(services: ContextServices, log = memoryLog(), initialAt?: number): Promise<Harness> {
  const h = await renderDashboard(services, {rows: 30, record: log.record, readActions: log.read, ...(initialAt === undefined ? {} : {initialAt})});
  await h.waitFor((f) => f.includes('checkout-availability') && f.includes('PAGE'), 'demo data');
  return h;
}

describe('the timeline in the dashboard', () => {
  it("t opens the selected service's timeline newest first; T shows every service; / filters", {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await open(demo.services);
    await h.press('t');
    let frame = await h.waitFor((f) => f.includes('Timeline of checkout') && f.includes('⇡ DEPLOY'), 'checkout timeline');
    // Newest first: the page fires after the bad deploy, so it is above it.
    const firing = index(frame, '✖ FIRING');
    const deploy = index(frame, 'v2.14.0');
    expect(firing).toBeGreaterThan(0);
    expect(deploy).toBeGreaterThan(firing);
    expect(line(frame, '✖ FIRING')).toContain('CheckoutHighErrorRate');
    expect(line(frame, '✖ SLO PAGE')).toContain('checkout-availability pages by 1h&5m');
    // Only checkout's events.
    expect(frame).not.toContain('DiskSpaceLow');

    await h.press('T');
    frame = await h.waitFor((f) => f.includes('Timeline of every service'), 'everything');
    expect(frame).toContain('PaymentsUpstreamLatency');

    await h.press('/');
    await h.press('payments');
    frame = await h.waitFor((f) => f.includes('/timeline filter: payments'), 'filter typed');
    // Applied as typed: every event row names payments.
    expect(frame).not.toContain('CheckoutHighErrorRate');
    expect(frame).toContain('PaymentsUpstreamLatency');
    await h.press('\r');
    frame = await h.waitFor((f) => f.includes('filter: payments') && !f.includes('/timeline filter'), 'filter applied');
    expect(frame).not.toContain('CheckoutHighErrorRate');
    await h.press('\u001b');
    frame = await h.waitFor((f) => !f.includes('Timeline of'), 'closed');
  });

  it(':note TEXT appears in the open timeline at once, in the action log with the service', {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const log = memoryLog();
    const h = await open(demo.services, log);
    await h.press('t');
    await h.waitFor((f) => f.includes('Timeline of checkout') && f.includes('⇡ DEPLOY'), 'checkout timeline');
    await h.press(':note rolled back by hand, watching 5xx');
    await h.press('\r');
    const frame = await h.waitFor((f) => f.includes('✎ NOTE'), 'the note');
    expect(line(frame, '✎ NOTE')).toContain('rolled back by hand, watching 5xx');
    expect(line(frame, '✎ NOTE')).toContain('tester@host');
    // Newest first: the note heads the list.
    expect(index(frame, '✎ NOTE')).toBeLessThan(index(frame, '✖ FIRING'));
    expect(log.entries).toEqual([expect.objectContaining({action: 'note', context: 'demo', target: {service: 'checkout'}, details: {text: 'rolled back by hand, watching 5xx', by: 'tester@host'}})]);
  });

  it('a failed history read is a line saying which part is missing, the other parts still shown', {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const reader = demo.services.sloReader!;
    const services: ContextServices = {
      ...demo.services,
      sloReader: {...reader, capabilities: {...reader.capabilities, readAlertHistory: async () => { throw new SourceFailure('unavailable', 'connection refused'); }}},
    };
    const h = await open(services);
    await h.press('T');
    const frame = await h.waitFor((f) => f.includes('⚠ missing'), 'the gap');
    expect(line(frame, '⚠ missing')).toMatch(/missing: alerts from prometheus: .*connection refused/);
    // SLOs and deploys were read.
    expect(frame).toContain('✖ SLO PAGE');
    expect(frame).toContain('⇡ DEPLOY');
  });
});

describe('the timeline over several contexts', () => {
  it('T spans every context shown, each event naming its context; a note goes to the selected event\'s context', {timeout: 60_000}, async () => {
    const ctx = (context: string) => ({services: {...createDemoEnvironment({now: () => Date.now()}).services, context}});
    const log = memoryLog();
    const eu = ctx('prod-eu');
    const h = await renderDashboard(eu.services, {rows: 30, contexts: [eu, ctx('prod-us')], record: log.record, readActions: log.read});
    await h.waitFor((f) => f.includes('checkout-availability') && f.includes('PAGE'), 'data');
    await h.press('T');
    const frame = await h.waitFor((f) => f.includes('Timeline of every service') && f.includes('CONTEXT'), 'both contexts');
    expect(line(frame, '✖ FIRING', 'checkout', 'prod-eu')).toContain('CheckoutHigh');
    expect(line(frame, '✖ FIRING', 'checkout', 'prod-us')).toContain('CheckoutHigh');
    // A note over an event of each context, whichever context the row under the timeline is in.
    for (const context of ['prod-us', 'prod-eu']) {
      await h.press('g');
      let current = await h.waitFor((f) => !f.includes(':note'), 'the timeline');
      for (let moves = 0; !line(current, '› ', '✖ FIRING', context); moves++) {
        if (moves > 40) throw new Error(`no ${context} event could be selected:\n${current}`);
        await h.press('j');
        current = await h.waitFor((f) => f !== current, 'the selection moved');
      }
      const noted = log.entries.length;
      await h.press(`:note about ${context}`);
      await h.press('\r');
      await h.waitFor((f) => f.includes(`about ${context}`), 'the note');
      expect(log.entries.slice(noted).map((e) => [e.context, e.details?.text])).toEqual([[context, `about ${context}`]]);
    }
  });
});

describe('the timeline with a context whose backend hangs', () => {
  it("shows the other contexts' events at once, says which context is still being read, and adds its events when it answers", {timeout: 60_000}, async () => {
    const eu = {services: {...createDemoEnvironment({now: () => Date.now()}).services, context: 'prod-eu'}};
    const demoUs = createDemoEnvironment({now: () => Date.now()}).services;
    // prod-us' Alertmanager accepts the silences read and does not answer (until released).
    let release = () => {};
    const hung = new Promise<void>((resolve) => (release = resolve));
    const us = {
      services: {
        ...demoUs,
        context: 'prod-us',
        alertSources: demoUs.alertSources.map((s) => ({...s, capabilities: {...s.capabilities, listSilences: async () => (await hung, s.capabilities.listSilences!())}})),
      },
    };
    const h = await renderDashboard(eu.services, {rows: 30, contexts: [eu, us]});
    await h.waitFor((f) => f.includes('checkout-availability') && f.includes('PAGE'), 'data');
    await h.press('T');
    let frame = await h.waitFor((f) => f.includes('still reading prod-us'), "prod-eu's events while prod-us is read");
    expect(line(frame, '✖ FIRING', 'checkout', 'prod-eu')).toContain('CheckoutHigh');
    expect(line(frame, 'prod-us', 'FIRING')).toBe('');
    release();
    frame = await h.waitFor((f) => f.includes('✖ FIRING') && line(f, '✖ FIRING', 'prod-us') !== '', "prod-us' events");
    expect(frame).not.toContain('still reading');
  });
});

describe('time travel', () => {
  it('Enter on the deploy event: banner with its counting age, the dashboard of that instant, no present reads, ack and rollback off; Esc returns to live', {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const {services, reads} = counting(demo.services);
    const h = await open(services);
    await h.press('t');
    let frame = await h.waitFor((f) => f.includes('Timeline of checkout') && f.includes('v2.14.0'), 'checkout timeline');
    // Select the production deploy of v2.14.0 (12 minutes before the demo's start).
    const rows = lines(frame).filter((l) => /\d\d:\d\d:\d\dZ/.test(l));
    const target = rows.findIndex((l) => l.includes('⇡ DEPLOY') && l.includes('v2.14.0') && l.includes('production'));
    expect(target).toBeGreaterThanOrEqual(0);
    await h.press('j'.repeat(target));
    frame = await h.waitFor((f) => /›.*⇡ DEPLOY.*v2\.14\.0/.test(f), 'deploy selected');
    const deployAt = demo.startedAt - 12 * MINUTE;
    await h.press('\r');
    frame = await h.waitFor((f) => f.includes('AT ') && f.includes('checkout-availability'), 'the past');
    const time = new Date(deployAt).toISOString().slice(11, 19);
    expect(frame).toContain(`AT ${time}Z (12m ago)`);
    expect(frame).toContain('THE PAST: polling paused');
    // At the deploy's instant checkout did not page yet, and the release was just running.
    expect(line(frame, 'checkout-availability')).not.toContain('PAGE');
    const before = reads();
    // Two minutes on: the age counts, nothing of the present is read.
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    await h.settle();
    frame = await h.waitFor((f) => f.includes(`AT ${time}Z (14m ago)`), 'age counting');
    expect(reads()).toBe(before);
    // Ack and rollback are off, with the reason.
    await h.press('R');
    frame = await h.waitFor((f) => f.includes('rollback: the dashboard shows the past'), 'rollback refused');
    await h.press('2');
    await h.press('a');
    frame = await h.waitFor((f) => f.includes('ack: the dashboard shows the past'), 'ack refused');
    // `r` reads nothing in the past, and says so rather than "refreshing…".
    await h.press('r');
    frame = await h.waitFor((f) => f.includes('refresh: the dashboard shows the past'), 'refresh refused');
    expect(frame).not.toContain('refreshing…');
    await h.settle();
    expect(reads()).toBe(before);

    await h.press('\u001b');
    frame = await h.waitFor((f) => !f.includes('THE PAST') && f.includes('Back to live'), 'live');
    await h.press('1');
    frame = await h.waitFor((f) => line(f, 'checkout-availability').includes('PAGE'), 'live page');
    expect(reads()).toBeGreaterThan(before);
  });

  it('a Prometheus without alert history: the alert pane of the past says so, never an empty "nothing firing"', {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const {readAlertsAt: _dropped, ...rest} = demo.services.sloReader!.capabilities;
    const services: ContextServices = {...demo.services, sloReader: {...demo.services.sloReader!, capabilities: rest}};
    const h = await renderDashboard(services, {rows: 30, initialAt: demo.startedAt - 5 * MINUTE});
    await h.press('2');
    const frame = await h.waitFor((f) => f.includes('keeps no alert history'), 'the missing alert history');
    expect(frame).not.toContain('no alerts firing');
  });

  it('--at starts in the past', {timeout: 60_000}, async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {rows: 30, initialAt: demo.startedAt - 30 * MINUTE});
    const frame = await h.waitFor((f) => f.includes('(30m ago)') && f.includes('checkout-availability'), 'the past');
    expect(line(frame, 'checkout-availability')).not.toContain('PAGE');
    expect(frame).not.toContain('CheckoutHighErrorRate');
  });
});
