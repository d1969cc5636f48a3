/**
 * timeline and handover of a context with no alert source at all (deploys only): there is no
 * alert to have a history of, so its alerts are no missing part and the exit is 0, as
 * `status --at` says `Alerts: none configured`. A context with alert sources but no Prometheus
 * still has its alert history unknown (exit 3).
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let config: string;

beforeAll(() => {
  tmp = tempDir();
  const started = new Date(Date.now() - 20 * 60_000).toISOString();
  tmp.write('deploys.json', JSON.stringify([{id: '1', service: 'checkout', version: 'v1', environment: 'production', status: 'success', startedAt: started}]));
  // Nothing listens on the Alertmanager: its silences are missing too, beside the alert history.
  config = tmp.write('c.yaml', `current-context: tools\ncontexts:\n  - name: tools\n    deploys: {provider: json, file: deploys.json}\n  - name: prod\n    alertmanagers: [{name: am, url: 'http://127.0.0.1:1'}]\n`);
});
afterAll(() => tmp.cleanup());

const env = () => ({HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});

describe('timeline and handover of a context with no alert source', () => {
  it('status --at says none configured, exit 0 (the behaviour the others follow)', async () => {
    const r = await run(['status', '--at', '10m', '--config', config], env());
    expect(r.out).toContain('Alerts: none configured');
    expect(r.code).toBe(0);
  });

  it('timeline: no missing alerts, exit 0, the deploy still there', async () => {
    const r = await run(['timeline', '--since', '1h', '--format', 'json', '--config', config], env());
    const doc = JSON.parse(r.out) as {missing: unknown[]; events: Array<{kind: string}>};
    expect(doc.missing).toEqual([]);
    expect(doc.events.map((e) => e.kind)).toContain('deploy-started');
    expect(r.code).toBe(0);
  });

  it('handover: Paged and Still firing are not "unknown", exit 0', async () => {
    const r = await run(['handover', '--config', config], env());
    expect(r.out).not.toContain('**Missing:**');
    expect(r.out).not.toMatch(/### (Paged|Still firing): unknown/);
    expect(r.code).toBe(0);
  });

  it('control: a context with an Alertmanager but no Prometheus still has its alert history missing (exit 3)', async () => {
    const r = await run(['timeline', '--since', '1h', '--format', 'json', '--context', 'prod', '--config', config], env());
    const doc = JSON.parse(r.out) as {missing: Array<{part: string; reason: string}>};
    expect(doc.missing).toContainEqual(expect.objectContaining({part: 'alerts', reason: 'no Prometheus configured: alert history unknown'}));
    expect(r.code).toBe(3);
  });
});
