/**
 * The handover's acks when they cannot be known, against a real Prometheus and Alertmanager: no
 * Alertmanager configured, or the one configured down. Either is "unknown (why)", in the
 * Markdown heading and the JSON's `incomplete`, never "Acks: none", which reads as a quiet shift.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import {prodConfigText, runIn, tempDir} from '../cli/cli-fixtures.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const MIN = 60;
type Handover = {incomplete: Record<string, string[]>};

describe('handover: acks unknown', () => {
  let backends: Backends;
  const tmp = tempDir();
  const cli = runIn(tmp);
  const config = (name: string, prometheus: string, alertmanager?: string) => tmp.write(`${name}.yaml`, prodConfigText(prometheus, alertmanager));

  beforeAll(async () => {
    const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
    const {openMetrics} = generateBackfill([{service: 'checkout', requestsPerStep: () => 1000, errorRatio: () => 0.0005}], end - 3 * 3600, end);
    // An alert fired in the range: the alerts part is complete, only the acks are in question.
    const alerts = ['# TYPE ALERTS gauge', ...Array.from({length: 10}, (_, i) => `ALERTS{alertname="DiskFilling",alertstate="firing",severity="warning"} 1 ${end - 3600 + i * MIN}`)];
    backends = await startTestBackends({openMetrics: openMetrics.replace('# EOF\n', `${alerts.join('\n')}\n# EOF\n`)});
  }, 60_000);

  afterAll(async () => {
    await backends?.stop();
    tmp.cleanup();
  });

  it('handover without an Alertmanager configured: acks unknown, not none, in Markdown and JSON', async () => {
    const file = config('no-am', backends.prometheusUrl!);
    const md = await cli('handover', '--since', '2h', '--config', file);
    expect(md.out).toContain('### Acks: unknown (no Alertmanager configured)\n');
    expect(md.out).not.toContain('### Acks: none');
    const json = await cli('handover', '--since', '2h', '--format', 'json', '--config', file);
    expect((JSON.parse(json.out) as Handover).incomplete).toEqual({acks: ['no Alertmanager configured']});
  }, 60_000);

  it('handover with its Alertmanager down: acks unknown, naming it (exit 3)', async () => {
    await backends.stopAlertmanager();
    const file = config('am-down', backends.prometheusUrl!, backends.alertmanagerUrl!);
    const md = await cli('handover', '--since', '2h', '--config', file);
    expect(md.out).toContain('### Acks: unknown (am unavailable)\n');
    expect(md.code).toBe(3);
    const json = JSON.parse((await cli('handover', '--since', '2h', '--format', 'json', '--config', file)).out) as Handover;
    expect(json.incomplete).toEqual({acks: ['am unavailable']});
  }, 60_000);
});
