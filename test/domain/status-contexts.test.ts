import {describe, expect, it} from 'vitest';
import {mergeStatusDocuments} from '../../src/domain/status-contexts.ts';
import {statusExitCode, type StatusDocument} from '../../src/domain/status-document.ts';

function doc(context: string, over: Partial<StatusDocument> = {}): StatusDocument {
  return {
    context,
    generatedAt: '2026-12-04T19:00:00.000Z',
    sources: [{name: 'prometheus', kind: 'prometheus', state: 'ok', ok: true, error: null, ageSeconds: 0, retrying: false, warnings: [], partial: false, alerts: true}],
    slos: [],
    alerts: [],
    deploys: [],
    sloFileErrors: [],
    ...over,
  };
}

describe('mergeStatusDocuments', () => {
  it('lists the contexts first, keeps the label, and tags every entry with its context, context by context', () => {
    const eu = doc('prod-eu');
    const us = doc('prod-us', {sources: [{...eu.sources[0]!, state: 'error', ok: false, error: 'unavailable: refused'}]});
    const merged = mergeStatusDocuments('prod', [eu, us]);
    expect(Object.keys(merged)).toEqual(['contexts', 'context', 'generatedAt', 'sources', 'slos', 'alerts', 'deploys', 'sloFileErrors']);
    expect(merged.contexts).toEqual(['prod-eu', 'prod-us']);
    expect(merged.context).toBe('prod');
    expect(merged.sources).toEqual([
      {...eu.sources[0], context: 'prod-eu'},
      {...us.sources[0], context: 'prod-us'},
    ]);
  });

  it('exits with the worst of the contexts: a page anywhere is 1, else a failed source anywhere is 3', () => {
    const failed = doc('b', {sources: [{...doc('b').sources[0]!, ok: false, state: 'error', error: 'x'}]});
    const page = doc('c', {slos: [{name: 's', service: 's', source: 'native', objective: 99, window: '30d', sli: 0.9, errorBudgetRemaining: -1, burnRates: {} as never, status: 'page', trippedBy: '1h&5m', exhaustsInSeconds: 0, error: null, partial: false, unread: [], mayPage: false}]});
    expect(statusExitCode(mergeStatusDocuments('x', [doc('a'), doc('a2')]))).toBe(0);
    expect(statusExitCode(mergeStatusDocuments('x', [doc('a'), failed]))).toBe(3);
    expect(statusExitCode(mergeStatusDocuments('x', [failed, page]))).toBe(1);
  });
});
