import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {ContextFeedSnapshot} from '../../../src/view/context-set.ts';
import {createFeedStore, DATA_GATHER_MS, START_GATHER_MS} from '../../../src/view/hooks/use-context-feeds.ts';

const contexts = new Map<string, {services: {context: string}}>();

/** A feed's snapshot as the store compares it: its context (one object per name), and a clock that moves what is drawn. */
function snapshot(context: string, now: number, loading = false): ContextFeedSnapshot {
  if (!contexts.has(context)) contexts.set(context, {services: {context}});
  // A loading context's source has not finished its first attempt (the header says `…`).
  const health = [{name: 'prometheus', last: loading ? 'none' : 'ok'}];
  return {
    context: contexts.get(context),
    data: {now, paneHealth: {}, health},
    built: null,
    ackStates: null,
    rollbacks: {runs: null, failures: null, start: null},
  } as unknown as ContextFeedSnapshot;
}

describe('createFeedStore: telling the dashboard of publishes', () => {
  beforeEach(() => vi.useFakeTimers({now: 1_000_000}));
  afterEach(() => vi.useRealTimers());

  it('with several contexts, tells of answers arriving one by one together, at the end of the window their first opened', () => {
    const store = createFeedStore();
    const heard: number[] = [];
    store.subscribe(() => heard.push(store.version()));
    // Each context's first publish (its feed mounting) is a key's effect: told of at once.
    store.publish(snapshot('a', 1), true);
    for (let i = 0; i < 19; i++) store.publish(snapshot(`c${i}`, 1), true);
    expect(heard).toHaveLength(20);
    heard.length = 0;
    // Twenty contexts answering one by one, 2 ms apart: nothing told until the window ends.
    for (let i = 0; i < 19; i++) {
      store.publish(snapshot(`c${i}`, 2));
      vi.advanceTimersByTime(2);
    }
    store.publish(snapshot('a', 2));
    expect(heard).toEqual([]);
    // The version the dashboard reads moves only when it is told: a render for another reason
    // in between draws none of the answers still gathered.
    expect(store.version()).toBe(20);
    vi.advanceTimersByTime(DATA_GATHER_MS - 38);
    expect(heard).toEqual([40]);
    expect(store.snapshots(['a', 'c0', 'c18'])?.map((s) => s.data.now)).toEqual([2, 2, 2]);
    // A lone answer later opens a window of its own.
    store.publish(snapshot('a', 3));
    expect(heard).toEqual([40]);
    vi.advanceTimersByTime(DATA_GATHER_MS);
    expect(heard).toEqual([40, 41]);
  });

  it("tells of a key's effect at once, with what was gathered before it", () => {
    const store = createFeedStore();
    const heard: number[] = [];
    store.subscribe(() => heard.push(store.version()));
    store.publish(snapshot('eu', 1), true);
    store.publish(snapshot('us', 1), true);
    heard.length = 0;
    store.publish(snapshot('eu', 2));
    vi.advanceTimersByTime(10);
    // A filter typed: its publish is urgent; the answer gathered before goes with it.
    store.publish(snapshot('us', 2), true);
    expect(heard).toEqual([4]);
    vi.advanceTimersByTime(DATA_GATHER_MS);
    expect(heard).toEqual([4]);
  });

  it('while contexts still wait for their first answers, tells at most once per start window, and at once of the publish that leaves none waiting', () => {
    const store = createFeedStore();
    const heard: number[] = [];
    store.subscribe(() => heard.push(store.version()));
    // Twenty contexts mount, each loading: the first publish is told of at once.
    for (let i = 0; i < 20; i++) store.publish(snapshot(`c${i}`, 1, true));
    expect(heard).toEqual([1]);
    // Their answers arrive one by one, 30 ms apart: one telling per start window (at 250 and
    // 500 ms), not one per 50 ms.
    expect(START_GATHER_MS).toBe(250);
    for (let i = 0; i < 19; i++) {
      vi.advanceTimersByTime(30);
      store.publish(snapshot(`c${i}`, 2, false));
    }
    expect(heard).toEqual([1, 28, 36]);
    // The last context's answers (at 600 ms): told of at once, not at the end of the window.
    vi.advanceTimersByTime(30);
    store.publish(snapshot('c19', 2, false));
    expect(heard).toEqual([1, 28, 36, 40]);
    vi.advanceTimersByTime(START_GATHER_MS);
    expect(heard).toEqual([1, 28, 36, 40]);
    // From then on the answers' window.
    store.publish(snapshot('c0', 3));
    store.publish(snapshot('c1', 3));
    expect(heard).toEqual([1, 28, 36, 40]);
    vi.advanceTimersByTime(DATA_GATHER_MS);
    expect(heard).toEqual([1, 28, 36, 40, 42]);
  });

  it('with one context, draws each answer at once while it starts, then gathers a poll\'s answers; nothing drawn changed, nothing told', () => {
    const store = createFeedStore();
    let heard = 0;
    store.subscribe(() => heard++);
    store.publish(snapshot('only', 1, true), true);
    expect(heard).toBe(1);
    // Starting (a source still without its first answer): each publish at once.
    store.publish(snapshot('only', 2, true));
    expect(heard).toBe(2);
    store.publish(snapshot('only', 3));
    expect(heard).toBe(3);
    // Then one poll's answers (and the clock) arrive some ms apart: told once, together.
    store.publish(snapshot('only', 4));
    vi.advanceTimersByTime(60);
    store.publish(snapshot('only', 5));
    store.publish(snapshot('only', 5));
    expect(heard).toBe(3);
    vi.advanceTimersByTime(DATA_GATHER_MS);
    expect(heard).toBe(4);
    // Unchanged: nothing told, nothing pending.
    store.publish(snapshot('only', 5));
    vi.advanceTimersByTime(DATA_GATHER_MS);
    expect(heard).toBe(4);
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
