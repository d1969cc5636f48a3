import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {alertSourceSchema} from '../../src/config/config-schema-alert-sources.ts';
import type {AlertSourceEntryConfig} from '../../src/config/config-types.ts';
import {ALERT_SOURCE_KINDS, createAlertSource, type AlertSourceConfig} from '../../src/sources/alert-source-kinds.ts';
import {startFakePagerduty} from '../helpers/fake-pagerduty.ts';

// The config's entries must stay assignable to what the kinds read (sources/ cannot import config/).
const entryFits = (c: AlertSourceEntryConfig): AlertSourceConfig => c;

describe('alert-source kinds', () => {
  it('registers Alertmanager, Grafana and PagerDuty, each saying how its secrets are resolved', () => {
    expect(Object.entries(ALERT_SOURCE_KINDS).map(([kind, k]) => [kind, k.secrets])).toEqual([
      ['alertmanager', 'endpoint'],
      ['grafana', 'token'],
      ['pagerduty', 'token'],
    ]);
  });

  it('builds an Alertmanager handle with its cluster and amtool URL', async () => {
    const source = createAlertSource({kind: 'alertmanager', name: 'am-1', url: 'http://127.0.0.1:9/', pathPrefix: '/am', cluster: 'eu'}, {endpoint: {baseUrl: 'http://127.0.0.1:9/', pathPrefix: '/am'}});
    expect([source.handle.name, source.handle.kind, source.handle.cluster, source.handle.cliUrl]).toEqual(['am-1', 'alertmanager', 'eu', 'http://127.0.0.1:9/am']);
    expect(typeof source.handle.capabilities.createSilence).toBe('function');
    await source.close();
  });

  it('builds the PagerDuty source named by a parsed config entry and reads through it', async () => {
    const pd = await startFakePagerduty('tok-pd', [{id: 'P1', number: 7, title: 'down', status: 'triggered', serviceId: 'PSVC', serviceName: 'Shop'}]);
    const config = entryFits(alertSourceSchema.parse({kind: 'pagerduty', apiUrl: pd.url, tokenEnv: 'PD_TOKEN', from: 'alice@example.com', serviceIds: ['PSVC'], services: {Shop: 'shop'}}));
    const source = createAlertSource(config, {provider: {token: 'tok-pd'}});
    expect([source.handle.name, source.handle.kind]).toEqual(['pagerduty', 'pagerduty']);
    expect(typeof source.handle.capabilities.acknowledgeIncident).toBe('function');
    const {value} = await source.handle.capabilities.listAlerts();
    expect(value.map((a) => [a.name, a.labels['service'], a.incident?.number])).toEqual([['down', 'shop', 7]]);
    await source.close();
    expect(pd.fake.problems).toEqual([]);
    await pd.close();
  });
});

describe('alert-source kinds in the README', () => {
  it("lists every kind among the values of status --json's sources[].kind", () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const row = readme.split('\n').find((l) => l.startsWith('| `sources[]` |'))!;
    const listed = /`kind` \(([^)]*)\)/.exec(row)![1]!;
    for (const kind of [...Object.keys(ALERT_SOURCE_KINDS), 'prometheus', 'deploys', 'rollback']) expect(listed, kind).toContain(`\`${kind}\``);
  });
});
