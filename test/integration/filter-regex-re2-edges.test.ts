/**
 * Edges of RE2 that the filter's translation to JavaScript must read as Alertmanager does, each
 * checked against a real Alertmanager's own `?filter=` answer for the same matcher: a `-` after a
 * class inside brackets is a character there (`[\w-.]+`, a common hostname pattern, must not turn
 * into a bad regex, and `[\s-x]` must not become a range from the space to `x`); `.` skips only
 * `\n`, where JavaScript's also skips `\r`, U+2028 and U+2029; an escaped space is a space.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {compileMatcherRegex} from '../../src/domain/alert-filter.ts';
import {compileRelabelRegex} from '../../src/domain/alert-relabel-regex.ts';
import {postAlerts, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';

// Label values that tell the readings apart: inside and outside a space-to-x range, around a `.`.
const VALUES = ['web-01.example', 'web_01', 'a', '-', '.', '1', 'x', ' ', 'a\rb', 'a\u2028b', 'a\nb', 'foo bar'];

let am: AlertmanagerPeer;
beforeAll(async () => {
  am = await startAlertmanagerPeer();
  await postAlerts(am.url, VALUES.map((v, i) => ({alertname: 'T', id: String(i), v})));
}, 60_000);
afterAll(async () => {
  await am?.cleanup();
});

// A value as the body of a double-quoted matcher value.
const quoted = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

// Alertmanager's answer to `v=~"pattern"`: the values it lists, or its refusal.
async function alertmanager(pattern: string): Promise<string[] | string> {
  const res = await fetch(`${am.url}/api/v2/alerts?filter=${encodeURIComponent(`v=~"${quoted(pattern)}"`)}`);
  if (res.status !== 200) return `refused: ${await res.text()}`;
  return ((await res.json()) as Array<{labels: Record<string, string>}>).map((a) => VALUES[Number(a.labels['id'])]!).sort();
}

// The filter's answer to the same pattern.
function ours(pattern: string): string[] | string {
  const regex = compileMatcherRegex(pattern);
  return typeof regex === 'string' ? `refused: ${regex}` : VALUES.filter((v) => regex.test(v)).sort();
}

describe('a `-` right after a class inside brackets is a character, as in RE2', () => {
  for (const pattern of ['[\\w-.]+', '[a-z\\d-_.]+']) {
    it(`${pattern}: accepted, listing what Alertmanager lists (it was a bad regex)`, async () => {
      const reference = await alertmanager(pattern);
      expect(Array.isArray(reference)).toBe(true);
      expect(ours(pattern)).toEqual(reference);
    });
  }
  for (const pattern of ['[\\s-x]', '[[:blank:]-x]']) {
    it(`${pattern}: the space, "-" and "x" only, not a range from the space to x`, async () => {
      const reference = await alertmanager(pattern);
      expect(reference).toEqual([' ', '-', 'x']);
      expect(ours(pattern)).toEqual(reference);
    });
  }
  it('the relabel rules share the translation: [\\s-x] does not match "a"', () => {
    const compiled = compileRelabelRegex('[\\s-x]');
    expect(compiled.ok && compiled.regex.test('a')).toBe(false);
  });
});

describe('`.` is any character but \\n, as in RE2', () => {
  it('a.b lists a\\rb and a\\u2028b, as Alertmanager does, and not a\\nb', async () => {
    const reference = await alertmanager('a.b');
    expect(reference).toEqual(['a\rb', 'a\u2028b']);
    expect(ours('a.b')).toEqual(reference);
  });
});

describe('an escaped ASCII character other than a letter or digit is itself, as in RE2', () => {
  it('foo\\ bar lists foo bar, as Alertmanager does (it was refused)', async () => {
    const reference = await alertmanager('foo\\ bar');
    expect(reference).toEqual(['foo bar']);
    expect(ours('foo\\ bar')).toEqual(reference);
  });
});
