/**
 * Where the feeds of a set of contexts publish (one `ContextFeed` per context, each running the
 * one-context hooks), and the dashboard reads them: a small store whose version moves only when a
 * feed's tables, health, clock, acks or rollbacks changed, so a feed re-rendered with nothing new
 * costs the dashboard no render.
 */
import {useMemo, useRef, useState, useSyncExternalStore} from 'react';
import {createContextMerger} from '../context-tables.ts';
import {contextSetView, type ContextFeedSnapshot, type ContextSetView, type DashboardContext, type splitFilters} from '../context-set.ts';

/** The feeds' latest snapshots by context name. */
export interface FeedStore {
  subscribe(listener: () => void): () => void;
  version(): number;
  /**
   * Keeps `snapshot` as the latest of its context; tells the dashboard when it differs in what is
   * drawn. `urgent`: what a key or an action changed (a filter, a hide toggle, an ack in flight),
   * told of at once; otherwise answers and the clock, gathered (see {@link DATA_GATHER_MS}).
   */
  publish(snapshot: ContextFeedSnapshot, urgent?: boolean): void;
  /** The latest snapshot of each of `names`, in that order; `null` while one has not published yet. */
  snapshots(names: readonly string[]): ContextFeedSnapshot[] | null;
  /**
   * Forgets the snapshot of `name`, whose feed is gone (`:ctx` left it out): its tables (10,000
   * alert rows, say) are not kept until exit. Shown again, its new feed publishes anew.
   */
  drop(name: string): void;
}

// What of a snapshot is drawn; `paneHealth` as text (a handful of sources), the rest by identity.
function sameDrawn(a: ContextFeedSnapshot, b: ContextFeedSnapshot): boolean {
  return (
    a.context === b.context &&
    a.built === b.built &&
    a.filters === b.filters &&
    a.hidden === b.hidden &&
    a.pastAt === b.pastAt &&
    a.ackStates === b.ackStates &&
    a.rollbacks.runs === b.rollbacks.runs &&
    a.rollbacks.failures === b.rollbacks.failures &&
    a.rollbacks.start === b.rollbacks.start &&
    a.data.now === b.data.now &&
    JSON.stringify(a.data.paneHealth) === JSON.stringify(b.data.paneHealth)
  );
}

/**
 * Answers and clock ticks are told of this many ms after the first of them, together: the
 * sources of one poll (and the second that polls on) answer some ms apart, and told of one by
 * one each rewrote the header's ages in a frame of its own. Ink draws at most every 50 ms
 * (`maxFps: 20`): two answers 60 ms apart were two frames, an unchanged refresh 239 B instead of
 * 149 B (the demo's alerts answer up to ~100 ms before its SLOs). With several contexts it is
 * also what keeps twenty contexts' answers, arriving one by one, to a few merges and frames
 * instead of one each (10,000 alert rows merged per feed). Nothing waits on it but the drawing
 * of data already at least a poll old; what a key changed is told of at once (`urgent`), and
 * takes what was gathered with it.
 */
export const DATA_GATHER_MS = 150;

/**
 * While some context still waits for its first answers (a source whose first attempt has not
 * finished: the header says `…`), publishes are gathered this long instead: a start of twenty
 * contexts otherwise merged and drew a frame every 50 ms for states superseded at once, each
 * taking the main thread from the answers still to decode. The publish that leaves no context
 * waiting is told of at once, so the first frame with every context's data is not held back; a
 * context failing meanwhile shows within this window, and keys are not gathered at all.
 */
export const START_GATHER_MS = 250;

// A source whose first attempt has not finished: the context is still loading.
const loading = (s: ContextFeedSnapshot) => s.data.health?.some((h) => h.last === 'none') ?? false;

/** Makes an empty store. */
export function createFeedStore(): FeedStore {
  const latest = new Map<string, ContextFeedSnapshot>();
  const listeners = new Set<() => void>();
  // `version` moves with every publish that changes what is drawn; `shown` only when the dashboard
  // is told. The dashboard reads `shown`: a render for another reason (a key, a query of its
  // own) between a poll's first answer and the telling must not draw that answer alone, with
  // the clock and the other sources of its poll still to come, in a frame of its own.
  let version = 0;
  let shown = 0;
  let pending: ReturnType<typeof setTimeout> | null = null;
  let told = Number.NEGATIVE_INFINITY;
  // The contexts whose latest snapshot still waits for a first answer.
  const waiting = new Set<string>();
  const notify = () => {
    if (pending !== null) clearTimeout(pending);
    pending = null;
    told = Date.now();
    shown = version;
    for (const l of [...listeners]) l();
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => shown,
    publish(snapshot, urgent = false) {
      const name = snapshot.context.services.context;
      const before = latest.get(name);
      latest.set(name, snapshot);
      const wasWaiting = waiting.size > 0;
      if (loading(snapshot)) waiting.add(name);
      else waiting.delete(name);
      if (before && sameDrawn(before, snapshot)) return;
      version++;
      // Told now, or once at the end of the gathering window. A key's effect and the last
      // context's first answers: now.
      if (urgent || (wasWaiting && waiting.size === 0)) return notify();
      if (pending !== null) return;
      if (waiting.size > 0) {
        // Starting: one context draws each answer as it comes (the first frame with data is not
        // held back); several are told at most once per start window.
        const wait = latest.size > 1 ? told + START_GATHER_MS - Date.now() : 0;
        if (wait <= 0) notify();
        else pending = setTimeout(notify, wait);
        return;
      }
      pending = setTimeout(notify, DATA_GATHER_MS);
    },
    drop(name) {
      // Nothing drawn reads it: the view is of the contexts shown, which no longer include it.
      latest.delete(name);
      waiting.delete(name);
    },
    snapshots(names) {
      const out: ContextFeedSnapshot[] = [];
      for (const n of names) {
        const s = latest.get(n);
        if (!s) return null;
        out.push(s);
      }
      return out;
    },
  };
}

/** The dashboard's store, and its version (re-rendering when a feed published something new). */
export function useContextFeeds(): {store: FeedStore; version: number} {
  const [store] = useState(createFeedStore);
  const version = useSyncExternalStore(store.subscribe, store.version, store.version);
  return {store, version};
}

/**
 * The screen's view of `contexts` under the split filters. Until a context just added by `:ctx`
 * has published (in the same commit, from its feed's layout effect), the previous view stays: the
 * screen never draws an empty frame in between. `null` only before the very first data.
 */
export function useContextSetView(contexts: readonly DashboardContext[], split: Pick<ReturnType<typeof splitFilters>, 'matchers' | 'errors'>): {store: FeedStore; view: ContextSetView | null} {
  const {store, version} = useContextFeeds();
  // Kept for the dashboard's life: a merge redoes only the panes of the contexts that changed.
  const [merger] = useState(createContextMerger);
  const names = contexts.map((c) => c.services.context).join('\n');
  const fresh = useMemo(() => {
    const feeds = store.snapshots(names.split('\n'));
    return feeds ? contextSetView(feeds, split.matchers, split.errors, merger.merge) : null;
  }, [store, version, names, split, merger]);
  const last = useRef<ContextSetView | null>(null);
  if (fresh) last.current = fresh;
  return {store, view: fresh ?? last.current};
}
