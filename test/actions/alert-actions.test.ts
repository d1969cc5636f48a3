import {describe, expect, it} from 'vitest';
import {READ_ONLY_REASON, type ActionRecord} from '../../src/actions/action-record.ts';
import {ackIntentOf, alertActions, type AckIntent} from '../../src/actions/alert-actions.ts';
import type {RollbackPlan} from '../../src/domain/deploy.ts';
import {deployActions} from '../../src/actions/deploy-actions.ts';
import type {ActionContext, SelectionInfo} from '../../src/actions/keymap.ts';
import {actionData, fakeDeps, podA, podB, web} from './action-fixtures.ts';

const ROLLBACK: RollbackPlan = {service: 'api', environment: 'prod', fromVersion: 'v2', toVersion: 'v1', description: 'rollback.yml', idempotencyKey: 'k1'};
const ACK = {by: 'oncall@test', until: 2_000_000_000_000, silenceId: 's1', comment: 'ACK!'};
const record = (id: string): ActionRecord => [...alertActions, ...deployActions].find((r) => r.id === id)!;
const alertRow = (over: Partial<SelectionInfo> = {}): SelectionInfo => ({kind: 'alert', id: 'a', label: 'CrashLoop', ...over});
const ctx = (over: Partial<ActionContext> = {}): ActionContext => ({readOnly: false, hasAlertmanager: true, hasRollback: true, selection: alertRow(), ...over});

describe('alert action records: disabledReason', () => {
  it('refuse every mutating action in a read-only context', () => {
    for (const id of ['ack', 'ackGroup', 'unack']) expect(record(id).disabledReason?.(ctx({readOnly: true}))).toBe(READ_ONLY_REASON);
  });

  it('refuse on a row whose own context is read-only, though the screen may act elsewhere', () => {
    const readOnlyRow = ctx({selection: alertRow({context: 'prod', readOnly: true, hasAck: true, rollbackPlan: ROLLBACK})});
    for (const id of ['ack', 'ackGroup', 'unack', 'rollback']) expect(record(id).disabledReason?.(readOnlyRow)).toBe(`${READ_ONLY_REASON} (prod)`);
    expect(record('ack').disabledReason?.(ctx())).toBeNull();
  });

  it('say what is missing: no Alertmanager, no alert selected, nothing to unack', () => {
    expect(record('ack').disabledReason?.(ctx({hasAlertmanager: false}))).toBe('no Alertmanager that accepts silences is configured');
    expect(record('ack').disabledReason?.(ctx({selection: null}))).toBe('select an alert first');
    expect(record('unack').disabledReason?.(ctx())).toBe('not acknowledged');
  });

  it('say that an ack cannot be told where the silences could not be listed, not that there is none', () => {
    expect(record('unack').disabledReason?.(ctx({selection: alertRow({ackUnknown: ['am-1']})}))).toBe('cannot list the silences of am-1: whether it is acked is unknown');
  });
});

describe('alert action records: plan', () => {
  it('ask before an ack that silences more than the selection, holding the plan as the intent', () => {
    const planned = record('ack').plan!({target: alertRow(), data: actionData()});
    expect(planned.kind).toBe('confirm');
    if (planned.kind !== 'confirm') return;
    expect(planned.expected).toBe('yes');
    const pending = ackIntentOf(planned.intent);
    expect(pending?.what).toBe('CrashLoop');
    expect(pending?.plan.overreach.map((a) => a.fingerprint)).toEqual(['b']);
  });

  it('run an ack that silences exactly the selection at once', () => {
    const planned = record('ack').plan!({target: alertRow({id: 'c', label: 'WebDown'}), data: actionData()});
    expect(planned).toMatchObject({kind: 'run', intent: {kind: 'send', what: 'WebDown'}});
    expect(record('ack').progress?.((planned as {intent: AckIntent}).intent)).toEqual({text: 'acking WebDown…', tone: 'info'});
  });

  it('retry a failing ack and complete a partial one instead of planning a new one', () => {
    const failing = actionData(undefined, {ackStates: new Map([['c', {action: 'ack' as const, status: 'failed' as const, attempts: 1, error: 'timeout', sources: [], submittedAt: 0}]])});
    expect(record('ack').plan!({target: alertRow({id: 'c'}), data: failing})).toEqual({kind: 'run', intent: {kind: 'retry', alert: web}});
    const partial = {...web, partialAck: {...ACK, missing: ['am-b'], holding: ['am-a'], matchers: []}};
    expect(record('ack').plan!({target: alertRow({id: 'c'}), data: actionData([podA, podB, partial])})).toEqual({kind: 'run', intent: {kind: 'complete', alert: partial}});
  });

  it('ack the group of the selected alert, found from the rows, confirmed as an ack', () => {
    const group = record('ackGroup');
    expect(group.confirmAs).toBe('ack');
    const planned = group.plan!({target: alertRow(), data: actionData()});
    expect(planned).toMatchObject({kind: 'run', intent: {kind: 'send', what: '2 alerts of service=api'}});
    expect(group.plan!({target: alertRow({id: 'c'}), data: actionData()})).toEqual({kind: 'refuse', message: {text: 'select an alert or a group first', tone: 'warn'}});
  });

  it('say the alert is gone when it resolved between the key press and the run', () => {
    expect(record('ack').plan!({target: alertRow({id: 'gone'}), data: actionData()})).toEqual({kind: 'refuse', message: {text: 'ack: the alert is gone (resolved?)', tone: 'info'}});
  });
});

describe('alert action records: run', () => {
  it('open a local runbook in the dashboard when no pager is set, and in the pager when one is', async () => {
    const file = {ok: true as const, lines: ['# Restart', 'kubectl rollout restart']};
    const alert = podA;
    const open = record('openRunbook');
    const {deps} = fakeDeps({pager: {read: async () => file}});
    const shown = await open.run!({alert, whose: ''}, {...deps, runbookTemplate: 'runbooks/{{alertname}}.md'});
    expect(shown.show?.lines).toEqual(file.lines);
    const paged = fakeDeps({pager: {read: async () => file, command: () => ['less']}});
    const read = await open.run!({alert, whose: ''}, {...paged.deps, runbookTemplate: 'runbooks/{{alertname}}.md'});
    expect(paged.deps.pager.page).toHaveBeenCalledWith(['less'], 'runbooks/CrashLoop.md');
    expect(read).toEqual({text: 'read in less: runbook runbooks/CrashLoop.md', tone: 'info'});
  });

  it('open a web runbook through the injected opener', async () => {
    const {deps} = fakeDeps();
    const alert = {...podA, annotations: {runbook_url: 'https://runbooks.example/crash'}};
    const result = await record('openRunbook').run!({alert, whose: ''}, deps);
    expect(deps.opener.open).toHaveBeenCalledWith('https://runbooks.example/crash');
    expect(result).toEqual({text: 'opened https://runbooks.example/crash in your browser', tone: 'ok'});
  });
});
