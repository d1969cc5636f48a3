import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {ContextFeedSnapshot} from '../../../src/view/context-set.ts';
import {createFeedStore, PUBLISH_GATHER_MS} from '../../../src/view/hooks/use-context-feeds.ts';

const contexts = new Map<string, {services: {context: string}}>();

/** A feed's snapshot as the store compares it: its context (one object per name), and a clock that moves what is drawn. */
function snapshot(context: string, now: number): ContextFeedSnapshot {
  if (!contexts.has(context)) contexts.set(context, {services: {context}});
  return {
    context: contexts.get(context),
    data: {now, paneHealth: {}},
    built: null,
    ackStates: null,
    rollbacks: {runs: null, failures: null, start: null},
  } as unknown as ContextFeedSnapshot;
}

describe('createFeedStore: telling the dashboard of publishes', () => {
  beforeEach(() => vi.useFakeTimers({now: 1_000_000}));
  afterEach(() => vi.useRealTimers());

  it('with several contexts, tells of the first publish at once and of the others of the window together', () => {
    const store = createFeedStore();
    const heard: number[] = [];
    store.subscribe(() => heard.push(store.version()));
    store.publish(snapshot('a', 1));
    expect(heard).toEqual([1]);
    // Twenty contexts answering one by one within the window: one more telling, at its end.
    for (let i = 0; i < 19; i++) {
      vi.advanceTimersByTime(2);
      store.publish(snapshot(`c${i}`, 1));
    }
    expect(heard).toEqual([1]);
    // Their version moved at once: a render for another reason already draws them.
    expect(store.version()).toBe(20);
    vi.advanceTimersByTime(PUBLISH_GATHER_MS);
    expect(heard).toEqual([1, 20]);
    expect(store.snapshots(['a', 'c0', 'c18'])?.map((s) => s.context.services.context)).toEqual(['a', 'c0', 'c18']);
    // A lone publish after a quiet window is told of at once again.
    vi.advanceTimersByTime(PUBLISH_GATHER_MS);
    store.publish(snapshot('a', 2));
    expect(heard).toEqual([1, 20, 21]);
  });

  it('with one context, tells of every publish at once; nothing drawn changed, nothing told', () => {
    const store = createFeedStore();
    let heard = 0;
    store.subscribe(() => heard++);
    store.publish(snapshot('only', 1));
    store.publish(snapshot('only', 2));
    store.publish(snapshot('only', 2));
    expect(heard).toBe(2);
  });

  it('drops a context no longer shown: it holds only the others, and the context published again is back', () => {
    const store = createFeedStore();
    store.publish(snapshot('eu', 1));
    store.publish(snapshot('us', 1));
    store.drop('us');
    expect(store.snapshots(['us'])).toBeNull();
    expect(store.snapshots(['eu'])?.map((s) => s.context.services.context)).toEqual(['eu']);
    store.publish(snapshot('us', 2));
    expect(store.snapshots(['eu', 'us'])?.map((s) => s.data.now)).toEqual([1, 2]);
  });
});
