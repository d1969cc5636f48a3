/**
 * A Sloth SLO generated for a 28-day period, in a real Prometheus: Sloth's spec cannot say the
 * period (only the flag it generated the rules with can), but its rules do
 * (`slo:sli_error:ratio_rate4w`: Sloth names 28 days as Prometheus does, in weeks), and its
 * alerts use factors derived from it: 13.44× on 1h&5m,
 * not the 30-day 14.4×. A service burning at 14× fires Sloth's page alert; the dashboard must
 * agree with it, over the same 28 days.
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import {main} from '../../src/cli/main.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {pollUntil, startTestBackends, type Backends} from '../helpers/backends.ts';
import {slothRules} from './recorded-rules-fixture.ts';

const MIN = 60;
const HOUR = 3600;
const errors = (w: string) => `sum(rate(http_requests_total{service="api",code=~"5.."}[${w}]))`;
const total = (w: string) => `sum(rate(http_requests_total{service="api"}[${w}]))`;

const SPEC = [
  'version: "prometheus/v1"',
  'service: "api"',
  'slos:',
  '  - name: "availability"',
  '    objective: 99.9',
  '    sli:',
  '      events:',
  `        error_query: '${errors('{{.window}}')}'`,
  `        total_query: '${total('{{.window}}')}'`,
  '',
].join('\n');

describe('a Sloth SLO whose rules were generated for 28 days', () => {
  let backends: Backends;
  let dir: string;
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;

  async function instant(promql: string): Promise<Array<{metric: Record<string, string>; value: [number, string]}>> {
    const res = await fetch(`${backends.prometheusUrl}/api/v1/query`, {method: 'POST', body: new URLSearchParams({query: promql})});
    return ((await res.json()) as {data: {result: Array<{metric: Record<string, string>; value: [number, string]}>}}).data.result;
  }

  beforeAll(async () => {
    const start = end - 4 * 24 * HOUR - HOUR;
    // 1.4 % of requests fail for the last 90 minutes: 14× a 99.9 % budget, 0.05 % before.
    const backfill = generateBackfill([{service: 'api', requestsPerStep: () => 1000, errorRatio: (i) => (end - (start + i * MIN) < 90 * MIN ? 0.014 : 0.0005)}], start, end);
    const rules = ['groups:', slothRules({service: 'api', slo: 'availability', objective: 99.9, period: '28d', errors, total}), ''].join('\n');
    backends = await startTestBackends({openMetrics: backfill.openMetrics, rules, alertmanager: false});
    dir = await mkdtemp(join(tmpdir(), 'oncall-sloth-period-'));
    await writeFile(join(dir, 'sloth.yaml'), SPEC);
    const config = ['current-context: test', 'contexts:', '  - name: test', '    prometheus:', `      url: ${backends.prometheusUrl}`, `    sloFiles: ['${join(dir, 'sloth.yaml')}']`, ''];
    await writeFile(join(dir, 'config.yml'), config.join('\n'));
    // Rules evaluate every second: wait for the period's series and for Sloth's page alert.
    await pollUntil(() => instant('slo:sli_error:ratio_rate4w'), (r) => r.length > 0, 15_000, 'the 4w period series');
    await pollUntil(() => instant('ALERTS{alertname="apiSLO",sloth_severity="page",alertstate="firing"}'), (r) => r.length > 0, 15_000, "Sloth's page alert");
  });

  afterAll(async () => {
    await backends?.stop();
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  it('is judged over 28 days by the factors Sloth generated its alerts with: it pages on 1h&5m at 14x, as Sloth does', async () => {
    let out = '';
    const io = {out: (t: string) => void (out += t), err: () => {}};
    const code = await main(['status', '--json', '--config', join(dir, 'config.yml')], {HOME: dir}, io);
    const slo = (JSON.parse(out) as StatusDocument).slos.find((s) => s.name === 'api-availability');
    // The period as Sloth's rules name it: 4w, 28 days.
    expect(slo?.window).toBe('4w');
    // Over Sloth's 13.44 for 28 days, under the 30-day 14.4.
    expect(slo?.burnRates['1h']).toBeGreaterThan(13.44);
    expect(slo?.burnRates['1h']).toBeLessThan(14.4);
    expect(slo).toMatchObject({status: 'page', trippedBy: '1h&5m'});
    expect(code).toBe(1);
  });
});
