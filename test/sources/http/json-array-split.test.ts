import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {JsonArraySplitter} from '../../../src/sources/http/json-array-split.ts';

/** Splits `text` fed in chunks of `size` bytes; the element texts and the final state. */
function split(text: string, size: number): {elements: string[]; complete: boolean; state: string} {
  const bytes = Buffer.from(text);
  const s = new JsonArraySplitter();
  const elements: string[] = [];
  for (let i = 0; i < bytes.length && s.state !== 'not-array' && s.state !== 'invalid'; i += size) s.push(bytes.subarray(i, i + size), (e) => elements.push(e.toString('utf8')));
  return {elements, complete: s.complete(), state: s.state};
}

const ARRAY = ` [ {"a": "x,]}\\"{", "b": [1, {"c": null}]}, "s\\\\", 12 ,{"u":"é→✖"}, [] , {} ]\n`;
const ELEMENTS = ['{"a": "x,]}\\"{", "b": [1, {"c": null}]}', '"s\\\\"', '12', '{"u":"é→✖"}', '[]', '{}'];

describe('JsonArraySplitter', () => {
  it('finds every element, whatever the chunk boundaries (inside strings, escapes, multi-byte characters)', () => {
    for (let size = 1; size <= Buffer.byteLength(ARRAY); size++) {
      const r = split(ARRAY, size);
      expect(r.elements, `chunks of ${size}`).toEqual(ELEMENTS);
      expect(r.complete).toBe(true);
      // Each element is JSON on its own.
      expect(r.elements.map((e) => JSON.parse(e))).toEqual(JSON.parse(ARRAY));
    }
  });

  it('finds the elements JSON.parse finds, for any array of JSON values cut anywhere', () => {
    // Strings with quotes, backslashes and escapes at chunk edges: the inside of a string is
    // walked by a loop of its own, which must hand back to the structure at the right byte.
    const tricky = fc.string({unit: fc.constantFrom('a', '"', '\\', '\\"', ',', ']', '}', '{', '[', 'é', '✖', ' ')});
    const value = fc.oneof(fc.jsonValue(), tricky, fc.dictionary(tricky, fc.jsonValue(), {maxKeys: 3}), fc.array(tricky, {maxLength: 3}));
    fc.assert(
      fc.property(fc.array(value, {maxLength: 6}), fc.integer({min: 1, max: 40}), fc.constantFrom('', ' ', '\n  '), (values, size, space) => {
        const text = `${space}[${space}${values.map((v) => JSON.stringify(v, null, space ? 1 : undefined)).join(`${space},${space}`)}${space}]${space}`;
        const r = split(text, size);
        expect(r.complete).toBe(true);
        expect(r.elements.map((e) => JSON.parse(e))).toEqual(JSON.parse(text));
      }),
      {numRuns: 500},
    );
  });

  it('accepts an empty array', () => {
    expect(split('[ ]', 1)).toEqual({elements: [], complete: true, state: 'array'});
  });

  it('says when the body is not an array', () => {
    expect(split(' {"error": "x"}', 4).state).toBe('not-array');
    expect(split('null', 4).state).toBe('not-array');
  });

  it('rejects what is not one well-formed array', () => {
    for (const bad of ['[1,]', '[,1]', '[1] x', '[{"a": 1}}]', '[1, 2']) {
      const r = split(bad, 2);
      expect(r.state === 'invalid' || !r.complete, bad).toBe(true);
    }
  });
});
