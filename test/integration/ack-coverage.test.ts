/**
 * Acks that cover every Alertmanager, against real ones: two unclustered Alertmanagers (one
 * stopped and restarted on its port) and an HA pair clustered on loopback, gossiping silences.
 * An ack must land on every Alertmanager (each cluster once), an Alertmanager reporting the
 * alert unsilenced makes it partial, a re-ack replaces our silence instead of stacking one, and
 * an unack through the surviving peer of a cluster is complete.
 */
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {planAck} from '../../src/domain/ack-plan.ts';
import type {Alert, Silence} from '../../src/domain/alert.ts';
import type {ActionLog} from '../../src/platform/action-log.ts';
import {ackMutationOptions, ackVariables, completionVariables, runSilenceMutation, startSilenceMutation} from '../../src/queries/ack-mutations.ts';
import {ackStates} from '../../src/queries/ack-state.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {unackMutationOptions} from '../../src/queries/unack-mutations.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {run} from '../cli/cli-fixtures.ts';
import {postAlerts, startAlertmanagerPair, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {freshAckWorkspaceEachTest} from '../helpers/ack-workspace.ts';
import {pollUntil} from '../helpers/backends.ts';

const MIN = 60_000;
const AUTHOR = 'oncall-it@bastion';
const now = () => Date.now();

let one: AlertmanagerPeer;
let two: AlertmanagerPeer;
let ha: [AlertmanagerPeer, AlertmanagerPeer];
let sources: Record<'am-1' | 'am-2' | 'ha-1' | 'ha-2', AlertmanagerSource>;
let dir: string;
let log: ActionLog;
let client: QueryClient;

function services(names: Array<keyof typeof sources>): ContextServices {
  const alertSources = names.map((name) => ({name, kind: 'alertmanager' as const, capabilities: sources[name], ...(name.startsWith('ha-') ? {cluster: 'ha'} : {})}));
  return {context: 'it', readOnly: false, slos: [], sloReader: null, alertSources, deploySource: null, rollbacker: null};
}

async function alertsOf(s: ContextServices): Promise<Alert[]> {
  return (await client.fetchQuery({...alertQueryOptions(s, {intervalMs: false, now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
}

async function named(s: ContextServices, name: string): Promise<Alert> {
  const found = (await alertsOf(s)).find((a) => a.name === name);
  if (!found) throw new Error(`${name} not listed`);
  return found;
}

async function onSource(source: AlertmanagerSource, name: string): Promise<Alert | undefined> {
  return (await source.listAlerts()).value.find((a) => a.name === name);
}

/** The active ACK! silences on one Alertmanager whose matchers name `alertname`. */
async function acksFor(source: AlertmanagerSource, alertname: string): Promise<Silence[]> {
  return (await source.listSilences()).value.filter((s) => s.state === 'active' && s.comment.startsWith('ACK!') && s.matchers.some((m) => m.name === 'alertname' && m.value === alertname));
}

function plan(selected: Alert[], all: Alert[], durationMs = 15 * MIN, comment = 'coverage') {
  return planAck(selected, all, {volatileLabels: [], durationMs, author: AUTHOR, prefix: 'ACK!', comment, now: now()});
}

const ackOptions = (s: ContextServices, extra: {retryDelay?: (n: number) => number} = {}) => ackMutationOptions(s, {record: log.record, now, prefix: 'ACK!', ...extra});

beforeAll(async () => {
  [one, two, ha] = await Promise.all([startAlertmanagerPeer(), startAlertmanagerPeer(), startAlertmanagerPair()]);
  const source = (name: string, url: string) => createAlertmanagerSource({name, baseUrl: url, timeoutMs: 2000});
  sources = {'am-1': source('am-1', one.url), 'am-2': source('am-2', two.url), 'ha-1': source('ha-1', ha[0].url), 'ha-2': source('ha-2', ha[1].url)};
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(Object.values(sources ?? {}).map((s) => s.close()));
  await Promise.allSettled([one?.cleanup(), two?.cleanup(), ha?.[0].cleanup(), ha?.[1].cleanup()]);
});

freshAckWorkspaceEachTest((w) => ({dir, log, client} = w));

describe('an ack covers every Alertmanager of the context', () => {
  it('goes to an Alertmanager that was down when the alert was read, and lands as soon as the poll sees it back', async () => {
    const labels = {alertname: 'CoverDown', service: 'payments', severity: 'critical'};
    await postAlerts(one.url, [labels]);
    await two.stop();
    try {
      const s = services(['am-1', 'am-2']);
      const all = await alertsOf(s);
      const alert = all.find((a) => a.name === 'CoverDown')!;
      expect(alert.seenBy).toEqual(['am-1']);
      // A backoff far longer than the test: only the alert poll seeing am-2 again can end the wait.
      const first = await startSilenceMutation(client, ackOptions(s, {retryDelay: () => 10 * MIN}), ackVariables(s, plan([alert], all).drafts));
      expect(first.settled).toBe(false);
      expect(first.outcome.status).toBe('partial');
      expect(first.outcome.results.map((r) => [r.source, r.ok])).toEqual([
        ['am-1', true],
        ['am-2', false],
      ]);
      expect(ackStates(client).get(alert.fingerprint)?.status).toBe('retrying');

      await two.start();
      // Prometheus re-sends the alert to the restarted Alertmanager, and the dashboard polls.
      await postAlerts(two.url, [labels]);
      const polledAt = Date.now();
      await alertsOf(s);
      await pollUntil(async () => ackStates(client).get(alert.fingerprint)?.status, (st) => st === 'done', 5000, 'the retry after the poll');
      expect(Date.now() - polledAt).toBeLessThan(5000);
      const [onTwo] = await acksFor(sources['am-2'], 'CoverDown');
      expect(onTwo).toMatchObject({createdBy: AUTHOR, comment: 'ACK! coverage'});
      // Both end the ack together: a retry keeps the end chosen when the key was pressed.
      const [onOne] = await acksFor(sources['am-1'], 'CoverDown');
      expect(onTwo!.endsAt).toBe(onOne!.endsAt);
      await pollUntil(() => onSource(sources['am-2'], 'CoverDown'), (a) => a?.state === 'suppressed', 5000, 'suppressed on am-2');
      expect((await named(s, 'CoverDown')).ack).toMatchObject({by: AUTHOR});
    } finally {
      await two.start();
    }
  });

  it('an Alertmanager reporting the alert unsilenced makes it partial (status --json: not acked, exit 1); a acks exactly there', async () => {
    const labels = {alertname: 'CoverPartial', service: 'search', severity: 'critical'};
    await Promise.all([postAlerts(one.url, [labels]), postAlerts(two.url, [labels])]);
    const s = services(['am-1', 'am-2']);
    const all = await alertsOf(s);
    const alert = all.find((a) => a.name === 'CoverPartial')!;
    expect((await runSilenceMutation(client, ackOptions(s), ackVariables(s, plan([alert], all).drafts))).status).toBe('ok');
    const acked = await pollUntil(() => named(s, 'CoverPartial'), (a) => a.ack !== null, 5000, 'acked on both');
    expect(acked.partialAck ?? null).toBeNull();

    // The silence is gone from am-2 (expired there by hand, or am-2 lost its data): am-2 notifies.
    const [lost] = await acksFor(sources['am-2'], 'CoverPartial');
    await sources['am-2'].expireSilence(lost!.id);
    const partial = await pollUntil(() => named(s, 'CoverPartial'), (a) => a.ack === null, 5000, 'partial');
    expect(partial.state).toBe('firing');
    expect(partial.partialAck).toMatchObject({by: AUTHOR, missing: ['am-2'], holding: ['am-1']});

    const config = join(dir, 'config.yaml');
    await writeFile(config, `current-context: it\ncontexts:\n  - name: it\n    alertmanagers:\n      - {name: am-1, url: "${one.url}"}\n      - {name: am-2, url: "${two.url}"}\n`);
    const status = await run(['status', '--json', '--config', config], {HOME: dir, XDG_STATE_HOME: join(dir, 'state')});
    const shown = JSON.parse(status.out).alerts.find((a: {name: string}) => a.name === 'CoverPartial');
    expect(shown.ack).toBeNull();
    expect(shown.partialAck).toMatchObject({by: AUTHOR, missing: ['am-2']});
    expect(status.code).toBe(1);

    const onOneBefore = await acksFor(sources['am-1'], 'CoverPartial');
    const done = await runSilenceMutation(client, ackOptions(s), completionVariables(s, partial, partial.partialAck!, now()));
    expect(done.results.map((r) => [r.source, r.ok])).toEqual([['am-2', true]]);
    expect(await acksFor(sources['am-1'], 'CoverPartial')).toEqual(onOneBefore);
    const [restored] = await acksFor(sources['am-2'], 'CoverPartial');
    expect(restored).toMatchObject({createdBy: AUTHOR, comment: 'ACK! coverage', endsAt: onOneBefore[0]!.endsAt});
    expect((await pollUntil(() => named(s, 'CoverPartial'), (a) => a.ack !== null, 5000, 'acked again')).partialAck).toBeNull();
  });

  it('re-acks (:ack 5m, A on the group, oncall ack FP) replace our own silence on each Alertmanager instead of stacking', async () => {
    const labels = {alertname: 'CoverReack', service: 'cart', severity: 'warning'};
    const sibling = {alertname: 'CoverReack', service: 'cart-worker', severity: 'warning'};
    await Promise.all([postAlerts(one.url, [labels, sibling]), postAlerts(two.url, [labels, sibling])]);
    const s = services(['am-1', 'am-2']);
    const all = await alertsOf(s);
    const alert = all.find((a) => a.name === 'CoverReack' && a.labels['service'] === 'cart')!;
    const group = all.filter((a) => a.name === 'CoverReack');
    expect((await runSilenceMutation(client, ackOptions(s), ackVariables(s, plan([alert], all).drafts))).status).toBe('ok');
    const reack = await runSilenceMutation(client, ackOptions(s), ackVariables(s, plan([alert], all, 5 * MIN, 'shorter').drafts));
    expect(reack.status).toBe('ok');
    expect(reack.results.every((r) => r.note?.startsWith('replaced '))).toBe(true);
    expect((await runSilenceMutation(client, ackOptions(s), ackVariables(s, plan(group, all, 30 * MIN, 'group').drafts))).status).toBe('ok');

    const config = join(dir, 'config.yaml');
    await writeFile(config, `current-context: it\nack: {author: "${AUTHOR}"}\ncontexts:\n  - name: it\n    alertmanagers:\n      - {name: am-1, url: "${one.url}"}\n      - {name: am-2, url: "${two.url}"}\n`);
    const cli = await run(['ack', alert.fingerprint, '--duration', '1h', '--config', config], {HOME: dir, XDG_STATE_HOME: join(dir, 'state')});
    expect(cli.code).toBe(0);

    for (const source of [sources['am-1'], sources['am-2']]) {
      const acks = await acksFor(source, 'CoverReack');
      // One ack per alert (cart, cart-worker), each the latest: the CLI's hour for cart.
      expect(acks.map((x) => x.matchers.find((m) => m.name === 'service')?.value).sort()).toEqual(['cart', 'cart-worker']);
      const cart = acks.find((x) => x.matchers.some((m) => m.value === 'cart'))!;
      expect(Math.abs(cart.endsAt - (now() + 60 * MIN))).toBeLessThan(30_000);
      // The id the last replacement returned is the one silencing the alert.
      const shown = await pollUntil(() => onSource(source, 'CoverReack').then(() => source.listAlerts()), (list) => list.value.some((a) => a.labels['service'] === 'cart' && a.silencedBy.includes(cart.id)), 5000, 'silenced by the replacement');
      expect(shown.value.find((a) => a.labels['service'] === 'cart')?.silencedBy).toEqual([cart.id]);
    }
  });
});

describe('an HA pair (clustered peers, one cluster)', () => {
  it('gets one silence (gossiped to the other peer), through the other peer when one is down; unack through the survivor is complete', async () => {
    const labels = {alertname: 'CoverHa', service: 'auth', severity: 'critical'};
    await Promise.all([postAlerts(ha[0].url, [labels]), postAlerts(ha[1].url, [labels])]);
    const s = services(['ha-1', 'ha-2']);
    const all = await alertsOf(s);
    const alert = all.find((a) => a.name === 'CoverHa')!;
    const outcome = await runSilenceMutation(client, ackOptions(s), ackVariables(s, plan([alert], all).drafts));
    expect(outcome.results.map((r) => [r.source, r.ok])).toEqual([['ha-1', true]]);
    const id = outcome.results[0]!.silenceId!;
    await pollUntil(() => onSource(sources['ha-2'], 'CoverHa'), (a) => a?.silencedBy.includes(id) === true, 10_000, 'gossiped to ha-2');
    expect((await pollUntil(() => named(s, 'CoverHa'), (a) => a.ack !== null, 5000, 'acked on both peers')).ack?.silenceId).toBe(id);

    // A re-ack replaces it: still one ack on the cluster.
    await runSilenceMutation(client, ackOptions(s), ackVariables(s, plan([alert], all, 30 * MIN).drafts));
    await pollUntil(() => acksFor(sources['ha-2'], 'CoverHa'), (acks) => acks.length === 1 && acks[0]!.endsAt > now() + 20 * MIN, 10_000, 'one ack, replaced, on ha-2');
    expect(await acksFor(sources['ha-1'], 'CoverHa')).toHaveLength(1);

    await ha[0].stop();
    try {
      const acked = await named(s, 'CoverHa');
      const unack = await runSilenceMutation(client, unackMutationOptions(s, {record: log.record, now, prefix: 'ACK!', retry: 0}), {alerts: [acked]});
      expect(unack.status).toBe('ok');
      expect(unack.results.filter((r) => r.ok).map((r) => r.source)).toEqual(['ha-2']);
      await pollUntil(() => onSource(sources['ha-2'], 'CoverHa'), (a) => a?.state === 'firing', 5000, 'firing again on ha-2');

      // An ack with ha-1 down goes through ha-2.
      const again = await runSilenceMutation(client, ackOptions(s), ackVariables(s, plan([acked], all).drafts));
      expect(again.status).toBe('ok');
      expect(again.results.filter((r) => r.ok).map((r) => r.source)).toEqual(['ha-2']);
    } finally {
      await ha[0].start();
    }
  });
});

// A context of am-1 and am-2 whose acks are made by `author`.
const configFor = (author: string) => `current-context: it\nack:\n  author: ${author}\ncontexts:\n  - name: it\n    alertmanagers:\n      - {name: am-1, url: "${one.url}"}\n      - {name: am-2, url: "${two.url}"}\n`;

describe("oncall unack of another user's ack", () => {
  it('expires only your own ack by default, names the one it left, and expires it with --any-author', async () => {
    const labels = {alertname: 'CoverTheirs', service: 'mail', severity: 'warning'};
    await Promise.all([postAlerts(one.url, [labels]), postAlerts(two.url, [labels])]);
    const s = services(['am-1', 'am-2']);
    const all = await alertsOf(s);
    const alert = all.find((a) => a.name === 'CoverTheirs')!;
    // Acked by someone else, on both Alertmanagers.
    const theirs = planAck([alert], all, {volatileLabels: [], durationMs: 60 * MIN, author: 'alice@bastion', prefix: 'ACK!', comment: 'theirs', now: now()});
    expect((await runSilenceMutation(client, ackOptions(s), ackVariables(s, theirs.drafts))).status).toBe('ok');
    const acked = await pollUntil(() => named(s, 'CoverTheirs'), (a) => a.ack !== null, 5000, 'acked');

    const config = join(dir, 'config.yaml');
    await writeFile(config, configFor(AUTHOR));
    const env = {HOME: dir, XDG_STATE_HOME: join(dir, 'state')};
    const refused = await run(['unack', acked.fingerprint, '--config', config], env);
    expect(refused.code).toBe(2);
    expect(refused.out).toBe('');
    expect(refused.err).toMatch(/^unack: left alice@bastion's ack of CoverTheirs .* \(silence [0-9a-f-]{36} on am-1, until (?:\d{4}-\d\d-\d\d )?\d\d:\d\dZ\); pass --any-author to expire it\nunack: left alice@bastion's ack of CoverTheirs .* on am-2, .*\n$/);
    expect(await acksFor(sources['am-1'], 'CoverTheirs')).toHaveLength(1);
    expect(await acksFor(sources['am-2'], 'CoverTheirs')).toHaveLength(1);

    const forced = await run(['unack', acked.fingerprint, '--any-author', '--config', config], env);
    expect([forced.code, forced.err]).toEqual([0, '']);
    expect(await acksFor(sources['am-1'], 'CoverTheirs')).toEqual([]);
    expect(await acksFor(sources['am-2'], 'CoverTheirs')).toEqual([]);
  });
});

describe('oncall unack with label matchers', () => {
  it('expires the ack silences of the matching acked alerts on every Alertmanager, never sends the matchers as an id', async () => {
    const labels = {alertname: 'CoverUnack', service: 'mail', severity: 'warning'};
    await Promise.all([postAlerts(one.url, [labels]), postAlerts(two.url, [labels])]);
    const s = services(['am-1', 'am-2']);
    const all = await alertsOf(s);
    expect((await runSilenceMutation(client, ackOptions(s), ackVariables(s, plan([all.find((a) => a.name === 'CoverUnack')!], all).drafts))).status).toBe('ok');
    await pollUntil(() => named(s, 'CoverUnack'), (a) => a.ack !== null, 5000, 'acked');

    const config = join(dir, 'config.yaml');
    await writeFile(config, configFor(AUTHOR));
    const env = {HOME: dir, XDG_STATE_HOME: join(dir, 'state')};
    const result = await run(['unack', 'alertname=CoverUnack', 'service=mail', '--config', config], env);
    expect([result.code, result.err]).toEqual([0, '']);
    expect(result.out).toMatch(/^unack ok:\n {2}expired the ack of CoverUnack .* on am-1: silence [0-9a-f-]{36}\n {2}expired the ack of CoverUnack .* on am-2: silence [0-9a-f-]{36}\n$/);
    expect(await acksFor(sources['am-1'], 'CoverUnack')).toEqual([]);
    expect(await acksFor(sources['am-2'], 'CoverUnack')).toEqual([]);

    const none = await run(['unack', 'alertname=CoverUnack', '--config', config], env);
    expect([none.code, none.err]).toEqual([1, 'unack: no acked alert to unack: 1 match but none is acked\n']);
  });
});
