import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {composeContext} from '../../src/cli/compose.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import type {ContextConfig} from '../../src/config/config-types.ts';
import {startFakePagerduty} from '../helpers/fake-pagerduty.ts';
import {tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

function context(yaml: string): ContextConfig {
  const result = parseConfig(yaml, join(tmp.dir, 'config.yaml'));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config.contexts[0]!;
}

const config = (url: string, token: string) => `current-context: prod
contexts:
  - name: prod
    alertmanagers:
      - name: am-1
        url: http://127.0.0.1:9093
    alertSources:
      - kind: pagerduty
        name: pd
        apiUrl: ${url}
        ${token}
        from: alice@example.com
        serviceIds: [PSVC]
`;

describe('composeContext with alertSources', () => {
  it('builds each entry through its kind, after the Alertmanagers, its token from a file', async () => {
    const pd = await startFakePagerduty('tok-from-file', [{id: 'P1', number: 3, title: 'down', status: 'triggered', serviceId: 'PSVC', serviceName: 'Shop'}]);
    tmp.write('pd.token', 'tok-from-file\n');
    const composed = composeContext(context(config(pd.url, 'tokenFile: pd.token')), {});
    expect(composed.services.alertSources.map((s) => [s.name, s.kind])).toEqual([['am-1', 'alertmanager'], ['pd', 'pagerduty']]);
    const {value} = await composed.services.alertSources[1]!.capabilities.listAlerts();
    expect(value.map((a) => a.incident?.number)).toEqual([3]);
    expect(composed.notes).toEqual([]);
    await composed.close();
    expect(pd.fake.problems).toEqual([]);
    await pd.close();
  });

  it('notes a missing token by the variable name only', async () => {
    const composed = composeContext(context(config('https://api.pagerduty.com', 'tokenEnv: PD_TOKEN')), {});
    expect(composed.notes).toEqual(['pd: token not found (env var PD_TOKEN)']);
    await composed.close();
  });

  it('gives each alert source its configured request timeout, so the per-source deadline of the poll is never shorter', async () => {
    const composed = composeContext(context(`current-context: prod
contexts:
  - name: prod
    prometheus: {url: 'http://127.0.0.1:9090', timeout: 45s}
    alertmanagers:
      - {name: am-big, url: 'http://127.0.0.1:9093', timeout: 60s}
      - {name: am-default, url: 'http://127.0.0.1:9094'}
`), {});
    expect(composed.services.alertSources.map((s) => [s.name, s.timeoutMs])).toEqual([
      ['prometheus', 45_000],
      ['am-big', 60_000],
      ['am-default', 10_000],
    ]);
    await composed.close();
  });
});
