/**
 * `oncall handover` of a context with a PagerDuty source and external labels configured, against
 * a real Prometheus and Alertmanager and a PagerDuty stand-in checked against PagerDuty's OpenAPI
 * description: an incident opened before the shift and resolved during it is handed over as
 * such, and the page of an alert from the history folds into the incident it opened, though the
 * incident's alert carries the external labels Prometheus added to what it sent, configured or
 * (`externalLabels: auto`) read from the Prometheus started with them; when they cannot be read,
 * the handover says the two may be listed apart. `timeline --service` knows the services the
 * PagerDuty mapping names.
 */
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import {run, tempDir} from '../cli/cli-fixtures.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';
import {forwardTo, startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';
import {startFakePagerduty, type FakeIncident, type FakePagerduty} from '../helpers/fake-pagerduty.ts';

const MIN = 60;
const TOKEN = 'pd-secret-token-123';
const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
const ago = (minutes: number) => new Date((end - minutes * MIN) * 1000).toISOString();
const HISTORY = {alertname: 'CheckoutDown', service: 'checkout', severity: 'critical'};

describe('handover: what PagerDuty resolved during the shift, and alert pages folded into their incidents', () => {
  let backends: Backends;
  let pd: FakePagerduty | null = null;
  const tmp = tempDir();
  const config = (url: string, prometheus = `{url: ${backends.prometheusUrl}, externalLabels: {cluster: eu-1}}`) =>
    tmp.write('pd.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    prometheus: ${prometheus}\n    alertmanagers: [{name: am, url: ${backends.alertmanagerUrl}}]\n    alertSources:\n      - {kind: pagerduty, apiUrl: ${url}, tokenEnv: PD_TOKEN, from: bob@example.com, serviceIds: [PSVC001], services: {PSVC001: payments}, timeout: 2s}\n`);
  const handover = (url: string, prometheus?: string) => run(['handover', '--since', '2h', '--config', config(url, prometheus)], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`, PD_TOKEN: TOKEN});

  beforeAll(async () => {
    const {openMetrics} = generateBackfill([{service: 'checkout', requestsPerStep: () => 1000, errorRatio: () => 0.0005}], end - 3 * 3600, end);
    // CheckoutDown paged from 60 to 50 minutes ago: the history holds it without the external labels.
    const text = Object.entries({...HISTORY, alertstate: 'firing'}).map(([k, v]) => `${k}="${v}"`).join(',');
    const alerts = ['# TYPE ALERTS gauge', ...Array.from({length: 10}, (_, i) => `ALERTS{${text}} 1 ${end - 60 * MIN + i * MIN}`), `ALERTS{${text}} 0 ${end - 50 * MIN}`];
    // Started with the external label the incident's alert carries, for `externalLabels: auto` to read.
    backends = await startTestBackends({openMetrics: openMetrics.replace('# EOF\n', `${alerts.join('\n')}\n# EOF\n`), externalLabels: {cluster: 'eu-1'}});
  }, 60_000);

  afterEach(async () => {
    expect(pd?.fake.problems).toEqual([]);
    await pd?.close();
    pd = null;
  });

  afterAll(async () => {
    await backends?.stop();
    tmp.cleanup();
  });

  it('hands over an incident opened before the shift and resolved in it under Resolved during the shift, with when', async () => {
    const inherited: FakeIncident = {id: 'PINC7', number: 4300, title: 'Disk filling', status: 'resolved', priority: 'P1', serviceId: 'PSVC001', serviceName: 'Payments', createdAt: ago(180), resolvedAt: ago(30)};
    pd = await startFakePagerduty(TOKEN, [inherited]);
    const md = await handover(pd.url);
    expect(md.code).toBe(0);
    expect(md.out).toContain(`### Resolved during the shift (1)\n- \\#4300 Disk filling (payments) critical incident: opened ${ago(180).slice(0, 10)} ${ago(180).slice(11, 16)}Z, resolved ${ago(30).slice(11, 16)}Z\n`);
  }, 60_000);

  it('folds the page of an alert from the history into the incident whose alert carries the external labels', async () => {
    const paged: FakeIncident = {id: 'PINC5', number: 4322, title: '[FIRING:1] CheckoutDown', status: 'resolved', priority: 'P1', serviceId: 'PSVC001', serviceName: 'Payments', createdAt: ago(59), resolvedAt: ago(50), firing: [{...HISTORY, cluster: 'eu-1'}]};
    pd = await startFakePagerduty(TOKEN, [paged]);
    const md = await handover(pd.url);
    expect(md.code).toBe(0);
    expect(md.out).toMatch(/^### Paged \(1\)\n- CheckoutDown \(checkout\) critical: \d+m, first \d\d:\d\dZ, incident \\#4322 resolved\n/m);
  }, 60_000);

  it('with externalLabels auto, folds the page by the external labels read from Prometheus', async () => {
    const paged: FakeIncident = {id: 'PINC5', number: 4322, title: '[FIRING:1] CheckoutDown', status: 'resolved', priority: 'P1', serviceId: 'PSVC001', serviceName: 'Payments', createdAt: ago(59), resolvedAt: ago(50), firing: [{...HISTORY, cluster: 'eu-1'}]};
    pd = await startFakePagerduty(TOKEN, [paged]);
    const md = await handover(pd.url, `{url: ${backends.prometheusUrl}, externalLabels: auto}`);
    expect(md.code).toBe(0);
    expect(md.out).toMatch(/^### Paged \(1\)\n- CheckoutDown \(checkout\) critical: \d+m, first \d\d:\d\dZ, incident \\#4322 resolved\n/m);
    expect(md.out).not.toContain('**Note:**');
  }, 60_000);

  it('with externalLabels auto and a server that does not serve its config, says the page may be listed apart from its incident', async () => {
    // A front that serves everything but the config, as Thanos Query does.
    const forward = forwardTo(backends.prometheusUrl!);
    const front: FaultProxy = await startFaultProxy(async (req, body) => (req.url?.startsWith('/api/v1/status/config') ? {status: 404, contentType: 'text/plain', body: '404 page not found'} : forward(req, body)), {prometheus: true});
    try {
      const paged: FakeIncident = {id: 'PINC5', number: 4322, title: '[FIRING:1] CheckoutDown', status: 'resolved', priority: 'P1', serviceId: 'PSVC001', serviceName: 'Payments', createdAt: ago(59), resolvedAt: ago(50), firing: [{...HISTORY, cluster: 'eu-1'}]};
      pd = await startFakePagerduty(TOKEN, [paged]);
      const md = await handover(pd.url, `{url: ${front.url}, externalLabels: auto}`);
      expect(md.out).toMatch(/^> \*\*Note:\*\* the external labels of prometheus could not be read \([^\n]*404[^\n]*\): an alert page may be listed apart from the incident it paged\n/m);
      // Listed apart, each once: nothing is missing, so no gap and exit 0.
      expect(md.out).toContain('### Paged (2)\n');
      expect(md.code).toBe(0);
      const json = await run(['handover', '--since', '2h', '--format', 'json', '--config', config(pd.url, `{url: ${front.url}, externalLabels: auto}`)], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`, PD_TOKEN: TOKEN});
      expect((JSON.parse(json.out) as {externalLabelsUnread: Array<{context: string}>}).externalLabelsUnread.map((u) => u.context)).toEqual(['prod']);
    } finally {
      await front.close();
    }
  }, 60_000);

  it('timeline --service: a service only the PagerDuty mapping names is known (nothing happened to it); a typo is refused, exit 2, naming the known ones', async () => {
    pd = await startFakePagerduty(TOKEN, []);
    const timeline = (service: string) => run(['timeline', '--since', '2h', '--service', service, '--config', config(pd!.url)], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`, PD_TOKEN: TOKEN});
    const mapped = await timeline('payments');
    expect([mapped.code, mapped.err]).toEqual([0, '']);
    expect(mapped.out).toContain('Nothing happened to payments in this range.');
    const typo = await timeline('paymnts');
    expect([typo.code, typo.out, typo.err]).toEqual([2, '', 'timeline: no configured service and no event in the range is named paymnts (known: checkout, payments)\n']);
  }, 60_000);
});
