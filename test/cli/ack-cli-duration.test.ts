/**
 * `oncall ack` / `oncall alerts` against a real Alertmanager: the end time of an ack longer than
 * a day, and the 7-day cap the dashboard's `:ack` enforces ("An ack lasts at most 7d; use a
 * silence for longer").
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {alertLine} from '../../src/cli/alert-commands.ts';
import {formatClock} from '../../src/domain/format.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {run, tempDir} from './cli-fixtures.ts';
import {postAlerts, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';

let am: AlertmanagerPeer;
let tmp: ReturnType<typeof tempDir>;
let config: string;
const cli = (...argv: string[]) => run([...argv, '--config', config], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});

beforeAll(async () => {
  am = await startAlertmanagerPeer();
  tmp = tempDir();
  config = tmp.write('config.yaml', `current-context: rv\ncontexts:\n  - name: rv\n    alertmanagers:\n      - {name: am-1, url: "${am.url}"}\n`);
}, 60_000);
afterAll(async () => {
  await am?.cleanup();
  tmp?.cleanup();
});

describe('ack end times', () => {
  it('alertLine: an ack ending tomorrow does not read "until <the current time>"', () => {
    const now = Date.UTC(2026, 11, 7, 15, 0, 0);
    const a = makeAlert({fingerprint: 'aaaaaaaaaaaaaaaa', state: 'suppressed', ack: {by: 'alice', until: now + 86_400_000, silenceId: 's', comment: 'ACK!'}});
    const line = alertLine(a, now);
    // Same clock text as "now": a reader takes it as ending now (or already ended).
    expect(line).not.toContain(`until ${formatClock(now)}`);
  });

  it('oncall ack --duration 1d says when the ack ends with its date, not only the time of day', async () => {
    await postAlerts(am.url, [{alertname: 'RvDay', service: 'api', severity: 'critical'}]);
    const started = Date.now();
    const res = await cli('ack', 'alertname=RvDay', '--duration', '1d');
    expect(res.code).toBe(0);
    const ends = new Date(started + 86_400_000).toISOString().slice(0, 10);
    expect(res.out).toContain(ends);
  });

  it('oncall ack --duration 30d is refused as the dashboard refuses :ack 30d (max 7d), nothing silenced', async () => {
    await postAlerts(am.url, [{alertname: 'RvMonth', service: 'api', severity: 'critical'}]);
    const res = await cli('ack', 'alertname=RvMonth', '--duration', '30d');
    const silences = (await (await fetch(`${am.url}/api/v2/silences`)).json()) as Array<{endsAt: string; matchers: Array<{value: string}>}>;
    const month = silences.filter((s) => s.matchers.some((m) => m.value === 'RvMonth'));
    expect({code: res.code, silences: month.length}).toEqual({code: 2, silences: 0});
  });
});

describe('formatUntil', () => {
  it('writes the time of day on the same UTC day and the date otherwise', async () => {
    const {formatUntil} = await import('../../src/domain/format.ts');
    const now = Date.UTC(2026, 11, 7, 15, 0, 0);
    expect(formatUntil(now + 3_600_000, now)).toBe('16:00Z');
    expect(formatUntil(now + 86_400_000, now)).toBe('2026-12-08 15:00Z');
    expect(formatUntil(Date.UTC(2026, 11, 8, 0, 5), now)).toBe('2026-12-08 00:05Z');
  });

  it('a too long --duration is refused naming the flag', async () => {
    const {tooLongAck} = await import('../../src/cli/alert-commands.ts');
    expect(tooLongAck()).toMatch(/^--duration: .*7d/);
  });
});

describe('ack.duration from the config', () => {
  const withDuration = (name: string, duration: string) =>
    tmp.write(name, `current-context: rv\nack:\n  duration: ${duration}\ncontexts:\n  - name: rv\n    alertmanagers:\n      - {name: am-1, url: "${am.url}"}\n`);
  const silencesOf = async (alertname: string) => {
    const silences = (await (await fetch(`${am.url}/api/v2/silences`)).json()) as Array<{matchers: Array<{value: string}>}>;
    return silences.filter((s) => s.matchers.some((m) => m.value === alertname)).length;
  };

  it('a config ack.duration of 30d is refused, not a 30-day silence from a plain `oncall ack`', async () => {
    await postAlerts(am.url, [{alertname: 'RvCfgMonth', service: 'api', severity: 'critical'}]);
    const res = await run(['ack', 'alertname=RvCfgMonth', '--config', withDuration('month.yaml', '30d')], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});
    expect({code: res.code, silences: await silencesOf('RvCfgMonth')}).toEqual({code: 2, silences: 0});
    expect(res.err).toContain('ack.duration: An ack lasts at most 7d');
  });

  it('a huge config ack.duration (999999y) names ack.duration instead of a thrown RangeError', async () => {
    await postAlerts(am.url, [{alertname: 'RvCfgHuge', service: 'api', severity: 'critical'}]);
    const res = await run(['ack', 'alertname=RvCfgHuge', '--config', withDuration('huge.yaml', '999999y')], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/ack\.duration/);
    expect(res.err).not.toMatch(/RangeError|unexpected error/);
  });
});
