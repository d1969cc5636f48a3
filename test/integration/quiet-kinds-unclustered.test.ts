/**
 * Two unclustered real Alertmanagers (README: "several unclustered Alertmanagers each get the
 * silence"). Every ack lands as two silences with two different ids; an ack that one of them lost
 * is a partial ack. README: `state=silenced` means "silenced (by a silence that is not an ack)",
 * and `s` hides silenced alerts. Neither a full ack nor a partial ack is a non-ack silence.
 */
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {Alert} from '../../src/domain/alert.ts';
import {applyHidden, quietKinds} from '../../src/domain/alert-states.ts';
import {matchesFilter, parseAlertFilter} from '../../src/domain/alert-filter.ts';
import type {ActionLog} from '../../src/platform/action-log.ts';
import {ackMutationOptions, ackVariables, runSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {postAlerts, postSilence, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';
import {pollUntil} from '../helpers/backends.ts';

const AUTHOR = 'rv@bastion';
const now = () => Date.now();
let one: AlertmanagerPeer;
let two: AlertmanagerPeer;
let sources: Record<'am-1' | 'am-2', AlertmanagerSource>;
let log: ActionLog;
let client: QueryClient;

function services(): ContextServices {
  const alertSources = (['am-1', 'am-2'] as const).map((name) => ({name, kind: 'alertmanager' as const, capabilities: sources[name]}));
  return {context: 'rv', readOnly: false, slos: [], sloReader: null, alertSources, deploySource: null, rollbacker: null} as ContextServices;
}
async function alertsOf(s: ContextServices): Promise<Alert[]> {
  return (await client.fetchQuery({...alertQueryOptions(s, {intervalMs: false, now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
}
async function named(s: ContextServices, name: string): Promise<Alert> {
  const found = (await alertsOf(s)).find((a) => a.name === name);
  if (!found) throw new Error(`${name} not listed`);
  return found;
}
const silencedFilter = (() => {
  const p = parseAlertFilter('state=silenced');
  if (!p.ok) throw new Error('parse');
  return p.filter;
})();
const ONLY_SILENCED_HIDDEN = {acked: false, silenced: true, inhibited: false};

beforeAll(async () => {
  [one, two] = await Promise.all([startAlertmanagerPeer(), startAlertmanagerPeer()]);
  sources = {
    'am-1': createAlertmanagerSource({name: 'am-1', baseUrl: one.url, timeoutMs: 2000}),
    'am-2': createAlertmanagerSource({name: 'am-2', baseUrl: two.url, timeoutMs: 2000}),
  };
}, 60_000);
afterAll(async () => {
  await Promise.allSettled(Object.values(sources ?? {}).map((s) => s.close()));
  await Promise.allSettled([one?.cleanup(), two?.cleanup()]);
});
freshAckWorkspaceEachTest((w) => ({log, client} = w));

describe('acks on unclustered Alertmanagers are not "silenced"', () => {
  it('a full ack made by oncall on both Alertmanagers is acked only, not also silenced (state=silenced, the s toggle)', async () => {
    const labels = {alertname: 'RvFullAck', service: 'api', severity: 'critical'};
    await Promise.all([postAlerts(one.url, [labels]), postAlerts(two.url, [labels])]);
    const s = services();
    const all = await alertsOf(s);
    const alert = all.find((a) => a.name === 'RvFullAck')!;
    const plan = planAck([alert], all, {volatileLabels: [], durationMs: 15 * 60_000, author: AUTHOR, prefix: 'ACK!', comment: 'rv', now: now()});
    const options = ackMutationOptions(s, {record: log.record, now, prefix: 'ACK!'});
    expect((await runSilenceMutation(client, options, ackVariables(s, plan.drafts))).status).toBe('ok');
    const acked = await pollUntil(() => named(s, 'RvFullAck'), (a) => a.ack !== null && a.silencedBy.length === 2, 5000, 'acked on both');
    // Two silences, one per Alertmanager, both of them the ack.
    expect(acked.partialAck ?? null).toBeNull();
    expect(quietKinds(acked)).toEqual(['acked']);
    expect(matchesFilter(acked, silencedFilter)).toBe(false);
    // Pressing `s` (hide silenced) must not hide an acked alert, nor count it as "1 silenced".
    const {shown, hiddenCounts} = applyHidden([acked], ONLY_SILENCED_HIDDEN);
    expect(hiddenCounts.silenced).toBe(0);
    expect(shown).toHaveLength(1);
  });

  it('a partial ack (am-2 still notifies) is neither hidden by `s` nor listed as silenced', async () => {
    const labels = {alertname: 'RvPartialAck', service: 'api', severity: 'critical'};
    await Promise.all([postAlerts(one.url, [labels]), postAlerts(two.url, [labels])]);
    await postSilence(one.url, labels, 'ACK! only here', AUTHOR);
    const s = services();
    const partial = await pollUntil(() => named(s, 'RvPartialAck'), (a) => a.partialAck != null, 5000, 'partial');
    expect(partial.state).toBe('firing');
    expect(quietKinds(partial)).not.toContain('silenced');
    expect(matchesFilter(partial, silencedFilter)).toBe(false);
    const {shown} = applyHidden([partial], ONLY_SILENCED_HIDDEN);
    expect(shown).toHaveLength(1);
  });

  it('an alert silenced (plain silence) on am-1 only, still firing and notifying through am-2, is not hidden by `s`', async () => {
    const labels = {alertname: 'RvHalfSilenced', service: 'api', severity: 'critical'};
    await Promise.all([postAlerts(one.url, [labels]), postAlerts(two.url, [labels])]);
    await postSilence(one.url, labels, 'maintenance window', 'bob');
    const s = services();
    const alert = await pollUntil(() => named(s, 'RvHalfSilenced'), (a) => a.silencedBy.length === 1, 5000, 'silenced on am-1');
    // It is firing: am-2 notifies for it.
    expect(alert.state).toBe('firing');
    const {shown, hiddenCounts} = applyHidden([alert], ONLY_SILENCED_HIDDEN);
    expect({shown: shown.length, hiddenSilenced: hiddenCounts.silenced}).toEqual({shown: 1, hiddenSilenced: 0});
  });
});
