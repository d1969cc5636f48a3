/**
 * An alert of the past against a real Prometheus: `ALERTS` keeps its labels but no annotations,
 * so `status --at` lends it the runbook of today's rule of its name (from `/api/v1/rules`, whose
 * annotations are the rule's templates, filled from the alert's labels) and says it is today's;
 * `oncall timeline` links the alert's events the same way, and `oncall handover` its pages and
 * the alerts still firing.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const RULES = `groups:
  - name: past
    rules:
      - alert: CheckoutDown
        expr: vector(1)
        labels: {severity: critical, service: checkout}
        annotations:
          summary: always firing
          runbook_url: https://runbooks.example/{{ $labels.service }}/down
`;

describe('status --at: the runbook of an alert of the past from today\'s rule', () => {
  let backends: Backends;
  const files = tempDir();
  let config = '';

  beforeAll(async () => {
    backends = await startTestBackends({alertmanager: false, rules: RULES});
    // Until Prometheus has written the alert to ALERTS.
    for (let i = 0; i < 100; i++) {
      const answer = (await (await fetch(`${backends.prometheusUrl}/api/v1/query?query=ALERTS`)).json()) as {data: {result: unknown[]}};
      if (answer.data.result.length > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    config = files.write('config.yaml', ['current-context: prod', 'contexts:', '  - name: prod', `    prometheus: {url: ${backends.prometheusUrl}}`, ''].join('\n'));
  }, 60_000);

  afterAll(async () => {
    await backends?.stop();
    files.cleanup();
  });

  it('has the rule\'s link filled from its labels, marked as from today\'s rule, and no annotation claimed', async () => {
    await new Promise((r) => setTimeout(r, 1500));
    const at = new Date(Date.now() - 500).toISOString();
    let out = '';
    let err = '';
    const code = await main(['status', '--json', '--config', config, '--at', at], {HOME: files.dir, USER: 'tester'}, {out: (t) => void (out += t), err: (t) => void (err += t)});
    const doc = JSON.parse(out) as StatusDocument;
    expect(doc.alerts.map((a) => [a.name, a.runbookUrl, a.runbookFrom, a.annotations]), err).toEqual([['CheckoutDown', 'https://runbooks.example/checkout/down', 'current-rule', {}]]);
    expect(code).not.toBe(3);
  }, 60_000);

  it("links the timeline's alert events to today's rule's runbook, marked as such", async () => {
    await new Promise((r) => setTimeout(r, 1500));
    let out = '';
    let err = '';
    await main(['timeline', '--format', 'json', '--since', '10m', '--config', config], {HOME: files.dir, USER: 'tester'}, {out: (t) => void (out += t), err: (t) => void (err += t)});
    const doc = JSON.parse(out) as {events: Array<{kind: string; url?: string; urlFrom?: string}>};
    const alertEvents = doc.events.filter((e) => e.kind.startsWith('alert'));
    expect(alertEvents.length, err).toBeGreaterThan(0);
    for (const e of alertEvents) expect(e).toMatchObject({url: 'https://runbooks.example/checkout/down', urlFrom: 'current-rule'});
  }, 60_000);

  it("gives the handover's pages and alerts still firing today's rule's runbook, marked as such, in JSON and Markdown", async () => {
    // Until the alert is on the history's grid, as for the timeline above.
    await new Promise((r) => setTimeout(r, 1500));
    const handover = async (format: string) => {
      let out = '';
      let err = '';
      await main(['handover', '--format', format, '--since', '10m', '--config', config], {HOME: files.dir, USER: 'tester'}, {out: (t) => void (out += t), err: (t) => void (err += t)});
      return {out, err};
    };
    const json = await handover('json');
    const doc = JSON.parse(json.out) as {pages: Array<Record<string, unknown>>; stillFiring: Array<Record<string, unknown>>};
    const lent = {runbookUrl: 'https://runbooks.example/checkout/down', runbookFrom: 'current-rule'};
    expect(doc.pages, json.err).toEqual([expect.objectContaining({kind: 'alert', name: 'CheckoutDown', ...lent})]);
    expect(doc.stillFiring).toEqual([expect.objectContaining({name: 'CheckoutDown', ...lent})]);
    const md = (await handover('md')).out;
    expect(md).toMatch(/\n- CheckoutDown \(checkout\) critical: [^\n]* \[runbook of today's rule\]\(https:\/\/runbooks\.example\/checkout\/down\)\n/);
    expect(md).toMatch(/\n### Still firing \(1[^\n]*\n- CheckoutDown \(checkout\) critical \[runbook of today's rule\]\(https:\/\/runbooks\.example\/checkout\/down\)\n/);
  }, 60_000);
});
