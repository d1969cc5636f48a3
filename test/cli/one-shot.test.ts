import {describe, expect, it} from 'vitest';
import {safeJson, writeJsonStream} from '../../src/cli/one-shot.ts';

const streamed = (head: Record<string, unknown>, items: unknown[]): {text: string; writes: number} => {
  let text = '';
  let writes = 0;
  writeJsonStream(head, 'alerts', items, (x) => x, (t) => {
    text += t;
    writes++;
  });
  return {text, writes};
};

describe('writeJsonStream', () => {
  const head = {context: 'prod\u202e', generatedAt: '2026-11-22T03:30:19.081Z', sources: [{name: 'am', ok: true, error: null}]};

  it('writes exactly what safeJson writes for the whole document, hostile text escaped', () => {
    const items = [{labels: {a: '\u001b[2J\u0085\u2028'}, n: 1, nested: {list: [1, {x: null}], empty: {}}}, {labels: {}, n: 2}];
    const {text} = streamed(head, items);
    expect(text).toBe(safeJson({...head, alerts: items}));
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u202e]/);
  });

  it('writes an empty list as safeJson does', () => {
    expect(streamed(head, []).text).toBe(safeJson({...head, alerts: []}));
  });

  it('writes a long list in several batches, never as one string', () => {
    const items = Array.from({length: 2000}, (_, i) => ({fingerprint: `f${i}`, summary: 'x'.repeat(100)}));
    const {text, writes} = streamed(head, items);
    expect(text).toBe(safeJson({...head, alerts: items}));
    expect(writes).toBeGreaterThan(3);
  });
});
