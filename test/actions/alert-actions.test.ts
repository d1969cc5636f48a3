import {describe, expect, it} from 'vitest';
import {READ_ONLY_REASON, type ActionRecord} from '../../src/actions/action-record.ts';
import {ackIntentOf, alertActions, groupUnackIntentOf, othersUnackIntentOf, type AckIntent} from '../../src/actions/alert-actions.ts';
import type {RollbackPlan} from '../../src/domain/deploy.ts';
import {deployActions} from '../../src/actions/deploy-actions.ts';
import type {ActionContext, SelectionInfo} from '../../src/actions/keymap.ts';
import {emptyServices} from '../queries/fakes.ts';
import {scriptedAlertmanager} from '../queries/silence-fakes.ts';
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

  it('ack the group of a hidden alert (no row drawn) found from the data with the group-by labels, or say why not', () => {
    const group = record('ackGroup');
    // podA and podB are hidden (h, the filter): only web is drawn.
    const hidden = actionData(undefined, {alertRows: [{key: 'a:c'}], groupBy: ['service']});
    const planned = group.plan!({target: alertRow(), data: hidden});
    expect(planned).toMatchObject({kind: 'run', intent: {kind: 'send', what: '2 alerts of api'}});
    expect(ackIntentOf((planned as {intent: AckIntent}).intent)?.plan.drafts.flatMap((d) => d.covers.map((a) => a.fingerprint)).sort()).toEqual(['a', 'b']);
    // Without the grouping the group cannot be found: it says why, never that there is none.
    const ungrouped = group.plan!({target: alertRow(), data: actionData(undefined, {alertRows: [{key: 'a:c'}]})});
    expect(ungrouped).toEqual({kind: 'refuse', message: {text: 'its group is hidden; show it with h (or clear the filter)', tone: 'warn'}});
  });

  it("unack a group: the user's own ack silences, asked first when several, refused when the acks are another user's", () => {
    const unack = record('unack');
    const header = alertRow({id: 'g:api', label: 'service=api', groupFingerprints: ['a', 'b']});
    const mine = (id: string) => ({...ACK, by: 'oncall@test', silenceId: id});
    const one = unack.plan!({target: header, data: actionData([{...podA, ack: mine('s1')}, {...podB, ack: mine('s1')}, web])});
    expect(one).toMatchObject({kind: 'run', intent: {kind: 'group', what: '2 alerts of service=api', author: 'oncall@test', silences: ['s1']}});
    const two = unack.plan!({target: header, data: actionData([{...podA, ack: mine('s1')}, {...podB, ack: mine('s2')}, web])});
    expect(two).toMatchObject({kind: 'confirm', expected: 'yes', intent: {kind: 'group', silences: ['s1', 's2']}});
    // A member acked by someone else is not part of it.
    const mixed = unack.plan!({target: header, data: actionData([{...podA, ack: mine('s1')}, {...podB, ack: {...ACK, by: 'other@test', silenceId: 's9'}}, web])});
    expect(mixed).toMatchObject({kind: 'run', intent: {kind: 'group', what: '1 alert of service=api', silences: ['s1']}});
    const theirs = unack.plan!({target: header, data: actionData([{...podA, ack: {...ACK, by: 'other@test'}}, podB, web])});
    expect(theirs).toEqual({kind: 'refuse', message: {text: 'unack: service=api is acked by other@test, not by you; nothing expired', tone: 'info'}});
  });

  it("unack a group whose members carry the user's ack under another user's later-ending one: the user's, asked first", () => {
    const unack = record('unack');
    const header = alertRow({id: 'g:api', label: 'service=api', groupFingerprints: ['a', 'b']});
    const under = (a: typeof podA) => ({...a, ack: {...ACK, by: 'alice@host', silenceId: 's9'}, ackers: ['alice@host', 'oncall@test']});
    const both = unack.plan!({target: header, data: actionData([under(podA), under(podB), web])});
    // Its silences are not on screen: asked first, saying on how many alerts they are hidden.
    expect(both).toMatchObject({kind: 'confirm', expected: 'yes', intent: {kind: 'group', what: '2 alerts of service=api', author: 'oncall@test', silences: [], hidden: 2}});
    expect(groupUnackIntentOf((both as {intent: unknown}).intent)).toEqual({what: '2 alerts of service=api', silences: [], hidden: 2});
    // One such alert only: one ack of the user's, run at once.
    const one = unack.plan!({target: header, data: actionData([under(podA), podB, web])});
    expect(one).toMatchObject({kind: 'run', intent: {kind: 'group', what: '1 alert of service=api', silences: [], hidden: 1}});
    // Another user's ackers without the user: still refused, naming the shown ack's author.
    const others = {...podA, ack: {...ACK, by: 'alice@host', silenceId: 's9'}, ackers: ['alice@host', 'bob@host']};
    expect(unack.plan!({target: header, data: actionData([others, podB, web])})).toEqual({kind: 'refuse', message: {text: 'unack: service=api is acked by alice@host, not by you; nothing expired', tone: 'info'}});
  });

  it("unack an alert: the user's own ack silences; another user's only after asking, naming them", () => {
    const unack = record('unack');
    const own = unack.plan!({target: alertRow(), data: actionData([{...podA, ack: ACK}, podB, web])});
    expect(own).toEqual({kind: 'run', intent: {kind: 'one', alert: {...podA, ack: ACK}, author: 'oncall@test'}});
    // Acked by someone else only: asked first, and then only that user's ack silences expire.
    const theirs = {...podA, ack: {...ACK, by: 'alice@\x1b[2Jhost'}};
    const asked = unack.plan!({target: alertRow(), data: actionData([theirs, podB, web])});
    expect(asked).toEqual({kind: 'confirm', expected: 'yes', intent: {kind: 'one', alert: theirs, author: 'alice@\x1b[2Jhost', others: ['alice@␛[2Jhost']}});
    expect(othersUnackIntentOf((asked as {intent: unknown}).intent)).toEqual({what: 'CrashLoop', others: ['alice@␛[2Jhost']});
    expect(othersUnackIntentOf((own as {intent: unknown}).intent)).toBeNull();
    // A partial ack counts by its author too.
    const partial = unack.plan!({target: alertRow(), data: actionData([{...podA, partialAck: {by: 'bob@host', until: ACK.until, silenceId: 's2', comment: 'ACK!', matchers: [], holding: ['am-a'], missing: ['am-b']}}])});
    expect(partial).toMatchObject({kind: 'confirm', intent: {kind: 'one', author: 'bob@host', others: ['bob@host']}});
  });

  it("unack an alert acked by the user and by another whose ack ends later: the user's own, unasked", () => {
    const both = {...podA, ack: {...ACK, by: 'alice@host', silenceId: 's9'}, ackers: ['alice@host', 'oncall@test']};
    expect(record('unack').plan!({target: alertRow(), data: actionData([both, podB, web])})).toEqual({kind: 'run', intent: {kind: 'one', alert: both, author: 'oncall@test'}});
  });

  it('refuse another ack while one of the alert is still being sent, naming where', () => {
    const sending = {action: 'ack' as const, status: 'pending' as const, attempts: 1, error: null, sources: [], submittedAt: 0};
    const data = actionData(undefined, {ackStates: new Map([['a', sending]]), services: emptyServices({alertSources: [scriptedAlertmanager('am-1').handle]})});
    const refused = {kind: 'refuse', message: {text: 'ack of CrashLoop is still being sent to am-1; wait for its answer', tone: 'warn'}};
    expect(record('ack').plan!({target: alertRow(), data})).toEqual(refused);
    expect(record('ack').plan!({target: alertRow(), data, options: {durationMs: 3_600_000}})).toEqual(refused);
    expect(record('ackGroup').plan!({target: alertRow({id: 'b'}), data})).toEqual(refused);
    // Its first answer in (failed, retrying): a retries it as before.
    const failed = actionData(undefined, {ackStates: new Map([['a', {...sending, status: 'failed' as const}]])});
    expect(record('ack').plan!({target: alertRow(), data: failed})).toMatchObject({kind: 'run', intent: {kind: 'retry'}});
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
