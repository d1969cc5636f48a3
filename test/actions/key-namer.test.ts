/**
 * Messages that tell the user which key to press ("press u to retry", "show it with h", "h s i
 * show them", "press R to see it", "open the filter (/)") wrote the default keys. After `keys:`
 * moved those actions they named a key that did something else, or nothing. They name the keys
 * as bound.
 */
import {describe, expect, it} from 'vitest';
import type {ActionData} from '../../src/actions/action-record.ts';
import {groupOf} from '../../src/actions/alert-actions.ts';
import {outcomeText, groupUnackText} from '../../src/actions/alert-ops.ts';
import {tooShortHold, unreadLogHold} from '../../src/actions/deploy-actions.ts';
import {eventForPaste} from '../../src/actions/key-dispatch.ts';
import {registryKeyNamer} from '../../src/actions/key-hints.ts';
import {defaultKeyNamer} from '../../src/actions/key-namer.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {initialUiState} from '../../src/actions/ui-state.ts';
import type {RollbackPlan} from '../../src/domain/deploy.ts';
import type {SilenceOutcome} from '../../src/queries/silence-results.ts';
import {emptyText} from '../../src/view/DashboardScreen.tsx';
import {makeAlert} from '../domain/alert-fixture.ts';

const namer = (overrides: Record<string, unknown>) => registryKeyNamer(createRegistry(defaultKeymap, overrides, {readOnly: false}).registry, 'alerts');
const moved = namer({ack: 'x', unack: 'U', rollback: 'ctrl+r', toggleAcked: 'H', toggleSilenced: 'S', toggleInhibited: 'I', filter: 'f', command: ';'});
const failed: SilenceOutcome = {status: 'failed', results: [{source: 'am-b', ok: false, error: 'HTTP 503', errorKind: 'unavailable', retryable: true, attempts: 1}]};
const unknown: SilenceOutcome = {status: 'unknown', results: [{source: 'am-b', ok: false, unknown: true, error: 'timeout', errorKind: 'unavailable', retryable: true, attempts: 1}]};
const plan: RollbackPlan = {service: 'checkout', environment: 'production', fromVersion: 'v2', toVersion: 'v1', description: 'rollback.yml', idempotencyKey: 'k1'};

describe('messages that name a key', () => {
  it('name the default keymap\'s keys without overrides, as they always did', () => {
    const bound = namer({});
    for (const id of ['ack', 'unack', 'rollback', 'toggleAcked', 'toggleSilenced', 'toggleInhibited', 'filter', 'command'] as const) expect(bound(id), id).toBe(defaultKeyNamer(id));
  });

  it('name the keys keys: moved the actions to', () => {
    expect(outcomeText('ack', 'CrashLoop', failed, false, moved).text).toMatch(/; press x to retry$/);
    expect(outcomeText('unack', 'CrashLoop', failed, false, moved).text).toMatch(/; press U to retry$/);
    expect(outcomeText('unack', 'CrashLoop', unknown, false, moved).text).toContain('press U to retry');
    expect(groupUnackText('checkout', failed, false, moved).text).toContain('press U to retry');
    expect(unreadLogHold(plan, moved).text).toContain('press ctrl+r to see what it holds');
    expect(tooShortHold(plan, moved).text).toContain('press ctrl+r again');
    expect(emptyText('alerts', 3, '', 'hiding acked', null, moved)).toBe('all 3 alerts hidden (acked) · H S I show them');
    const alert = makeAlert({fingerprint: 'f1'});
    const data = {alerts: new Map([['a:f1', alert]]), alertRows: [], keys: moved} as unknown as ActionData;
    expect(groupOf({kind: 'alert', id: 'f1', label: 'x'}, data)).toBe('its group is hidden; show it with H (or clear the filter)');
    const paste = eventForPaste(initialUiState(), 'q', 0, moved);
    expect(paste).toMatchObject({type: 'flash', text: 'Pasted text ignored: open the filter (f) or the command line (;) first'});
  });

  it('name no key for an action left without one, rather than a key that does something else', () => {
    expect(namer({unack: []})('unack')).toBeNull();
  });
});
