/**
 * "What changed?" against real servers: the deploy that preceded the trouble stays `suspect` in
 * `oncall status --json` when its alert is acked in a real Alertmanager, and is found when the
 * SLO's burn starts from a baseline at or above 1× in a real Prometheus.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill} from '../../scripts/slo-backfill.ts';
import {main} from '../../src/cli/main.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {postAlerts, postSilence, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {pollUntil, startTestBackends, type Backends} from '../helpers/backends.ts';

const MIN = 60;

function deployFeed(startedAtSec: number): string {
  return JSON.stringify([
    {id: 'd-old', service: 'checkout', version: 'v2.13.0', environment: 'production', status: 'success', startedAt: startedAtSec - 3 * 86_400, author: 'ci'},
    {id: 'd-new', service: 'checkout', version: 'v2.14.0', environment: 'production', status: 'success', startedAt: startedAtSec, author: 'ci'},
  ]);
}

async function status(config: string, home: string, now?: number): Promise<StatusDocument> {
  let out = '';
  let err = '';
  await main(['status', '--json', '--config', config], {HOME: home, USER: 'tester'}, {out: (t) => (out += t), err: (t) => (err += t)}, now === undefined ? {} : {now: () => now});
  expect(err).toBe('');
  return JSON.parse(out) as StatusDocument;
}

describe('the suspect deploy stays suspect once its critical alert is acked (real Alertmanager)', () => {
  let am: AlertmanagerPeer;
  const files = tempDir();

  beforeAll(async () => {
    am = await startAlertmanagerPeer();
  });
  afterAll(async () => {
    await am?.cleanup();
    files.cleanup();
  });

  it('keeps deploys[].suspect true while the alert is suppressed by an ACK! silence', async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    // The alert starts a minute ago (postAlerts), the deploy ten minutes before that.
    const feed = files.write('deploys.json', deployFeed(nowSec - 11 * MIN));
    const config = files.write(
      'config.yaml',
      ['current-context: it', 'contexts:', '  - name: it', '    alertmanagers:', `      - {url: ${am.url}}`, `    deploys: {provider: json, file: ${feed}}`, ''].join('\n'),
    );
    const labels = {alertname: 'CheckoutHighErrorRate', severity: 'critical', service: 'checkout'};
    await postAlerts(am.url, [labels]);
    const before = await status(config, files.dir);
    expect(before.alerts.map((a) => a.state)).toEqual(['firing']);
    expect(before.deploys.find((d) => d.id === 'd-new')?.suspect).toBe(true);

    await postSilence(am.url, labels, 'ACK!');
    const after = await pollUntil(() => status(config, files.dir), (doc) => doc.alerts[0]?.state === 'suppressed', 5000, 'the alert is suppressed');
    expect(after.alerts[0]?.ack?.by).toBe('tester@host');
    expect(after.deploys.find((d) => d.id === 'd-new')?.suspect).toBe(true);
    expect(after.deploys.find((d) => d.id === 'd-old')?.suspect).toBe(false);
  });
});

describe('the burn start of an SLO whose baseline burns at 1.5× (real Prometheus)', () => {
  let backends: Backends;
  const files = tempDir();
  // The data ends on the last whole minute; the CLI's clock is pinned there.
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
  const start = end - 8 * 3600;
  const deployAt = end - 12 * MIN;

  beforeAll(async () => {
    // 99.9 %: a 0.0015 ratio burns at 1.5× for eight hours; the release 12 minutes ago fails 10 %.
    const backfill = generateBackfill(
      [{service: 'checkout', requestsPerStep: () => 1000, errorRatio: (i) => (start + i * MIN > deployAt ? 0.1 : 0.0015)}],
      start,
      end,
    );
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
  });
  afterAll(async () => {
    await backends?.stop();
    files.cleanup();
  });

  it('marks the release that started the burn as suspect', async () => {
    const feed = files.write('deploys.json', deployFeed(deployAt));
    const config = files.write(
      'config.yaml',
      [
        'current-context: it',
        'contexts:',
        '  - name: it',
        '    prometheus:',
        `      url: ${backends.prometheusUrl}`,
        `    deploys: {provider: json, file: ${feed}}`,
        '    slos:',
        '      - name: checkout-availability',
        '        service: checkout',
        '        objective: 99.9',
        '        window: 30d',
        `        errorQuery: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[{{.window}}]))'`,
        `        totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{.window}}]))'`,
        '',
      ].join('\n'),
    );
    const doc = await status(config, files.dir, end * 1000);
    const slo = doc.slos[0]!;
    // Burning: the 1h window holds 12 minutes at 100× and 48 at 1.5×.
    expect(slo.burnRates['1h']).toBeGreaterThan(14.4);
    expect(slo.status).toBe('page');
    expect(doc.deploys.find((d) => d.id === 'd-new')?.suspect).toBe(true);
    expect(doc.deploys.find((d) => d.id === 'd-old')?.suspect).toBe(false);
  });
});
