/**
 * `oncall handover` of a context with a PagerDuty source, against a real Prometheus and
 * Alertmanager and a PagerDuty stand-in: an incident no Prometheus alert raised (another
 * integration paged) is handed over as paged and still firing, never "Paged: nothing"; a
 * PagerDuty that cannot be read leaves both sections unknown and exits 3.
 */
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import {run, tempDir} from '../cli/cli-fixtures.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';
import {startFakePagerduty, type FakePagerduty} from '../helpers/fake-pagerduty.ts';

const MIN = 60;
const TOKEN = 'pd-secret-token-123';

describe('handover: what PagerDuty paged', () => {
  let backends: Backends;
  let pd: FakePagerduty;
  const tmp = tempDir();
  const config = () =>
    tmp.write('pd.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    prometheus: {url: ${backends.prometheusUrl}}\n    alertmanagers: [{name: am, url: ${backends.alertmanagerUrl}}]\n    alertSources:\n      - {kind: pagerduty, apiUrl: ${pd.url}, tokenEnv: PD_TOKEN, from: bob@example.com, serviceIds: [PSVC001], services: {PSVC001: payments}, timeout: 2s}\n`);
  const handover = () => run(['handover', '--since', '2h', '--config', config()], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`, PD_TOKEN: TOKEN});

  beforeAll(async () => {
    const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
    const {openMetrics} = generateBackfill([{service: 'checkout', requestsPerStep: () => 1000, errorRatio: () => 0.0005}], end - 3 * 3600, end);
    // Prometheus evaluated its rules over the range and only a warning fired: nothing paged there.
    const alerts = ['# TYPE ALERTS gauge', ...Array.from({length: 10}, (_, i) => `ALERTS{alertname="DiskFilling",alertstate="firing",severity="warning"} 1 ${end - 3600 + i * MIN}`)];
    backends = await startTestBackends({openMetrics: openMetrics.replace('# EOF\n', `${alerts.join('\n')}\n# EOF\n`)});
  }, 60_000);

  beforeEach(async () => {
    // Paged 40 minutes ago by an integration that is no Prometheus alert, still open.
    pd = await startFakePagerduty(TOKEN, [{id: 'PINC9', number: 4321, title: 'Payments latency', status: 'triggered', priority: 'P1', serviceId: 'PSVC001', serviceName: 'Payments', createdAt: new Date(Date.now() - 40 * 60_000).toISOString()}]);
  });

  afterEach(async () => {
    expect(pd.fake.problems).toEqual([]);
    await pd.close();
  });

  afterAll(async () => {
    await backends?.stop();
    tmp.cleanup();
  });

  it('hands over the incident as paged and still firing, not acked, with one bounded read of PagerDuty, one of the incidents open now and one of those resolved since the shift began', async () => {
    const md = await handover();
    expect(md.out).toMatch(/^### Paged \(1\)\n- \\#4321 Payments latency \(payments\) critical incident: (39|40|41)m, first \d\d:\d\dZ, STILL OPEN, NOT ACKED\n/m);
    expect(md.out).toContain('### Still firing (1)\n- \\#4321 Payments latency (payments) critical incident, NOT ACKED\n');
    expect(md.code).toBe(0);
    const lists = pd.fake.calls('GET', '/incidents');
    // The range, the incidents open now, and those resolved since the shift began, newest resolution first.
    expect(lists.map((r) => [r.query.has('since'), r.query.has('until'), r.query.get('date_range'), r.query.getAll('statuses[]').join(), r.query.get('sort_by')]).sort()).toEqual([[false, false, 'all', 'resolved', 'resolved_at:desc'], [false, false, 'all', 'triggered,acknowledged', null], [true, true, null, '', null]]);
  }, 60_000);

  it('a PagerDuty that refuses the read: Paged and Still firing unknown, naming it, exit 3', async () => {
    pd.outage = {status: 403, body: {error: {message: 'Access Denied', code: 2010}}};
    const md = await handover();
    expect(md.out).toMatch(/^### Paged: unknown \(pagerduty [^)]*\)$/m);
    expect(md.out).toMatch(/^### Still firing: unknown \(pagerduty [^)]*\)$/m);
    expect(md.out).toMatch(/^> \*\*Missing:\*\* alerts from pagerduty: /m);
    expect(md.code).toBe(3);
  }, 60_000);
});
