/**
 * An alert of the past borrows its runbook link from today's rule of its name, filled in from
 * its labels as Prometheus would; where that cannot be done exactly, or rules disagree, it gets none.
 */
import {describe, expect, it} from 'vitest';
import type {Alert} from '../../src/domain/alert.ts';
import {ruleRunbookFor, withRuleRunbooks, type AlertingRule} from '../../src/domain/rule-runbook.ts';

const alert = (name: string, labels: Record<string, string>, annotations: Record<string, string> = {}): Alert => ({
  fingerprint: name, name, severity: labels['severity'] ?? 'none', state: 'firing', labels: {alertname: name, ...labels}, annotations,
  startsAt: null, generatorUrl: null, silencedBy: [], inhibitedBy: [], seenBy: ['prom'], ack: null,
});
const rule = (name: string, labels: Record<string, string>, annotations: Record<string, string>): AlertingRule => ({name, labels, annotations});

describe('ruleRunbookFor', () => {
  it('fills $labels and .Labels references; a literal link as it is', () => {
    expect(ruleRunbookFor(rule('A', {}, {runbook_url: 'https://rb.example/{{ $labels.service }}/{{.Labels.alertname}}'}), {service: 'checkout', alertname: 'A'})).toBe('https://rb.example/checkout/A');
    expect(ruleRunbookFor(rule('A', {}, {runbook: 'https://rb.example/a'}), {})).toBe('https://rb.example/a');
  });

  it('none where it cannot be exact: a missing label, a template beyond label references, no link, not http(s)', () => {
    expect(ruleRunbookFor(rule('A', {}, {runbook_url: 'https://rb.example/{{ $labels.team }}'}), {service: 'checkout'})).toBeNull();
    expect(ruleRunbookFor(rule('A', {}, {runbook_url: 'https://rb.example/{{ $labels.service | toLower }}'}), {service: 'Checkout'})).toBeNull();
    expect(ruleRunbookFor(rule('A', {}, {runbook_url: 'https://rb.example/{{ $value }}'}), {})).toBeNull();
    expect(ruleRunbookFor(rule('A', {}, {summary: 'no link'}), {})).toBeNull();
    expect(ruleRunbookFor(rule('A', {}, {runbook_url: 'file:///etc/passwd'}), {})).toBeNull();
  });
});

describe('withRuleRunbooks', () => {
  const rules = [
    rule('Latency', {severity: 'warning'}, {runbook_url: 'https://rb.example/latency-warn'}),
    rule('Latency', {severity: 'critical'}, {runbook_url: 'https://rb.example/latency-crit'}),
    rule('Down', {team: '{{ $labels.owner }}'}, {runbook_url: 'https://rb.example/down/{{ $labels.service }}'}),
    rule('Split', {}, {runbook_url: 'https://rb.example/one'}),
    rule('Split', {}, {runbook_url: 'https://rb.example/two'}),
  ];

  it('lends the link of the rule whose static labels the alert carries (a templated label matches any value)', () => {
    const out = withRuleRunbooks([alert('Latency', {severity: 'critical'}), alert('Latency', {severity: 'warning'}), alert('Down', {service: 'cart', team: 'x'})], rules);
    expect(out.map((a) => a.ruleRunbook)).toEqual(['https://rb.example/latency-crit', 'https://rb.example/latency-warn', 'https://rb.example/down/cart']);
    // Lent beside the annotations, never as one: history keeps none of the alert's own.
    expect(out.every((a) => Object.keys(a.annotations).length === 0)).toBe(true);
  });

  it('lends none when rules disagree, no rule matches, or the alert has its own link', () => {
    const out = withRuleRunbooks([alert('Split', {}), alert('Latency', {severity: 'info'}), alert('Gone', {}), alert('Latency', {severity: 'critical'}, {runbook_url: 'https://rb.example/own'})], rules);
    expect(out.map((a) => a.ruleRunbook)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
