import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {alertViewActions} from '../../src/actions/alert-actions.ts';
import type {ActionData} from '../../src/actions/action-record.ts';
import {rowActions} from '../../src/actions/app-actions.ts';
import type {ActionContext} from '../../src/actions/keymap.ts';
import {hasAmtoolTarget, hasRollbackCommand, NO_ROLLBACK_COMMAND} from '../../src/actions/command-lines.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {initialUiState} from '../../src/actions/ui-state.ts';
import {sanitize} from '../../src/domain/sanitize.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices} from '../queries/fakes.ts';
import {actionData, fakeDeps} from './action-fixtures.ts';

const EV = {type: 'action' as const, rowCounts: {}, pageSize: 1, now: 5};

describe('the action records', () => {
  it('each act in exactly one way: on the UI state (update), or on a row (plan and run)', () => {
    for (const r of defaultKeymap) {
      const onRow = r.plan !== undefined && r.run !== undefined;
      expect({id: r.id, acts: (r.update ? 1 : 0) + (onRow ? 1 : 0)}).toEqual({id: r.id, acts: 1});
      if (!onRow) expect({id: r.id, plan: r.plan, run: r.run}).toEqual({id: r.id, plan: undefined, run: undefined});
    }
  });

  it('perform a view-only action in their own update: h hides acked alerts and says so', () => {
    const toggle = alertViewActions.find((r) => r.id === 'toggleAcked')!;
    const s = toggle.update!(initialUiState(), {...EV, id: 'toggleAcked'});
    expect(s.hidden.acked).toBe(true);
    expect(s.flash).toMatchObject({tone: 'info', at: 5});
    expect(toggle.update!(s, {...EV, id: 'toggleAcked'}).hidden.acked).toBe(false);
  });

  it('refuse to copy an ack command with no Alertmanager URL to give amtool', () => {
    const copy = rowActions.find((r) => r.id === 'copyCommand')!;
    expect(copy.plan!({target: {kind: 'alert', id: 'c', label: 'WebDown'}, data: actionData()})).toEqual({
      kind: 'refuse',
      message: {text: 'c: no Alertmanager with a URL to give amtool', tone: 'warn'},
    });
  });

  it('dim c on an alert, with the refusal as its reason, when no Alertmanager that takes silences has a URL for amtool', () => {
    const copy = rowActions.find((r) => r.id === 'copyCommand')!;
    const selection = {kind: 'alert' as const, id: 'c', label: 'WebDown'};
    const ctx = {readOnly: false, hasAlertmanager: true, hasRollback: false, selection};
    expect(copy.disabledReason!({...ctx, hasAmtoolTarget: false})).toBe('no Alertmanager with a URL to give amtool');
    expect(copy.disabledReason!({...ctx, hasAmtoolTarget: true})).toBeNull();
    expect(copy.disabledReason!({...ctx, hasAlertmanager: false, hasAmtoolTarget: false})).toBe('no Alertmanager that accepts silences is configured');
    // The dashboard's test is the plan's: a URL on an Alertmanager that takes no silences is none.
    const listOnly = {listAlerts: async () => ({value: [], warnings: []})};
    const am = (over: object) => ({name: 'am', kind: 'alertmanager' as const, capabilities: {...listOnly, createSilence: async () => 's1'}, ...over});
    expect(hasAmtoolTarget(emptyServices({alertSources: [am({})]}))).toBe(false);
    expect(hasAmtoolTarget(emptyServices({alertSources: [am({cliUrl: 'http://am:9093', capabilities: listOnly})]}))).toBe(false);
    expect(hasAmtoolTarget(emptyServices({alertSources: [am({cliUrl: 'http://am:9093'})]}))).toBe(true);
  });

  it('dim c on a deploy, with the refusal as its reason, when the rollback backend writes no command line', () => {
    const copy = rowActions.find((r) => r.id === 'copyCommand')!;
    const selection = {kind: 'deploy' as const, id: 'd1', label: 'checkout v2.14.0', rollbackPlan: {service: 'checkout', environment: 'production', fromVersion: 'v2.14.0', toVersion: 'v2.13.2'}} as unknown as ActionContext['selection'];
    const ctx = {readOnly: false, hasAlertmanager: true, hasRollback: true, selection};
    expect(copy.disabledReason!({...ctx, hasRollbackCommand: false})).toBe(NO_ROLLBACK_COMMAND);
    expect(copy.disabledReason!({...ctx, hasRollbackCommand: true})).toBeNull();
    const rollbacker = (commandLine?: object) => ({name: 'ci', kind: 'webhook', capabilities: {trigger: async () => ({}), ...(commandLine ? {commandLine} : {})}});
    expect(hasRollbackCommand(emptyServices({rollbacker: rollbacker() as never}))).toBe(false);
    expect(hasRollbackCommand(emptyServices({rollbacker: rollbacker(() => ({argv: []})) as never}))).toBe(true);
    expect(hasRollbackCommand(emptyServices())).toBe(false);
  });

  it('c on an alert whose label holds an invisible character shows nothing raw and copies a line naming the exact value', () => {
    const hidden = makeAlert({fingerprint: 'h', name: 'WebDown', labels: {alertname: 'WebDown', service: 'checkout\u200b'}});
    const am = {name: 'am', kind: 'alertmanager' as const, cliUrl: 'http://am:9093', capabilities: {listAlerts: async () => ({value: [], warnings: []}), createSilence: async () => 's1'}};
    const data = actionData([hidden], {alertRows: [{key: 'a:h'}], services: emptyServices({alertSources: [am]})});
    const copy = rowActions.find((r) => r.id === 'copyCommand')!;
    const planned = copy.plan!({target: {kind: 'alert', id: 'h', label: 'WebDown'}, data});
    if (planned.kind !== 'run') throw new Error('c refused');
    const {deps, copied} = fakeDeps();
    const result = copy.run!(planned.intent, deps) as {text: string; show: {lines: string[]}};
    for (const text of [...result.show.lines, result.text, ...copied]) expect(sanitize(text)).toBe(text);
    expect(result.show.lines[0]).toContain(`$'service="checkout\\xe2\\x80\\x8b"'`);
    // The line bash runs (the clipboard's, pasted) silences the label as it is, not the text `checkout\u200b`.
    const args = execFileSync('bash', ['-c', `printf '%s\\0' ${copied[0]!}`], {encoding: 'utf8'}).split('\0').slice(0, -1);
    expect(args.at(-1)).toBe('service="checkout\u200b"');
  });

  it('y copies only a plain web link: a javascript: or control-laden URL of a deploy is refused, not copied', () => {
    const copy = rowActions.find((r) => r.id === 'copyLink')!;
    const deploys = [
      {id: 'js', url: 'javascript:alert(document.cookie)'},
      {id: 'esc', url: 'https://ci.example/run/1\x1b]52;c;cm0K\x07'},
      {id: 'ok', url: 'https://ci.example/run/1'},
    ];
    const data = actionData([], {deploys: deploys as unknown as ActionData['deploys']});
    const run = (id: string) => {
      const planned = copy.plan!({target: {kind: 'deploy', id, label: 'checkout'}, data});
      if (planned.kind !== 'run') throw new Error('y refused');
      const {deps, copied} = fakeDeps();
      return {result: copy.run!(planned.intent, deps) as {text: string; tone: string}, copied};
    };
    for (const id of ['js', 'esc']) {
      const {result, copied} = run(id);
      expect(copied).toEqual([]);
      expect(result.tone).toBe('warn');
      expect(result.text).toMatch(/^deploy link not copied: .* is not a plain http\(s\) URL$/);
      expect(sanitize(result.text)).toBe(result.text);
    }
    expect(run('ok').copied).toEqual(['https://ci.example/run/1']);
  });

  it('copy a link through the injected terminal, with the tmux note when in tmux', () => {
    const copy = rowActions.find((r) => r.id === 'copyLink')!;
    const {deps, copied} = fakeDeps({env: {TMUX: '/tmp/tmux-1/default,1,0'}});
    const result = copy.run!({url: 'https://ci.example/run/1', what: 'deploy'}, deps);
    expect(copied).toEqual(['https://ci.example/run/1']);
    expect(result).toEqual({text: 'copied deploy link: https://ci.example/run/1 (in tmux this needs: set -g set-clipboard on)', tone: 'ok'});
  });

  it('c in tmux gives the same set-clipboard note as y: tmux\'s default (set-clipboard external) drops the OSC 52', () => {
    const copy = rowActions.find((r) => r.id === 'copyCommand')!;
    const intent = {title: 'ack', commands: ['amtool silence add alertname=CrashLoop'], lines: []};
    const inTmux = fakeDeps({env: {TMUX: '/tmp/tmux-1/default,1,0'}});
    expect(copy.run!(intent, inTmux.deps)).toMatchObject({text: 'copied: amtool silence add alertname=CrashLoop (in tmux this needs: set -g set-clipboard on)', tone: 'ok'});
    expect(inTmux.copied).toEqual(['amtool silence add alertname=CrashLoop']);
    expect(copy.run!(intent, fakeDeps().deps)).toMatchObject({text: 'copied: amtool silence add alertname=CrashLoop'});
  });
});
