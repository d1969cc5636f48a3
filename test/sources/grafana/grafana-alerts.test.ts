import {afterEach, describe, expect, it} from 'vitest';
import {alertSourceSchema} from '../../../src/config/config-schema-alert-sources.ts';
import type {AlertSourceEntryConfig} from '../../../src/config/config-types.ts';
import {createAlertSource, type AlertSourceConfig} from '../../../src/sources/alert-source-kinds.ts';
import {SilenceNotFound} from '../../../src/sources/capabilities.ts';
import {alertDetails} from '../../../src/view/rows/detail-lines.ts';
import {alertTable} from '../../../src/view/rows/alert-rows.ts';
import {GRAFANA_AM_PREFIX, startFakeGrafana, type FakeGrafana} from '../../helpers/fake-grafana.ts';
import {HOSTILE, rawControl} from '../../view/hostile.ts';
import {fakeToken} from '../../helpers/fake-tokens.ts';

const TOKEN = fakeToken('glsa_', 32, 37);
const STARTED = Date.UTC(2026, 11, 7, 4, 0, 0);
const entry = (c: AlertSourceEntryConfig): AlertSourceConfig => c;
let fake: FakeGrafana | undefined;

afterEach(async () => {
  expect(fake?.problems ?? []).toEqual([]);
  await fake?.close();
  fake = undefined;
});

describe('the Grafana alert source', () => {
  it('is a kind of its own: named from the config, reaching Grafana below its sub-path, holding only its own alerts', async () => {
    fake = await startFakeGrafana(TOKEN);
    const config = entry(alertSourceSchema.parse({kind: 'grafana', url: fake.url, tokenEnv: 'GRAFANA_TOKEN', cluster: 'grafana-ha'}));
    const source = createAlertSource(config, {provider: {token: TOKEN}});
    expect(source.handle).toMatchObject({name: 'grafana', kind: 'grafana', ownAlertsOnly: true, cluster: 'grafana-ha', cliUrl: `${fake.url}/api/alertmanager/grafana`});
    expect(typeof source.handle.capabilities.createSilence).toBe('function');
    expect((await source.handle.capabilities.listAlerts()).value).toEqual([]);
    expect((await source.handle.capabilities.listSilences!()).value).toEqual([]);
    expect(fake.requests.map((r) => [r.method, r.url, r.authorization])).toEqual([
      ['GET', `${GRAFANA_AM_PREFIX}/alerts`, `Bearer ${TOKEN}`],
      ['GET', `${GRAFANA_AM_PREFIX}/silences`, `Bearer ${TOKEN}`],
    ]);
    await source.close();
  });

  it('expires a silence at Grafana with the token', async () => {
    fake = await startFakeGrafana(TOKEN);
    const source = createAlertSource(entry(alertSourceSchema.parse({kind: 'grafana', url: fake.url, tokenFile: '/dev/null'})), {provider: {token: TOKEN}});
    const caps = source.handle.capabilities;
    const now = Date.now();
    const id = await caps.createSilence!({matchers: [{name: '__alert_rule_uid__', value: 'r1', isRegex: false, isEqual: true}], startsAt: now, endsAt: now + 900_000, createdBy: 'me', comment: 'ACK! x'});
    await caps.expireSilence!(id);
    expect(fake.requests.map((r) => [r.method, r.url.replace(id, '<id>'), r.authorization])).toEqual([
      ['POST', `${GRAFANA_AM_PREFIX}/silences`, `Bearer ${TOKEN}`],
      ['DELETE', `${GRAFANA_AM_PREFIX}/silence/<id>`, `Bearer ${TOKEN}`],
    ]);
    expect(fake.silences()[0]?.expired).toBe(true);
    await source.close();
  });

  it("takes Grafana's own answer for an unknown silence (404, JSON 'silence not found') for gone, not a proxy's page", async () => {
    fake = await startFakeGrafana(TOKEN);
    const source = createAlertSource(entry(alertSourceSchema.parse({kind: 'grafana', url: fake.url, tokenEnv: 'T'})), {provider: {token: TOKEN}});
    const error = await source.handle.capabilities.expireSilence!('6f1c2d3e-0000-4000-8000-00000000dead').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SilenceNotFound);
    expect((error as Error).message).toBe('grafana: could not expire silence 6f1c2d3e-0000-4000-8000-00000000dead: silence not found');
    await source.close();
  });

  it("draws hostile Grafana labels and annotations sanitized, and its panel link stays on the configured Grafana", async () => {
    fake = await startFakeGrafana(TOKEN, [
      {
        fingerprint: '0123456789abcdef',
        labels: {alertname: HOSTILE, grafana_folder: HOSTILE, __alert_rule_uid__: HOSTILE, severity: 'critical'},
        annotations: {summary: HOSTILE, __dashboardUid__: HOSTILE, __panelId__: HOSTILE, __orgId__: '1'},
        startsAt: new Date().toISOString(),
      },
    ], '/grafana');
    const source = createAlertSource(entry(alertSourceSchema.parse({kind: 'grafana', url: fake.url, pathPrefix: '/grafana', tokenEnv: 'T'})), {provider: {token: TOKEN}});
    const [alert] = (await source.handle.capabilities.listAlerts()).value;
    // Decoded as sent (an ack matches the exact values); made safe where drawn.
    expect(alert!.labels['grafana_folder']).toBe(HOSTILE);
    expect(new URL(alert!.dashboardUrl!).host).toBe(new URL(fake.url).host);
    expect(alert!.dashboardUrl!.startsWith(`${fake.url}/grafana/d/`)).toBe(true);
    expect(alert!.dashboardUrl).not.toContain('viewPanel');
    const lines = alertDetails(alert!, Date.now());
    expect(lines.map((l) => l.label)).toEqual(expect.arrayContaining(['dashboard', 'folder', 'rule uid']));
    for (const l of lines) expect([l.label, l.value, rawControl(l.label) ?? rawControl(l.value)]).toEqual([l.label, l.value, null]);
    for (const row of alertTable([alert!], Date.now(), ['alertname']).rows) for (const c of row.cells) expect(rawControl(c.text)).toBeNull();
    await source.close();
  });

  it("shows a Grafana alert's folder, rule and panel in its details", async () => {
    fake = await startFakeGrafana(TOKEN, [
      {
        fingerprint: 'fedcba9876543210',
        labels: {alertname: 'CheckoutLatencyHigh', grafana_folder: 'Checkout', __alert_rule_uid__: 'fe1x2abcd', severity: 'warning'},
        annotations: {summary: 'slow', __dashboardUid__: 'checkout-overview', __panelId__: '4', __orgId__: '1'},
        startsAt: new Date(STARTED).toISOString(),
      },
    ]);
    const source = createAlertSource(entry(alertSourceSchema.parse({kind: 'grafana', name: 'grafana-prod', url: `${fake.url}/`, tokenEnv: 'T'})), {provider: {token: TOKEN}});
    const [alert] = (await source.handle.capabilities.listAlerts()).value;
    const now = STARTED + 600_000;
    const byLabel = Object.fromEntries(alertDetails(alert!, now).map((l) => [l.label, l]));
    // Opened on the alert's onset: an hour before its start (ms) to Grafana's now, as Grafana's own links.
    const panel = `${fake.url}/d/checkout-overview?from=${STARTED - 3_600_000}&to=now&orgId=1&viewPanel=4`;
    expect(byLabel['dashboard']).toMatchObject({value: panel, link: panel});
    expect([byLabel['folder']?.value, byLabel['rule uid']?.value, byLabel['seen by']?.value]).toEqual(['Checkout', 'fe1x2abcd', 'grafana-prod']);
    // A poll that brings back the same alert keeps the same object (rows are not rebuilt).
    const [again] = (await source.handle.capabilities.listAlerts()).value;
    expect(again).toBe(alert);
    await source.close();
  });
});
