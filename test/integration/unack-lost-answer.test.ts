/**
 * An unack, and an extension of an ack, whose answer is lost, against a real Alertmanager behind
 * a stand-in that forwards the request (so the silence is expired, or replaced) and then never
 * answers it, or cuts the connection. Read back, the silence says what happened: done when it is
 * expired (or extended), unknown only when it cannot be read, never a false "failed".
 */
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {Alert, Silence} from '../../src/domain/alert.ts';
import {readActionLog} from '../../src/platform/action-log.ts';
import {runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {ackKeeperQueryOptions, LANDED_EXTENSION_NOTE} from '../../src/queries/ack-keeper.ts';
import {keeperRunText} from '../../src/actions/alert-ops.ts';
import {keptAcks} from '../../src/domain/ack-keeping.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {EXPIRED_NOTE, GONE_NOTE, unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {VANISHED_NOTE} from '../../src/cli/alert-commands.ts';
import {run} from '../cli/cli-fixtures.ts';
import type {AckWorkspace} from '../helpers/ack-workspace.ts';
import {postAlerts} from '../helpers/alertmanager-peer.ts';
import {pollUntil} from '../helpers/backends.ts';
import {lostAnswerRigEachTest, type LostAnswerRig} from '../helpers/lost-answer-rig.ts';

const AUTHOR = 'lost-unack@bastion';
const MIN = 60_000;

let rig: LostAnswerRig;
let w: AckWorkspace;

lostAnswerRigEachTest((r, workspace) => {
  rig = r;
  w = workspace;
});

const env = () => ({HOME: w.dir, XDG_STATE_HOME: join(w.dir, 'state')});
const cliLog = () => readActionLog(join(w.dir, 'state', 'oncall', 'actions.jsonl'));
const stateOf = async (id: string) => (await rig.direct.listSilences()).value.find((s) => s.id === id)?.state;

// An ack of `alertname` by AUTHOR, made directly on the Alertmanager, ending in `ms`.
async function ackOn(alertname: string, ms = 15 * MIN): Promise<string> {
  const now = Date.now();
  return rig.direct.createSilence({matchers: [{name: 'alertname', value: alertname, isRegex: false, isEqual: true}], startsAt: now, endsAt: now + ms, createdBy: AUTHOR, comment: 'ACK! on it'});
}

async function alertsThrough(services: ContextServices, w: AckWorkspace): Promise<Alert[]> {
  return (await w.client.fetchQuery({...alertQueryOptions(services, {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
}

describe('an unack whose answer is lost', () => {
  it('oncall unack ID: the DELETE timed out after Alertmanager took it; read back, the silence is expired: ok, exit 0, one DELETE', async () => {
    const id = await ackOn('UnackTimeout');
    // Every answer to a DELETE is lost: before, each retry sent it again and the unack still ended "FAILED".
    rig.faults.deletes = {lose: 100, how: 'hang'};
    const {code, out} = await run(['unack', id, '--config', rig.configFile(w.dir, AUTHOR)], env());
    expect(await stateOf(id)).toBe('expired');
    expect(out).toBe(`unack ok:\n  expired on am-1: silence ${id} (${EXPIRED_NOTE})\n`);
    expect(code).toBe(0);
    expect(rig.deletes()).toBe(1);
    expect((await cliLog()).map((e) => `${e.action} ${e.phase}`)).toEqual(['unack attempt', 'unack success']);
  });

  it('oncall unack ID: the DELETE timed out after Alertmanager took it; read back, the silence is gone altogether: done, said gone (not "not found"), exit 0', async () => {
    const id = await ackOn('UnackCollected');
    rig.faults.deletes = {lose: 100, how: 'hang'};
    rig.faults.collectedAfterSent = true;
    const {code, out, err} = await run(['unack', id, '--config', rig.configFile(w.dir, AUTHOR)], env());
    expect(await stateOf(id)).toBe('expired');
    expect(err).not.toMatch(/not found/);
    expect(out).toBe(`unack ok:\n  gone on am-1: silence ${id} (${GONE_NOTE})\n`);
    expect(code).toBe(0);
    expect(rig.deletes()).toBe(1);
    expect((await cliLog()).map((e) => `${e.action} ${e.phase}`)).toEqual(['unack attempt', 'unack success']);
  });

  it('oncall unack ID: listed before the DELETE, "not found" by it: said gone, the unack done, exit 0; an id never listed stays unknown', async () => {
    const id = await ackOn('UnackVanished');
    rig.faults.deletesFindNothing = true;
    const {code, out, err} = await run(['unack', id, '--config', rig.configFile(w.dir, AUTHOR)], env());
    expect([code, out]).toEqual([0, `unack ok:\n  gone on am-1: silence ${id} (${VANISHED_NOTE})\n`]);
    expect(err).not.toMatch(/not found/);
    expect(rig.deletes()).toBe(1);
    const never = await run(['unack', 'no-such-silence', '--config', rig.configFile(w.dir, AUTHOR)], env());
    expect(never).toEqual({code: 1, out: '', err: 'unack: no alert with fingerprint no-such-silence and no silence with id no-such-silence in context it (am-1); nothing was sent\n'});
    expect(rig.deletes()).toBe(1);
  });

  it('oncall unack ID: the connection dropped after the DELETE and the silences cannot be read back: UNKNOWN, exit 1, never "FAILED"', async () => {
    const id = await ackOn('UnackDrop');
    rig.faults.deletes = {lose: 100, how: 'drop'};
    rig.faults.readsAfterSent = 100;
    const {code, out, err} = await run(['unack', id, '--config', rig.configFile(w.dir, AUTHOR)], env());
    expect(out).toMatch(/^unack unknown:\n/);
    expect(out).toMatch(
      new RegExp(`\\n {2}UNKNOWN whether expired on am-1 \\(silence ${id}\\): [^\\n]*am-1: the connection dropped after the request was sent \\([^\\n]*\\); the silence may still be active \\(reading the silences back failed too: [^\\n]*503[^\\n]*\\)\\n`),
    );
    expect(out).toContain('  unknown: the silence may still be active on am-1; oncall alerts shows whether the alert is still acked there, and running the unack again expires it if it is (expiring an expired silence is harmless)\n');
    expect(out).not.toMatch(/FAILED/);
    expect(err).toMatch(/ {2}try 1 on am-1: outcome unknown: /);
    expect(code).toBe(1);
    // It did land: what the command could not tell, it did not deny.
    expect(await stateOf(id)).toBe('expired');
    expect((await cliLog()).map((e) => e.phase).filter((p) => p !== 'attempt')).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
  });

  it('the dashboard mutation: unknown after the first try; the retry expires the silence the listing no longer shows, and is done', async () => {
    await postAlerts(rig.am.url, [{alertname: 'UnackOnce', service: 'cart', severity: 'critical'}]);
    const id = await ackOn('UnackOnce');
    const {services, close} = rig.services();
    try {
      const alert = await pollUntil(async () => (await alertsThrough(services, w)).find((a) => a.name === 'UnackOnce'), (a) => a?.silencedBy.includes(id) === true, 5000, 'acked alert');
      rig.faults.deletes = {lose: 1, how: 'hang'};
      rig.faults.readsAfterSent = 1;
      const options = unackMutationOptions(services, {record: w.log.record, now: Date.now, retry: 3, retryDelay: () => 50, prefix: 'ACK!'});
      const outcome = await runSilenceMutation(w.client, options, {alerts: [alert!]});
      expect(outcome).toMatchObject({status: 'ok', results: [{source: 'am-1', ok: true, silenceId: id, attempts: 2}]});
      expect(await stateOf(id)).toBe('expired');
      const entries = await readActionLog(w.log.path);
      expect(entries.map((e) => `${e.phase} ${e.attempt}`)).toEqual(['attempt 1', 'unknown 1', 'attempt 2', 'success 2']);
      expect(entries[1]?.error).toMatch(/am-1: the request timed out after it was sent \(.*no answer within 1000 ms\); the silence may still be active \(reading the silences back failed too: /);
    } finally {
      await close();
    }
  });

  it('a silence already expired: Alertmanager takes its expiry again as done, and so does the unack', async () => {
    const id = await ackOn('UnackTwice');
    await rig.direct.expireSilence(id);
    const {services, close} = rig.services();
    try {
      const options = unackMutationOptions(services, {record: w.log.record, now: Date.now, retry: 0, prefix: 'ACK!'});
      const outcome = await runSilenceMutation(w.client, options, {silenceIds: [id]});
      expect(outcome).toMatchObject({status: 'ok', results: [{source: 'am-1', ok: true, silenceId: id}]});
      expect(rig.deletes()).toBe(1);
    } finally {
      await close();
    }
  });
});

describe('an extension of an ack whose answer is lost', () => {
  // An alert firing, acked by AUTHOR until 2 minutes from now: the keeper extends it.
  async function shortAck(alertname: string, services: ContextServices): Promise<string> {
    await postAlerts(rig.am.url, [{alertname, service: 'cart', severity: 'critical'}]);
    const id = await ackOn(alertname, 2 * MIN);
    await pollUntil(async () => (await alertsThrough(services, w)).find((a) => a.name === alertname), (a) => a?.silencedBy.includes(id) === true, 5000, 'short ack applied');
    rig.proxy.requests.length = 0;
    return id;
  }
  const keeper = (services: ContextServices) => ({...ackKeeperQueryOptions(services, {record: w.log.record, now: Date.now, prefix: 'ACK!', author: AUTHOR, intervalMs: false}), staleTime: 0});
  const extendLog = async () => (await readActionLog(w.log.path)).filter((e) => e.action === 'ack-extend');

  it('the POST timed out after Alertmanager took it; read back, the extension is found: extended, logged a success, one silence', async () => {
    const {services, close} = rig.services();
    try {
      const id = await shortAck('ExtendTimeout', services);
      rig.faults.posts = {lose: 1, how: 'hang'};
      const run1 = await w.client.fetchQuery(keeper(services));
      const ours: Silence[] = await rig.oursFor('ExtendTimeout', AUTHOR);
      expect(ours).toHaveLength(1);
      expect(ours[0]!.endsAt - Date.now()).toBeGreaterThan(10 * MIN);
      expect(run1).toMatchObject({failed: [], unknown: [], extended: [{source: 'am-1', previousId: id, silenceId: ours[0]!.id}]});
      expect((await extendLog()).map((e) => [e.phase, e.silenceId, e.details?.['note']])).toEqual([
        ['attempt', id, undefined],
        ['success', ours[0]!.id, LANDED_EXTENSION_NOTE],
      ]);
    } finally {
      await close();
    }
  });

  it('the connection dropped after the POST and the silences cannot be read back: unknown, not a failure; the next run sees it extended and sends nothing', async () => {
    const {services, close} = rig.services();
    try {
      const id = await shortAck('ExtendDrop', services);
      // As the dashboard holds them when the keeper runs: the ack about to end.
      const alerts = await alertsThrough(services, w);
      rig.proxy.requests.length = 0;
      rig.faults.posts = {lose: 1, how: 'drop'};
      rig.faults.readsAfterSent = 1;
      const run1 = await w.client.fetchQuery(keeper(services));
      expect(run1.failed).toEqual([]);
      expect(run1.extended).toEqual([]);
      const alert = alerts.find((a) => a.name === 'ExtendDrop')!;
      expect(run1.unknown).toEqual([
        {source: 'am-1', silenceId: id, error: expect.stringMatching(/am-1: the connection dropped after the request was sent \(.*\); the extension may have landed \(reading the silences back failed too: .*503/), fingerprints: [alert.fingerprint], endsAt: alert.ack!.until, names: {[alert.fingerprint]: 'ExtendDrop'}},
      ]);
      // What the dashboard draws of it: unknown on the row and in the footer, never "not extended".
      const kept1 = keptAcks(run1, alerts, {author: AUTHOR, prefix: 'ACK!'});
      expect([...kept1].map(([fp, k]) => [fp, k.status])).toEqual([[alert.fingerprint, 'unknown']]);
      expect(keeperRunText(kept1, () => 'ExtendDrop')?.text).toMatch(/^ACK EXTENSION UNKNOWN: ExtendDrop \(ends \d\d:\d\d:\d\dZ\): unavailable: am-1: the connection dropped.*may have landed/);
      expect((await extendLog()).map((e) => [e.phase, e.silenceId])).toEqual([
        ['attempt', id],
        ['unknown', id],
      ]);
      // The next run's read settles it: extended, so nothing is about to end and nothing is sent.
      const run2 = await w.client.fetchQuery(keeper(services));
      expect(run2).toMatchObject({extended: [], failed: [], unknown: []});
      // Settled: nothing left to say on the row or in the footer.
      expect(keeperRunText(keptAcks(run2, await alertsThrough(services, w), {author: AUTHOR, prefix: 'ACK!'}), () => 'ExtendDrop')).toBeNull();
      expect(rig.silencePosts()).toBe(1);
      expect(await rig.oursFor('ExtendDrop', AUTHOR)).toHaveLength(1);
    } finally {
      await close();
    }
  });
});
