/** RE2 patterns (Alertmanager's matcher regexes) read as JavaScript `u` regexes, or refused. */
import {describe, expect, it} from 'vitest';
import {translateRe2} from '../../src/domain/re2-syntax.ts';
import {compileMatcherRegex} from '../../src/domain/alert-filter.ts';

const matches = (pattern: string, value: string): boolean => {
  const regex = compileMatcherRegex(pattern);
  if (typeof regex === 'string') throw new Error(regex);
  return regex.test(value);
};
const refusal = (pattern: string): string => {
  const regex = compileMatcherRegex(pattern);
  return typeof regex === 'string' ? regex : 'compiled';
};

describe('translateRe2', () => {
  it('leaves a pattern both engines read alike as it is; leading flags cover the whole', () => {
    expect(translateRe2('check-[0-9]*')).toEqual({ok: true, source: 'check-[0-9]*'});
    expect(translateRe2('(?i)check|db')).toEqual({ok: true, source: '(?i:check|db)'});
  });

  it('reads POSIX classes as their ASCII ranges, negated ones too, and refuses an unknown one', () => {
    expect([matches('[[:alpha:]]+', 'payments'), matches('[[:alpha:]]+', 'é'), matches('[[:^digit:]_]+', 'a_b'), matches('[[:xdigit:]]+', 'fF0')]).toEqual([true, false, true, true]);
    expect(refusal('[[:letters:]]')).toBe('[:letters:] is not supported');
  });

  it('reads \\pL, \\p{^L}, \\PL and a script name as JavaScript writes them', () => {
    expect([matches('\\pL+', 'päy'), matches('\\PL', '1'), matches('\\p{^L}', 'a'), matches('\\p{Greek}+', 'αβ')]).toEqual([true, true, false, true]);
    expect(refusal('\\p{Klingon}')).toMatch(/Invalid property name/);
  });

  it('takes . and a class as one code point, as RE2 does', () => {
    expect([matches('.', '🔥'), matches('[^a]', '🔥'), matches('\\x{1F525}', '🔥')]).toEqual([true, true, true]);
  });

  it("reads RE2's escapes: punctuation, \\s (five spaces, not \\v), \\Q…\\E, \\A, \\z, octal", () => {
    expect([matches('a\\-b\\:c', 'a-b:c'), matches('a\\sb', 'a\u000bb'), matches('[\\s]', ' '), matches('[\\S]', '\u000b'), matches('\\Qa.b\\E', 'a.b'), matches('\\Qa.b\\E', 'axb')]).toEqual([true, false, true, true, true, false]);
    expect([matches('\\Aab\\z', 'ab'), matches('\\101', 'A'), matches('\\0', '\u0000')]).toEqual([true, true, true]);
  });

  // Alertmanager lists `foo bar` for foo\ bar: RE2 takes escaped ASCII but a letter or digit as is.
  it('reads an escaped space, control character or punctuation as itself', () => {
    expect([matches('foo\\ bar', 'foo bar'), matches('a\\\tb', 'a\tb'), matches('[\\ ]', ' '), matches('\\~\\`', '~`')]).toEqual([true, true, true, true]);
    expect([refusal('\\8'), refusal('\\é')]).toEqual(['\\8 is not supported', '\\é is not supported']);
  });

  it('reads a { or ] that starts nothing as a literal, as RE2 does, and keeps repetition counts', () => {
    expect([matches('pay{', 'pay{'), matches('a}]', 'a}]'), matches('[]a]+', ']a'), matches('a{2,3}', 'aaa')]).toEqual([true, true, true, true]);
  });

  // Alertmanager lists `-` and `.` for [\w-.]+ and only the space, `-` and `x` for [\s-x].
  it('reads a `-` after a class inside brackets as itself, and refuses a range ending in a class', () => {
    expect([matches('[\\w-.]+', 'web-01.example'), matches('[a-z\\d-_.]+', 'web_01'), matches('[\\s-x]', '-'), matches('[\\s-x]', 'a'), matches('[[:blank:]-x]', 'a'), matches('[\\w--/]', '/')]).toEqual([true, true, true, false, false, true]);
    expect(refusal('[\\x00-\\s]')).toBe('a range cannot end in a class (-\\s)');
  });

  // Alertmanager lists a\rb and a\u2028b for a.b; JavaScript's `.` without `s` skips them.
  it('reads `.` without the s flag as any character but \\n, and with it (a relabel rule) as any', () => {
    expect(translateRe2('check.*')).toEqual({ok: true, source: 'check[^\\n]*'});
    expect(['a\rb', 'a\u2028b', 'a\u2029b', 'a\nb'].map((v) => matches('a.b', v))).toEqual([true, true, true, false]);
    expect([matches('(?s)a.b', 'a\nb'), matches('a(?s:.)b', 'a\nb'), matches('(?s)a(?-s:.)b', 'a\nb'), matches('(?s:(a).)', 'a\n'), matches('(?s:(a)).', 'a\n')]).toEqual([true, true, false, true, false]);
    expect(translateRe2('a.b(?-s:.)', {dotAll: true})).toEqual({ok: true, source: 'a.b(?-s:[^\\n])'});
  });

  it('applies leading flags to the whole pattern and reads (?P<name>…)', () => {
    expect([matches('(?s)a.b', 'a\nb'), matches('(?is)A.B', 'a\nb'), matches('(?P<x>a)b', 'ab'), matches('a(?i:B)', 'ab')]).toEqual([true, true, true, true]);
  });

  it('refuses what JavaScript would read otherwise or RE2 refuses, saying what', () => {
    expect(refusal('(?=a)a')).toBe('(?=a… is not RE2 or not supported (lookaround, inline flags inside the regex)');
    expect(refusal('a(?i)b')).toBe('(?i)… is not RE2 or not supported (lookaround, inline flags inside the regex)');
    expect(refusal('(a)\\1')).toBe('backreferences (\\1) are not RE2');
    expect(refusal('(?U)a+')).toBe('the U (ungreedy) flag has no JavaScript equivalent');
    expect(refusal('\\X')).toBe('\\X is not supported');
    expect(refusal('[a')).toBe('a character class is not closed');
  });
});
