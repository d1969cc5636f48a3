import {describe, expect, it} from 'vitest';
import {ACTION_IDS} from '../../src/actions/action-ids.ts';
import {isKeyName} from '../../src/actions/key-names.ts';
import {READ_ONLY_REASON, defaultBinding, defaultKeymap, type ActionContext} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';

const ctx = (over: Partial<ActionContext> = {}): ActionContext => ({readOnly: false, hasAlertmanager: true, hasRollback: true, selection: null, ...over});

describe('defaultKeymap', () => {
  it('has exactly one row per action id', () => {
    expect(defaultKeymap.map((b) => b.id).sort()).toEqual([...ACTION_IDS].sort());
  });

  it('uses only canonical key names and has no conflicts', () => {
    for (const b of defaultKeymap) for (const key of b.keys) expect(isKeyName(key), `${b.id}: ${key}`).toBe(true);
    expect(createRegistry(defaultKeymap, {}, {readOnly: false}).errors).toEqual([]);
  });

  it('binds the keys the dashboard promises', () => {
    const keys = Object.fromEntries(defaultKeymap.map((b) => [b.id, b.keys]));
    expect(keys).toMatchObject({
      quit: ['q', 'ctrl+c'], help: ['?'], focusNext: ['tab'], focusPrev: ['shift+tab'], focusSlos: ['1'],
      focusAlerts: ['2'], focusDeploys: ['3'], down: ['j', 'down'], up: ['k', 'up'], top: ['g', 'home'],
      bottom: ['G', 'end'], pageDown: ['pagedown', 'ctrl+d'], pageUp: ['pageup', 'ctrl+u'], details: ['enter'],
      back: ['escape'], filter: ['/'], command: [':'], refresh: ['r'], pause: ['p'], ack: ['a'], ackGroup: ['A'],
      unack: ['u'], openRunbook: ['o'], copyLink: ['y'], rollback: ['R'],
    });
    expect(defaultBinding('rollback')).toMatchObject({scope: 'deploys', dangerous: true, mutating: true});
    expect(defaultBinding('ack')).toMatchObject({scope: 'alerts', dangerous: false, mutating: true});
  });
});

describe('disabled reasons', () => {
  const alert = {kind: 'alert' as const, id: 'fp1', label: 'HighErrorRate', acked: false, hasRunbook: true, hasLink: true};
  const reason = (id: Parameters<typeof defaultBinding>[0], c: ActionContext) => defaultBinding(id).disabledReason?.(c) ?? null;

  it('explains ack and unack', () => {
    expect(reason('ack', ctx({selection: alert}))).toBeNull();
    expect(reason('ack', ctx({readOnly: true, selection: alert}))).toBe(READ_ONLY_REASON);
    expect(reason('ack', ctx({hasAlertmanager: false, selection: alert}))).toBe('no Alertmanager that accepts silences is configured');
    expect(reason('ack', ctx())).toBe('select an alert first');
    expect(reason('ack', ctx({selection: {...alert, acked: true}}))).toBe('already acknowledged (:ack 1h replaces it)');
    expect(reason('unack', ctx({selection: alert}))).toBe('not acknowledged');
    expect(reason('unack', ctx({selection: {...alert, acked: true}}))).toBeNull();
    // A partial ack, or one still retrying, can be taken back too.
    expect(reason('unack', ctx({selection: {...alert, acked: false, hasAck: true}}))).toBeNull();
  });

  it('explains rollback, runbook and copy', () => {
    const deploy = {kind: 'deploy' as const, id: 'd1', label: 'checkout', canRollback: true};
    expect(reason('rollback', ctx({selection: deploy}))).toBeNull();
    expect(reason('rollback', ctx({hasRollback: false, selection: deploy}))).toBe('no rollback backend is configured');
    expect(reason('rollback', ctx({selection: {...deploy, canRollback: false}}))).toBe('no earlier good deploy to roll back to');
    // On an alert or an SLO, R rolls back the suspect deploy of its service, when there is one.
    expect(reason('rollback', ctx({selection: alert}))).toBe('no suspect deploy for this row');
    expect(reason('rollback', ctx({selection: null}))).toBe('select a deploy first');
    const plan = {service: 'checkout', environment: 'production', fromVersion: 'v2', toVersion: 'v1', description: 'ci', idempotencyKey: 'k'};
    expect(reason('rollback', ctx({selection: {...alert, rollbackPlan: plan}}))).toBeNull();
    expect(reason('openRunbook', ctx({selection: {...alert, hasRunbook: false}}))).toBe('no runbook for this alert');
    expect(reason('copyLink', ctx({selection: {...alert, hasLink: false}}))).toBe('this row has no link');
    expect(reason('back', ctx({canGoBack: false}))).toBe('nothing to close or clear');
  });
});
