import {describe, expect, it} from 'vitest';
import type {DashboardContext} from '../../../src/view/context-set.ts';
import {createRollbackStore, followedLeft} from '../../../src/view/hooks/use-rollback-followers.ts';
import {emptyServices} from '../../queries/fakes.ts';

const member = (context: string): DashboardContext => ({services: emptyServices({context})});

describe('followedLeft', () => {
  it('keeps following only the contexts left where a rollback was started', () => {
    const [prod, staging, dev] = [member('prod'), member('staging'), member('dev')];
    const left = followedLeft(new Map(), [prod, dev], [staging], new Set(['prod']));
    // dev started none: nothing of it to follow, its follower goes with its feed.
    expect([...left.keys()]).toEqual(['prod']);
    expect(left.get('prod')).toBe(prod);
    // prod shown again: its follower is the shown one's.
    expect([...followedLeft(left, [staging], [prod], new Set(['prod', 'staging'])).keys()]).toEqual(['staging']);
  });
});

describe('createRollbackStore', () => {
  it('answers nothing sent before a follower publishes, and tells only of a change', () => {
    const store = createRollbackStore();
    const told: string[] = [];
    store.subscribe(() => told.push('told'));
    const none = store.get('prod');
    expect(none.runs).toEqual([]);
    const runs = {...none, failures: []};
    store.publish('prod', runs);
    store.publish('prod', runs);
    expect(store.get('prod')).toBe(runs);
    store.drop('prod');
    store.drop('prod');
    expect(store.get('prod')).toBe(none);
    expect(told).toEqual(['told', 'told']);
  });
});
