import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {leftAcksText} from '../../src/cli/alert-commands.ts';
import {readActionLog} from '../../src/platform/action-log.ts';
import {CHECKOUT_ALERT_FINGERPRINT} from '../../src/sources/demo/demo-scenario-alerts.ts';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  tmp.cleanup();
});

const env = () => ({HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state')});
// The demo logs its simulated actions apart from real ones.
const logEntries = (): Promise<ActionLogEntry[]> => readActionLog(join(tmp.dir, 'state', 'oncall', 'demo-actions.jsonl'));

describe('oncall alerts', () => {
  it('lists the demo alerts worst first, with fingerprints to ack by', async () => {
    const {code, out, err} = await run(['alerts', '--demo'], env());
    expect([code, err]).toEqual([0, '']);
    const lines = out.trimEnd().split('\n');
    // Six alerts and the demo paging service's incident, which the checkout alert paged.
    expect(lines[0]).toBe('context demo: 7 alerts (4 firing)');
    expect(lines[1]).toMatch(new RegExp(`^  ${CHECKOUT_ALERT_FINGERPRINT}  critical firing     CheckoutHighErrorRate \\(checkout\\) 10m  ⚑ PD #4217 triggered$`));
    expect(lines[2]).toBe('  pagerduty-PDEMO4217  critical firing     [FIRING:1] CheckoutHighErrorRate (checkout) 9m  PD #4217 PDEMO4217');
    expect(lines).toHaveLength(8);
  });

  it('--json --filter prints only the matching alerts as one document', async () => {
    const {code, out} = await run(['alerts', '--demo', '--json', '--filter', 'severity=critical'], env());
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(Object.keys(doc)).toEqual(['context', 'generatedAt', 'sources', 'alerts']);
    // The checkout alert, and the incident it paged (critical too).
    expect(doc.alerts.map((a: {fingerprint: string}) => a.fingerprint)).toEqual([CHECKOUT_ALERT_FINGERPRINT, 'pagerduty-PDEMO4217']);
    expect(doc.alerts[0]).toMatchObject({name: 'CheckoutHighErrorRate', state: 'firing', ack: null, runbookUrl: 'https://runbooks.example.com/checkout/high-error-rate', seenBy: ['alertmanager']});
  });

  it('--json names each alert\'s source as a real config would: the demo Alertmanager\'s alerts say alertmanager', async () => {
    const doc = JSON.parse((await run(['alerts', '--demo', '--json'], env())).out) as {sources: Array<{name: string; kind: string}>; alerts: Array<{name: string; seenBy: string[]; source: string}>};
    const bySource = (seen: string) => doc.alerts.filter((a) => a.seenBy.includes(seen)).map((a) => a.source);
    expect(bySource('alertmanager').length).toBeGreaterThan(0);
    expect(new Set(bySource('alertmanager'))).toEqual(new Set(['alertmanager']));
    expect(new Set(bySource('prometheus'))).toEqual(new Set(['prometheus']));
    expect(new Set(bySource('pagerduty'))).toEqual(new Set(['pagerduty']));
    // The demo's backends stand in for those adapters, and say so as they would.
    expect(doc.sources.map((s) => [s.name, s.kind])).toEqual([['alertmanager', 'alertmanager'], ['prometheus', 'prometheus'], ['pagerduty', 'pagerduty']]);
  });

  it('--json gives each source the entry status --json gives it (state, age, retrying, warnings)', async () => {
    const alerts = JSON.parse((await run(['alerts', '--demo', '--json'], env())).out) as {sources: Array<Record<string, unknown>>};
    const status = JSON.parse((await run(['status', '--demo', '--json'], env())).out) as {sources: Array<Record<string, unknown>>};
    const statusEntry = new Map(status.sources.map((s) => [s['name'], s]));
    for (const source of alerts.sources) {
      const same = statusEntry.get(source['name'])!;
      expect(Object.keys(source)).toEqual(Object.keys(same));
      // Read a moment apart: the same entry but for the age, which each document counts to its own read.
      expect({...source, ageSeconds: 0}).toEqual({...same, ageSeconds: 0});
      expect(source['ageSeconds']).toEqual(expect.any(Number));
      expect(source['ageSeconds']).toBeLessThanOrEqual(2);
    }
    expect(alerts.sources.every((s) => s['state'] === 'ok' && s['ok'] === true)).toBe(true);
  });

  it('--json with no source readable marks each `state: error`, also over several contexts', async () => {
    // Port 1: nothing listens, the connection is refused at once.
    const config = tmp.write(
      'config.yaml',
      `current-context: a
contexts:
  - name: a
    prometheus: {url: http://127.0.0.1:1}
    alertmanagers: [{name: am-a, url: http://127.0.0.1:1}]
  - name: b
    alertmanagers: [{name: am-b, url: http://127.0.0.1:1}]
`,
    );
    const one = await run(['alerts', '--json', '--config', config], env());
    expect(one.code).toBe(3);
    // Never read: no age (not 0), not retrying (one read), as status --json says it.
    expect((JSON.parse(one.out) as {sources: unknown[]}).sources).toEqual([
      {name: 'prometheus', kind: 'prometheus', state: 'error', ok: false, error: expect.stringMatching(/connection refused/), ageSeconds: null, retrying: false, warnings: [], partial: false, alerts: true},
      {name: 'am-a', kind: 'alertmanager', state: 'error', ok: false, error: expect.stringMatching(/connection refused/), ageSeconds: null, retrying: false, warnings: [], partial: false, alerts: true},
    ]);
    const both = await run(['alerts', '--json', '--config', config, '--context', 'a,b'], env());
    expect(both.code).toBe(3);
    expect((JSON.parse(both.out) as {sources: Array<Record<string, unknown>>}).sources.map((s) => [s['context'], s['name'], s['state'], s['ok']])).toEqual([
      ['a', 'prometheus', 'error', false],
      ['a', 'am-a', 'error', false],
      ['b', 'am-b', 'error', false],
    ]);
  });

  it('ctx= in --filter chooses contexts, as the dashboard / does, and is no alert label', async () => {
    const all = await run(['alerts', '--demo', '--filter', 'ctx=demo'], env());
    expect([all.code, all.out.split('\n')[0]]).toEqual([0, 'context demo: 7 alerts (4 firing)']);
    const critical = await run(['alerts', '--demo', '--json', '--filter', '{ctx=~"de.*", severity="critical"}'], env());
    expect((JSON.parse(critical.out) as {alerts: unknown[]}).alerts).toHaveLength(2);
    expect(await run(['alerts', '--demo', '--filter', 'ctx!=demo'], env())).toEqual({code: 1, out: '', err: '--filter: no selected context passes its ctx= matchers (selected: demo)\n'});
    const bad = await run(['alerts', '--demo', '--filter', 'ctx=~"(" severity=critical'], env());
    expect([bad.code, bad.out]).toEqual([2, '']);
    expect(bad.err).toMatch(/^--filter: invalid regex for ctx: /);
  });

  it('ctx= over several contexts reads only the contexts it chooses', async () => {
    const config = tmp.write('config.yaml', `current-context: a\ncontexts:\n  - name: a\n    alertmanagers: [{name: am-a, url: http://127.0.0.1:1}]\n  - name: b\n    alertmanagers: [{name: am-b, url: http://127.0.0.1:1}]\n`);
    const b = await run(['alerts', '--json', '--config', config, '--context', 'a,b', '--filter', 'ctx=b'], env());
    expect((JSON.parse(b.out) as {sources: Array<Record<string, unknown>>}).sources.map((s) => [s['context'], s['name']])).toEqual([['b', 'am-b']]);
  });

  it('a bad filter is a usage error', async () => {
    const {code, err} = await run(['alerts', '--demo', '--filter', 'service=~"("'], env());
    expect(code).toBe(2);
    expect(err).toMatch(/^--filter: invalid regex for service: .* \(at character 10\)\n$/);
  });
});

describe('oncall ack / unack', () => {
  it('acks by fingerprint, prints the silence and where it went, and logs both phases', async () => {
    const {code, out, err} = await run(['ack', CHECKOUT_ALERT_FINGERPRINT, '--demo', '--comment', 'rolling back', '--duration', '1h'], env());
    expect([code, err]).toEqual([0, '']);
    expect(out).toMatch(/^ack ok for 1h, until (?:\d{4}-\d\d-\d\d )?\d\d:\d\dZ:\n/);
    expect(out).toContain(
      '  acked CheckoutHighErrorRate {alertname="CheckoutHighErrorRate", severity="critical", service="checkout", env="production", team="storefront"} on alertmanager: silence demo-silence-2\n',
    );
    const entries = await logEntries();
    // One ack for both: the checkout alert paged the demo's incident, acknowledged with it.
    expect(out).toContain('  acknowledged incident PD #4217 on pagerduty\n');
    expect(entries.map((e) => [e.action, e.phase, e.source, e.attempt, e.silenceId]).sort()).toEqual([
      ['ack', 'attempt', 'alertmanager', 1, undefined],
      ['ack', 'attempt', 'pagerduty', 1, undefined],
      ['ack', 'success', 'alertmanager', 1, 'demo-silence-2'],
      ['ack', 'success', 'pagerduty', 1, undefined],
    ]);
    expect(entries.find((e) => e.source === 'pagerduty')?.target).toEqual({incident: 'PD #4217', id: 'PDEMO4217'});
    expect(entries[0]?.details?.['comment']).toBe('ACK! rolling back');
    // The default author is $USER@host.
    expect(entries[0]?.details?.['createdBy']).toMatch(/^tester@./);
  });

  it('acks the firing, unacked alerts matching label matchers', async () => {
    const {code, out} = await run(['ack', 'severity=warning', 'env=production', '--demo'], env());
    expect(code).toBe(0);
    // DiskSpaceLow and PaymentsUpstreamLatency are suppressed already: only the search alert is acked.
    expect(out.split('\n').filter((l) => l.startsWith('  acked')).map((l) => l.split(' ')[3])).toEqual(['SearchLatencyBudgetBurn']);
  });

  it('takes ctx= among its matchers as the context to ack in, not as a label', async () => {
    const {code, out} = await run(['ack', 'ctx=demo', 'severity=warning', 'env=production', '--demo'], env());
    expect(code).toBe(0);
    expect(out.split('\n').filter((l) => l.startsWith('  acked')).map((l) => l.split(' ')[3])).toEqual(['SearchLatencyBudgetBurn']);
    expect(await run(['ack', 'ctx=prod-eu', 'severity=warning', '--demo'], env())).toEqual({code: 1, out: '', err: 'ack: no selected context passes its ctx= matchers (selected: demo)\n'});
  });

  it('says why nothing was acked', async () => {
    expect(await run(['ack', 'alertname=Nope', '--demo'], env())).toEqual({code: 1, out: '', err: 'ack: no alert to ack: none matches\n'});
    expect(await run(['ack', 'alertname=DiskSpaceLow', '--demo'], env())).toEqual({code: 1, out: '', err: 'ack: no alert to ack: 1 match but none is firing and unacked\n'});
    expect((await run(['ack', '74a0b6e2c8d1f935', '--demo'], env())).err).toBe('ack: 74a0b6e2c8d1f935 is pending in Prometheus: no Alertmanager holds it yet, nothing to silence\n');
    expect(await run(['ack', 'checkout', '--demo'], env())).toEqual({code: 2, out: '', err: 'ack: give a fingerprint or at least one label matcher, e.g. alertname=HighLatency\n'});
    expect(await run(['ack', 'x=y', '--demo', '--duration', '7q'], env())).toEqual({code: 2, out: '', err: '--duration: "7q" is not a duration, e.g. 15m, 1h, 4h\n'});
    expect(await logEntries()).toEqual([]);
  });

  it('refuses to ack or unack in a read-only context, with the reason', async () => {
    const refused = 'context demo is read-only (readOnly: true in the config, or --read-only); nothing was changed\n';
    expect(await run(['ack', CHECKOUT_ALERT_FINGERPRINT, '--demo', '--read-only'], env())).toEqual({code: 2, out: '', err: `ack: ${refused}`});
    expect(await run(['unack', 'demo-silence-1', '--demo', '--read-only'], env())).toEqual({code: 2, out: '', err: `unack: ${refused}`});
  });

  it('unacks by silence id; a word that is no alert and no silence is said so, and nothing is sent', async () => {
    const {code, out} = await run(['unack', 'demo-silence-1', '--demo'], env());
    expect([code, out]).toEqual([0, 'unack ok:\n  expired on alertmanager: silence demo-silence-1\n']);
    expect(await run(['unack', 'no-such-silence', '--demo'], env())).toEqual({
      code: 1,
      out: '',
      err: 'unack: no alert with fingerprint no-such-silence and no silence with id no-such-silence in context demo (alertmanager); nothing was sent\n',
    });
    // Only the real id was sent: the unknown word never went out as an expiry.
    expect((await logEntries()).map((e) => [e.action, e.phase, e.silenceId])).toEqual([
      ['unack', 'attempt', 'demo-silence-1'],
      ['unack', 'success', 'demo-silence-1'],
    ]);
  });

  it('unack of a fingerprint while no alert source can be read says so, exit 3, and sends nothing', async () => {
    // Port 1: nothing listens. Which silence acks the alert is known only from the alerts read.
    const config = tmp.write('config.yaml', `current-context: a\ncontexts:\n  - name: a\n    alertmanagers: [{name: am-a, url: http://127.0.0.1:1}]\n`);
    const {code, out, err} = await run(['unack', '0123456789abcdef', '--config', config], env());
    expect([code, out]).toEqual([3, '']);
    expect(err).toMatch(/^unack: am-a could not be read \(unavailable: [^\n]*connection refused[^\n]*\), so which silence acks alert 0123456789abcdef cannot be told; nothing was sent\n$/);
    expect(await readActionLog(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'))).toEqual([]);
  });

  it('unack of an alert that is not acked says so', async () => {
    expect(await run(['unack', CHECKOUT_ALERT_FINGERPRINT, '--demo'], env())).toEqual({code: 1, out: '', err: `unack: alert ${CHECKOUT_ALERT_FINGERPRINT} (CheckoutHighErrorRate) is not acked\n`});
  });
});

describe('leftAcksText', () => {
  const endsAt = Date.UTC(2026, 11, 7, 10, 42, 30);
  const names = new Map([['fA', 'A {service="api"}'], ['fB', 'B {service="api"}']]);

  it('says one line per silence left, naming every alert it covers', () => {
    const group = {silenceId: 's9', by: 'alice@host', endsAt, source: 'am-1', fingerprints: ['fA', 'fB']};
    const one = {silenceId: 's7', by: 'bob@\x1b[2Jhost', endsAt, source: 'am-1', fingerprints: ['fB']};
    expect(leftAcksText([group, one], names)).toEqual([
      "left bob@␛[2Jhost's ack of B {service=\"api\"} (silence s7 on am-1, until 10:42Z); pass --any-author to expire it",
      "left alice@host's ack of A {service=\"api\"}, B {service=\"api\"} (silence s9 on am-1, until 10:42Z); pass --any-author to expire it",
    ]);
    // An alert not named (never the case for the alerts sent): the line still names the silence.
    expect(leftAcksText([{...group, fingerprints: ['fZ']}], names)).toEqual(["left alice@host's ack (silence s9 on am-1, until 10:42Z); pass --any-author to expire it"]);
  });
});
