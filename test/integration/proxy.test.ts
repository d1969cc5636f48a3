/**
 * The built CLI on a bastion whose site proxy is the only way out (`HTTP_PROXY`): `oncall alerts`
 * and `oncall ack` reach a real Alertmanager through a real forward proxy (the Alertmanager's
 * name resolves only there), the early read of `alerts` included; a context on loopback goes
 * direct; a proxy that is down is named in the error.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {needBundle, runBuiltCli} from '../helpers/built-cli.ts';
import {startAlertmanagerPeer, postAlerts, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {startForwardProxy, type ForwardProxy} from '../helpers/forward-proxy.ts';


let am: AlertmanagerPeer;
let proxy: ForwardProxy;
let dir: string;
let config: string;
let amPort: string;

beforeAll(async () => {
  needBundle();
  [am, proxy] = await Promise.all([startAlertmanagerPeer(), startForwardProxy()]);
  await postAlerts(am.url, [{alertname: 'BehindProxy', service: 'checkout', severity: 'critical'}]);
  amPort = new URL(am.url).port;
  dir = mkdtempSync(join(tmpdir(), 'oncall-proxy-'));
  config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      'current-context: remote',
      'contexts:',
      '  - name: remote',
      `    alertmanagers: [{name: am, url: "http://am.oncall-test:${amPort}"}]`,
      '  - name: local',
      `    alertmanagers: [{name: am, url: "${am.url}"}]`,
      '',
    ].join('\n'),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all([am?.cleanup(), proxy?.close()]);
  if (dir) rmSync(dir, {recursive: true, force: true});
});

function cli(env: Record<string, string>, args: string[]) {
  return runBuiltCli([...args, '--config', config], {env: {HOME: dir, XDG_STATE_HOME: dir, ...env}});
}

describe('oncall behind the site proxy', () => {
  it('lists and acks through it, and goes direct to loopback', async () => {
    const env = {HTTP_PROXY: proxy.url};
    const listed = await cli(env, ['alerts', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as {alerts: Array<{labels: Record<string, string>}>}).alerts.map((a) => a.labels['alertname'])).toEqual(['BehindProxy']);
    const acked = await cli(env, ['ack', 'alertname=BehindProxy']);
    expect(acked.code, acked.stderr).toBe(0);
    expect(proxy.carried.length).toBeGreaterThanOrEqual(3);
    expect(new Set(proxy.carried)).toEqual(new Set([`am.oncall-test:${amPort}`]));
    const carried = proxy.carried.length;
    const local = await cli(env, ['alerts', '--context', 'local']);
    expect(local.code, local.stderr).toBe(0);
    expect(local.stdout).toContain('BehindProxy');
    expect(proxy.carried.length).toBe(carried);
  });

  it('names the proxy when it is down', async () => {
    const run = await cli({HTTP_PROXY: 'http://127.0.0.1:9'}, ['alerts']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(new RegExp(`GET http://am\\.oncall-test:${amPort}/api/v2/(alerts|silences) via proxy 127\\.0\\.0\\.1:9: connection refused`));
  });
});
