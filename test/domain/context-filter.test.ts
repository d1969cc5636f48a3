/** `ctx=` matchers in a filter text: split from the rest, and which context names they pass. */
import {describe, expect, it} from 'vitest';
import {parseAlertFilter} from '../../src/domain/alert-filter.ts';
import {contextMatches, splitContextFilter} from '../../src/domain/context-filter.ts';

describe('splitContextFilter', () => {
  it('takes ctx matchers out and leaves the rest for the context filter', () => {
    expect(splitContextFilter('severity=critical ctx=prod-eu checkout')).toMatchObject({rest: 'severity=critical checkout', error: null});
    const s = splitContextFilter('{ctx=~"prod-.*", service="api"}');
    // What is left still parses as the alert filter it was, without the ctx matcher.
    const rest = parseAlertFilter(s.rest);
    expect(rest.ok && rest.filter.matchers.map((x) => `${x.name}${x.op}${x.value}`)).toEqual(['service=api']);
    expect(s.matchers.map((m) => m.op)).toEqual(['=~']);
    expect(splitContextFilter('{ctx="a"}').rest).toBe('');
    expect(splitContextFilter('nothing here')).toEqual({matchers: [], rest: 'nothing here', error: null});
    // A word that merely contains ctx is left alone.
    expect(splitContextFilter('myctx=1').matchers).toEqual([]);
  });

  // README documents `ctx=` only: `context` is a common label name, and was taken as a context
  // matcher (`/context=payments` emptied the pane).
  it('leaves context=payments to the alert filter as a label matcher', () => {
    expect(splitContextFilter('context=payments severity=critical')).toEqual({matchers: [], rest: 'context=payments severity=critical', error: null});
  });

  // Cut out of the quoted value, it turned the filter into one the user did not write.
  it('never takes a ctx= inside a quoted value: summary="deploy ctx=prod failed" stays one matcher', () => {
    expect(splitContextFilter('summary="deploy ctx=prod failed"')).toEqual({matchers: [], rest: 'summary="deploy ctx=prod failed"', error: null});
    const split = splitContextFilter('"deploy ctx=prod" ctx="a b" service=api');
    expect(split.matchers.map((x) => x.value)).toEqual(['a b']);
    expect(split.rest).toBe('"deploy ctx=prod" service=api');
  });

  it('leaves an unterminated quote to the alert filter, which says where it is', () => {
    expect(splitContextFilter('ctx=a summary="open').rest).toBe('summary="open');
  });

  it('matches names with =, !=, =~ (anchored) and !~, and reports a bad regex', () => {
    const m = (text: string) => splitContextFilter(text).matchers;
    expect(contextMatches('prod-eu', m('ctx=prod-eu'))).toBe(true);
    expect(contextMatches('prod-us', m('ctx=prod-eu'))).toBe(false);
    expect(contextMatches('prod-us', m('ctx!=prod-eu'))).toBe(true);
    expect(contextMatches('prod-us', m('ctx=~"prod-.*"'))).toBe(true);
    expect(contextMatches('xprod-us', m('ctx=~"prod-.*"'))).toBe(false);
    expect(contextMatches('dev', m('@ctx!~"prod-.*"'))).toBe(true);
    const bad = splitContextFilter('ctx=~"("');
    expect(bad.error).toMatch(/invalid regex for ctx/);
    expect(contextMatches('prod-eu', bad.matchers)).toBe(false);
  });

  it('reads a ctx regex as the alert filter reads its matchers: RE2\'s (?i) and quoted escapes', () => {
    const f = splitContextFilter('ctx=~"(?i)PROD-.*" ctx!="a\\"b"');
    expect(f.error).toBeNull();
    expect(contextMatches('prod-eu', f.matchers)).toBe(true);
    expect(f.matchers[1]!.value).toBe('a"b');
  });

  it('refuses a regex with nested repetition, as the alert filter does', () => {
    expect(splitContextFilter('ctx=~"([a-z]+-?)+x"').error).toMatch(/^invalid regex for ctx: nested repetition.*exponential time/);
  });

  // Refused, it left the alerts pane showing every context's alerts.
  it('accepts a hyphenated-name pattern and matches with it', () => {
    const split = splitContextFilter('ctx=~"prod(-[a-z0-9]+)*"');
    expect(split.error).toBeNull();
    expect(contextMatches('prod-eu-1', split.matchers)).toBe(true);
    expect(contextMatches('staging-eu', split.matchers)).toBe(false);
  });
});
