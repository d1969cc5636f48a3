/**
 * A context's feed publishes its snapshot to the dashboard's store while it is shown, and the
 * store lets go of it when `:ctx` leaves the context out (the feed unmounts): a context shown
 * once is not held until exit. Shown again, its new feed publishes anew.
 */
import {render} from 'ink-testing-library';
import {describe, expect, it, vi} from 'vitest';
import {perPane} from '../../../src/actions/panes.ts';
import {discardRecorder} from '../../../src/domain/action-log.ts';
import {NOTHING_HIDDEN} from '../../../src/domain/alert-states.ts';
import {createQueryClient} from '../../../src/queries/query-client.ts';
import {createDemoEnvironment} from '../../../src/sources/demo/demo-environment.ts';
import {ContextFeed} from '../../../src/view/components/ContextFeed.tsx';
import type {DashboardContext} from '../../../src/view/context-set.ts';
import {createFeedStore, type FeedStore} from '../../../src/view/hooks/use-context-feeds.ts';
import {createRollbackStore} from '../../../src/view/hooks/use-rollback-followers.ts';
import {dashboardSettings, dashboardTestHooks} from '../dashboard-harness.tsx';

dashboardTestHooks();

const named = (context: string): DashboardContext => ({services: {...createDemoEnvironment({now: () => Date.now()}).services, context}});
const held = (store: FeedStore, names: string[]) => names.filter((n) => store.snapshots([n]) !== null);

describe('ContextFeed and the feed store', () => {
  it('a context left out of the set is dropped from the store; shown again, it is back', async () => {
    const client = createQueryClient({retry: 0});
    const store = createFeedStore();
    const settings = dashboardSettings();
    const filters = perPane(() => '');
    const feeds = (members: DashboardContext[]) => (
      <>
        {members.map((member) => (
          <ContextFeed key={member.services.context} client={client} member={member} settings={settings} paused={false} filters={filters} hidden={NOTHING_HIDDEN} record={discardRecorder} writeRaw={() => {}} store={store} rollbackStore={createRollbackStore()} />
        ))}
      </>
    );
    const [eu, us] = [named('eu'), named('us')];
    const app = render(feeds([eu, us]));
    try {
      expect(held(store, ['eu', 'us'])).toEqual(['eu', 'us']);
      app.rerender(feeds([eu]));
      // React runs an unmounted component's effect cleanups after the commit.
      await new Promise((resolve) => setImmediate(resolve));
      expect(held(store, ['eu', 'us'])).toEqual(['eu']);
      app.rerender(feeds([eu, us]));
      expect(held(store, ['eu', 'us'])).toEqual(['eu', 'us']);
    } finally {
      app.unmount();
      client.clear();
    }
  });
});

describe('ContextFeed and ack-until-resolved', () => {
  // A new alert list with the keeper on is gathered with the rest of its poll like any answer:
  // the keeper's word on the acks was recomputed as a new (empty) map, which counted as a key's
  // change and made every poll's publish urgent (drawn at once, never gathered).
  it('publishes a new alert answer gathered, not urgent, while the keeper has not spoken', async () => {
    const client = createQueryClient({retry: 0});
    const inner = createFeedStore();
    const urgent: boolean[] = [];
    const store: FeedStore = {...inner, publish: (snapshot, u) => (urgent.push(u === true), inner.publish(snapshot, u))};
    const base = dashboardSettings();
    const settings = dashboardSettings({ack: {...base.ack, untilResolved: true}});
    const member = named('eu');
    const app = render(<ContextFeed client={client} member={member} settings={settings} paused={false} filters={perPane(() => '')} hidden={NOTHING_HIDDEN} record={discardRecorder} writeRaw={() => {}} store={store} rollbackStore={createRollbackStore()} />);
    try {
      await vi.advanceTimersByTimeAsync(200);
      urgent.length = 0;
      await client.refetchQueries({queryKey: ['alerts', 'eu']});
      await vi.advanceTimersByTimeAsync(50);
      expect(urgent.length).toBeGreaterThan(0);
      expect(urgent.every((u) => !u)).toBe(true);
    } finally {
      app.unmount();
      client.clear();
    }
  });
});
