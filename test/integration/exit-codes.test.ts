/**
 * The exit codes of the one-shot commands against a real Prometheus and Alertmanager, with a
 * second Alertmanager (and in one context Prometheus too) on a refused port: a failed source is 3,
 * never the 0 of "all clear"; a filter matching nothing is 1; an SLO page or an unacked critical
 * alert is 1 even when another source failed.
 */
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {freePort} from '../../scripts/backends.ts';
import {run, tempDir} from '../cli/cli-fixtures.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const SLO = `    slos:
      - {name: api-availability, service: api, objective: 99.9, window: 30d,
         errorQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))',
         totalQuery: 'sum(rate(http_requests_total[{{.window}}]))'}
`;

describe('exit codes against real and refused backends', () => {
  let backends: Backends;
  let refused: string;
  let tmp: ReturnType<typeof tempDir>;
  let config: string;

  const env = () => ({HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});
  const cli = (...argv: string[]) => run([...argv, '--config', config], env());

  beforeAll(async () => {
    backends = await startTestBackends();
    // A port nothing listens on: connection refused, as a stopped server gives.
    refused = `http://127.0.0.1:${await freePort()}`;
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const post = (labels: Record<string, string>) =>
      fetch(`${backends.alertmanagerUrl}/api/v2/alerts`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify([{labels, startsAt}])});
    expect((await post({alertname: 'DiskFilling', severity: 'warning', service: 'api'})).ok).toBe(true);
  });

  afterAll(async () => {
    await backends?.stop();
  });

  beforeEach(() => {
    tmp = tempDir();
    config = tmp.write(
      'config.yaml',
      `current-context: up
contexts:
  - name: up
    prometheus: {url: ${backends.prometheusUrl}}
    alertmanagers: [{name: am-1, url: ${backends.alertmanagerUrl}}]
${SLO}  - name: half
    prometheus: {url: ${backends.prometheusUrl}}
    alertmanagers: [{name: am-1, url: ${backends.alertmanagerUrl}}, {name: am-2, url: ${refused}}]
${SLO}  - name: down
    prometheus: {url: ${refused}}
    alertmanagers: [{name: am-1, url: ${refused}}]
${SLO}  - name: deploys
    deploys: {provider: json, file: deploys.json}
`,
    );
  });

  afterEach(() => {
    tmp.cleanup();
  });

  it('status: 0 when every source answered and nothing pages', async () => {
    const {code, out} = await cli('status', '--json');
    expect(JSON.parse(out).sources.map((s: {ok: boolean}) => s.ok)).toEqual([true, true]);
    expect(code).toBe(0);
  });

  it('status: 3 with every source refused, and 3 with one Alertmanager of two refused', async () => {
    const down = await cli('status', '--json', '--context', 'down');
    expect(JSON.parse(down.out).sources.map((s: {name: string; ok: boolean}) => [s.name, s.ok])).toEqual([
      ['prometheus', false],
      ['am-1', false],
    ]);
    expect(down.code).toBe(3);
    const half = await cli('status', '--context', 'half');
    expect(half.out).toMatch(/am-2 FAILED \(unavailable: .*connection refused\)/);
    expect(half.code).toBe(3);
  });

  it('status: an unacked critical alert is 1 even with a source down (what was read already pages)', async () => {
    const labels = {alertname: 'ApiDown', severity: 'critical', service: 'api'};
    const posted = await fetch(`${backends.alertmanagerUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify([{labels, startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 60_000).toISOString()}]),
    });
    expect(posted.ok).toBe(true);
    try {
      expect((await cli('status', '--context', 'half')).code).toBe(1);
    } finally {
      // Resolve it again so the other tests see only the warning.
      await fetch(`${backends.alertmanagerUrl}/api/v2/alerts`, {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify([{labels, startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() - 500).toISOString()}]),
      });
    }
  });

  it('alerts: 0 listed, 1 when --filter matches nothing, 3 with a failed source (text and --json)', async () => {
    const all = await cli('alerts');
    expect(all.out).toContain('DiskFilling (api)');
    expect(all.code).toBe(0);
    expect((await cli('alerts', '--filter', 'alertname=DiskFilling')).code).toBe(0);
    const none = await cli('alerts', '--filter', 'alertname=Nope');
    expect([none.code, none.out]).toEqual([1, 'context up: 0 alerts (0 firing)\n']);
    const half = await cli('alerts', '--context', 'half');
    // The answering Alertmanager's alerts are still listed; the failure is said and is the exit code.
    expect(half.out).toContain('DiskFilling (api)');
    expect(half.err).toMatch(/^note: am-2 failed: unavailable: .*connection refused/m);
    expect(half.code).toBe(3);
    const halfJson = await cli('alerts', '--context', 'half', '--json');
    expect(JSON.parse(halfJson.out).sources.map((s: {name: string; ok: boolean}) => [s.name, s.ok])).toEqual([
      ['prometheus', true],
      ['am-1', true],
      ['am-2', false],
    ]);
    expect(halfJson.code).toBe(3);
    // Nothing matched, but am-2 could hold it: 3, not 1.
    expect((await cli('alerts', '--context', 'half', '--filter', 'alertname=Nope')).code).toBe(3);
    const down = await cli('alerts', '--context', 'down');
    expect(down.err).toMatch(/^alerts: .*connection refused/);
    expect(down.code).toBe(3);
  });

  it('alerts --json: with every source refused, still the document, each source failed, no alerts, 3', async () => {
    const down = await cli('alerts', '--json', '--context', 'down');
    const doc = JSON.parse(down.out);
    expect(Object.keys(doc)).toEqual(['context', 'generatedAt', 'sources', 'alerts']);
    expect(doc.context).toBe('down');
    expect(Number.isNaN(Date.parse(doc.generatedAt))).toBe(false);
    expect(doc.sources.map((s: {name: string; ok: boolean}) => [s.name, s.ok])).toEqual([
      ['prometheus', false],
      ['am-1', false],
    ]);
    for (const s of doc.sources) expect(s.error).toMatch(/connection refused/);
    expect(doc.alerts).toEqual([]);
    expect(down.err).toMatch(/^alerts: .*connection refused/);
    expect(down.code).toBe(3);
  });

  it('ack: nothing to ack is 1, but 3 when a failed source may hold the alert, and 3 when none can be read', async () => {
    expect((await cli('ack', 'alertname=Nope')).code).toBe(1);
    const half = await cli('ack', 'alertname=Nope', '--context', 'half');
    expect(half.err).toContain('ack: no alert to ack: none matches\n');
    expect(half.code).toBe(3);
    const down = await cli('ack', 'alertname=Nope', '--context', 'down');
    expect(down.err).toMatch(/^ack: could not read alerts: .*connection refused/);
    expect(down.code).toBe(3);
  });

  it('deploys --json: an unreadable entry is a warning on stderr and 3, the readable ones still printed', async () => {
    tmp.write(
      'deploys.json',
      JSON.stringify([
        {service: 'api', version: '1.0', startedAt: '2026-05-01T10:00:00Z', status: 'success'},
        {service: 'api', version: '1.1', startedAt: 'yesterday'},
      ]),
    );
    const {code, out, err} = await cli('deploys', '--json', '--context', 'deploys');
    expect(JSON.parse(out).map((d: {version: string}) => d.version)).toEqual(['1.0']);
    expect(err).toMatch(/^warning: json .*deploys\.json: skipped 1 entry with unexpected data \(\[1\]\.startedAt: not a timestamp: "yesterday"\)\n$/);
    expect(code).toBe(3);
    tmp.write('deploys.json', JSON.stringify([{service: 'api', version: '1.0', startedAt: '2026-05-01T10:00:00Z', status: 'success'}]));
    expect(await cli('deploys', '--json', '--context', 'deploys')).toMatchObject({code: 0, err: ''});
    tmp.write('deploys.json', 'not json');
    const broken = await cli('deploys', '--context', 'deploys');
    expect(broken.err).toMatch(/^deploys: bad-response: .*not valid JSON/);
    expect(broken.code).toBe(3);
    // With --json the failure is a document marking the deploy source, never no output (or a
    // bare [] a script would read as no deploys).
    const brokenJson = await cli('deploys', '--json', '--context', 'deploys');
    const doc = JSON.parse(brokenJson.out);
    expect(doc).toMatchObject({context: 'deploys', deploys: []});
    const own = doc.sources.find((s: {kind: string}) => s.kind === 'deploys');
    expect(own).toMatchObject({ok: false, state: 'error'});
    expect(own.error).toMatch(/not valid JSON/);
    expect(brokenJson.err).toMatch(/^deploys: bad-response: .*not valid JSON/);
    expect(brokenJson.code).toBe(3);
  });
});
