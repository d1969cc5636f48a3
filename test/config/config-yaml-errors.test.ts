import {describe, expect, it} from 'vitest';
import {parseDocument} from 'yaml';
import {aliasCycles} from '../../src/config/config-yaml-errors.ts';

// Parsed as the config loader parses it, so merge keys are live.
const cyclesIn = (text: string) => aliasCycles(parseDocument(text, {merge: true})).map((c) => [c.offset, c.path]);

describe('aliasCycles', () => {
  it('finds an alias inside the node its anchor names, at any depth', () => {
    expect(cyclesIn('x-a: &a [*a]\n')).toEqual([[9, 'x-a[0]']]);
    expect(cyclesIn('x-a: &a\n  k: [1, {m: *a}]\n')).toEqual([[21, 'x-a.k[1].m']]);
    // The inner anchor holds its alias; the outer one holds neither.
    expect(cyclesIn('x-a: &a [&b [*b]]\n')).toEqual([[13, 'x-a[0][0]']]);
  });

  // An alias names the last anchor of that name before it: a cycle only if that one holds it.
  it('follows a redefined anchor to its latest definition', () => {
    expect(cyclesIn('x-a: &a [1]\nx-b: &a [*a]\n')).toEqual([[21, 'x-b[0]']]);
    expect(cyclesIn('x-a: &a [2, *a]\nx-b: &a [1]\n')).toEqual([[12, 'x-a[1]']]);
    expect(cyclesIn('x-a: &a [1]\nx-b: [&a [2], *a]\n')).toEqual([]);
    // Redefined inside its own node: the alias after the inner one names the inner, not a holder.
    expect(cyclesIn('x-a: &a [&a [1], *a]\n')).toEqual([]);
  });

  it('passes merge keys and aliases that several places share', () => {
    const shared = [
      'x-base: &base {readOnly: false}',
      'x-prom: &prom {url: u}',
      'contexts:',
      '  - {<<: *base, name: a, prometheus: *prom}',
      '  - {<<: [*base], name: b, prometheus: {<<: *prom, timeout: 5s}}',
      '  - &c {name: c, prometheus: *prom}',
      '  - {<<: *c, name: d}',
      '',
    ].join('\n');
    expect(cyclesIn(shared)).toEqual([]);
  });

  // The library keeps a merge key as Symbol('<<'); the path names the key as it is written.
  it('finds a merge key that merges its own mapping, naming the key <<', () => {
    expect(cyclesIn('x-a: &a\n  <<: *a\n  k: 1\n')).toEqual([[14, 'x-a["<<"]']]);
  });
});
