/**
 * README (this branch): a context with no alert source, "over several contexts it is listed as
 * `no alert source configured`". `oncall ack --all-contexts` instead says of it
 * "ack: context tools: no alert to ack: none matches", as if its alerts had been read and
 * searched.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let am: FaultProxy;
let config: string;
beforeAll(async () => {
  tmp = tempDir();
  am = await startFaultProxy(async () => ({status: 200, contentType: 'application/json', body: '[]'}));
  tmp.write('deploys.json', '[]');
  config = tmp.write('c.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertmanagers: [{name: am, url: ${am.url}}]\n  - name: tools\n    deploys: {provider: json, file: deploys.json}\n`);
});
afterAll(async () => {
  await am.close();
  tmp.cleanup();
});

describe('oncall ack over several contexts, one with no alert source', () => {
  it('says the context has no alert source, not that none of its alerts matches', async () => {
    const r = await run(['ack', 'alertname=X', '--all-contexts', '--config', config], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});
    // Today: "ack: context tools: no alert to ack: none matches".
    expect(r.err).not.toMatch(/context tools: no alert to ack: none matches/);
    expect(r.err).toMatch(/context tools: no alert source configured/);
  });
});
