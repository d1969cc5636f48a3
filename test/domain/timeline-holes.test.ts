/**
 * Holes of a history: steps without the heartbeat, between steps with data or at an edge of the
 * range; no heartbeat at all proves nothing.
 */
import {describe, expect, it} from 'vitest';
import {dataHoles, holeMask, holeReason} from '../../src/domain/timeline-holes.ts';

const grid = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => i * 15_000);
const at = (...i: number[]) => i.map((n) => n * 15_000);

describe('dataHoles', () => {
  it('a run without the heartbeat between two steps with it is a hole, from its first step to the first with data again', () => {
    expect(dataHoles(grid, at(0, 1, 2, 5, 6, 7))).toEqual([{from: 15_000 * 3, to: 15_000 * 5}]);
  });

  it('an ALERTS sample proves data at its step too', () => {
    expect(dataHoles(grid, at(0, 1, 2, 5, 6, 7), at(3))).toEqual([{from: 15_000 * 4, to: 15_000 * 5}]);
  });

  it('a run at the start or at the end is a hole too, marked as reaching that edge', () => {
    expect(dataHoles(grid, at(3, 4, 5))).toEqual([
      {from: 0, to: 15_000 * 3, edge: 'start'},
      {from: 15_000 * 6, to: 15_000 * 7, edge: 'end'},
    ]);
  });

  it('holeMask takes in the last step of a hole at the end', () => {
    expect(holeMask(grid, dataHoles(grid, at(0, 1, 2, 3, 4)))).toEqual([false, false, false, false, false, true, true, true]);
  });

  it('holeReason names the range’s edge a hole reaches, not the grid’s step before it', () => {
    const range = {from: 10_000, to: 15_000 * 7};
    expect(holeReason('prometheus', {from: 0, to: 45_000, edge: 'start'}, range)).toMatch(/^prometheus held no data from the range's start, 1970-01-01T00:00:10\.000Z, to 1970-01-01T00:00:45\.000Z \(down/);
    expect(holeReason('prometheus', {from: 90_000, to: 105_000, edge: 'end'}, range)).toMatch(/^prometheus held no data from 1970-01-01T00:01:30\.000Z to the range's end, 1970-01-01T00:01:45\.000Z \(down/);
  });

  it('holeReason says what a hole leaves of the SLOs in their own words, not the alerts’', () => {
    const range = {from: 0, to: 15_000 * 7};
    const tail = (hole: Parameters<typeof holeReason>[1], part: 'alerts' | 'slos') => holeReason('prometheus', hole, range, part).replace(/^.*unknown; /, '');
    const end = {from: 90_000, to: 105_000, edge: 'end' as const};
    const start = {from: 0, to: 45_000, edge: 'start' as const};
    const middle = {from: 30_000, to: 60_000};
    expect([tail(end, 'alerts'), tail(end, 'slos')]).toEqual(['an alert active when the data stops is unknown from then, not shown as resolving', "an SLO's status from then is unknown, not shown as changing"]);
    expect([tail(start, 'alerts'), tail(start, 'slos')]).toEqual(['an alert active when the data begins may have begun before', 'an SLO paging when the data begins may have paged before']);
    expect([tail(middle, 'alerts'), tail(middle, 'slos')]).toEqual(['an alert active on both sides is shown as active throughout', "an SLO's status does not change inside it: one paging on both sides is shown as paging throughout"]);
  });

  it('no heartbeat at all: no holes, whatever ALERTS holds', () => {
    expect(dataHoles(grid, [], at(0, 7))).toEqual([]);
  });

  it('holeMask marks the steps inside a hole', () => {
    expect(holeMask(grid, [{from: 15_000 * 3, to: 15_000 * 5}])).toEqual([false, false, false, true, true, false, false, false]);
  });
});
