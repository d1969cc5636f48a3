/**
 * `oncall alerts` does not say "done" for alerts it read in part: a Prometheus answer with
 * partial-response warnings (the envelope's `warnings`) may lack the very alert asked about, so
 * the command exits 3, as `status` does, and says which source answered in part. The envelope's
 * `infos` are notes on a whole answer: they change nothing.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';
import {startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';

const PARTIAL = 'partial response: receive-2.eu: rpc error: code = Unavailable';

const ALERT = {labels: {alertname: 'HighLatency', severity: 'warning', service: 'api'}, annotations: {}, state: 'firing', activeAt: '2026-12-07T01:00:00Z', value: '1'};

// A Prometheus that answers `/api/v1/alerts` with one alert and `extra` in its envelope.
function prometheus(extra: Record<string, unknown>): Promise<FaultProxy> {
  return startFaultProxy(async (req) => {
    const body = (req.url ?? '').startsWith('/api/v1/alerts') ? {status: 'success', data: {alerts: [ALERT]}, ...extra} : {status: 'success', data: {}};
    return {status: 200, contentType: 'application/json', body: JSON.stringify(body)};
  }, {prometheus: true});
}

describe('oncall alerts read in part', () => {
  let tmp: ReturnType<typeof tempDir>;
  let server: FaultProxy | undefined;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    tmp.cleanup();
  });

  const alerts = async (extra: Record<string, unknown>, ...argv: string[]) => {
    server = await prometheus(extra);
    const config = tmp.write('config.yaml', `current-context: p\ncontexts:\n  - name: p\n    prometheus: {url: ${server.url}}\n`);
    return run(['alerts', '--config', config, ...argv], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});
  };

  it('exits 3 and names the source when the answer came with partial-response warnings', async () => {
    const {code, out, err} = await alerts({warnings: [PARTIAL]});
    expect(out).toContain('HighLatency');
    expect(err).toContain(`note: prometheus answered in part: ${PARTIAL}`);
    expect(code).toBe(3);
  });

  it('exits 3 with --json, the source marked partial', async () => {
    const {code, out} = await alerts({warnings: [PARTIAL]}, '--json');
    const doc = JSON.parse(out) as {sources: Array<{name: string; partial: boolean}>; alerts: unknown[]};
    expect(doc.sources).toEqual([expect.objectContaining({name: 'prometheus', partial: true})]);
    expect(doc.alerts).toHaveLength(1);
    expect(code).toBe(3);
  });

  it('exits 3 when a filter matched nothing in what was read in part: the alert may be in what was not', async () => {
    const {code} = await alerts({warnings: [PARTIAL]}, '--filter', 'alertname=Missing');
    expect(code).toBe(3);
  });

  it('exits 3 over several contexts when one of them was read in part', async () => {
    server = await prometheus({warnings: [PARTIAL]});
    const config = tmp.write('config.yaml', `current-context: p\ncontexts:\n  - name: p\n    prometheus: {url: ${server.url}}\n  - name: q\n    prometheus: {url: ${server.url}}\n`);
    const {code, err} = await run(['alerts', '--config', config, '--context', 'p,q'], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});
    expect(err).toContain(`note: context p: prometheus answered in part: ${PARTIAL}`);
    expect(code).toBe(3);
  });

  it('exits 0 on an answer with infos only: it was read whole', async () => {
    const {code, err} = await alerts({infos: ['PromQL info: metric might not be a counter']});
    expect(err).not.toContain('answered in part');
    expect(code).toBe(0);
  });
});
