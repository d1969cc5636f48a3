/**
 * A context's name cut in the middle (`cutContextLabel`) is cut between whole characters and
 * counted in cells: a cut inside an emoji or an accent left a mark that draws nothing, which
 * sanitize would escape and the clash check did not see; a wide character in the tail made
 * every cut too wide, so Enter stayed held.
 */
import {describe, expect, it} from 'vitest';
import {cutContextLabel} from '../../src/view/context-short.ts';
import {sanitize} from '../../src/domain/sanitize.ts';
import {cellWidth} from '../../src/view/text-fit.ts';

describe('cutContextLabel by whole characters and cells', () => {
  it('never starts the tail with the emoji selector of a character cut in two', () => {
    const name = 'cluster-aaaaaaaa-❤️-zone-b';
    expect(sanitize(name)).toBe(name);
    const label = cutContextLabel(name, false, [name], 17)!;
    expect(label).not.toBeNull();
    expect(sanitize(label)).toBe(label);
    expect(cellWidth(label)).toBeLessThanOrEqual(17);
  });

  it('never starts the tail with a combining accent cut from its letter', () => {
    const name = 'cluster-aaaaaaaa-cafe\u0301-zone';
    for (let cells = 3; cells < cellWidth(name); cells++) {
      const label = cutContextLabel(name, false, [name], cells);
      if (label === null) continue;
      expect(sanitize(label), `${cells}`).toBe(label);
      expect(label, `${cells}`).not.toContain('…\u0301');
    }
  });

  it('refuses a cut that draws the same as another context cuts', () => {
    // Drawn, the emoji's cut leaves `cluster-…-zone-b`: the other context reads the same.
    const a = 'cluster-aaaaaaaa-❤️-zone-b';
    const b = 'cluster-aaaaaaaa-ZZZZ-zone-b';
    expect(cutContextLabel(a, false, [a, b], 17)).toBeNull();
  });

  it('cuts a name with wide characters in its tail to fit the cells given', () => {
    const name = 'prod-' + '本番'.repeat(15);
    const label = cutContextLabel(name, false, [name, 'staging'], 40);
    expect(label).toMatch(/^prod-本番.*….*本番$/);
    expect(cellWidth(label!)).toBeLessThanOrEqual(40);
  });
});
