/**
 * `keys: {filter: ['/', 'F'], openRunbook: ['o', '/']}` is accepted (a pane's key may shadow an
 * any-pane one), and in the alerts pane `/` opens the runbook. Messages named an action's first
 * key whatever the pane, so a paste there said `open the filter (/)`, where F is the key that
 * opens it. They name the key that reaches the action in the focused pane, as the help does.
 */
import {describe, expect, it} from 'vitest';
import {eventForPaste} from '../../src/actions/key-dispatch.ts';
import {registryKeyNamer} from '../../src/actions/key-hints.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {createRegistry, resolve} from '../../src/actions/registry.ts';
import {initialUiState} from '../../src/actions/ui-state.ts';

const shadowing = () => {
  const {registry, errors} = createRegistry(defaultKeymap, {filter: ['/', 'F'], openRunbook: ['o', '/']}, {readOnly: false});
  expect(errors).toEqual([]);
  return registry;
};

describe('messages naming the key that reaches an action in the focused pane', () => {
  it('the paste note names the key that opens the filter in the focused pane', () => {
    const registry = shadowing();
    expect(resolve(registry, '/', ['alerts', 'pane', 'global'])).toBe('openRunbook');
    const paste = (focus: 'alerts' | 'deploys') => eventForPaste(initialUiState({focus}), 'pasted', 0, registryKeyNamer(registry, focus));
    expect(paste('alerts')).toMatchObject({type: 'flash', text: 'Pasted text ignored: open the filter (F) or the command line (:) first'});
    // In the deploys pane nothing takes `/`: it is the filter's first key there.
    expect(paste('deploys')).toMatchObject({type: 'flash', text: 'Pasted text ignored: open the filter (/) or the command line (:) first'});
  });

  it('an action of another pane is named by the key that reaches it in its own pane', () => {
    const keys = registryKeyNamer(shadowing(), 'deploys');
    expect(keys('unack')).toBe('u');
    expect(keys('toggleAcked')).toBe('h');
    expect(keys('rollback')).toBe('R');
  });
});
