/**
 * A context with no alert source at all (a deploys-only context, a staging without Alertmanager):
 * `status` says "Alerts: none configured" and exits 0, but `alerts` prints "alerts: " (an empty
 * reason), claims the context "could not be read" and exits 3 ("a source could not be read"),
 * with `sources: []` in its JSON. Over `--all-contexts`, one such context makes every
 * `oncall alerts` exit 3 however healthy the others are: a script can never get "all clear".
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let am: FaultProxy;
let config: string;

beforeAll(async () => {
  tmp = tempDir();
  // A healthy Alertmanager with nothing firing and no silences.
  am = await startFaultProxy(async () => ({status: 200, contentType: 'application/json', body: '[]'}));
  tmp.write('deploys.json', '[]');
  config = tmp.write('c.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertmanagers: [{name: am, url: ${am.url}}]\n  - name: tools\n    deploys: {provider: json, file: deploys.json}\n`);
});
afterAll(async () => {
  await am.close();
  tmp.cleanup();
});

const env = () => ({HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});

describe('a context without alert sources in oncall alerts', () => {
  it('control: the healthy context alone exits 0', async () => {
    const r = await run(['alerts', '--json', '--context', 'prod', '--config', config], env());
    expect(r.code).toBe(0);
  });

  it('alone: not "could not be read" with an empty reason and exit 3', async () => {
    const r = await run(['alerts', '--context', 'tools', '--config', config], env());
    // Today: exit 3, stderr "alerts: \n" (nothing after the colon), stdout empty.
    expect(r.err).not.toMatch(/^alerts: $/m);
    expect(r.code).not.toBe(3);
  });

  it('--all-contexts: the healthy context and one with nothing to read exit 0, and the document does not call it unread', async () => {
    const json = await run(['alerts', '--json', '--all-contexts', '--config', config], env());
    expect(JSON.parse(json.out).contexts).toEqual(['prod', 'tools']);
    // Today: 3.
    expect(json.code).toBe(0);
    const text = await run(['alerts', '--all-contexts', '--config', config], env());
    // Today: "context tools: could not be read".
    expect(text.out).not.toContain('context tools: could not be read');
  });
});

describe('a context without alert sources, asked alone', () => {
  it('alerts, ack and unack say it has none to read (2), never "could not be read" (3)', async () => {
    for (const argv of [['alerts'], ['alerts', '--json'], ['ack', 'alertname=X'], ['unack', 'alertname=X']]) {
      const r = await run([...argv, '--context', 'tools', '--config', config], env());
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(/context tools has no alert source/);
    }
  });

  it('over several contexts it is said as such in the text form', async () => {
    const text = await run(['alerts', '--all-contexts', '--config', config], env());
    expect(text.out).toContain('context tools: no alert source configured');
  });
});
