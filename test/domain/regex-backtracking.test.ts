import {describe, expect, it} from 'vitest';
import {compileRelabelRegex} from '../../src/domain/alert-relabel-regex.ts';
import {backtrackingRisk} from '../../src/domain/regex-backtracking.ts';

const NESTED = 'nested repetition (a repeated group whose length varies, like (a+)+)';
const CHOICE = 'a repeated choice between overlapping options (like (a|aa)+)';
const MANY = 'more than four unbounded repetitions (*, + or {n,})';

describe('backtrackingRisk', () => {
  it('names the shapes JavaScript backtracks through exponentially', () => {
    const cases: Array<[string, string]> = [
      ['(a+)+b', NESTED],
      ['(.*x)*', NESTED],
      ['(aa?)+', NESTED],
      ['(?:\\w{1,3})+', NESTED],
      ['((a|aa))+', NESTED],
      ['(a|aa)+', CHOICE],
      ['(\\w|\\d)*', CHOICE],
      ['(?<x>ab|a)*', CHOICE],
      ['(a|ab){10}', CHOICE],
      // Found by a longer fuzz search: bounded repetitions of a group holding .*? multiply.
      ['((.?.*?|a){1,3}){2}a', NESTED],
      ['((a?){4}){4}', NESTED],
      ['.*a.*b.*c.*d.*', MANY],
    ];
    for (const [pattern, why] of cases) expect([pattern, backtrackingRisk(pattern)]).toEqual([pattern, why]);
  });

  it('lets through the regexes relabel configs are made of', () => {
    for (const pattern of ['replica', 'replica|prometheus_replica', '(.*)', '(.+):(\\d+)', '__meta_.*', '(.*);(.*)', '([^:]+)(?::\\d+)?', '(?<host>[^:]+):\\d{2,5}', '(\\d{1,3}\\.){3}\\d{1,3}', '(ab){2,}', '(a|b)+', '(a|b){2}', '(a?){9}', '(.*);(.*);(.*);(.*)', '(foo|bar)*', '[(+]*']) {
      expect([pattern, backtrackingRisk(pattern)]).toEqual([pattern, null]);
    }
  });
});

describe('backtrackingRisk on repeated groups kept apart by a fixed character', () => {
  // Common label regexes (hyphenated names, dotted addresses, domains) were refused as nested
  // repetition, and a refused ctx=~ showed every alert. Each round of these starts or ends with a
  // character its varying part cannot match, so a value splits one way only: linear.
  const accepted = ['[a-z]+(-[a-z]+)*', '([0-9]+\\.){3}[0-9]+:9100', '([a-z0-9]+\\.)+example\\.com', 'prod(-[a-z0-9]+)*', '(a+b)+', '(-a*-b+)*'];
  // Without a separator, with an optional one, with one the varying part can match, or with two
  // varying parts side by side, a round splits many ways and the tries multiply.
  const refused = ['(a+)+', '(\\w+-?)+', '(a|a)*', '([a-z0-9-]+\\.?)+', '(-[a-z-]+)*', '(-a*a*)*', '(-a?a?)+', '(-(a?){2}a)*', '(.+-)*', '(X[a-z]+)*', '(-(b+)*)+'];

  it('accepts them and still refuses the shapes that backtrack exponentially', () => {
    for (const pattern of accepted) expect([pattern, backtrackingRisk(pattern)]).toEqual([pattern, null]);
    for (const pattern of refused) expect([pattern, backtrackingRisk(pattern)]).not.toEqual([pattern, null]);
  });

  it('matches each accepted one against a long hostile value quickly', () => {
    const hostile = ['a'.repeat(50_000) + '!', '1.'.repeat(25_000) + '!', 'a-'.repeat(25_000) + '!', 'a.'.repeat(25_000) + '!'];
    for (const pattern of accepted) {
      const regex = new RegExp(`^(?:${pattern})$`);
      const started = performance.now();
      for (const value of hostile) regex.test(value);
      // Generous: an exponential shape would not finish at all on these lengths.
      expect([pattern, performance.now() - started < 1000]).toEqual([pattern, true]);
    }
  });
});

describe('compileRelabelRegex', () => {
  // Found by fuzzing the relabel rules read from Prometheus' config: `(a+)+b` took seconds on a
  // label of 26 `a`s and hours on 40, on every poll, freezing the dashboard. Prometheus (RE2)
  // matches it in linear time, so the rule is refused with the reason and skipped with a warning.
  it('refuses a regex whose backtracking is exponential here, saying why', () => {
    expect(compileRelabelRegex('(a+)+b')).toEqual({ok: false, reason: `${NESTED}: JavaScript can take exponential time on it, where RE2 (Prometheus) takes linear time`});
    expect(compileRelabelRegex('(?P<n>a|aa)*')).toEqual({ok: false, reason: `${CHOICE}: JavaScript can take exponential time on it, where RE2 (Prometheus) takes linear time`});
  });
});
