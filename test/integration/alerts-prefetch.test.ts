/**
 * `oncall alerts` sends its Alertmanager reads before its config is checked
 * (cli/alerts-prefetch.ts), against a real Alertmanager behind a front that records what reaches
 * it: each read goes out once (the client takes the early answer rather than asking again), a
 * config that turns out invalid still fails as before and its early read is dropped, an entry
 * with credentials is asked only by its client, and a down Alertmanager fails the same way.
 */
import type http from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {prefetchedCount} from '../../src/sources/http/prefetch.ts';
import {run, tempDir} from '../cli/cli-fixtures.ts';
import {postAlert, startTestBackends, type Backends} from '../helpers/backends.ts';
import {forwardTo, startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';

describe('oncall alerts against a real Alertmanager, asked before the config is checked', () => {
  let backends: Backends;
  let front: FaultProxy;
  const seen: Array<{method: string; path: string; authorization: string | null}> = [];
  const tmp = tempDir();
  const env = () => ({HOME: tmp.dir, XDG_STATE_HOME: tmp.dir, AM_TOKEN: 'tok-123'});
  const config = (entry: string, extra = '') =>
    tmp.write('config.yaml', `current-context: t\n${extra}contexts:\n  - name: t\n    alertmanagers:\n      - name: am\n        url: ${front.url}\n${entry}`);
  const reads = () => seen.map((r) => `${r.method} ${r.path}${r.authorization ? ` (${r.authorization})` : ''}`);

  beforeAll(async () => {
    backends = await startTestBackends({prometheus: false});
    const forward = forwardTo(backends.alertmanagerUrl ?? '');
    front = await startFaultProxy(async (req: http.IncomingMessage, body: string) => {
      seen.push({method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, authorization: req.headers.authorization ?? null});
      return forward(req, body);
    });
    await postAlert(backends.alertmanagerUrl ?? '', {alertname: 'EarlyBird', service: 'checkout', severity: 'critical'});
  });

  afterAll(async () => {
    await front?.close();
    await backends?.stop();
    tmp.cleanup();
  });

  it('asks each read once and prints what the Alertmanager holds', async () => {
    config('');
    seen.length = 0;
    const {code, out, err} = await run(['alerts', '--json', '--config', `${tmp.dir}/config.yaml`], env());
    expect([code, err]).toEqual([0, '']);
    expect((JSON.parse(out) as {alerts: Array<{name: string}>}).alerts.map((a) => a.name)).toContain('EarlyBird');
    // Sent early and taken by the client: one of each, not the early one and the client's own.
    expect(reads().sort()).toEqual(['GET /api/v2/alerts', 'GET /api/v2/silences']);
    expect(prefetchedCount()).toBe(0);
  });

  it('still fails an invalid config as before (exit 2, file and path named), its early read sent and dropped', async () => {
    config('', 'bogusKey: 1\n');
    seen.length = 0;
    const {code, out, err} = await run(['alerts', '--json', '--config', `${tmp.dir}/config.yaml`], env());
    expect([code, out]).toEqual([2, '']);
    expect(err).toContain('config.yaml');
    expect(err).toContain('bogusKey');
    // The early read went out before the config was checked: that is the feature. Nothing waits for it now.
    expect(reads()).toContain('GET /api/v2/alerts');
    expect(prefetchedCount()).toBe(0);
  });

  it('leaves an entry with credentials to its client: one request, with the token', async () => {
    config('        bearerTokenEnv: AM_TOKEN\n');
    seen.length = 0;
    const {code, err} = await run(['alerts', '--json', '--config', `${tmp.dir}/config.yaml`], env());
    expect([code, err]).toEqual([0, '']);
    expect(reads().sort()).toEqual(['GET /api/v2/alerts (Bearer tok-123)', 'GET /api/v2/silences (Bearer tok-123)']);
  });

  it('reports a down Alertmanager as a failed source (exit 3), as without the early read', async () => {
    config('');
    await front.set('refused');
    try {
      const early = await run(['alerts', '--json', '--config', `${tmp.dir}/config.yaml`], env());
      config('        bearerTokenEnv: AM_TOKEN\n');
      const late = await run(['alerts', '--json', '--config', `${tmp.dir}/config.yaml`], env());
      expect([early.code, late.code]).toEqual([3, 3]);
      // Both reads fail; the message names whichever failed first, either way.
      const read = (text: string) => text.replace(/\/api\/v2\/(alerts|silences)/, '/api/v2/<read>');
      expect(read(early.err)).toBe(read(late.err));
      expect(early.err).toMatch(/am.*refused/i);
      expect(prefetchedCount()).toBe(0);
    } finally {
      await front.set(null);
    }
  });
});
