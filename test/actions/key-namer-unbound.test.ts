/**
 * `keys:` may leave an action without a key (`toggleAcked: []`). Messages that say which key to
 * press then named `the toggle acked key`, a key that does not exist, garbled inside a key list:
 * `all 3 alerts hidden (acked) · the toggle acked key s i show them`. They leave the "press X"
 * part out for such an action, and keep the rest.
 */
import {describe, expect, it} from 'vitest';
import type {ActionData} from '../../src/actions/action-record.ts';
import {groupOf} from '../../src/actions/alert-actions.ts';
import {groupUnackText, outcomeText} from '../../src/actions/alert-ops.ts';
import {tooShortHold, unreadLogHold} from '../../src/actions/deploy-actions.ts';
import {eventForPaste} from '../../src/actions/key-dispatch.ts';
import {registryKeyNamer} from '../../src/actions/key-hints.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {initialUiState} from '../../src/actions/ui-state.ts';
import type {RollbackPlan} from '../../src/domain/deploy.ts';
import type {SilenceOutcome} from '../../src/queries/silence-results.ts';
import {emptyText} from '../../src/view/DashboardScreen.tsx';
import {makeAlert} from '../domain/alert-fixture.ts';

const namer = (overrides: Record<string, unknown>) => {
  const {registry, errors} = createRegistry(defaultKeymap, overrides, {readOnly: false});
  expect(errors).toEqual([]);
  return registryKeyNamer(registry, 'alerts');
};
const failed: SilenceOutcome = {status: 'failed', results: [{source: 'am-b', ok: false, error: 'HTTP 503', errorKind: 'unavailable', retryable: true, attempts: 1}]};
const unknown: SilenceOutcome = {status: 'unknown', results: [{source: 'am-b', ok: false, unknown: true, error: 'timeout', errorKind: 'unavailable', retryable: true, attempts: 1}]};
const plan: RollbackPlan = {service: 'checkout', environment: 'production', fromVersion: 'v2', toVersion: 'v1', description: 'rollback.yml', idempotencyKey: 'k1'};

describe('messages naming an action left without a key', () => {
  it('an unbound hide toggle is not named as "the toggle acked key" in the empty pane', () => {
    expect(emptyText('alerts', 3, '', 'hiding acked', null, namer({toggleAcked: []}))).toBe('all 3 alerts hidden (acked) · s i show them');
    const none = namer({toggleAcked: [], toggleSilenced: [], toggleInhibited: []});
    expect(emptyText('alerts', 3, '', 'hiding acked', null, none)).toBe('all 3 alerts hidden (acked)');
  });

  it('leave out the key to press to retry, or to see a held rollback again', () => {
    const keys = namer({ack: [], unack: [], rollback: []});
    expect(outcomeText('ack', 'CrashLoop', failed, false, keys).text).toBe('ACK FAILED: CrashLoop: am-b: HTTP 503');
    expect(outcomeText('unack', 'CrashLoop', unknown, false, keys).text).toBe('UNACK UNKNOWN: CrashLoop: am-b: timeout');
    expect(groupUnackText('checkout', failed, false, keys).text).not.toMatch(/press|key/);
    expect(unreadLogHold(plan, keys).text).toBe('rollback of checkout not sent: the action log was still being read for rollbacks started elsewhere');
    expect(tooShortHold(plan, keys).text).toBe('rollback of checkout not sent: the terminal is too small to show what would be confirmed; enlarge it');
  });

  it('name the hidden group\'s `:show acked` when its toggle has no key', () => {
    const alert = makeAlert({fingerprint: 'f1'});
    const data = {alerts: new Map([['a:f1', alert]]), alertRows: [], keys: namer({toggleAcked: []})} as unknown as ActionData;
    expect(groupOf({kind: 'alert', id: 'f1', label: 'x'}, data)).toBe('its group is hidden; show it with :show acked (or clear the filter)');
  });

  it('name only the input that has a key in the paste note', () => {
    const paste = (overrides: Record<string, unknown>) => eventForPaste(initialUiState(), 'q', 0, namer(overrides));
    expect(paste({filter: []})).toMatchObject({type: 'flash', text: 'Pasted text ignored: open the filter or the command line (:) first'});
    expect(paste({filter: [], command: []})).toMatchObject({type: 'flash', text: 'Pasted text ignored: open the filter or the command line first'});
  });
});
