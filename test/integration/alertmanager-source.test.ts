import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Alert} from '../../src/domain/alert.ts';
import {alertFingerprint} from '../../src/sources/alert-fingerprint.ts';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import {pollUntil, startTestBackends, type Backends} from '../helpers/backends.ts';

const MINUTE = 60_000;

// Label sets chosen to exercise the fingerprint: byte order of names ('B' < 'a'), non-ASCII
// values, a value that looks like a separator, many labels.
const LABEL_SETS: Array<Record<string, string>> = [
  {alertname: 'CheckoutErrorBudgetBurn', service: 'checkout', severity: 'critical', env: 'prod'},
  {alertname: 'DiskFull', B: 'upper', a: 'lower', instance: 'db-1:9100', severity: 'warning'},
  {alertname: 'Zürich', site: 'zürich ✓ 東京', note: 'a=b,c="d"'},
  {alertname: 'Many', ...Object.fromEntries(Array.from({length: 12}, (_, i) => [`label_${i}`, `value ${i}`]))},
];

async function postAlerts(url: string, labelSets: Array<Record<string, string>>): Promise<void> {
  const now = Date.now();
  const body = labelSets.map((labels) => ({
    labels,
    annotations: {summary: `${labels.alertname} is firing`, runbook_url: 'https://runbooks.example/x'},
    startsAt: new Date(now - 5 * MINUTE).toISOString(),
    endsAt: new Date(now + 30 * MINUTE).toISOString(),
    generatorURL: 'http://prometheus.example/graph?g0.expr=up',
  }));
  const res = await fetch(`${url}/api/v2/alerts`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)});
  expect(res.status).toBe(200);
}

describe('Alertmanager adapter against a real Alertmanager', () => {
  let backends: Backends;
  let source: AlertmanagerSource;
  const byName = async (name: string): Promise<Alert | undefined> => (await source.listAlerts()).value.find((a) => a.name === name);

  beforeAll(async () => {
    backends = await startTestBackends({prometheus: false});
    source = createAlertmanagerSource({name: 'am-test', baseUrl: backends.alertmanagerUrl ?? '', timeoutMs: 5000});
    await postAlerts(backends.alertmanagerUrl ?? '', LABEL_SETS);
  });

  afterAll(async () => {
    await source?.close();
    await backends?.stop();
  });

  it('decodes the alerts it was sent, with the fingerprint we compute ourselves', async () => {
    const {value, warnings} = await source.listAlerts();
    expect(warnings).toEqual([]);
    expect(value.map((a) => a.name).sort()).toEqual(['CheckoutErrorBudgetBurn', 'DiskFull', 'Many', 'Zürich']);
    for (const labels of LABEL_SETS) {
      const alert = value.find((a) => a.name === labels.alertname);
      expect(alert?.labels).toEqual(labels);
      expect(alert?.fingerprint).toBe(alertFingerprint(labels));
    }
    expect(await byName('CheckoutErrorBudgetBurn')).toMatchObject({
      severity: 'critical',
      state: 'firing',
      annotations: {summary: 'CheckoutErrorBudgetBurn is firing', runbook_url: 'https://runbooks.example/x'},
      generatorUrl: 'http://prometheus.example/graph?g0.expr=up',
      silencedBy: [],
      inhibitedBy: [],
      seenBy: ['am-test'],
      ack: null,
    });
    expect((await byName('Zürich'))?.severity).toBe('none');
  });

  it('acks with an exact-match silence, then expires it', async () => {
    const now = Date.now();
    const id = await source.createSilence({
      matchers: [
        {name: 'alertname', value: 'CheckoutErrorBudgetBurn', isRegex: false, isEqual: true},
        {name: 'service', value: 'checkout', isRegex: false, isEqual: true},
      ],
      startsAt: now,
      endsAt: now + 15 * MINUTE,
      createdBy: 'oncall-test',
      comment: 'ACK! looking into it',
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const silenced = await pollUntil(() => byName('CheckoutErrorBudgetBurn'), (a) => a?.state === 'suppressed', 2000, 'alert suppressed');
    expect(silenced?.silencedBy).toEqual([id]);
    expect((await byName('DiskFull'))?.state).toBe('firing');

    const silence = (await source.listSilences()).value.find((s) => s.id === id);
    expect(silence).toMatchObject({state: 'active', createdBy: 'oncall-test', comment: 'ACK! looking into it', endsAt: now + 15 * MINUTE});
    expect(silence?.matchers).toContainEqual({name: 'service', value: 'checkout', isRegex: false, isEqual: true});

    await source.expireSilence(id);
    const active = await pollUntil(() => byName('CheckoutErrorBudgetBurn'), (a) => a?.state === 'firing', 2000, 'alert active again');
    expect(active?.silencedBy).toEqual([]);
    expect((await source.listSilences()).value.find((s) => s.id === id)?.state).toBe('expired');
  });

  it("surfaces Alertmanager's own reason when it refuses a silence", async () => {
    const now = Date.now();
    const failure = await source
      .createSilence({matchers: [{name: 'alertname', value: 'X', isRegex: false, isEqual: true}], startsAt: now, endsAt: now - MINUTE, createdBy: 't', comment: 'c'})
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SourceFailure);
    expect((failure as SourceFailure).kind).toBe('bad-response');
    expect((failure as SourceFailure).message).toMatch(/^am-test: silence rejected: .*end time/);
  });
});
