import {describe, expect, it} from 'vitest';
import {propsEqualBy, sameValue} from '../../../src/view/components/props-equal.ts';

describe('sameValue', () => {
  it('compares plain data by value', () => {
    expect(sameValue({a: [1, {b: 'x'}], c: null}, {a: [1, {b: 'x'}], c: null})).toBe(true);
    expect(sameValue({a: [1, {b: 'x'}]}, {a: [1, {b: 'y'}]})).toBe(false);
    expect(sameValue({a: 1}, {a: 1, b: undefined})).toBe(false);
    expect(sameValue([1, 2], {0: 1, 1: 2})).toBe(false);
    expect(sameValue(Number.NaN, Number.NaN)).toBe(true);
    expect(sameValue(null, {})).toBe(false);
  });
});

describe('propsEqualBy', () => {
  interface P {
    box: {width: number};
    table: {rows: string[]};
    focused: boolean;
  }
  const equal = propsEqualBy<P>('box');
  const table = {rows: ['a']};

  it('compares the named props by value and the others by identity', () => {
    expect(equal({box: {width: 4}, table, focused: true}, {box: {width: 4}, table, focused: true})).toBe(true);
    expect(equal({box: {width: 4}, table, focused: true}, {box: {width: 5}, table, focused: true})).toBe(false);
    // An equal-looking table that is a new object is a new table: tables are rebuilt only when their data changes.
    expect(equal({box: {width: 4}, table, focused: true}, {box: {width: 4}, table: {rows: ['a']}, focused: true})).toBe(false);
    expect(equal({box: {width: 4}, table, focused: true}, {box: {width: 4}, table, focused: false})).toBe(false);
  });
});
