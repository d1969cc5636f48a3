import {describe, expect, it} from 'vitest';
import {parseTimestamp, serviceFor, shortSha, skippedWarnings, versionOf} from '../../../src/sources/ci/ci-wire.ts';

describe('versionOf', () => {
  const sha = 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d';
  it('shows a release tag ref as is and a branch (even one with digits) or sha ref as the short sha', () => {
    expect([versionOf('v2.14.0', sha), versionOf('release-42', sha), versionOf('release-2.14', sha), versionOf('2.14.0-rc.2', sha), versionOf('checkout@1.4.2', sha), versionOf('v9', sha), versionOf('main', sha), versionOf(sha, sha), versionOf('production', null), versionOf(null, null)]).toEqual([
      'v2.14.0',
      'a84d88e',
      'a84d88e',
      '2.14.0-rc.2',
      'checkout@1.4.2',
      'v9',
      'a84d88e',
      'a84d88e',
      'production',
      '',
    ]);
  });
  it('trusts an explicit tag flag and a longer sha length', () => {
    expect([versionOf('stable', sha, {isTag: true}), versionOf('v1.0', sha, {isTag: false, shaLength: 8})]).toEqual(['stable', 'a84d88e7']);
  });
});

describe('parseTimestamp', () => {
  it('reads ISO strings, epoch seconds, epoch milliseconds and numeric strings', () => {
    expect([parseTimestamp('2026-05-04T10:00:00Z'), parseTimestamp(1777888800), parseTimestamp(1777888800123), parseTimestamp('1777888800'), parseTimestamp('soon'), parseTimestamp(-1), parseTimestamp(null)]).toEqual([
      Date.UTC(2026, 4, 4, 10),
      1777888800000,
      1777888800123,
      1777888800000,
      null,
      null,
      null,
    ]);
  });
});

describe('small helpers', () => {
  // Found by fuzzing: an Argo CD app named `toString` got Object.prototype.toString as its service.
  it('serviceFor maps only through the services map itself, never an inherited property', () => {
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) expect(serviceFor([name], {shop: 'checkout'})).toBe(name);
    expect(serviceFor(['x', 'valueOf'], {})).toBe('x');
  });

  it('maps services, shortens only hex shas and summarizes skipped entries', () => {
    expect([serviceFor(['shop', 'acme/shop'], {'acme/shop': 'checkout'}), serviceFor(['shop'], {})]).toEqual(['checkout', 'shop']);
    expect([shortSha('abcdef0123456'), shortSha('v1.2.3')]).toEqual(['abcdef0', 'v1.2.3']);
    expect(skippedWarnings('x', [])).toEqual([]);
    expect(skippedWarnings('x', ['[0]: a', '[1]: b', '[2]: c', '[3]: d'])).toEqual(['x: skipped 4 entries with unexpected data ([0]: a; [1]: b; [2]: c; …)']);
  });
});
