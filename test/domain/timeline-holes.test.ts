/**
 * Holes of a history: steps without the heartbeat between steps with data. A run at the start
 * is the range beginning before the data, and no heartbeat at all proves nothing.
 */
import {describe, expect, it} from 'vitest';
import {dataHoles, holeMask} from '../../src/domain/timeline-holes.ts';

const grid = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => i * 15_000);
const at = (...i: number[]) => i.map((n) => n * 15_000);

describe('dataHoles', () => {
  it('a run without the heartbeat between two steps with it is a hole, from its first step to the first with data again', () => {
    expect(dataHoles(grid, at(0, 1, 2, 5, 6, 7))).toEqual([{from: 15_000 * 3, to: 15_000 * 5}]);
  });

  it('an ALERTS sample proves data at its step too', () => {
    expect(dataHoles(grid, at(0, 1, 2, 5, 6, 7), at(3))).toEqual([{from: 15_000 * 4, to: 15_000 * 5}]);
  });

  it('a run at the start or at the end is no hole (the start is the coverage check’s)', () => {
    expect(dataHoles(grid, at(3, 4, 5))).toEqual([]);
  });

  it('no heartbeat at all: no holes, whatever ALERTS holds', () => {
    expect(dataHoles(grid, [], at(0, 7))).toEqual([]);
  });

  it('holeMask marks the steps inside a hole', () => {
    expect(holeMask(grid, [{from: 15_000 * 3, to: 15_000 * 5}])).toEqual([false, false, false, true, true, false, false, false]);
  });
});
