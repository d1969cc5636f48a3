/**
 * An unack whose DELETE is answered "not found", against a real Alertmanager: its own answer for
 * an unknown silence is taken for gone, while a 404 page from a stand-in in front that does not
 * route the DELETE (it routes the reads) is not: the silence is read back, and while it is still
 * active the unack failed, naming that answer; never "gone", never "no ack silence found".
 */
import {randomUUID} from 'node:crypto';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {Alert} from '../../src/domain/alert.ts';
import {readActionLog} from '../../src/platform/action-log.ts';
import {runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {NOT_FOUND_EXPIRED_NOTE, unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import {SilenceNotFound, type ContextServices} from '../../src/sources/capabilities.ts';
import {run} from '../cli/cli-fixtures.ts';
import type {AckWorkspace} from '../helpers/ack-workspace.ts';
import {postAlerts} from '../helpers/alertmanager-peer.ts';
import {pollUntil} from '../helpers/backends.ts';
import {failureOf} from '../helpers/failure.ts';
import {lostAnswerRigEachTest, type LostAnswerRig} from '../helpers/lost-answer-rig.ts';

const AUTHOR = 'unack-404@bastion';
// What the unack says of the stand-in's page: its status and its words, not the Alertmanager's.
const PAGE_NAMED = /am-1: could not expire silence [0-9a-f-]+: HTTP 404 \(404 Not Found 404 Not Found gateway\), not the Alertmanager's answer for an unknown silence[^\n]*; read back, the silence is still active: the expiry did not land/;

let rig: LostAnswerRig;
let w: AckWorkspace;

lostAnswerRigEachTest((r, workspace) => {
  rig = r;
  w = workspace;
});

const env = () => ({HOME: w.dir, XDG_STATE_HOME: join(w.dir, 'state')});
const stateOf = async (id: string) => (await rig.direct.listSilences()).value.find((s) => s.id === id)?.state;

async function ackOn(alertname: string): Promise<string> {
  const now = Date.now();
  return rig.direct.createSilence({matchers: [{name: 'alertname', value: alertname, isRegex: false, isEqual: true}], startsAt: now, endsAt: now + 15 * 60_000, createdBy: AUTHOR, comment: 'ACK! on it'});
}

// An alert firing and acked, as the dashboard reads it through the stand-in.
async function ackedAlert(alertname: string, services: ContextServices): Promise<{alert: Alert; id: string}> {
  await postAlerts(rig.am.url, [{alertname, service: 'cart', severity: 'critical'}]);
  const id = await ackOn(alertname);
  const read = async () => (await w.client.fetchQuery({...alertQueryOptions(services, {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts.find((a) => a.name === alertname);
  const alert = await pollUntil(read, (a) => a?.silencedBy.includes(id) === true, 5000, 'acked alert');
  return {alert: alert!, id};
}

describe("the Alertmanager's own answer for an unknown silence", () => {
  it('is what the adapter takes for gone', async () => {
    expect(await failureOf(rig.direct.expireSilence(randomUUID()))).toBeInstanceOf(SilenceNotFound);
  });
});

describe('an expiry answered with a 404 page by a stand-in that does not route the DELETE', () => {
  it('oncall unack ID: the silence still active: failed, the page named, exit 1; never "gone"', async () => {
    const id = await ackOn('Unack404ById');
    rig.faults.deletes404Page = true;
    const {code, out} = await run(['unack', id, '--config', rig.configFile(w.dir, AUTHOR)], env());
    expect(await stateOf(id)).toBe('active');
    expect(out).not.toMatch(/gone|nothing is silencing/);
    expect(out).toMatch(/^unack failed:\n/);
    expect(out).toMatch(PAGE_NAMED);
    expect(code).toBe(1);
    // A refusal, read back as not landed: not sent again and again.
    expect(rig.deletes()).toBe(1);
  });

  it('oncall unack FINGERPRINT: the ack it found and sent the DELETE for is said failed, not "no ack silence found"', async () => {
    const {services, close} = rig.services();
    try {
      const {alert, id} = await ackedAlert('Unack404ByFingerprint', services);
      rig.faults.deletes404Page = true;
      const {code, out, err} = await run(['unack', alert.fingerprint, '--config', rig.configFile(w.dir, AUTHOR)], env());
      expect(err).not.toMatch(/no ack silence/);
      expect(out).toMatch(/^unack failed:\n/);
      expect(out).toContain(id);
      expect(out).toMatch(PAGE_NAMED);
      expect(code).toBe(1);
      expect(await stateOf(id)).toBe('active');
    } finally {
      await close();
    }
  });

  it("the dashboard's unack: failed with the page named, logged a failure, not retried", async () => {
    const {services, close} = rig.services();
    try {
      const {alert, id} = await ackedAlert('Unack404Dashboard', services);
      rig.faults.deletes404Page = true;
      const options = unackMutationOptions(services, {record: w.log.record, now: Date.now, retry: 3, retryDelay: () => 10, prefix: 'ACK!'});
      const outcome = await runSilenceMutation(w.client, options, {alerts: [alert]});
      expect(outcome).toMatchObject({status: 'failed', results: [{source: 'am-1', ok: false, silenceId: id, attempts: 1, retryable: false, error: expect.stringMatching(PAGE_NAMED)}]});
      expect((await readActionLog(w.log.path)).map((e) => e.phase)).toEqual(['attempt', 'failure']);
      expect(await stateOf(id)).toBe('active');
    } finally {
      await close();
    }
  });

  it('the silence read back expired (by another hand): the unack is done, said so', async () => {
    const id = await ackOn('Unack404Expired');
    await rig.direct.expireSilence(id);
    rig.faults.deletes404Page = true;
    const {services, close} = rig.services();
    try {
      const options = unackMutationOptions(services, {record: w.log.record, now: Date.now, retry: 0, prefix: 'ACK!'});
      const outcome = await runSilenceMutation(w.client, options, {silenceIds: [id]});
      expect(outcome).toMatchObject({status: 'ok', results: [{source: 'am-1', ok: true, silenceId: id, note: NOT_FOUND_EXPIRED_NOTE}]});
    } finally {
      await close();
    }
  });
});
