import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {safeJson, writeJsonStream} from '../../src/cli/one-shot.ts';
import {STRAY_SELECTORS, VARIATION_SEQUENCES} from '../domain/variation-sequences.ts';
import {INVISIBLE, rawControl} from '../view/hostile.ts';

const streamed = (head: Record<string, unknown>, items: unknown[]): {text: string; writes: number} => {
  let text = '';
  let writes = 0;
  writeJsonStream(head, 'alerts', items, (x) => x, (t) => {
    text += t;
    writes++;
  });
  return {text, writes};
};

describe('safeJson', () => {
  it('escapes every invisible format character, and the document still reads back the same', () => {
    const doc = {names: INVISIBLE.map((ch) => `check${ch}out`)};
    const text = safeJson(doc);
    expect(rawControl(text)).toBeNull();
    expect(text).toContain('check\\u00adout');
    expect(text).toContain('check\\udb40\\udc41out');
    expect(JSON.parse(text)).toEqual(doc);
  });

  it('escapes a variation selector after a digit unless it makes a keycap, as sanitize does', () => {
    const doc = {version: 'v1.2.3\ufe0f', room: '1\ufe0f\u20e3'};
    const text = safeJson(doc);
    expect(text).toContain('"v1.2.3\\ufe0f"');
    expect(text).toContain('"1\ufe0f\u20e3"');
    expect(rawControl(text)).toBeNull();
    expect(JSON.parse(text)).toEqual(doc);
  });

  it('writes a variation sequence real text needs as it is, a stray selector escaped, and reads back exactly', () => {
    const doc = {kept: [...VARIATION_SEQUENCES], stray: [...STRAY_SELECTORS]};
    const text = safeJson(doc);
    for (const v of VARIATION_SEQUENCES) expect.soft(text, JSON.stringify(v)).toContain(JSON.stringify(v));
    expect(rawControl(text)).toBeNull();
    expect(text).toContain('"checkout\\udb40\\udd00"');
    expect(JSON.parse(text)).toEqual(doc);
  });
});

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

  // Written a batch at a time (one stringify per batch, cut out of a wrapper): any list, of any
  // sizes, gives the bytes safeJson gives for the whole document, hostile text escaped.
  it('writes any list of hostile values exactly as safeJson writes the whole document', () => {
    const hostile = fc.string({unit: fc.constantFrom('a', '\u001b', '\u009b', '\u0085', '\u202e', '\u2028', '\u2066', '\ufeff', '\u007f', '"', '\\', '\n', 'é', '\ud800', '\udc00')});
    const key = fc.oneof(hostile, fc.constantFrom('__proto__', 'constructor', 'items'));
    const value = fc.letrec((tie) => ({
      value: fc.oneof({depthSize: 'small'}, hostile, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('value'), {maxLength: 3}), fc.dictionary(key, tie('value'), {maxKeys: 3})),
    })).value;
    fc.assert(
      fc.property(fc.array(value, {maxLength: 30}), fc.nat({max: 40}), (items, long) => {
        // A JSON.parse'd copy: a `__proto__` key as an own key, as a decoded alert has it.
        const parsed = JSON.parse(JSON.stringify([...items, 'x'.repeat(long * 1000)])) as unknown[];
        expect(streamed(head, parsed).text).toBe(safeJson({...head, alerts: parsed}));
      }),
      {numRuns: 300},
    );
  });
});
