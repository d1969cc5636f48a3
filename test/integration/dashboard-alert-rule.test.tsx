/**
 * The alert's rule in its details against a real Prometheus with a rule file: the expression
 * shown (wrapped to the view's width) is the rule file's, of the rule of the alert's name whose
 * static labels the alert carries, with its `for:` and group. Timers are real; only `Date` is
 * faked, advancing with real time, so the harness can settle Ink between keys.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {composeContext, type Composed} from '../../src/cli/compose.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import {pollUntil, startTestBackends, type Backends} from '../helpers/backends.ts';
import {realDashboardHooks, selectedLine} from '../helpers/real-frames.ts';

// Long enough to wrap at 80 columns; written as Prometheus prints it back.
const EXPR = 'sum without (instance) (prometheus_build_info{job!="no-such-job"}) > 0 or vector(1) > 0';
const RULES = `groups:
  - name: checkout-rules
    rules:
      - alert: CheckoutRuleShown
        expr: '${EXPR}'
        for: 0s
        labels: {severity: critical, service: checkout}
        annotations: {summary: always firing}
      - alert: CheckoutRuleShown
        expr: vector(1) < 0
        for: 10m
        labels: {severity: warning, service: checkout}
`;

let backends: Backends;
let composed: Composed;
let dir: string;
const dashboard = realDashboardHooks();
const plain = (frame: string) => frame.replace(/\u001b\]8;;[^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '');

beforeAll(async () => {
  backends = await startTestBackends({alertmanager: false, rules: RULES});
  await pollUntil(
    async () => (await (await fetch(`${backends.prometheusUrl}/api/v1/alerts`)).json()) as {data: {alerts: unknown[]}},
    (a) => a.data.alerts.length > 0,
    30_000,
    'the rule fires',
  );
  dir = await mkdtemp(join(tmpdir(), 'oncall-dash-rule-'));
  const config = parseConfig(['current-context: it', 'contexts:', '  - name: it', `    prometheus: {url: ${backends.prometheusUrl}}`].join('\n'), join(dir, 'config.yaml'));
  if (!config.ok) throw new Error(JSON.stringify(config.errors));
  composed = composeContext(config.config.contexts[0]!, {});
}, 60_000);

afterAll(async () => {
  await composed?.close();
  await backends?.stop();
  if (dir) await rm(dir, {recursive: true, force: true});
});

describe("the alert's rule in its details (real Prometheus)", () => {
  it("shows the rule file's expression of the rule its labels pick out, with for and group", {timeout: 60_000}, async () => {
    const harness = await dashboard.render(composed.services, {columns: 80, rows: 50});
    await dashboard.frame((f) => f.includes('CheckoutRuleShown'), 'the firing alert');
    await harness.press('2');
    for (let i = 0; i < 5 && !/firing +CheckoutRuleShown/.test(selectedLine(harness.lastFrame())); i++) await harness.press('j');
    expect(selectedLine(harness.lastFrame())).toMatch(/firing +CheckoutRuleShown/);
    await harness.press('\r');
    const frame = plain(await dashboard.frame((f) => f.includes('Alert details') && /evaluated +\d/.test(f), 'the rule'));
    const lines = frame.split('\n');
    const at = lines.findIndex((l) => /║expr /.test(l));
    const end = lines.findIndex((l, i) => i > at && /║for /.test(l));
    // The label column is 14 cells and a space; the rest of each line is the wrapped expression.
    const shown = lines.slice(at, end).map((l) => l.slice(1, -1).slice(15).trimEnd()).join('');
    expect(shown).toBe(EXPR);
    expect(lines.slice(at, end).length).toBeGreaterThan(1);
    expect(frame).toMatch(/for +0s \(fires at the first evaluation\)/);
    expect(frame).toMatch(/group +checkout-rules \(.*rules\.yml\)/);
    expect(frame).toMatch(/health +ok/);
    expect(frame).not.toContain('vector(1) < 0');
  });
});
