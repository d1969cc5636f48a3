/**
 * Fuzzing the relabel rules read from Prometheus' config (`alerting.alert_relabel_configs`):
 * their regexes are RE2, which Prometheus matches in linear time; here they run on JavaScript's
 * backtracking engine, on every pending alert of every poll. Any regex of a small RE2 grammar,
 * applied to label values built to make backtracking explode, must be refused or answer at once.
 */
import {createHash} from 'node:crypto';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {compileRelabelRules, relabel} from '../../src/domain/alert-relabel.ts';
import {anyText} from './arbitraries.ts';
import {fuzz, RUNS, settleInterruptible} from './fuzz-run.ts';

const md5 = (value: string): Uint8Array => createHash('md5').update(value, 'utf8').digest();

const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '{2,}', '*?');
const atom = fc.constantFrom('a', 'a', 'b', '.', '\\w', '\\d', '[ab]', '[^:]', 'x', '-');

/** Regexes of a small RE2 grammar: atoms, sequences, choices and groups, each maybe quantified. */
const { regex } = fc.letrec<{regex: string; sequence: string; piece: string}>((tie) => ({
  regex: fc.array(tie('sequence'), {minLength: 1, maxLength: 3}).map((alts) => alts.join('|')),
  sequence: fc.array(tie('piece'), {minLength: 1, maxLength: 4}).map((pieces) => pieces.join('')),
  piece: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    fc.tuple(atom, quantifier).map(([a, q]) => `${a}${q}`),
    fc.tuple(tie('regex'), quantifier).map(([r, q]) => `(${r})${q}`),
  ),
}));

/** Values that make a backtracking engine try every split: runs of one or two letters, then a mismatch. */
const value = fc.oneof(
  fc.tuple(fc.constantFrom('a', 'ab', 'a-', '1a'), fc.integer({min: 1, max: 40}), fc.constantFrom('', '!', ':', 'b')).map(([unit, n, end]) => `${unit.repeat(n)}${end}`),
  anyText,
);

describe('relabel rules from any regex', () => {
  it('are refused with a reason, or applied to any labels without hanging', () => {
    fuzz(RUNS.decoder, [regex, value], (pattern, instance) => {
      const raw = [
        {source_labels: ['instance'], regex: pattern, target_label: 'host', replacement: '$1'},
        {action: 'labeldrop', regex: pattern},
        {action: 'drop', source_labels: ['instance'], regex: pattern},
      ];
      const {rules, problems} = compileRelabelRules(raw);
      expect(rules.length + problems.length).toBeGreaterThanOrEqual(3);
      const applied = settleInterruptible(() => relabel({alertname: 'A', instance, [instance]: instance}, rules, md5));
      expect(applied.ok, applied.ok ? '' : String(applied.error)).toBe(true);
    });
  });
});
