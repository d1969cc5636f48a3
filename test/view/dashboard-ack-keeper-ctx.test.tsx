/**
 * Ack-until-resolved across `:ctx`: the keeper's duty is to the acks made, not to the context on
 * screen. A context left keeps its keeper while it holds the user's acks, and only one keeper
 * runs per context when it is shown again.
 */
import {describe, expect, it, vi} from 'vitest';
import type {Alert} from '../../src/domain/alert.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, T0} from '../queries/fakes.ts';
import {scriptedAlertmanager} from '../queries/silence-fakes.ts';
import {dashboardSettings, dashboardTestHooks, PLAIN, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks();

const MIN = 60_000;
const KEEPER_MS = 45_000;
const AUTHOR = 'tester@host';
const matchers = [{name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true}];
const footer = (frame: string) => frame.split('\n').at(-1) ?? '';
const untilResolved = {ack: {...dashboardSettings().ack, untilResolved: true}};

/**
 * prod's Alertmanager with this user's ack of a firing alert ending in 6 minutes (not yet due:
 * the keeper extends acks ending within 5), counting the keeper's reads (`forAction`).
 */
async function prodWithAck(extensions: Array<'ok' | 'unavailable'> = [], opts: {acked?: boolean; ackMs?: number; ackLands?: Promise<void>} = {}) {
  const state = {firing: true, keeperReads: 0};
  // The first post is the ack itself.
  const am = scriptedAlertmanager('am-1', {create: ['ok', ...extensions]}, (): Alert[] =>
    state.firing ? [firing(am.created.filter((s) => s.state === 'active').map((s) => s.id))] : [],
  );
  if (opts.acked ?? true) await am.handle.capabilities.createSilence({matchers, startsAt: T0, endsAt: T0 + 6 * MIN, createdBy: AUTHOR, comment: 'ACK! on it'});
  const c = am.handle.capabilities;
  const handle = {
    ...am.handle,
    capabilities: {
      ...c,
      listSilences: (opts?: {forAction?: boolean}) => {
        if (opts?.forAction) state.keeperReads++;
        return c.listSilences();
      },
      // A slow Alertmanager: the user's ack reaches it only once `ackLands` settles.
      createSilence: async (draft: Parameters<typeof c.createSilence>[0]) => {
        if (!draft.id && opts.ackLands) await opts.ackLands;
        return c.createSilence(draft);
      },
    },
  };
  const prod = emptyServices({context: 'prod', alertSources: [handle]});
  const staging = emptyServices({context: 'staging'});
  const settings = {ack: {...untilResolved.ack, ...(opts.ackMs === undefined ? {} : {durationMs: opts.ackMs})}};
  const h = await renderDashboard(prod, {columns: 160, settings, openContext: (name) => ({services: name === 'prod' ? prod : staging, look: PLAIN})});
  await h.waitFor(() => state.keeperReads === 1, 'the keeper first run');
  return {am, state, h};
}

function firing(silencedBy: string[]): Alert {
  return makeAlert({fingerprint: 'f1', name: 'DiskFull', severity: 'critical', state: silencedBy.length > 0 ? 'suppressed' : 'firing', labels: {alertname: 'DiskFull', service: 'disk'}, seenBy: ['am-1'], silencedBy});
}

async function advance(h: {settle(): Promise<void>}, ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
  await h.settle();
}

// Each test renders a dashboard and runs the keeper several times: slow on a loaded machine.
describe('ack-until-resolved across :ctx', {timeout: 60_000}, () => {
  it('keeps extending the acks of the context left before they end', async () => {
    const {am, state, h} = await prodWithAck();
    expect(am.createCalls).toHaveLength(1);
    await h.press(':ctx staging\r');
    const switched = await h.waitFor((f) => f.includes('context staging'), 'staging shown');
    // The switch says the acks left behind are still looked after.
    expect(footer(switched)).toContain('context staging · prod: 1 ack kept until resolved still extended while not shown');
    // Two runs on: at 1m30 the ack has 4m30 left, within the 5 minutes, and prod is not shown.
    await advance(h, KEEPER_MS);
    await advance(h, KEEPER_MS);
    expect(h.lastFrame()).not.toContain('DiskFull');
    expect(state.keeperReads).toBe(3);
    expect(am.createCalls).toHaveLength(2);
    const extension = am.createCalls[1]!;
    expect(extension.id).toBe(am.created[0]!.id);
    // The ack now ends 15 minutes after the run that extended it, past the 6 it had.
    expect(extension.endsAt).toBe(T0 + 2 * KEEPER_MS + 15 * MIN);
    expect(am.created.find((s) => s.state === 'active')?.endsAt).toBe(T0 + 2 * KEEPER_MS + 15 * MIN);
  });

  it('runs one keeper for a context shown again, not one more', async () => {
    const {state, h} = await prodWithAck();
    await h.press(':ctx staging\r');
    await h.waitFor((f) => f.includes('context staging'), 'staging shown');
    await advance(h, KEEPER_MS);
    expect(state.keeperReads).toBe(2);
    // Back between two runs, so a second keeper's pace would not coincide with the first's.
    await advance(h, 20_000);
    await h.press(':ctx prod\r');
    await h.waitFor((f) => f.includes('context prod') && f.includes('DiskFull'), 'prod shown again');
    // The keeper kept running: showing prod again starts no run of its own.
    expect(state.keeperReads).toBe(2);
    for (let i = 0; i < 3; i++) await advance(h, KEEPER_MS);
    // One run per keeper interval (at 1m30, 2m15, 3m00): a second keeper would add its own.
    expect(state.keeperReads).toBe(5);
  });

  it('says in the footer, naming the context, an ack of a context not shown it could not extend', async () => {
    const {am, h} = await prodWithAck(['unavailable']);
    await h.press(':ctx staging\r');
    await h.waitFor((f) => f.includes('context staging'), 'staging shown');
    await advance(h, KEEPER_MS);
    await advance(h, KEEPER_MS);
    expect(am.createCalls).toHaveLength(2);
    const said = await h.waitFor((f) => footer(f).includes('NOT EXTENDED'), 'the failure said');
    expect(footer(said)).toContain('prod (not shown): ACK NOT EXTENDED: DiskFull (ends 10:06:00Z): unavailable: am-1: silence rejected (unavailable); tried again at 10:02:15Z');
  });

  it('keeps the keeper of a context left right after an ack there its last run could not see', async () => {
    // No ack yet: the keeper's first run finds nothing of the user's to keep.
    const {am, h} = await prodWithAck([], {acked: false, ackMs: 4 * MIN});
    await h.press('2');
    await h.press('j');
    await h.press('a');
    await h.waitFor((f) => f.includes(AUTHOR), 'the ack on the alert');
    expect(am.createCalls).toHaveLength(1);
    await h.press(':ctx staging\r');
    const switched = await h.waitFor((f) => f.includes('context staging'), 'staging shown');
    expect(footer(switched)).toContain('prod: acks kept until resolved still extended while not shown');
    // The 4-minute ack is due at the next run, with prod not shown.
    await advance(h, KEEPER_MS);
    expect(am.createCalls).toHaveLength(2);
    expect(am.createCalls[1]!.id).toBe(am.created[0]!.id);
  });

  it('keeps the keeper of a context left after an ack sent before its last run began and landed after it', async () => {
    let land!: () => void;
    const ackLands = new Promise<void>((resolve) => (land = resolve));
    const {am, state, h} = await prodWithAck([], {acked: false, ackMs: 4 * MIN, ackLands});
    await h.press('2');
    await h.press('j');
    await h.press('a');
    // The ack reads the silences (its own request, counted too) and waits on its post.
    await advance(h, 0);
    const reads = state.keeperReads;
    // The keeper runs while the ack is on its way: it reads no silence of the user's.
    await advance(h, KEEPER_MS);
    expect(state.keeperReads).toBe(reads + 1);
    expect(am.createCalls).toHaveLength(0);
    land();
    await h.waitFor((f) => f.includes(AUTHOR), 'the ack on the alert');
    expect(am.createCalls).toHaveLength(1);
    await h.press(':ctx staging\r');
    const switched = await h.waitFor((f) => f.includes('context staging'), 'staging shown');
    // The last run could not see the ack: it is kept, and how many is not known.
    expect(footer(switched)).toContain('prod: acks kept until resolved still extended while not shown');
    // The 4-minute ack is due at the next run, with prod not shown: extended, not left to lapse.
    await advance(h, KEEPER_MS);
    expect(state.keeperReads).toBe(reads + 2);
    expect(am.createCalls).toHaveLength(2);
    expect(am.createCalls[1]!.id).toBe(am.created[0]!.id);
  });

  it('says one ack kept for one alert acked on two Alertmanagers that are no cluster', async () => {
    const silenced = new Map<string, string[]>();
    const amOf = (name: string) => scriptedAlertmanager(name, {}, (): Alert[] => [{...firing(silenced.get(name) ?? []), seenBy: ['am-1', 'am-2']}]);
    const ams = [amOf('am-1'), amOf('am-2')];
    for (const am of ams) silenced.set(am.handle.name, [await am.handle.capabilities.createSilence({matchers, startsAt: T0, endsAt: T0 + 60 * MIN, createdBy: AUTHOR, comment: 'ACK! on it'})]);
    const prod = emptyServices({context: 'prod', alertSources: ams.map((am) => am.handle)});
    const h = await renderDashboard(prod, {columns: 160, settings: untilResolved, openContext: (name) => ({services: name === 'prod' ? prod : emptyServices({context: 'staging'}), look: PLAIN})});
    await h.waitFor((f) => f.includes(AUTHOR), 'the ack on the alert');
    await advance(h, 0);
    await h.press(':ctx staging\r');
    const switched = await h.waitFor((f) => f.includes('context staging'), 'staging shown');
    expect(footer(switched)).toContain('context staging · prod: 1 ack kept until resolved still extended while not shown');
  });

  it('lets the keeper of a context left go once its alert resolved', async () => {
    const {state, h} = await prodWithAck();
    await h.press(':ctx staging\r');
    await h.waitFor((f) => f.includes('context staging'), 'staging shown');
    state.firing = false;
    // The next run sees no ack of the user's left to keep: no more reads of prod after it.
    await advance(h, KEEPER_MS);
    expect(state.keeperReads).toBe(2);
    for (let i = 0; i < 3; i++) await advance(h, KEEPER_MS);
    expect(state.keeperReads).toBe(2);
  });
});
