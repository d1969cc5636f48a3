/**
 * Which contexts run an ack keeper: every context shown, and every context left by `:ctx` until
 * its keeper finds nothing of the user's left to keep. Why: the keeper used to run inside the
 * context's feed, so switching away stopped extending acks made there and they lapsed and paged
 * again, with nothing on screen saying so.
 */
import {useCallback, useMemo, useState} from 'react';
import type {DashboardContext} from '../context-set.ts';

/** One context whose keeper runs, and whether it is on screen. */
export interface KeeperMember {
  member: DashboardContext;
  shown: boolean;
}

const NONE: ReadonlyMap<string, DashboardContext> = new Map();

/**
 * The contexts left (`left`) after the shown set went from `before` to `after`: those shown
 * before and not now join it, those shown again leave it (their keeper is the shown one's).
 */
export function leftContexts(left: ReadonlyMap<string, DashboardContext>, before: readonly DashboardContext[], after: readonly DashboardContext[]): ReadonlyMap<string, DashboardContext> {
  const now = new Set(after.map((c) => c.services.context));
  const out = new Map([...left].filter(([name]) => !now.has(name)));
  for (const c of before) if (!now.has(c.services.context)) out.set(c.services.context, c);
  return out;
}

/** The keepers to run for `contexts` shown now, and `done` for a left context's keeper to stop. */
export function useAckKeepers(contexts: readonly DashboardContext[]): {members: KeeperMember[]; done(context: string): void} {
  const [before, setBefore] = useState(contexts);
  const [left, setLeft] = useState(NONE);
  // Updated in the render that switches, not in an effect: the left context's keeper must stay
  // mounted through the switch, or its query would lose its observer (and its next run) for a frame.
  if (before !== contexts) {
    setBefore(contexts);
    setLeft(leftContexts(left, before, contexts));
  }
  const done = useCallback(
    (context: string) =>
      setLeft((l) => {
        if (!l.has(context)) return l;
        const out = new Map(l);
        out.delete(context);
        return out;
      }),
    [],
  );
  const members = useMemo(() => [...contexts.map((member) => ({member, shown: true})), ...[...left.values()].map((member) => ({member, shown: false}))], [contexts, left]);
  return {members, done};
}
