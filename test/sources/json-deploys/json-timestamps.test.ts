import {afterEach, describe, expect, it} from 'vitest';
import {jsonDeploys} from '../../../src/sources/json-deploys/json-deploys-wire.ts';

const saved = process.env.TZ;
afterEach(() => {
  if (saved === undefined) delete process.env.TZ;
  else process.env.TZ = saved;
});

function startedAtIn(tz: string): number | undefined {
  process.env.TZ = tz;
  const {items} = jsonDeploys([{service: 'checkout', version: 'v2.14.0', startedAt: '2026-12-07T15:00:00', status: 'success'}], {});
  return items[0]?.startedAt;
}

describe('deploys: timestamps without a zone', () => {
  it('a JSON feed startedAt without a zone means the same instant on every machine (not the laptop\'s local time)', () => {
    // Date.parse reads an ISO date-time without offset as *local* time: the on-call laptop in
    // Berlin placed the deploy an hour off from one in UTC, so its age and SUSPECT changed with
    // the reader's TZ. It is read as UTC, never machine-local.
    const utc = startedAtIn('UTC');
    const berlin = startedAtIn('Europe/Berlin');
    const ny = startedAtIn('America/New_York');
    expect(berlin).toBe(utc);
    expect(ny).toBe(utc);
  });

  it('is read as UTC, with a space for the T too, and a zone given is kept', () => {
    process.env.TZ = 'Europe/Berlin';
    const at = (startedAt: string) => jsonDeploys([{service: 'checkout', version: 'v1', startedAt}], {}).items[0]?.startedAt;
    expect([at('2026-12-07T15:00:00'), at('2026-12-07 15:00'), at('2026-12-07T15:00:00.250'), at('2026-12-07T16:00:00+01:00'), at('2026-12-07')]).toEqual([
      Date.UTC(2026, 11, 7, 15),
      Date.UTC(2026, 11, 7, 15),
      Date.UTC(2026, 11, 7, 15, 0, 0, 250),
      Date.UTC(2026, 11, 7, 15),
      Date.UTC(2026, 11, 7),
    ]);
  });
});

describe('deploys: a JSON feed\'s finishedAt', () => {
  it('ends a deploy that ended; a running one, an unreadable time or one not after the start gives no end, and the deploy stays', () => {
    const feed = [
      // A 40-minute rollout that finished 2 minutes before the burn at 10:00.
      {id: 'a', service: 'checkout', version: 'v2', status: 'success', startedAt: '2026-05-04T09:20:00Z', finishedAt: '2026-05-04T09:58:00Z'},
      {id: 'b', service: 'checkout', version: 'v3', status: 'failed', startedAt: 1777885200, finishedAt: 1777885500},
      {id: 'c', service: 'checkout', version: 'v4', status: 'running', startedAt: '2026-05-04T09:50:00Z', finishedAt: '2026-05-04T09:59:00Z'},
      {id: 'd', service: 'checkout', version: 'v5', status: 'success', startedAt: '2026-05-04T09:50:00Z', finishedAt: 'soon'},
      {id: 'e', service: 'checkout', version: 'v6', status: 'success', startedAt: '2026-05-04T09:50:00Z', finishedAt: '2026-05-04T09:40:00Z'},
      {id: 'f', service: 'checkout', version: 'v7', status: 'success', startedAt: '2026-05-04T09:50:00Z'},
    ];
    const {items, skipped} = jsonDeploys(feed, {});
    expect(skipped).toEqual([]);
    expect(items.map((d) => [d.id, d.finishedAt])).toEqual([
      ['a', Date.UTC(2026, 4, 4, 9, 58)],
      ['b', 1777885500_000],
      ['c', undefined],
      ['d', undefined],
      ['e', undefined],
      ['f', undefined],
    ]);
  });
});
