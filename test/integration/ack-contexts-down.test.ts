/**
 * `oncall ack` over several contexts when one context's Alertmanager is down, against two real
 * Prometheus and two real Alertmanagers: the ack lands where it can (never lost), and the
 * command says which context and Alertmanager it did not reach and exits non-zero, instead of
 * reporting the contexts that answered as if they were all.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {run, tempDir} from '../cli/cli-fixtures.ts';
import {postAlert, type Backends} from '../helpers/backends.ts';
import {activeSilences as silences, startTwoContexts, twoContextsConfig, type TwoContexts} from '../helpers/two-contexts.ts';

type Doc = {contexts: string[]; sources: Array<{name: string; ok: boolean; error: string | null; context: string}>; alerts: Array<{name: string; context: string}>};

describe('ack over several contexts, one Alertmanager stopped', () => {
  let two: TwoContexts;
  let eu: Backends;
  let us: Backends;
  let tmp: ReturnType<typeof tempDir>;
  let config: string;
  const cli = (...argv: string[]) => run([...argv, '--config', config], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});

  beforeAll(async () => {
    two = await startTwoContexts();
    ({eu, us} = two);
    for (const b of [eu, us]) {
      await postAlert(b.alertmanagerUrl!, {alertname: 'Shared', severity: 'warning', service: 'dns'});
      await postAlert(b.alertmanagerUrl!, {alertname: 'SharedToo', severity: 'warning', service: 'ntp'});
    }
    tmp = tempDir();
    config = tmp.write('config.yaml', twoContextsConfig(two));
  });

  afterAll(async () => {
    await two?.stop();
    tmp?.cleanup();
  });

  it("prod-eu's Alertmanager down (its Prometheus up): the ack lands in prod-us, names am-eu as not reached, exit 3", async () => {
    await eu.stopAlertmanager();
    const {code, out, err} = await cli('ack', 'alertname=Shared', '--context', 'prod');
    expect(code).toBe(3);
    // What could be acked is acked: never lost because another context is down.
    expect(out).toMatch(/^context prod-us:\nack ok for 15m/m);
    expect(await silences(us)).toHaveLength(1);
    // And what could not is said, naming the context and its Alertmanager.
    expect(err).toMatch(/^ack: context prod-eu: NOT acked: am-eu could not be read \(unavailable: [^\n]*\); the alert may fire there unacked, run the ack again when it answers$/m);
  });

  it('prod-eu unreadable as a whole: the same, and alerts --json still lists its sources as failed', async () => {
    await eu.stopPrometheus();
    const {code, out, err} = await cli('ack', 'alertname=SharedToo', '--context', 'prod');
    expect(out).toMatch(/^context prod-us:\nack ok for 15m/m);
    expect(await silences(us)).toHaveLength(2);
    expect(err).toMatch(/^ack: context prod-eu: NOT acked: am-eu could not be read \(unavailable: [^\n]*\); the alert may fire there unacked, run the ack again when it answers$/m);
    expect(code).toBe(3);
    const listed = await cli('alerts', '--json', '--context', 'prod');
    expect(listed.code).toBe(3);
    const doc = JSON.parse(listed.out) as Doc;
    expect(doc.sources.map((s) => [s.context, s.name, s.ok])).toEqual([
      ['prod-eu', 'prometheus', false],
      ['prod-eu', 'am-eu', false],
      ['prod-us', 'prometheus', true],
      ['prod-us', 'am-us', true],
    ]);
    expect(doc.sources[1]!.error).toMatch(/^unavailable: /);
  });

  // unack acts on one context; there an Alertmanager it cannot reach already makes it partial.
  it('unack in a context with two Alertmanagers, one down: expired on the other, the down one named, exit 1', async () => {
    await eu.stopAlertmanager();
    await cli('ack', 'alertname=Shared', '--context', 'prod-us');
    const both = tmp.write('both.yaml', `current-context: both\ncontexts:\n  - name: both\n    alertmanagers: [{name: am-eu, url: ${eu.alertmanagerUrl}}, {name: am-us, url: ${us.alertmanagerUrl}}]\n`);
    const listed = JSON.parse((await run(['alerts', '--json', '--config', both], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`})).out) as {alerts: Array<{name: string; fingerprint: string}>};
    const fingerprint = listed.alerts.find((a) => a.name === 'Shared')!.fingerprint;
    const {code, out, err} = await run(['unack', fingerprint, '--config', both], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});
    expect(code).toBe(1);
    expect(out).toMatch(/^unack partial:\n {2}FAILED expired on am-eu: unavailable: /);
    expect(out).toMatch(/expired the ack of Shared .* on am-us: silence /);
  });
});
