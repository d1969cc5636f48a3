import {z} from 'zod';
import {describe, expect, it} from 'vitest';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {DECODE_SLICE, decodeWire, decodeWireList} from '../../../src/sources/http/decode.ts';

const schema = z.object({items: z.array(z.object({name: z.string()}))});

describe('decodeWire', () => {
  it('returns the parsed value and drops unknown fields', () => {
    expect(decodeWire(schema, {items: [{name: 'a', extra: 1}], more: true}, 'x')).toEqual({items: [{name: 'a'}]});
  });

  it('throws bad-response naming the first wrong field', () => {
    let caught: unknown;
    try {
      decodeWire(schema, {items: [{name: 'a'}, {name: 7}]}, 'am /api/v2/alerts');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SourceFailure);
    expect(caught).toMatchObject({kind: 'bad-response', message: 'am /api/v2/alerts: unexpected response shape at items.1.name: Invalid input: expected string, received number'});
  });
});

describe('decodeWireList', () => {
  const item = z.object({name: z.string()});
  const many = (n: number) => Array.from({length: n}, (_, i) => ({name: `a${i}`, extra: i}));

  it('decodes and maps every item, in order', async () => {
    const out = await decodeWireList(item, many(DECODE_SLICE * 2 + 3), 'x', (a) => a.name);
    expect(out).toHaveLength(DECODE_SLICE * 2 + 3);
    expect(out.slice(0, 2)).toEqual(['a0', 'a1']);
    expect(out.at(-1)).toBe(`a${DECODE_SLICE * 2 + 2}`);
  });

  it('lets other work run between slices (a key press during a large decode)', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    await decodeWireList(item, many(DECODE_SLICE * 3), 'x', (a) => {
      if (a.name === 'a0') order.push('first slice');
      if (a.name === `a${DECODE_SLICE * 3 - 1}`) order.push('last slice');
      return a;
    });
    expect(order).toEqual(['first slice', 'other work', 'last slice']);
  });

  it('fails with the message decodeWire gives for the whole array, the index counted from the start', async () => {
    const list = many(DECODE_SLICE + 40);
    (list[DECODE_SLICE + 7] as {name: unknown}).name = 7;
    const whole = (() => {
      try {
        decodeWire(z.array(item), list, 'am /api/v2/alerts');
      } catch (error) {
        return error as SourceFailure;
      }
      throw new Error('expected a failure');
    })();
    await expect(decodeWireList(item, list, 'am /api/v2/alerts', (a) => a)).rejects.toMatchObject({kind: 'bad-response', message: whole.message});
    expect(whole.message).toContain(`at ${DECODE_SLICE + 7}.name`);
    await expect(decodeWireList(item, {not: 'a list'}, 'am /api/v2/alerts', (a) => a)).rejects.toMatchObject({kind: 'bad-response', message: expect.stringContaining('unexpected response shape')});
  });
});
