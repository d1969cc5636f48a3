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
