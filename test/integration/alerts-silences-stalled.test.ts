/**
 * A real Alertmanager behind a front that stalls only `/api/v2/silences` (a silences list slow
 * with many silences): its alerts still arrive, the source read in part with its silences
 * unread, both in a dashboard poll (cut at the deadline) and in `oncall alerts --json` (the
 * silences request cut by the configured timeout).
 */
import type http from 'node:http';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {ALERT_SOURCE_DEADLINE_MS, alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {createAlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import {run, tempDir} from '../cli/cli-fixtures.ts';
import {postAlerts, postSilence, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {forwardTo, startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';
import {emptyServices} from '../queries/fakes.ts';

let am: AlertmanagerPeer;
let front: FaultProxy;
// Each silences request the front holds, with a signal when one arrives.
let stalled: http.IncomingMessage[] = [];
let onStall: () => void = () => {};

beforeAll(async () => {
  am = await startAlertmanagerPeer();
  const forward = forwardTo(am.url);
  front = await startFaultProxy((req, body) => {
    if (req.method === 'GET' && (req.url ?? '').startsWith('/api/v2/silences')) {
      stalled.push(req);
      onStall();
      return new Promise(() => {});
    }
    return forward(req, body);
  });
  await postAlerts(am.url, [
    {alertname: 'CheckoutDown', severity: 'critical', service: 'checkout'},
    {alertname: 'DiskFull', severity: 'warning', service: 'db'},
  ]);
  await postSilence(am.url, {alertname: 'DiskFull'}, 'ACK! on it');
});

afterAll(async () => {
  await front?.close();
  await am?.cleanup();
});

afterEach(() => {
  vi.useRealTimers();
  stalled = [];
});

const names = (alerts: Array<{name: string}>) => alerts.map((a) => a.name).sort();

describe('an Alertmanager whose silences request stalls', () => {
  it('a dashboard poll shows its alerts once the deadline passes, the source read in part', async () => {
    // The deadline's timer is faked: it passes when the test says, after the alerts are in.
    vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout']});
    // A request timeout far past the deadline: what cuts the silences is the poll, not the request.
    const source = createAlertmanagerSource({name: 'am', baseUrl: front.url, timeoutMs: 60_000});
    let alertsIn: () => void = () => {};
    const alertsRead = new Promise<void>((ok) => (alertsIn = ok));
    const capabilities = {
      ...source,
      listAlerts: async (read?: {once?: boolean}) => {
        const answer = await source.listAlerts(read);
        alertsIn();
        return answer;
      },
    };
    const services = emptyServices({alertSources: [{name: 'am', kind: 'alertmanager', capabilities}]});
    const client = createQueryClient({retry: 0});
    const silencesHeld = new Promise<void>((ok) => (onStall = ok));
    try {
      const poll = client.fetchQuery({...alertQueryOptions(services, {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'}), staleTime: 0});
      await Promise.all([alertsRead, silencesHeld]);
      await vi.advanceTimersByTimeAsync(ALERT_SOURCE_DEADLINE_MS);
      const snap = await poll;
      expect(names(snap.alerts)).toEqual(['CheckoutDown', 'DiskFull']);
      expect(snap.outcomes).toEqual([expect.objectContaining({name: 'am', ok: true, error: null, partial: ['silences unreadable: timeout: no answer within 12 s']})]);
      // Silenced by something whose kind only the unread list tells.
      expect(snap.alerts.find((a) => a.name === 'DiskFull')).toMatchObject({ack: null, ackUnknown: ['am']});
      expect(snap.alerts.find((a) => a.name === 'CheckoutDown')?.ackUnknown ?? []).toEqual([]);
      expect(stalled).toHaveLength(1);
    } finally {
      client.clear();
      // The held request is cut, or closing the source would wait for it.
      for (const req of stalled) req.socket.destroy();
      await source.close();
    }
  });

  /** Runs `oncall argv --config …` against the front, in a temp home. */
  async function oncall(...argv: string[]) {
    const tmp = tempDir();
    try {
      // Long enough for the alerts of a loopback Alertmanager on a loaded machine; what it cuts
      // is the stalled silences request.
      const config = tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertmanagers: [{name: am, url: "${front.url}", timeout: 3s}]\n`);
      return await run([...argv, '--config', config], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});
    } finally {
      tmp.cleanup();
    }
  }

  it('oncall alerts --json lists its alerts, the source partial, when the silences request times out', async () => {
    const {code, out, err} = await oncall('alerts', '--json');
    const doc = JSON.parse(out) as {alerts: Array<{name: string; ack: unknown; ackUnknown?: string[]}>; sources: Array<{name: string; ok: boolean; partial: boolean; warnings: string[]}>};
    expect(names(doc.alerts)).toEqual(['CheckoutDown', 'DiskFull']);
    expect(doc.alerts.find((a) => a.name === 'DiskFull')).toMatchObject({ack: null, ackUnknown: ['am']});
    expect(doc.sources).toEqual([expect.objectContaining({name: 'am', ok: true, partial: true})]);
    expect(doc.sources[0]!.warnings.join(' ')).toMatch(/silences unreadable: timeout: .*no answer within 3000 ms/);
    expect(err).toMatch(/note: am answered in part: silences unreadable: timeout/);
    expect(code).toBe(3);
    expect(stalled.length).toBeGreaterThan(0);
  });

  it('oncall status --json pages on the critical alert read there: exit 1, the source partial', async () => {
    const {code, out} = await oncall('status', '--json');
    const doc = JSON.parse(out) as {alerts: Array<{name: string}>; sources: Array<{name: string; partial: boolean}>};
    expect(names(doc.alerts)).toEqual(['CheckoutDown', 'DiskFull']);
    expect(doc.sources).toEqual([expect.objectContaining({name: 'am', partial: true})]);
    expect(code).toBe(1);
  });
});
