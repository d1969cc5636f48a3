/**
 * On a crowded line the header folds the fine sources into `+N ok`, in the ok tone. A source
 * read in part (a Thanos partial response: `◐`, `status` says PARTIAL and exits 3) is not fine:
 * folded, it vanished into a green `+3 ok` beside a failing Alertmanager. One answering with
 * other warnings folds, into a `+N ok` in the warn tone.
 */
import {describe, expect, it} from 'vitest';
import type {SourceHealth} from '../../../src/domain/health.ts';
import {foldedParts, headerParts} from '../../../src/view/components/Header.tsx';

const T0 = Date.UTC(2026, 11, 7, 18, 0, 0);
const base = {retrying: false, staleAt: null, warnings: [] as string[]};
const partial = 'No StoreAPIs matched for this query';
const thanos: SourceHealth = {...base, name: 'thanos', kind: 'prometheus', last: 'ok', error: null, updatedAt: T0 - 5000, warnings: [partial], partial: [partial]};
const amDown: SourceHealth = {...base, name: 'am-2', kind: 'alertmanager', last: 'failed', error: 'unavailable: GET http://am-2/api/v2/alerts: connection refused', updatedAt: T0 - 125_000};
const am1: SourceHealth = {...base, name: 'am-1', kind: 'alertmanager', last: 'ok', error: null, updatedAt: T0 - 2000};
const deploys: SourceHealth = {...base, name: 'github', kind: 'deploys', last: 'ok', error: null, updatedAt: T0 - 2000};

/** The header at the widest room where it folds (the clock gone, the fine sources summed up). */
function widestFold(sources: SourceHealth[]): ReturnType<typeof headerParts> {
  for (let room = 120; room > 20; room--) {
    const h = headerParts(sources, T0, room);
    if (!h.whole) return h;
  }
  throw new Error('the header never folded');
}

describe('header on a crowded line', () => {
  it('does not fold a source read in part into "+N ok": it keeps its ◐, in the warn tone', () => {
    const folded = widestFold([thanos, am1, amDown, deploys]);
    expect(folded.parts.map((p) => p.text).join('')).toBe('│ thanos ◐ │ am-2 ✖ unavailable 2m │ +2 ok');
    expect(folded.parts.find((p) => p.text.includes('thanos'))?.tone).toBe('warn');
  });

  it('folds a source read in full with warnings, but its "+N ok" takes the warn tone', () => {
    // Kept out, such lasting warnings would crowd a failing source's details off the line.
    const warned: SourceHealth = {...am1, name: 'prometheus', kind: 'prometheus', warnings: ['could not read the 5m window (timeout)']};
    const parts = foldedParts([warned, am1, amDown], T0, true);
    expect(parts.map((p) => p.text).join('')).toBe('│ am-2 ✖ unavailable 2m │ +2 ok');
    expect(parts.at(-1)!.tone).toBe('warn');
  });
});
