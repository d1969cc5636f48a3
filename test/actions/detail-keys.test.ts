/**
 * README (Keys, Enter): in the details "keys pressed there act on that row". `c` (show and copy
 * the row's CLI command) and `t` (timeline of the row's service), both row keys, are not bound in
 * the details scope: pressed there they do nothing at all, without a word.
 */
import {describe, expect, it} from 'vitest';
import {eventForKey} from '../../src/actions/key-dispatch.ts';
import {defaultKeymap, type ActionContext} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {initialUiState} from '../../src/actions/ui-state.ts';

const registry = createRegistry(defaultKeymap, {}, {readOnly: false}).registry;
const alert = {kind: 'alert' as const, id: 'fp1', label: 'HighErrorRate', acked: false, hasRunbook: false, service: 'checkout', rowKey: 'a:fp1'};
const ctx: ActionContext = {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: alert};
const frame = {rowCounts: {slos: 1, alerts: 4, deploys: 2}, pageSize: 5, now: 7};

describe('row keys inside the details of an alert', () => {
  const details = {...initialUiState({focus: 'alerts'}), modal: {kind: 'detail' as const, pane: 'alerts' as const, scroll: 0, row: {key: 'a:fp1', target: alert}}};
  for (const key of ['c', 't']) {
    it(`\`${key}\` acts on the details' row (or says why not)`, () => {
      // Control: in the pane the key is an action.
      expect(eventForKey(registry, initialUiState({focus: 'alerts'}), {key, input: key}, ctx, frame)).not.toBeNull();
      // Actual: null in the details.
      expect(eventForKey(registry, details, {key, input: key}, ctx, frame)).not.toBeNull();
    });
  }
});
