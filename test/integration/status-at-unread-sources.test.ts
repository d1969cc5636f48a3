/**
 * `status --at` against a real Prometheus holding `ALERTS` history and a configured Alertmanager:
 * the past's alerts are Prometheus' alone, so the Alertmanager (which may hold alerts Prometheus
 * never had) is listed as not read in the past, in `--json` and in the text, and the counts say
 * they are Prometheus' only; the outcome is then incomplete (exit 3). With Prometheus alone
 * nothing went unread and the exit code stays 0.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {postAlert, startTestBackends, type Backends} from '../helpers/backends.ts';

// A warning, so that nothing pages: the exit code then tells "all clear" from "could not tell".
const RULES = `groups:
  - name: past
    rules:
      - alert: QueueSlow
        expr: vector(1)
        labels: {severity: warning, service: queue}
`;

describe('status --at with alert sources not read in the past', () => {
  let backends: Backends;
  const files = tempDir();
  let withAm = '';
  let promOnly = '';

  beforeAll(async () => {
    backends = await startTestBackends({rules: RULES});
    // Until Prometheus has written the alert to ALERTS.
    for (let i = 0; i < 100; i++) {
      const answer = (await (await fetch(`${backends.prometheusUrl}/api/v1/query?query=ALERTS`)).json()) as {data: {result: unknown[]}};
      if (answer.data.result.length > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // An alert only the Alertmanager holds (sent there by something other than this Prometheus).
    await postAlert(backends.alertmanagerUrl!, {alertname: 'PaymentsDown', severity: 'critical', service: 'payments'});
    const head = ['current-context: prod', 'contexts:', '  - name: prod', `    prometheus: {url: ${backends.prometheusUrl}}`];
    withAm = files.write('with-am.yaml', [...head, `    alertmanagers: [{name: am, url: ${backends.alertmanagerUrl}}]`, ''].join('\n'));
    promOnly = files.write('prom-only.yaml', [...head, ''].join('\n'));
    // Until the alert is in the history an instant ago.
    await new Promise((r) => setTimeout(r, 1500));
  }, 60_000);

  afterAll(async () => {
    await backends?.stop();
    files.cleanup();
  });

  const status = async (...args: string[]) => {
    let out = '';
    let err = '';
    const at = new Date(Date.now() - 500).toISOString();
    // A UTF-8 locale: the text's `·` is drawn as such, not in ASCII.
    const code = await main(['status', ...args, '--at', at], {HOME: files.dir, USER: 'tester', LANG: 'C.UTF-8'}, {out: (t) => void (out += t), err: (t) => void (err += t)});
    return {code, out, err};
  };

  it('--json lists the Alertmanager as not-in-past, neither ok nor failed, and exits 3', async () => {
    const {code, out, err} = await status('--json', '--config', withAm);
    const doc = JSON.parse(out) as StatusDocument;
    expect(doc.alerts.map((a) => a.name), err).toEqual(['QueueSlow']);
    expect(doc.sources.find((s) => s.name === 'prometheus')).toMatchObject({state: 'ok', ok: true, alerts: true});
    expect(doc.sources.find((s) => s.name === 'am')).toEqual({name: 'am', kind: 'alertmanager', state: 'not-in-past', ok: false, error: null, ageSeconds: null, retrying: false, warnings: [], partial: false, alerts: true});
    expect(code).toBe(3);
  }, 60_000);

  it('the text names it on the sources line and says the counts are of Prometheus history only', async () => {
    const {code, out} = await status('--config', withAm);
    expect(out).toMatch(/^sources: prometheus ok \d+s, am not read in the past$/m);
    expect(out).toContain('Alerts: 1 firing (0 critical unacked), 0 pending or suppressed · not read in the past: am (incidents and alerts only they hold are not counted)\n');
    expect(code).toBe(3);
  }, 60_000);

  it('with Prometheus alone nothing is left unread: no such source, no such words, exit 0', async () => {
    const json = await status('--json', '--config', promOnly);
    const doc = JSON.parse(json.out) as StatusDocument;
    expect(doc.sources.map((s) => [s.name, s.state])).toEqual([['prometheus', 'ok']]);
    expect(json.code).toBe(0);
    const text = await status('--config', promOnly);
    expect(text.out).toContain('Alerts: 1 firing (0 critical unacked), 0 pending or suppressed\n');
    expect(text.code).toBe(0);
  }, 60_000);
});
