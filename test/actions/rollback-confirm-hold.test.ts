/**
 * Enter on a rollback's confirmation while its action log check is unread: the hold is data in
 * the action context (`confirmHold`, from `unreadLogHold`), carried by the key's event to the
 * reducer, which closes the confirmation and says why instead of queueing the rollback. Driven
 * through the real key dispatch, reducer and runner, as the dashboard does.
 */
import {describe, expect, it, vi} from 'vitest';
import {createActionRunner} from '../../src/actions/action-runner.ts';
import {unreadLogHold} from '../../src/actions/deploy-actions.ts';
import {eventForKey} from '../../src/actions/key-dispatch.ts';
import {defaultKeymap, type ActionContext, type SelectionInfo} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {initialUiState, uiReducer, type ConfirmHold, type UiState} from '../../src/actions/ui-state.ts';
import type {RollbackPlan} from '../../src/domain/deploy.ts';
import {actionData, fakeDeps, NOW} from './action-fixtures.ts';

const registry = createRegistry(defaultKeymap, {}, {readOnly: false}).registry;
const plan: RollbackPlan = {service: 'checkout', environment: 'production', fromVersion: 'v2', toVersion: 'v1', description: 'workflow_dispatch rollback.yml', idempotencyKey: `oncall:prod:checkout:production:v2->v1:${NOW}`};
const deploy: SelectionInfo = {kind: 'deploy', id: 'd2', label: 'checkout', canRollback: true, rollbackPlan: plan};
const frame = {rowCounts: {slos: 0, alerts: 0, deploys: 2}, pageSize: 5, now: NOW};
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The dashboard's key loop over the real reducer and runner; `hold` is what the confirmation shows now. */
function dashboard() {
  const {deps} = fakeDeps();
  let state: UiState = initialUiState({focus: 'deploys'});
  const flashes: string[] = [];
  const dispatch = (event: Parameters<typeof uiReducer>[1]) => {
    state = uiReducer(state, event);
    if (event.type === 'flash') flashes.push(event.text);
  };
  const runner = createActionRunner({...deps, dispatch, now: () => NOW, data: actionData(), readOnly: false, app: {quit: vi.fn(), refresh: vi.fn(), switchContext: vi.fn(), switchTheme: vi.fn()}});
  const press = (key: string, hold: ConfirmHold | null = null) => {
    const ctx: ActionContext = {readOnly: false, hasAlertmanager: false, hasRollback: true, selection: deploy, confirmHold: hold};
    const event = eventForKey(registry, state, {key: key.length > 1 && key !== 'enter' ? null : key, input: key === 'enter' ? '\r' : key}, ctx, frame);
    if (event) dispatch(event);
    // The runner takes the effects after each render, as `useActionRunner` does.
    runner.runEffects(state.effects);
  };
  return {deps, press, state: () => state, flashes: () => state.flash ? [...flashes, state.flash.text] : flashes};
}

describe('a rollback confirmation held while its log check is unread', () => {
  it('Enter sends nothing, closes the confirmation and says why', async () => {
    const d = dashboard();
    d.press('R');
    expect(d.state().modal).toMatchObject({kind: 'confirm', action: 'rollback'});
    d.press('checkout');
    d.press('enter', unreadLogHold(plan));
    await settle();
    expect(d.deps.rollbacks.start).not.toHaveBeenCalled();
    expect(d.state().modal).toBeNull();
    expect(d.state().flash).toMatchObject({
      text: 'rollback of checkout not sent: the action log was still being read for rollbacks started elsewhere; press R to see what it holds and confirm again',
      tone: 'critical',
    });
    // Said alone: no "sending…" went before it, as nothing was sent.
    expect(d.flashes().filter((text) => text.includes('sending'))).toEqual([]);
    // A second Enter of the same burst finds nothing to confirm.
    d.press('enter');
    await settle();
    expect(d.deps.rollbacks.start).not.toHaveBeenCalled();
  });

  it('Enter once the log is read sends the confirmed plan once', async () => {
    const d = dashboard();
    d.press('R');
    d.press('checkout');
    d.press('enter');
    d.press('enter');
    await settle();
    expect(d.deps.rollbacks.start).toHaveBeenCalledTimes(1);
    expect(d.deps.rollbacks.start).toHaveBeenCalledWith(plan);
    expect(d.state().flash?.text).toBe('rollback started');
  });

  it('a hold naming another rollback (an earlier confirmation) does not hold this one', async () => {
    const d = dashboard();
    d.press('R');
    d.press('checkout');
    d.press('enter', unreadLogHold({...plan, idempotencyKey: `${plan.idempotencyKey}-earlier`}));
    await settle();
    expect(d.deps.rollbacks.start).toHaveBeenCalledTimes(1);
  });

  it('a mistyped confirmation is refused as before, held or not, and stays open', () => {
    const d = dashboard();
    d.press('R');
    d.press('check');
    d.press('enter', unreadLogHold(plan));
    expect(d.state().modal).toMatchObject({kind: 'confirm', draft: 'check'});
    expect(d.state().flash?.text).toBe('Type "checkout" exactly to confirm, or Esc to cancel');
  });
});
