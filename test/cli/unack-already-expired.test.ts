/**
 * `oncall unack <silence-id>` of an ack someone else already expired: the dashboard read the
 * silences first (lookUpSilence) and saw it expired, yet prints "expired on am-1: silence …" as
 * if this unack had expired it.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';
import {postAlerts, postSilence, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';

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

describe('unack of a silence already expired by someone else', () => {
  it('does not claim to have expired it', async () => {
    const labels = {alertname: 'RvGone', service: 'api', severity: 'critical'};
    await postAlerts(am.url, [labels]);
    const id = await postSilence(am.url, labels, 'ACK! bob', 'bob');
    expect((await fetch(`${am.url}/api/v2/silence/${id}`, {method: 'DELETE'})).status).toBe(200);
    const res = await cli('unack', id);
    // Before: "  expired on am-1: silence …", as if this unack had expired it.
    expect(res.out).not.toMatch(/^\s*expired on am-1: silence/m);
    expect(res.out).toMatch(/nothing to do, it was already expired on am-1: silence /);
  });
});
