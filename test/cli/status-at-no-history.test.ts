/**
 * `status --at` where the past's alerts cannot be read: a context with an Alertmanager but no
 * Prometheus. Its alerts then are unknown, said so and exit 3, never "0 firing".
 */
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  tmp.cleanup();
});

const CONFIG = `current-context: prod
contexts:
  - name: prod
    alertmanagers:
      - name: am
        url: http://127.0.0.1:1
`;

describe('status --at without Prometheus', () => {
  const env = () => ({HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state')});

  it('says the alerts of then are unknown, naming why, and exits 3', async () => {
    const path = tmp.write('c.yaml', CONFIG);
    const {code, out, err} = await run(['status', '--at', '30m', '--config', path], env());
    expect([code, err]).toEqual([3, '']);
    expect(out).toContain('Alerts: UNKNOWN, no alert source could be read (alert history) · not read in the past: am (incidents and alerts only they hold are not counted)');
    expect(out).not.toMatch(/0 firing/);
  });

  it('--json names the failed history source and its reason, alerts empty, exit 3', async () => {
    const path = tmp.write('c.yaml', CONFIG);
    const {code, out} = await run(['status', '--json', '--at', '30m', '--config', path], env());
    expect(code).toBe(3);
    const doc = JSON.parse(out) as {alerts: unknown[]; sources: Array<{name: string; ok: boolean; error?: string | null}>};
    expect(doc.alerts).toEqual([]);
    expect(doc.sources).toEqual([
      expect.objectContaining({name: 'alert history', ok: false, error: expect.stringContaining('no Prometheus configured: alert history unknown')}),
      // The Alertmanager itself is not read in the past: listed as such, neither ok nor failed.
      expect.objectContaining({name: 'am', state: 'not-in-past', ok: false, error: null, alerts: true}),
    ]);
  });
});
