/**
 * An Alertmanager whose alerts answer but whose silences do not (a proxy granting alerts:read
 * only answers 403 to `/api/v2/silences`): the alerts it returned are still listed, the source is
 * read in part, and whatever needs the silences says it cannot be told. A critical alert firing
 * there with no silence on it still pages: `status` exits 1, not 3.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';
import {startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';

const FORBIDDEN = 'forbidden: silences:read required';

const amAlert = (labels: Record<string, string>, fingerprint: string, silencedBy: string[] = []) => ({
  labels,
  annotations: {summary: 's'},
  startsAt: new Date(Date.now() - 60_000).toISOString(),
  endsAt: new Date(Date.now() + 600_000).toISOString(),
  updatedAt: new Date().toISOString(),
  fingerprint,
  receivers: [{name: 'r'}],
  status: {state: silencedBy.length > 0 ? 'suppressed' : 'active', silencedBy, inhibitedBy: [], mutedBy: []},
  generatorURL: 'http://x/graph',
});

const PAGE = amAlert({alertname: 'HighErrorRate', severity: 'critical', service: 'api'}, 'aaaa000000000001');
const SILENCED = amAlert({alertname: 'DiskFull', severity: 'warning', service: 'db'}, 'aaaa000000000002', ['s-1']);

// An Alertmanager answering its alerts, and 403 to every silences request; `writes` collects
// every request that would change a silence.
function alertsOnly(alerts: unknown[], writes: string[]): Promise<FaultProxy> {
  return startFaultProxy(async (req) => {
    const path = req.url ?? '';
    if (req.method !== 'GET') writes.push(`${req.method} ${path}`);
    if (path.startsWith('/api/v2/alerts')) return {status: 200, contentType: 'application/json', body: JSON.stringify(alerts)};
    if (path.startsWith('/api/v2/silence')) return {status: 403, contentType: 'text/plain', body: FORBIDDEN};
    return {status: 404, contentType: 'text/plain', body: 'not found'};
  });
}

describe('an Alertmanager whose silences cannot be read', () => {
  let tmp: ReturnType<typeof tempDir>;
  let server: FaultProxy | undefined;
  let writes: string[] = [];
  beforeEach(() => {
    tmp = tempDir();
    writes = [];
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    tmp.cleanup();
  });

  const oncall = async (alerts: unknown[], ...argv: string[]) => {
    server ??= await alertsOnly(alerts, writes);
    const config = tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertmanagers: [{name: am, url: ${server.url}}]\n`);
    return run([...argv, '--config', config], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});
  };

  it('alerts --json lists its alerts, the source partial with why, the ack of a silenced one unknown', async () => {
    const {code, out, err} = await oncall([PAGE, SILENCED], 'alerts', '--json');
    const doc = JSON.parse(out) as {alerts: Array<{name: string; ack: unknown; ackUnknown?: string[]}>; sources: Array<{name: string; ok: boolean; partial: boolean; warnings: string[]}>};
    expect(doc.alerts.map((a) => a.name).sort()).toEqual(['DiskFull', 'HighErrorRate']);
    const page = doc.alerts.find((a) => a.name === 'HighErrorRate')!;
    const silenced = doc.alerts.find((a) => a.name === 'DiskFull')!;
    // Not silenced at all: not acked, whatever the silences hold.
    expect(page.ack).toBeNull();
    expect(page.ackUnknown ?? []).toEqual([]);
    // Silenced by something: whether that is an ack needs the silences.
    expect(silenced.ack).toBeNull();
    expect(silenced.ackUnknown).toEqual(['am']);
    expect(doc.sources).toEqual([expect.objectContaining({name: 'am', ok: true, partial: true})]);
    expect(doc.sources[0]!.warnings.join(' ')).toMatch(/silences unreadable: .*403/);
    expect(err).toMatch(/note: am answered in part: silences unreadable: .*403/);
    expect(code).toBe(3);
  });

  it('alerts lists the page and says the silenced alert’s ack is unknown', async () => {
    const {out} = await oncall([PAGE, SILENCED], 'alerts');
    expect(out).toMatch(/HighErrorRate/);
    expect(out).toMatch(/DiskFull.*ACK UNKNOWN/);
  });

  it('status exits 1 on a critical alert firing unsilenced there: a page beats a source read in part', async () => {
    const {code, out} = await oncall([PAGE], 'status');
    expect(out).toMatch(/HighErrorRate/);
    expect(out).not.toMatch(/no alert source could be read/);
    expect(code).toBe(1);
  });

  it('status exits 3 with nothing paging: the source was read in part', async () => {
    const {code, out} = await oncall([SILENCED], 'status');
    expect(out).toMatch(/am PARTIAL/);
    expect(out).toMatch(/DiskFull.*ACK UNKNOWN \(silences of am unread\)/);
    expect(code).toBe(3);
  });

  it('status --json carries the silenced alert’s unknown ack', async () => {
    const {out} = await oncall([SILENCED], 'status', '--json');
    const doc = JSON.parse(out) as {alerts: Array<{name: string; ack: unknown; ackUnknown?: string[]}>};
    expect(doc.alerts).toEqual([expect.objectContaining({name: 'DiskFull', ack: null, ackUnknown: ['am']})]);
  });

  it('unack refuses: the silences cannot be listed, and nothing is sent', async () => {
    const {code, err} = await oncall([SILENCED], 'unack', 'aaaa000000000002');
    expect(err).toMatch(/unack: cannot list the silences of am \(.*403.*\); nothing was sent/);
    expect(writes).toEqual([]);
    expect(code).toBe(3);
  });
});
