import {describe, expect, it} from 'vitest';
import type {SourceHealth} from '../../src/domain/health.ts';
import {statusText} from '../../src/view/components/Pane.tsx';
import {statusOf} from '../../src/view/pane-status.ts';

const NOW = 1_000_000;
const source = (name: string, over: Partial<SourceHealth> = {}): SourceHealth => ({name, kind: 'prometheus', last: 'ok', error: null, updatedAt: NOW - 1000, warnings: [], retrying: false, staleAt: NOW + 30_000, ...over});

describe('a merged pane title over several contexts', () => {
  it('names the context of a partial answer, as it names a failure', () => {
    const status = statusOf([source('prod-eu/prometheus', {warnings: ['store eu-3 did not answer']}), source('prod-us/prometheus')], NOW, null, true);
    expect(statusText(status, '').text).toBe('⚠ partial: prod-eu/prometheus: store eu-3 did not answer');
  });

  it('names the sources that hang in the stale text, only when asked to', () => {
    const sources = [source('prod-eu/prometheus', {updatedAt: NOW - 180_000, staleAt: NOW - 1}), source('prod-us/prometheus')];
    expect(statusText(statusOf(sources, NOW, null, true, {nameStale: true}), '').text).toBe('⚠ stale: prod-eu/prometheus: no answer, showing data from 180s ago');
    // One context: the pane's sources are the context's own, as before.
    expect(statusText(statusOf(sources, NOW, null, false), '').text).toBe('⚠ stale: no answer, showing data from 180s ago');
  });
});
