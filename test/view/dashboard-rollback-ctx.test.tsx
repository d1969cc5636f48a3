/**
 * A rollback started from the dashboard, then `:ctx` to another context and back while its run is
 * still going. The run's following used to live in the context's feed, which `:ctx` unmounts: the
 * following stopped, the action log was told "dashboard closed while the run was …" (the
 * dashboard was not closed), the run's line was gone from the deploy pane when the context was
 * shown again, and how the run ended was never followed nor logged. README: the run is followed
 * in the deploy pane, and `rollback-watch` logs "once the run it follows ends (or, if you quit
 * while it runs, that it was no longer followed …)". A `:ctx` is not a quit (the ack keeper
 * survives `:ctx` for the same reason: its duty is to the acks made, not to the context shown).
 */
import {describe, expect, it, vi} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {lookFromTheme} from '../../src/view/look.ts';
import {loadTheme} from '../../src/view/theme/theme-load.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from '../queries/fakes.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

const look = lookFromTheme(loadTheme('dark', {noColor: true}).theme);

/** prod (the demo, its rollbacks taking 60 s) with a rollback started and followed; `staging` to switch to. */
async function startedRollback() {
  const demo = createDemoEnvironment({now: () => Date.now(), rollbackSeconds: 60});
  const prod = {...demo.services, context: 'prod', alertSources: demo.services.alertSources.filter((s) => s.kind !== 'pagerduty')};
  const alert = makeAlert({fingerprint: 's1', name: 'StagingDown', labels: {alertname: 'StagingDown'}, startsAt: T0 - 60_000});
  const staging = emptyServices({context: 'staging', alertSources: [{name: 'am', kind: 'alertmanager', capabilities: {listAlerts: async () => ({value: [alert], warnings: []})}}]});
  const log: ActionLogEntry[] = [];
  const h = await renderDashboard(prod, {
    columns: 160,
    rows: 40,
    record: async (e) => void log.push(e),
    openContext: (name: string) => ({services: name === 'staging' ? staging : prod, look}),
  });
  await h.waitFor((f) => f.includes('v2.14.0'), 'the deploys');
  await h.press('3');
  await h.press('g');
  await h.press('R');
  const preview = await h.waitFor((f) => /ROLL BACK \S+\?/.test(f), 'the rollback preview');
  const service = /ROLL BACK (\S+)\?/.exec(preview)![1]!;
  await h.press(service);
  await h.press('\r');
  await h.waitFor((f) => f.includes(`rollback of ${service}`) && f.includes('started'), 'the rollback started');
  await h.waitFor((f) => /ROLLBACK .*(running|queued)/.test(f), 'the run followed in the deploy pane');
  expect(log.filter((e) => e.action === 'rollback').map((e) => e.phase)).toEqual(['attempt', 'success']);
  return {h, log};
}

const watches = (log: ActionLogEntry[]) => log.filter((e) => e.action === 'rollback-watch').map((e) => `${e.phase}: ${e.error ?? ''}`);

// 65 s of fake time, advanced with every poll between: ~5 s alone, four times that on a loaded two-core CI machine.
describe('a rollback run followed across :ctx', {timeout: 60_000}, () => {
  it('control: without a switch the run is followed to its end, on screen and in the log', async () => {
    const {h, log} = await startedRollback();
    await vi.advanceTimersByTimeAsync(65_000);
    await h.settle();
    const frame = await h.waitFor(() => true, 'a frame');
    expect(frame).toMatch(/ROLLBACK .*done/);
    expect(watches(log)).toEqual(['success: ']);
  });

  it('a look at another context with :ctx does not log the run as "dashboard closed"', async () => {
    const {h, log} = await startedRollback();
    await h.press(':ctx staging\r');
    await h.waitFor((f) => f.includes('StagingDown'), 'staging shown');
    // The dashboard was not closed, and the run is still this session's to follow.
    expect(watches(log)).toEqual([]);
  });

  it('back in the context, the run is still followed on screen and its end is logged', async () => {
    const {h, log} = await startedRollback();
    await h.press(':ctx staging\r');
    await h.waitFor((f) => f.includes('StagingDown'), 'staging shown');
    await h.press(':ctx prod\r');
    await h.waitFor((f) => f.includes('v2.14.0') && !f.includes('StagingDown'), 'prod shown again');
    // The run ends 60 s after its start: the dashboard that started it says and logs how.
    await vi.advanceTimersByTimeAsync(65_000);
    await h.settle();
    const frame = await h.waitFor(() => true, 'a frame');
    expect(frame, 'the run line of the rollback started before the switch').toMatch(/ROLLBACK .*done/);
    expect(watches(log)).toEqual(['success: ']);
  });

  it('a switch while the dispatch is in flight: the run it starts is followed and its end logged', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const demo = createDemoEnvironment({now: () => Date.now(), rollbackSeconds: 60});
    const rb = demo.services.rollbacker!;
    const caps = rb.capabilities;
    const slow = Object.create(caps);
    slow.rollback = async (plan: Parameters<typeof caps.rollback>[0]) => {
      await gate;
      return caps.rollback.call(caps, plan);
    };
    const prod = {...demo.services, context: 'prod', rollbacker: {...rb, capabilities: slow}, alertSources: demo.services.alertSources.filter((s) => s.kind !== 'pagerduty')};
    const alert = makeAlert({fingerprint: 's1', name: 'StagingDown', labels: {alertname: 'StagingDown'}, startsAt: T0 - 60_000});
    const staging = emptyServices({context: 'staging', alertSources: [{name: 'am', kind: 'alertmanager', capabilities: {listAlerts: async () => ({value: [alert], warnings: []})}}]});
    const log: ActionLogEntry[] = [];
    const h = await renderDashboard(prod, {columns: 160, rows: 40, record: async (e) => void log.push(e), openContext: (name: string) => ({services: name === 'staging' ? staging : prod, look})});
    await h.waitFor((f) => f.includes('v2.14.0'), 'the deploys');
    await h.press('3');
    await h.press('g');
    await h.press('R');
    const preview = await h.waitFor((f) => /ROLL BACK \S+\?/.test(f), 'the rollback preview');
    const service = /ROLL BACK (\S+)\?/.exec(preview)![1]!;
    await h.press(service);
    await h.press('\r');
    await h.waitFor(() => log.some((e) => e.action === 'rollback' && e.phase === 'attempt'), 'the attempt logged');
    await h.press(':ctx staging\r');
    await h.waitFor((f) => f.includes('StagingDown'), 'staging shown');
    release();
    await h.waitFor(() => log.some((e) => e.action === 'rollback' && e.phase === 'success'), 'the dispatch answered');
    await h.press(':ctx prod\r');
    await h.waitFor((f) => f.includes('v2.14.0') && !f.includes('StagingDown'), 'prod shown again');
    await vi.advanceTimersByTimeAsync(65_000);
    await h.settle();
    const frame = await h.waitFor(() => true, 'a frame');
    expect(watches(log), 'how the run started from this dashboard ended').toEqual(['success: ']);
    expect(frame).toMatch(/ROLLBACK .*done/);
  });
});
