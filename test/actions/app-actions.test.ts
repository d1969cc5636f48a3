import {describe, expect, it} from 'vitest';
import {alertViewActions} from '../../src/actions/alert-actions.ts';
import {rowActions} from '../../src/actions/app-actions.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {initialUiState} from '../../src/actions/ui-state.ts';
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

  it('copy a link through the injected terminal, with the tmux note when in tmux', () => {
    const copy = rowActions.find((r) => r.id === 'copyLink')!;
    const {deps, copied} = fakeDeps({env: {TMUX: '/tmp/tmux-1/default,1,0'}});
    const result = copy.run!({url: 'https://ci.example/run/1', what: 'deploy'}, deps);
    expect(copied).toEqual(['https://ci.example/run/1']);
    expect(result).toEqual({text: 'copied deploy link: https://ci.example/run/1 (in tmux this needs: set -g set-clipboard on)', tone: 'ok'});
  });
});
