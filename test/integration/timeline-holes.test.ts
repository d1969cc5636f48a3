/**
 * Prometheus down in the middle of an incident, against a real Prometheus: backfilled `up` and
 * `ALERTS` with no sample of either for half an hour while CheckoutDown fired on both sides. The
 * timeline must not tell it as the alert resolving and firing again, and the handover must not
 * count two episodes: the outage is a missing part (exit 3), the alert one episode; and
 * `status --at` an instant inside the outage must say the alerts are unknown, not "0 firing".
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {prodConfigText, runIn, tempDir} from '../cli/cli-fixtures.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const MIN = 60;
const STEP = 15;
const iso = (sec: number) => new Date(sec * 1000).toISOString();

type Timeline = {events: Array<{at: string; kind: string}>; missing: Array<{part: string; reason: string}>};
type Handover = {pages: Array<{name: string; episodes: number}>};
type Status = {alerts: Array<{name: string}>; sources: Array<{name: string; status: string; error?: string | null}>};

describe('timeline: Prometheus down inside the range', () => {
  let backends: Backends;
  const tmp = tempDir();
  const cli = runIn(tmp);
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
  const firedAt = end - 90 * MIN;
  const downFrom = end - 60 * MIN;
  const downTo = end - 30 * MIN;

  beforeAll(async () => {
    const lines = ['# TYPE up gauge'];
    const alerts = ['# TYPE ALERTS gauge'];
    for (let t = end - 2 * 3600; t <= end; t += STEP) {
      if (t >= downFrom && t < downTo) continue;
      lines.push(`up{job="app",instance="app:9100"} 1 ${t}`);
      if (t >= firedAt) alerts.push(`ALERTS{alertname="CheckoutDown",alertstate="firing",service="checkout",severity="critical"} 1 ${t}`);
    }
    backends = await startTestBackends({openMetrics: `${[...lines, ...alerts].join('\n')}\n# EOF\n`, interval: `${STEP}s`});
  }, 60_000);

  afterAll(async () => {
    await backends?.stop();
    tmp.cleanup();
  });

  it('the alert fires once and never resolves at the outage; the outage is a missing part, exit 3', async () => {
    const config = tmp.write('prod.yaml', prodConfigText(backends.prometheusUrl!, backends.alertmanagerUrl!));
    const {code, out} = await cli('timeline', '--format', 'json', '--config', config, '--from', iso(end - 2 * 3600), '--to', iso(end));
    const doc = JSON.parse(out) as Timeline;
    expect(doc.events.filter((e) => e.kind.startsWith('alert-')).map((e) => [e.kind, e.at])).toEqual([['alert-firing', iso(firedAt)]]);
    // The last samples before the outage still answer for Prometheus' lookback (5 minutes).
    const holes = doc.missing.map((g) => [g.part, g.reason.replace(/ \(down.*$/, '')]);
    expect(holes).toEqual([['alerts', `prometheus held no data from ${iso(downFrom + 5 * MIN)} to ${iso(downTo)}`]]);
    expect(code).toBe(3);
  }, 60_000);

  it('the handover counts one episode of CheckoutDown and says the outage, exit 3', async () => {
    const config = tmp.write('prod.yaml', prodConfigText(backends.prometheusUrl!, backends.alertmanagerUrl!));
    const json = await cli('handover', '--format', 'json', '--config', config, '--since', '2h');
    expect((JSON.parse(json.out) as Handover).pages.map((p) => [p.name, p.episodes])).toEqual([['CheckoutDown', 1]]);
    const md = await cli('handover', '--config', config, '--since', '2h');
    expect(md.out).toContain(`prometheus held no data from ${iso(downFrom + 5 * MIN)} to ${iso(downTo)}`);
    expect(md.code).toBe(3);
  }, 60_000);

  it('status --at an instant inside the outage: the alerts are unknown, naming the outage, exit 3; on either side they are read', async () => {
    const config = tmp.write('prod.yaml', prodConfigText(backends.prometheusUrl!, backends.alertmanagerUrl!));
    const inside = downFrom + 15 * MIN;
    const during = await cli('status', '--json', '--config', config, '--at', iso(inside));
    const doc = JSON.parse(during.out) as Status;
    expect(doc.alerts).toEqual([]);
    const prom = doc.sources.find((s) => s.name === 'prometheus' && s.error);
    expect(prom?.error).toContain(`prometheus held no data at ${iso(inside)} (down, or scraping nothing): what was firing then is unknown`);
    expect(during.code).toBe(3);
    const after = await cli('status', '--json', '--config', config, '--at', iso(downTo + 5 * MIN));
    expect((JSON.parse(after.out) as Status).alerts.map((a) => a.name)).toEqual(['CheckoutDown']);
    // Before it fired, with data held: nothing firing is the answer, not an unknown.
    const before = await cli('status', '--json', '--config', config, '--at', iso(firedAt - 10 * MIN));
    expect([(JSON.parse(before.out) as Status).alerts, before.out.includes('held no data')]).toEqual([[], false]);
  }, 60_000);
});

/**
 * A healthy, quiet Prometheus: rules evaluated every 15 s, one job scraped every minute, nothing
 * firing, for two days. The two days' step (16 s) is longer than the evaluation and shorter than
 * the scrape: a heartbeat read over one step alone held a scrape at one step in four, and the
 * timeline said thousands of stretches where Prometheus "held no data".
 */
describe('timeline: a quiet Prometheus scraping every minute, evaluating every 15 s', () => {
  let backends: Backends;
  const tmp = tempDir();
  const cli = runIn(tmp);
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;
  const from = end - 2 * 86_400;

  beforeAll(async () => {
    const lines = ['# TYPE up gauge'];
    for (let t = from - 10 * MIN; t <= end; t += MIN) lines.push(`up{job="app",instance="app:9100"} 1 ${t}`);
    // An alert that fired and resolved a day before the range: the history is known to hold
    // alerts, so a range without any is "nothing fired", not "no alert history".
    const alerts = ['# TYPE ALERTS gauge', `ALERTS{alertname="CheckoutDown",alertstate="firing",service="checkout",severity="critical"} 1 ${from - 86_400}`];
    backends = await startTestBackends({openMetrics: `${[...lines, ...alerts].join('\n')}\n# EOF\n`, interval: `${STEP}s`});
  }, 120_000);

  afterAll(async () => {
    await backends?.stop();
    tmp.cleanup();
  });

  it('two days without an alert: nothing missing, exit 0', async () => {
    const config = tmp.write('prod.yaml', prodConfigText(backends.prometheusUrl!, backends.alertmanagerUrl!));
    const {code, out} = await cli('timeline', '--format', 'json', '--config', config, '--from', iso(from), '--to', iso(end));
    const doc = JSON.parse(out) as Timeline;
    expect([doc.missing, doc.events.filter((e) => e.kind.startsWith('alert-'))]).toEqual([[], []]);
    expect(code).toBe(0);
  }, 120_000);
});
