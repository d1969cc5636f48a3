import {describe, expect, it, vi} from 'vitest';
import type {Opener, Pager} from '../../src/actions/action-io.ts';
import {createActionRunner, type RunnerDeps} from '../../src/actions/action-runner.ts';
import type {SelectionInfo} from '../../src/actions/keymap.ts';
import {initialUiState, uiReducer, type UiEvent, type UiState} from '../../src/actions/ui-state.ts';
import {ackIntentOf} from '../../src/actions/alert-actions.ts';
import {actionData, fakeDeps, NOW, podA} from './action-fixtures.ts';

const alertRow: SelectionInfo = {kind: 'alert', id: 'a', label: 'CrashLoop'};

/** A runner wired to the real reducer, so what it dispatches is what the screen would show. */
function harness({pager, opener, ...over}: Omit<Partial<RunnerDeps>, 'pager' | 'opener'> & {pager?: Partial<Pager>; opener?: Opener} = {}) {
  const {deps, copied} = fakeDeps({...(pager ? {pager} : {}), ...(opener ? {opener} : {})});
  let state: UiState = initialUiState({focus: 'alerts'});
  const events: UiEvent[] = [];
  const dispatch = (event: UiEvent) => {
    events.push(event);
    state = uiReducer(state, event);
  };
  const app = {quit: vi.fn(), refresh: vi.fn(), switchContext: vi.fn((name: string) => ({text: `context ${name}`, tone: 'ok' as const})), switchTheme: vi.fn()};
  const runner = () => createActionRunner({...deps, dispatch, now: () => NOW, data: actionData(), readOnly: false, app, ...over});
  return {deps, copied, app, events, runner, state: () => state, dispatch};
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the action runner', () => {
  it('keeps the ack plan in the confirm modal and runs exactly that plan once confirmed', async () => {
    const h = harness();
    h.dispatch({type: 'action', id: 'ack', rowCounts: {slos: 0, alerts: 4, deploys: 0}, pageSize: 10, target: alertRow});
    h.runner().runEffects(h.state().effects);
    const modal = h.state().modal;
    expect(modal).toMatchObject({kind: 'confirm', action: 'ack', expected: 'yes'});
    const held = modal?.kind === 'confirm' ? ackIntentOf(modal.intent) : null;
    expect(held?.plan.overreach.map((a) => a.fingerprint)).toEqual(['b']);
    expect(h.deps.alerts.send).not.toHaveBeenCalled();

    h.dispatch({type: 'text', text: 'yes'});
    h.dispatch({type: 'submit'});
    h.runner().runEffects(h.state().effects);
    await settle();
    expect(h.deps.alerts.send).toHaveBeenCalledTimes(1);
    expect(h.deps.alerts.send.mock.calls[0]![0]).toBe(held!.plan);
    expect(h.state().flash?.text).toBe('acked CrashLoop');
    expect(h.state().effects).toEqual([]);
  });

  it('opens a runbook through the injected pager and shows it when the pager is not set', async () => {
    const lines = ['# CrashLoop', 'restart the pod'];
    const h = harness({pager: {read: async () => ({ok: true, lines})}, runbookTemplate: 'rb/{{alertname}}.md'});
    h.runner().run('openRunbook', alertRow);
    await settle();
    expect(h.state().modal).toEqual({kind: 'detail', pane: 'alerts', scroll: 0, text: {title: 'runbook rb/CrashLoop.md', lines}});
    expect(h.state().flash?.text).toBe('$PAGER is not set: runbook rb/CrashLoop.md shown here');
  });

  it('hands a local runbook to the injected pager when $PAGER is set', async () => {
    const h = harness({pager: {read: async () => ({ok: true, lines: ['x']}), command: () => ['less', '-R']}, runbookTemplate: 'rb/{{alertname}}.md'});
    h.runner().run('openRunbook', alertRow);
    await settle();
    expect(h.deps.pager.page).toHaveBeenCalledWith(['less', '-R'], 'rb/CrashLoop.md');
    expect(h.state().modal).toBeNull();
  });

  it('opens a web link through the injected opener', async () => {
    const opener = {open: vi.fn(async () => ({opened: false, reason: 'over SSH'}))};
    const h = harness({opener, data: actionData([{...podA, annotations: {runbook_url: 'https://rb.example/crash'}}])});
    h.runner().run('openRunbook', alertRow);
    await settle();
    expect(opener.open).toHaveBeenCalledWith('https://rb.example/crash');
    expect(h.state().flash?.text).toBe('runbook: https://rb.example/crash  (over SSH; y copies it)');
  });

  it('says a past alert\'s web link is today\'s rule\'s when it opens it', async () => {
    const opener = {open: vi.fn(async () => ({opened: true, reason: ''}))};
    const h = harness({opener, data: actionData([{...podA, ruleRunbook: 'https://rb.example/crash'}])});
    h.runner().run('openRunbook', alertRow);
    await settle();
    expect(opener.open).toHaveBeenCalledWith('https://rb.example/crash');
    expect(h.state().flash?.text).toBe("opened https://rb.example/crash in your browser; from today's rule");
  });

  it('copies through the injected terminal, synchronously', () => {
    const h = harness({data: actionData([{...podA, generatorUrl: 'https://prom.example/graph'}])});
    h.runner().run('copyLink', alertRow);
    expect(h.copied).toEqual(['https://prom.example/graph']);
    expect(h.state().flash).toMatchObject({text: 'copied source link: https://prom.example/graph', tone: 'ok'});
  });

  it('says why when the plan refuses, and when a run throws', async () => {
    const h = harness();
    h.runner().run('unack', {...alertRow, id: 'gone'});
    expect(h.state().flash).toMatchObject({text: 'unack: the alert is gone', tone: 'info'});
    h.deps.alerts.unack.mockRejectedValueOnce(new Error('socket hang up'));
    h.runner().run('unack', alertRow);
    expect(h.state().flash?.text).toBe('unacking CrashLoop…');
    await settle();
    expect(h.state().flash).toMatchObject({text: 'unack: socket hang up', tone: 'critical'});
  });

  it('runs the app-wide effects and tells the reducer how many it took', () => {
    const h = harness();
    h.runner().runEffects([{kind: 'refresh'}, {kind: 'switch-context', name: 'prod'}, {kind: 'quit'}]);
    expect(h.app.refresh).toHaveBeenCalledTimes(1);
    expect(h.app.switchContext).toHaveBeenCalledWith('prod');
    expect(h.app.quit).toHaveBeenCalledTimes(1);
    expect(h.events.at(-1)).toEqual({type: 'effects-taken', count: 3});
  });

  it('acks the row :ack was typed on with its length and comment, and refuses a read-only row', async () => {
    const h = harness();
    h.runner().runEffects([{kind: 'ack', durationMs: 3_600_000, comment: 'deploying fix', target: {...alertRow, id: 'c', label: 'WebDown', rowKey: 'a:c'}}]);
    await settle();
    const plan = h.deps.alerts.send.mock.calls[0]![0];
    expect(plan.drafts[0]!.draft).toMatchObject({endsAt: NOW + 3_600_000, comment: 'ACK! deploying fix'});
    expect(plan.drafts[0]!.draft.matchers).toContainEqual(expect.objectContaining({name: 'alertname', value: 'WebDown'}));
    const ro = harness();
    ro.runner().runEffects([{kind: 'ack', durationMs: null, comment: '', target: {...alertRow, readOnly: true, context: 'prod'}}]);
    expect(ro.state().flash?.text).toBe('ack: read-only context');
    expect(ro.deps.alerts.send).not.toHaveBeenCalled();
  });

  it('refuses :ack and :resolve on a row no longer listed, and acts on no other row', async () => {
    // `a:gone` resolved while the line was typed; its neighbours are still listed.
    const gone: SelectionInfo = {kind: 'alert', id: 'gone', label: 'DiskFull', rowKey: 'a:gone'};
    const h = harness();
    h.runner().runEffects([{kind: 'ack', durationMs: 7_200_000, comment: 'db', target: gone}]);
    expect(h.state().flash).toMatchObject({text: 'ack: DiskFull is no longer listed (resolved?); nothing was sent', tone: 'warn'});
    h.runner().runEffects([{kind: 'resolve', target: {...gone, incident: true}}]);
    expect(h.state().flash).toMatchObject({text: 'resolve: DiskFull is no longer listed (resolved?); nothing was sent', tone: 'warn'});
    expect(h.state().modal).toBeNull();
    // A group header still listed acts on the group's alerts still firing.
    h.runner().runEffects([{kind: 'ack', durationMs: null, comment: '', target: {kind: 'alert', id: 'g:api', label: 'service=api', rowKey: 'g:api', groupFingerprints: ['a', 'b']}}]);
    await settle();
    expect(h.deps.alerts.send).toHaveBeenCalledTimes(1);
    expect(h.state().flash?.text).toMatch(/^acked /);
  });

  it('acts with :ack on an alert the filter or a hide toggle keeps off the table, as it is still read', async () => {
    // `a:a` is among the context's alerts but not among the rows drawn (`state=firing`, `h`).
    const hidden: SelectionInfo = {...alertRow, rowKey: 'a:a'};
    const data = actionData();
    const h = harness({data: {...data, alertRows: data.alertRows.filter((r) => r.key !== 'a:a')}});
    h.runner().runEffects([{kind: 'ack', durationMs: null, comment: '', target: hidden}]);
    await settle();
    expect(h.state().flash?.text ?? '').not.toMatch(/no longer listed/);
    // It silences its neighbour b too (same labels but pod): the plan asks first, as on a listed row.
    expect(h.state().modal).toMatchObject({kind: 'confirm', action: 'ack', target: hidden});
  });

  it('says why :resolve does not apply to an SLO or deploy row, not that the row is gone', () => {
    for (const target of [{kind: 'slo', id: 'checkout-availability', label: 'checkout-availability', rowKey: 'checkout-availability'}, {kind: 'deploy', id: 'd1', label: 'checkout v2', rowKey: 'd1'}] satisfies SelectionInfo[]) {
      const h = harness();
      h.runner().runEffects([{kind: 'resolve', target}]);
      expect(h.state().flash?.text).toMatch(/^resolve: not a PagerDuty incident/);
    }
  });
});
