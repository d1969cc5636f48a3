/**
 * Warnings on a healthy source are common and last (a refused SLO query, skipped deploy
 * entries). Kept out of `+N ok` on a crowded line, such sources took the room a failing source
 * needs, and its `(retrying)` and age went first, against the documented order (healthy sources
 * fold before a failing one loses detail). They fold again; the `+N ok` holding one takes the
 * warn tone, so the fold does not read all clear.
 */
import {describe, expect, it} from 'vitest';
import type {SourceHealth} from '../../../src/domain/health.ts';
import {headerParts} from '../../../src/view/components/Header.tsx';

const T0 = Date.UTC(2026, 11, 7, 18, 0, 0);
const base = {retrying: false, staleAt: null, warnings: [] as string[]};
const prom: SourceHealth = {...base, name: 'prometheus', kind: 'prometheus', last: 'ok', error: null, updatedAt: T0 - 2000, warnings: ['prometheus refused the query of SLO legacy-api']};
const gh: SourceHealth = {...base, name: 'github', kind: 'deploys', last: 'ok', error: null, updatedAt: T0 - 2000, warnings: ['skipped 2 deploy entries without a sha']};
const am1: SourceHealth = {...base, name: 'am-1', kind: 'alertmanager', last: 'ok', error: null, updatedAt: T0 - 2000};
const amDown: SourceHealth = {...base, name: 'am-2', kind: 'alertmanager', last: 'failed', retrying: true, error: 'unavailable: GET http://am-2/api/v2/alerts: connection refused', updatedAt: T0 - 125_000};

// 66 cells: an 80-column line less the ` oncall  ctx prod ` lead and a badge.
const ROOM = 66;

describe('header fold with warned healthy sources on a crowded line', () => {
  it('a failing source keeps (retrying) and its age where the healthy ones can fold', () => {
    const clean = [prom, gh, am1, amDown].map((s) => ({...s, warnings: []}));
    const before = headerParts(clean, T0, ROOM);
    expect(before.fits).toBe(true);
    expect(before.parts.map((p) => p.text).join('')).toContain('(retrying) 2m');
    // Same room, same failure, two healthy sources with a warning.
    const after = headerParts([prom, gh, am1, amDown], T0, ROOM);
    const line = after.parts.map((p) => p.text).join('');
    expect(after.fits, line).toBe(true);
    expect(line).toBe('│ am-2 ✖ unavailable (retrying) 2m │ +3 ok');
  });

  it('the +N ok that holds a warned source is in the warn tone, one of clean sources in the ok tone', () => {
    const warned = headerParts([prom, gh, am1, amDown], T0, ROOM).parts.at(-1)!;
    expect(warned).toMatchObject({text: '│ +3 ok', tone: 'warn'});
    const clean = headerParts([prom, gh, am1, amDown].map((s) => ({...s, warnings: []})), T0, ROOM).parts.at(-1)!;
    expect(clean).toMatchObject({text: '│ +3 ok', tone: 'ok'});
  });
});
