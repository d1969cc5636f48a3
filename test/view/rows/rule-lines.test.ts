/**
 * The alert's rule in its details: the expression (sanitized, wrapped to the view's width),
 * `for:`, group and file, health, and several rules of one name marked by their labels.
 */
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {rulesForAlert} from '../../../src/domain/rule-detail.ts';
import type {AlertingRule, RuleShown} from '../../../src/domain/rule-runbook.ts';
import {sanitize} from '../../../src/domain/sanitize.ts';
import {detailRows} from '../../../src/view/components/DetailView.tsx';
import {alertDetails, type DetailLine} from '../../../src/view/rows/detail-lines.ts';
import {exprLines, ruleLines, type RulesRead, type RulesView} from '../../../src/view/rows/rule-lines.ts';
import {makeAlert} from '../../domain/alert-fixture.ts';
import {T0} from '../../queries/fakes.ts';
import {HOSTILE, rawControl} from '../hostile.ts';

const shown = (over: Partial<RuleShown> = {}): RuleShown => ({
  query: 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.01',
  forSeconds: 120,
  keepFiringForSeconds: 0,
  group: 'checkout',
  file: '/etc/prometheus/rules/checkout.yml',
  health: 'ok',
  lastError: null,
  lastEvaluation: T0 - 12_000,
  ...over,
});
const rule = (labels: Record<string, string>, over: Partial<RuleShown> = {}): AlertingRule => ({name: 'CheckoutHighErrorRate', labels, annotations: {}, shown: shown(over)});
const view = (read: RulesRead, past = false): RulesView => ({read, past, now: T0});
const read = (rules: AlertingRule[]): RulesRead => ({state: 'read', rules, source: 'prom'});
const labels = {alertname: 'CheckoutHighErrorRate', severity: 'critical', service: 'checkout'};
const forAlert = (rules: AlertingRule[], v = view(read(rules)), l: Record<string, string> | null = labels) => ruleLines(v, 'CheckoutHighErrorRate', (all) => rulesForAlert(all, 'CheckoutHighErrorRate', l));
const pairs = (lines: DetailLine[]) => lines.map((l) => [l.label, l.value]);

describe('ruleLines', () => {
  it('shows the one rule the alert\'s labels pick out: expression, for, keep firing, group and file, health, evaluation age', () => {
    const lines = forAlert([rule({severity: 'critical'}, {keepFiringForSeconds: 300}), rule({severity: 'warning'})]);
    expect(pairs(lines)).toEqual([
      ['', 'rule'],
      ['expr', 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.01'],
      ['for', '2m'],
      ['keep firing', '5m'],
      ['group', 'checkout (/etc/prometheus/rules/checkout.yml)'],
      ['health', 'ok'],
      ['evaluated', '12s ago'],
    ]);
  });

  it('shows each rule of the name when its labels do not tell them apart, marking which match', () => {
    // Two rules whose static labels are both on the alert: which one fired it is unknown.
    const lines = forAlert([rule({service: 'checkout'}), rule({severity: 'critical', team: 'payments'}), rule({severity: 'critical'})], undefined, labels);
    const marks = lines.filter((l) => l.label === 'rule');
    expect(marks.map((l) => l.value)).toEqual(['service=checkout (matches its labels)', "severity=critical, team=payments (its labels differ from the alert's)", 'severity=critical (matches its labels)']);
    expect(marks.map((l) => l.tone)).toEqual(['accent', 'muted', 'accent']);
    expect(lines.find((l) => l.label === 'rules')?.value).toBe('3 rules named CheckoutHighErrorRate in prom');
    expect(lines.filter((l) => l.label === 'expr')).toHaveLength(3);
    // A group header: every rule of the name, none claimed as its alerts'.
    const header = forAlert([rule({severity: 'critical'}), rule({severity: 'warning'})], undefined, null);
    expect(header.filter((l) => l.label === 'rule').map((l) => l.value)).toEqual(['severity=critical', 'severity=warning']);
  });

  it('sanitizes a hostile expression, group, file and last error, keeping its lines', () => {
    const lines = forAlert([rule({severity: 'critical'}, {query: `up{job="${HOSTILE}"}\n  == 0`, group: HOSTILE, file: HOSTILE, health: 'err', lastError: HOSTILE})]);
    for (const l of lines) expect(rawControl(l.label) ?? rawControl(l.value)).toBeNull();
    expect(pairs(lines).slice(1, 3)).toEqual([
      ['expr', `up{job="${sanitize(HOSTILE)}"}`],
      [' ', '  == 0'],
    ]);
    expect(lines.find((l) => l.label === 'health')).toEqual({label: 'health', value: 'err', tone: 'critical'});
    expect(lines.find((l) => l.label === 'last error')?.tone).toBe('critical');
  });

  it('wraps a long expression to the details width, never past it', () => {
    const long = `sum by (service) (rate(http_requests_total{code=~"5..",service="checkout"}[5m])) / ignoring(code) ${'sum by (service) (rate(http_requests_total[5m])) '.repeat(6)}> 0.01`;
    const lines = forAlert([rule({severity: 'critical'}, {query: long})]);
    for (const width of [40, 80, 123]) {
      const rows = detailRows(lines, width);
      for (const r of rows) expect(14 + 1 + stringWidth(r.value)).toBeLessThanOrEqual(width - 2);
      // Nothing is lost: the expression's pieces, in order, are the expression.
      const first = rows.findIndex((r) => r.label === 'expr');
      const pieces = rows.slice(first, rows.findIndex((r, i) => i > first && r.label !== '')).map((r) => r.value);
      expect(pieces.join('')).toBe(long);
      expect(pieces.length).toBeGreaterThan(1);
    }
  });

  it("says what became of the read: reading, failed with the reason (sanitized), no rules API, no rule of the name; in the past, today's", () => {
    // One `rule` line each: a heading above it would only say "rule" twice.
    expect(pairs(forAlert([], view({state: 'loading'})))).toEqual([['rule', 'reading rules…']]);
    expect(forAlert([], view({state: 'failed', reason: `unavailable: ${HOSTILE}`}))).toEqual([{label: 'rule', value: expect.stringMatching(/^rules not read: unavailable: pwn␛\[2J/), tone: 'warn'}]);
    expect(pairs(forAlert([], view({state: 'none', reason: 'no rules here'})))).toEqual([['rule', 'no rules here']]);
    expect(pairs(forAlert([{...rule({}), name: 'Other'}]))).toEqual([['rule', 'prom runs no alerting rule named CheckoutHighErrorRate']]);
    expect(pairs(forAlert([{...rule({}), name: 'Other'}], view(read([{...rule({}), name: 'Other'}]), true)))).toEqual([['rule', 'prom runs no alerting rule named CheckoutHighErrorRate today']]);
    expect(pairs(ruleLines(view({state: 'loading'}), 'X', () => [], 'a PagerDuty incident has no alerting rule'))).toEqual([['rule', 'a PagerDuty incident has no alerting rule']]);
    expect(forAlert([rule({severity: 'critical'})], view(read([rule({severity: 'critical'})]), true))[0]).toEqual({label: '', value: "rule (today's: the rule may have changed since)"});
  });
});

describe('alertDetails with the rule', () => {
  it('puts the rule before the labels and keeps every other line', () => {
    const a = makeAlert({fingerprint: 'f1', name: 'CheckoutHighErrorRate', labels});
    const without = alertDetails(a, T0);
    const rule = forAlert([{name: 'CheckoutHighErrorRate', labels: {severity: 'critical'}, annotations: {}, shown: shown()}]);
    const withRule = alertDetails(a, T0, undefined, undefined, undefined, rule);
    const at = without.findIndex((l) => l.label === '' && l.value === 'labels');
    expect(withRule).toEqual([...without.slice(0, at), ...rule, ...without.slice(at)]);
  });
});

describe('exprLines on what a ruler may send', () => {
  // A ruler other than Prometheus need not normalise its expressions: a long run of blanks inside
  // one made the trailing-blank regex backtrack over the whole run at every frame (quadratic; 60 kB
  // held a frame for 1.6 s, 200 kB for tens of seconds, past this test's time limit).
  it('keeps a long run of blanks inside the expression, drops only the trailing ones, one line', () => {
    const query = `up${' '.repeat(200_000)}== 0   \n`;
    const lines = exprLines(query);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.label).toBe('expr');
    expect(lines[0]?.value).toBe(sanitize(`up${' '.repeat(200_000)}== 0`));
  });
});
