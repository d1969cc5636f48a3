/**
 * `oncall status` and `oncall alerts` read what ack-until-resolved last did to each ack from the
 * action log (the one-shot process never runs the keeper): the latest `ack-extend` entry of the
 * alert's current ack silence, or of the silence it replaced. An unreadable log is said.
 */
import {mkdirSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';

const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;

let tmp: ReturnType<typeof tempDir>;
let server: Server;
let url: string;

/** One alert per fingerprint, each silenced by its own ACK silence (none for `plain`). */
const ACKS: Record<string, string | null> = {failed: 's-failed', extended: 's-ext-2', unknown: 's-unknown', replaced: 's-repl-1', nolog: 's-nolog', elsewhere: 's-elsewhere', plain: null};

function alertBody(fp: string, silence: string | null) {
  return {
    annotations: {},
    endsAt: iso(NOW + 60 * MIN),
    fingerprint: fp,
    receivers: [{name: 'pager'}],
    startsAt: iso(NOW - 10 * MIN),
    updatedAt: iso(NOW),
    status: {inhibitedBy: [], silencedBy: silence ? [silence] : [], state: silence ? 'suppressed' : 'active'},
    labels: {alertname: `Alert_${fp}`, severity: 'critical', fp},
  };
}
function silenceBody(fp: string, id: string) {
  return {id, status: {state: 'active'}, updatedAt: iso(NOW - MIN), comment: 'ACK! on it', createdBy: 'tester', startsAt: iso(NOW - MIN), endsAt: iso(NOW + 4 * MIN), matchers: [{isEqual: true, isRegex: false, name: 'fp', value: fp}]};
}

beforeEach(async () => {
  tmp = tempDir();
  server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const entries = Object.entries(ACKS);
    const body = path === '/api/v2/alerts' ? entries.map(([fp, s]) => alertBody(fp, s)) : path === '/api/v2/silences' ? entries.filter(([, s]) => s !== null).map(([fp, s]) => silenceBody(fp, s!)) : null;
    res.writeHead(body === null ? 404 : 200, {'content-type': 'application/json'});
    res.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertmanagers: [{name: am, url: '${url}'}]\n`);
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  tmp.cleanup();
});

const env = () => ({HOME: tmp.dir, XDG_CONFIG_HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`, ONCALL_CONFIG: `${tmp.dir}/config.yaml`});
const entry = (at: number, phase: string, silenceId: string, more: Record<string, unknown> = {}) =>
  JSON.stringify({at: iso(at), action: 'ack-extend', phase, context: 'prod', source: 'am', attempt: 1, target: {fp: 'x'}, silenceId, ...more});

function writeLog(): void {
  tmp.write(
    'state/oncall/actions.jsonl',
    [
      entry(NOW - 5 * MIN, 'attempt', 's-failed'),
      entry(NOW - 5 * MIN, 'failure', 's-failed', {error: 'am: silence rejected (unavailable)'}),
      // Failed once, then extended: the latest says it.
      entry(NOW - 4 * MIN, 'failure', 's-ext-1', {error: 'refused'}),
      entry(NOW - 3 * MIN, 'success', 's-ext-2', {details: {previousId: 's-ext-1', fingerprints: ['extended']}}),
      entry(NOW - 2 * MIN, 'unknown', 's-unknown', {error: 'timed out after it was sent'}),
      // Extended, the alert still read with the silence replaced.
      entry(NOW - MIN, 'success', 's-repl-2', {details: {previousId: 's-repl-1'}}),
      // Another context's entry for the same id says nothing of this one.
      entry(NOW - MIN, 'failure', 's-elsewhere', {context: 'other', error: 'no'}),
      '{"torn',
    ].join('\n') + '\n',
  );
}

const keptOf = (alerts: Array<{fingerprint: string; kept?: unknown}>) => Object.fromEntries(alerts.map((a) => [a.fingerprint, a.kept]));
const expected = {
  failed: {status: 'failed', at: iso(NOW - 5 * MIN), error: 'am: silence rejected (unavailable)'},
  extended: {status: 'extended', at: iso(NOW - 3 * MIN), error: null},
  unknown: {status: 'unknown', at: iso(NOW - 2 * MIN), error: 'timed out after it was sent'},
  replaced: {status: 'extended', at: iso(NOW - MIN), error: null},
  nolog: undefined,
  elsewhere: undefined,
  plain: undefined,
};

describe('the keeper outcome of each acked alert, from the action log', () => {
  it('status --json and alerts --json give each acked alert its latest outcome as `kept`, absent when the log has none', async () => {
    writeLog();
    const status = await run(['status', '--json'], env());
    expect(status.err).toBe('');
    const doc = JSON.parse(status.out);
    expect(keptOf(doc.alerts)).toEqual(expected);
    expect(doc.alerts.find((a: {fingerprint: string}) => a.fingerprint === 'nolog')).not.toHaveProperty('kept');
    const alerts = await run(['alerts', '--json'], env());
    expect(alerts.err).toBe('');
    expect(keptOf(JSON.parse(alerts.out).alerts)).toEqual(expected);
  });

  it('the text forms say it after the ack', async () => {
    writeLog();
    const clock = (ms: number) => iso(ms).slice(11, 19);
    const status = await run(['status'], env());
    const line = (out: string, fp: string) => out.split('\n').find((l) => l.includes(`Alert_${fp} `)) ?? '';
    for (const out of [status.out, (await run(['alerts'], env())).out]) {
      expect(line(out, 'failed')).toContain(`ACK by tester`);
      expect(line(out, 'failed')).toMatch(new RegExp(`, kept: NOT EXTENDED at ${clock(NOW - 5 * MIN)}Z: am: silence rejected \\(unavailable\\)$`));
      expect(line(out, 'extended')).toMatch(new RegExp(`, kept: extended at ${clock(NOW - 3 * MIN)}Z$`));
      expect(line(out, 'unknown')).toMatch(new RegExp(`, kept: EXTENSION UNKNOWN at ${clock(NOW - 2 * MIN)}Z: timed out after it was sent$`));
      expect(line(out, 'nolog')).not.toContain('kept');
    }
  });

  it('over several contexts, each alert reads its own context entries', async () => {
    writeLog();
    tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertmanagers: [{name: am, url: '${url}'}]\n  - name: other\n    alertmanagers: [{name: am, url: '${url}'}]\n`);
    for (const command of ['status', 'alerts']) {
      const {out} = await run([command, '--json', '--all-contexts'], env());
      const alerts: Array<{fingerprint: string; context: string; kept?: unknown}> = JSON.parse(out).alerts;
      expect(keptOf(alerts.filter((a) => a.context === 'prod'))).toEqual(expected);
      expect(keptOf(alerts.filter((a) => a.context === 'other'))).toEqual({...Object.fromEntries(Object.keys(expected).map((fp) => [fp, undefined])), elsewhere: {status: 'failed', at: iso(NOW - MIN), error: 'no'}});
    }
  });

  it('an unreadable log is a warning on the Alertmanager and on stderr, never taken for an empty one', async () => {
    mkdirSync(`${tmp.dir}/state/oncall/actions.jsonl`, {recursive: true});
    const status = await run(['status', '--json'], env());
    const doc = JSON.parse(status.out);
    expect(doc.alerts.some((a: object) => 'kept' in a)).toBe(false);
    expect(doc.sources[0].warnings).toEqual([expect.stringMatching(/^action log .*actions\.jsonl not readable \(EISDIR\): what ack-until-resolved did to each ack \(kept\) is not known$/)]);
    const alerts = await run(['alerts', '--json'], env());
    expect(JSON.parse(alerts.out).sources[0].warnings).toEqual(doc.sources[0].warnings);
    expect(alerts.err).toMatch(/^warning: action log .* not readable \(EISDIR\)/);
    expect((await run(['status'], env())).out).toMatch(/note: am: action log .* not readable \(EISDIR\)/);
  });
});
