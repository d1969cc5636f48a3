import {z} from 'zod';
import {describe, expect, it} from 'vitest';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {decodeWire} from '../../../src/sources/http/decode.ts';

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
