/**
 * An ack whose answer is lost, against a real Alertmanager behind a stand-in that forwards the
 * POST of the silence (so it is created) and then never answers it, or cuts the connection. The
 * ack must read the silences back before saying anything: ok when its silence is there, unknown
 * only when they cannot be read, and never a second silence for one ack. And an unack of a word
 * that is neither an alert nor a silence sends nothing.
 */
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import {readActionLog} from '../../src/platform/action-log.ts';
import {ackMutationOptions, ackVariables, LANDED_NOTE, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {run} from '../cli/cli-fixtures.ts';
import type {AckWorkspace} from '../helpers/ack-workspace.ts';
import {postAlerts} from '../helpers/alertmanager-peer.ts';
import {lostAnswerRigEachTest, type LostAnswerRig} from '../helpers/lost-answer-rig.ts';

const AUTHOR = 'lost-answer@bastion';

let rig: LostAnswerRig;
let w: AckWorkspace;

lostAnswerRigEachTest((r, workspace) => {
  rig = r;
  w = workspace;
});

const silencePosts = () => rig.silencePosts();
const deletes = () => rig.deletes();
const oursFor = (alertname: string) => rig.oursFor(alertname, AUTHOR);
const configFile = (dir: string) => rig.configFile(dir, AUTHOR);

describe('an ack whose answer is lost', () => {
  it('oncall ack: the POST timed out after Alertmanager took it; read back, the silence is found: ok, exit 0, one silence, one POST', async () => {
    await postAlerts(rig.am.url, [{alertname: 'LostTimeout', service: 'cart', severity: 'critical'}]);
    // Every answer to a POST is lost: before, each retry posted again and the ack still ended "FAILED".
    rig.faults.posts = {lose: 100, how: 'hang'};
    const env = {HOME: w.dir, XDG_STATE_HOME: join(w.dir, 'state')};
    const {code, out} = await run(['ack', 'alertname=LostTimeout', '--config', configFile(w.dir)], env);
    const ours = await oursFor('LostTimeout');
    expect(ours).toHaveLength(1);
    expect(out).toMatch(/^ack ok for /);
    expect(out).toContain(`on am-1: silence ${ours[0]!.id} (${LANDED_NOTE})\n`);
    expect(code).toBe(0);
    expect(silencePosts()).toBe(1);
    const phases = (await readActionLog(join(w.dir, 'state', 'oncall', 'actions.jsonl'))).map((e) => `${e.phase}${e.silenceId ? ` ${e.silenceId}` : ''}`);
    expect(phases).toEqual(['attempt', `success ${ours[0]!.id}`]);
  });

  it('oncall ack: the connection dropped after the POST and the silences cannot be read back: UNKNOWN, exit 1, never a second POST', async () => {
    await postAlerts(rig.am.url, [{alertname: 'LostDrop', service: 'cart', severity: 'critical'}]);
    rig.faults.posts = {lose: 100, how: 'drop'};
    rig.faults.readsAfterSent = 100;
    const env = {HOME: w.dir, XDG_STATE_HOME: join(w.dir, 'state')};
    const {code, out, err} = await run(['ack', 'alertname=LostDrop', '--config', configFile(w.dir)], env);
    expect(out).toMatch(/^ack unknown for /);
    expect(out).toMatch(/\n {2}UNKNOWN whether acked LostDrop \{[^\n]*\} on am-1: [^\n]*am-1: the connection dropped after the request was sent \([^\n]*\); the silence may exist \(reading the silences back failed too: [^\n]*503[^\n]*\)\n/);
    expect(out).toContain('  unknown: the silence may exist on am-1; oncall alerts shows whether the alert is acked there, and running the ack again replaces it if it landed (it never adds a second one)\n');
    expect(out).not.toMatch(/FAILED/);
    expect(err).toMatch(/ {2}try 1 on am-1: outcome unknown: /);
    expect(code).toBe(1);
    // The retries could not read the silences, so they sent nothing: the one silence is the first try's.
    expect(silencePosts()).toBe(1);
    expect(await oursFor('LostDrop')).toHaveLength(1);
    const phases = (await readActionLog(join(w.dir, 'state', 'oncall', 'actions.jsonl'))).map((e) => e.phase);
    expect(phases.filter((p) => p !== 'attempt')).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
  });

  it('the dashboard mutation: unknown after the first try, its retry reads the silence back and adds none', async () => {
    await postAlerts(rig.am.url, [{alertname: 'LostOnce', service: 'cart', severity: 'critical'}]);
    rig.faults.posts = {lose: 1, how: 'hang'};
    rig.faults.readsAfterSent = 1;
    const {services, close} = rig.services();
    try {
      const alerts = (await w.client.fetchQuery({...alertQueryOptions(services, {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
      const alert = alerts.find((a) => a.name === 'LostOnce')!;
      const plan = planAck([alert], alerts, {volatileLabels: [], durationMs: 15 * 60_000, author: AUTHOR, prefix: 'ACK!', comment: 'lost once', now: Date.now()});
      const options = ackMutationOptions(services, {record: w.log.record, now: Date.now, retry: 3, retryDelay: () => 50});
      const outcome = await runSilenceMutation(w.client, options, ackVariables(services, plan.drafts));
      const ours = await oursFor('LostOnce');
      expect(ours).toHaveLength(1);
      expect(outcome).toMatchObject({status: 'ok', results: [{source: 'am-1', ok: true, silenceId: ours[0]!.id, note: LANDED_NOTE, attempts: 2}]});
      expect(silencePosts()).toBe(1);
      const entries = await readActionLog(w.log.path);
      expect(entries.map((e) => `${e.phase} ${e.attempt}`)).toEqual(['attempt 1', 'unknown 1', 'attempt 2', 'success 2']);
      expect(entries[1]?.error).toMatch(/am-1: the request timed out after it was sent \(.*no answer within 1000 ms\); the silence may exist \(reading the silences back failed too: /);
    } finally {
      await close();
    }
  });
});

describe('oncall unack of a word that names nothing', () => {
  it('every source read, no alert with that fingerprint and no silence with that id: said so, exit 1, no DELETE sent', async () => {
    const env = {HOME: w.dir, XDG_STATE_HOME: join(w.dir, 'state')};
    const {code, out, err} = await run(['unack', 'fedcba9876543210', '--config', configFile(w.dir)], env);
    expect({code, out, err}).toEqual({code: 1, out: '', err: 'unack: no alert with fingerprint fedcba9876543210 and no silence with id fedcba9876543210 in context it (am-1); nothing was sent\n'});
    expect(deletes()).toBe(0);
  });
});
