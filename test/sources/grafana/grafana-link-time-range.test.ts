/**
 * The link to the Grafana panel a Grafana-managed alert's rule is tied to. Grafana's own
 * notifications (Grafana 11.6+) give it the alert's time range, `from` = startsAt − 1h in epoch
 * ms and `to` = now, so the panel opens on the alert's onset however long it has been firing;
 * without them it opens on the dashboard's default range (often the last hour or six).
 */
import {afterEach, describe, expect, it} from 'vitest';
import {alertSourceSchema} from '../../../src/config/config-schema-alert-sources.ts';
import {createAlertSource} from '../../../src/sources/alert-source-kinds.ts';
import {alertDetails} from '../../../src/view/rows/detail-lines.ts';
import {startFakeGrafana, type FakeGrafana} from '../../helpers/fake-grafana.ts';
import {fakeToken} from '../../helpers/fake-tokens.ts';

const TOKEN = fakeToken('glsa_', 32, 37);
let fake: FakeGrafana | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('Grafana panel link of a Grafana-managed alert', () => {
  it('carries the alert time range (from = startsAt - 1h in ms, to = now), and stays the same object between polls', async () => {
    const startsAt = new Date(Date.now() - 8 * 3600_000).toISOString();
    fake = await startFakeGrafana(TOKEN, [
      {
        fingerprint: 'a1b2c3d4e5f60718',
        labels: {alertname: 'QueueBacklog', __alert_rule_uid__: 'r1', grafana_folder: 'payments'},
        annotations: {__dashboardUid__: 'payq', __panelId__: '4', __orgId__: '1'},
        startsAt,
      },
    ]);
    const source = createAlertSource(alertSourceSchema.parse({kind: 'grafana', url: fake.url, tokenEnv: 'T'}) as never, {provider: {token: TOKEN}});
    try {
      const [alert] = (await source.handle.capabilities.listAlerts()).value;
      const now = Date.now();
      const dashboard = alertDetails(alert!, now).find((l) => l.label === 'dashboard')!;
      const link = new URL(dashboard.link!);
      expect(dashboard.value).toBe(dashboard.link);
      expect(link.pathname).toBe('/d/payq');
      expect(link.searchParams.get('viewPanel')).toBe('4');
      expect(link.searchParams.get('orgId')).toBe('1');
      expect(link.searchParams.get('from')).toBe(String(Date.parse(startsAt) - 3600_000));
      // Grafana's relative now: the link is opened on the moment it is clicked, not when drawn.
      expect(link.searchParams.get('to')).toBe('now');
      expect(alert!.dashboardUrl).toBe(dashboard.link);
      // The next poll: the same alert object, the same link (its row is not rebuilt).
      const [again] = (await source.handle.capabilities.listAlerts()).value;
      expect(again).toBe(alert);
    } finally {
      await source.close();
    }
  });
});
