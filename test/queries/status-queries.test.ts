import type {QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import {statusExitCode} from '../../src/domain/status-document.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {collectStatus, type PollSettings} from '../../src/queries/status-queries.ts';
import {SourceFailure, type ContextServices} from '../../src/sources/capabilities.ts';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {HttpFailure} from '../../src/sources/http/http-errors.ts';
import {createReadRounds} from '../../src/sources/http/read-round.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {emptyServices, fakeAlertSource, fakeDeploySource, fakeSloReader, flatRatios, makeSlo, T0} from './fakes.ts';
import {freshQueryClientEachTest} from './query-harness.ts';

let client: QueryClient;
const now = () => Date.now();
const settings: PollSettings = {now, ackPrefix: 'ACK!', suspectWindowMs: 30 * 60_000};

freshQueryClientEachTest((c) => (client = c));

const down = () => ({error: new SourceFailure('unavailable', 'connect ECONNREFUSED 127.0.0.1:9093')});

describe('collectStatus on the demo', () => {
  it('builds the status document: the page, the critical alert, the suspect deploy, merged source health', async () => {
    const env = createDemoEnvironment({now});
    const doc = await collectStatus(client, env.services, settings);
    expect(doc.context).toBe('demo');
    expect(doc.generatedAt).toBe('2026-05-01T10:00:00.000Z');
    // One `prometheus` entry although it serves the SLOs and the pending alerts.
    expect(doc.sources).toEqual([
      {name: 'prometheus', kind: 'prometheus', state: 'ok', ok: true, error: null, ageSeconds: 0, retrying: false, warnings: [], partial: false, alerts: true},
      {name: 'alertmanager', kind: 'alertmanager', state: 'ok', ok: true, error: null, ageSeconds: 0, retrying: false, warnings: [], partial: false, alerts: true},
      {name: 'pagerduty', kind: 'pagerduty', state: 'ok', ok: true, error: null, ageSeconds: 0, retrying: false, warnings: [], partial: false, alerts: true},
      {name: 'ci', kind: 'deploys', state: 'ok', ok: true, error: null, ageSeconds: 0, retrying: false, warnings: [], partial: false, alerts: false},
    ]);
    const checkout = doc.slos.find((s) => s.name === 'checkout-availability')!;
    expect(checkout).toMatchObject({service: 'checkout', source: 'demo', objective: 99.98, window: '30d', status: 'page', trippedBy: '1h&5m'});
    expect(Object.keys(checkout.burnRates)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    expect(doc.slos.filter((s) => s.status === 'page').map((s) => s.name)).toEqual(['checkout-availability']);
    const alert = doc.alerts.find((a) => a.name === 'CheckoutHighErrorRate')!;
    expect(alert).toMatchObject({severity: 'critical', state: 'firing', ack: null, runbookUrl: 'https://runbooks.example.com/checkout/high-error-rate'});
    expect(alert.startsAt).toBe('2026-05-01T09:50:00.000Z');
    expect(doc.deploys.filter((d) => d.suspect).map((d) => [d.service, d.version, d.environment])).toEqual([['checkout', 'v2.14.0', 'production']]);
    expect(doc.deploys).toHaveLength(12);
    expect(statusExitCode(doc)).toBe(1);
  });

  it('reports a failing alert source as not ok with its error, and keeps the others and the exit code', async () => {
    const env = createDemoEnvironment({now});
    const broken = fakeAlertSource(down);
    const services: ContextServices = {...env.services, alertSources: [...env.services.alertSources, {name: 'am-2', kind: 'alertmanager', capabilities: broken.capabilities}]};
    const doc = await collectStatus(client, services, settings);
    expect(doc.sources.map((s) => [s.name, s.ok, s.error, s.ageSeconds])).toEqual([
      ['prometheus', true, null, 0],
      ['alertmanager', true, null, 0],
      ['pagerduty', true, null, 0],
      ['am-2', false, 'unavailable: connect ECONNREFUSED 127.0.0.1:9093', null],
      ['ci', true, null, 0],
    ]);
    // Six alerts and the demo's incident.
    expect(doc.alerts).toHaveLength(7);
    expect(statusExitCode(doc)).toBe(1);
  });

  it('with the SLO reader down, the merged prometheus entry is not ok and every SLO is listed as unknown, with the failure', async () => {
    const env = createDemoEnvironment({now});
    const reader = fakeSloReader(down);
    const services: ContextServices = {...env.services, sloReader: {name: 'prometheus', kind: 'demo', capabilities: reader.reader}};
    const doc = await collectStatus(client, services, settings);
    const prom = doc.sources.find((s) => s.name === 'prometheus')!;
    expect([prom.ok, prom.error]).toEqual([false, 'unavailable: connect ECONNREFUSED 127.0.0.1:9093']);
    expect(doc.sources.filter((s) => s.name === 'prometheus')).toHaveLength(1);
    expect(doc.slos).toHaveLength(10);
    expect(doc.slos.every((s) => s.status === 'unknown' && s.sli === null && s.trippedBy === null)).toBe(true);
    // Not `no-data` (the source answered with nothing): it could not be asked, and says why.
    expect(new Set(doc.slos.map((s) => s.error))).toEqual(new Set(['prometheus: unavailable: connect ECONNREFUSED 127.0.0.1:9093']));
    // Still 1: the critical checkout alert fires unacked.
    expect(statusExitCode(doc)).toBe(1);
  });

  it('names the source once in an SLO error when its read was given up behind one that timed out', async () => {
    const rounds = createReadRounds();
    const [sent, queued] = [rounds.join(), rounds.join()];
    sent.failed(new HttpFailure('timeout', 'POST http://prom.test/api/v1/query: no answer within 2000 ms', null, null, null, false, null, 'timed out'));
    const given = queued.notSent('POST http://prom.test/api/v1/query');
    const services = emptyServices({slos: [makeSlo({name: 'checkout-availability'})], sloReader: {name: 'prometheus', kind: 'prometheus', capabilities: fakeSloReader(() => ({error: given})).reader}});
    const doc = await collectStatus(client, services, settings);
    expect(doc.slos.map((s) => s.error)).toEqual(['prometheus: timeout: POST http://prom.test/api/v1/query: not sent: the backend timed out on an earlier read of this refresh']);
  });

  it('ages every source by the time the document is built, after the slowest source answered', async () => {
    const env = createDemoEnvironment({now});
    const slowCi = {
      listDeploys: async () => {
        await new Promise((resolve) => setTimeout(resolve, 3000));
        return env.ci.listDeploys();
      },
    };
    const pending = collectStatus(client, {...env.services, deploySource: {name: 'ci', kind: 'demo', capabilities: slowCi}}, settings);
    await vi.advanceTimersByTimeAsync(3000);
    const doc = await pending;
    expect(doc.generatedAt).toBe('2026-05-01T10:00:03.000Z');
    expect(doc.sources.map((s) => [s.name, s.ageSeconds])).toEqual([
      ['prometheus', 3],
      ['alertmanager', 3],
      ['pagerduty', 3],
      ['ci', 3],
    ]);
  });
});

describe('collectStatus with fake sources', () => {
  const slo = makeSlo({name: 'api-availability', service: 'api'});

  it('every alert source down and SLOs fine → 3: nothing pages in what answered, but that is not all clear', async () => {
    const reader = fakeSloReader((s, at) => ({value: s.map((d) => ({slo: d.name, at, ratios: flatRatios(0.0001)}))}));
    const am = fakeAlertSource(down);
    const services = emptyServices({
      slos: [slo],
      sloReader: {name: 'prom', kind: 'prometheus', capabilities: reader.reader},
      alertSources: [{name: 'am-1', kind: 'alertmanager', capabilities: am.capabilities}],
    });
    const doc = await collectStatus(client, services, settings);
    expect(doc.sources).toEqual([
      {name: 'prom', kind: 'prometheus', state: 'ok', ok: true, error: null, ageSeconds: 0, retrying: false, warnings: [], partial: false, alerts: false},
      {name: 'am-1', kind: 'alertmanager', state: 'error', ok: false, error: 'unavailable: connect ECONNREFUSED 127.0.0.1:9093', ageSeconds: null, retrying: false, warnings: [], partial: false, alerts: true},
    ]);
    expect(doc.alerts).toEqual([]);
    expect(doc.slos.map((s) => s.status)).toEqual(['ok']);
    expect(statusExitCode(doc)).toBe(3);
  });

  it('lists a Pyrra SLO\'s 4d burn after the seven and tickets on 4d&6h; a failed read keeps the key as null', async () => {
    const pyrra = makeSlo({name: 'api-errors', service: 'api', objective: 99, window: '28d', source: 'pyrra'});
    const ratios = [...flatRatios(0.012), {window: '4d', ratio: 0.015}];
    const reader = fakeSloReader((s, at) => ({value: s.map((d) => ({slo: d.name, at, ratios: d.source === 'pyrra' ? ratios : flatRatios(0.0001)}))}));
    const doc = await collectStatus(client, emptyServices({slos: [slo, pyrra], sloReader: {name: 'prom', kind: 'prometheus', capabilities: reader.reader}}), settings);
    const entry = doc.slos.find((s) => s.name === 'api-errors')!;
    expect(entry).toMatchObject({status: 'ticket', trippedBy: '4d&6h'});
    expect(Object.keys(entry.burnRates)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '4d']);
    expect(entry.burnRates['4d']).toBeCloseTo(1.5, 12);
    expect(Object.keys(doc.slos.find((s) => s.name === 'api-availability')!.burnRates)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);

    // A fresh client: the first document's SLO reports are cached under the same context.
    const other = createQueryClient({retry: 0});
    const failing = fakeSloReader(down);
    const failed = await collectStatus(other, emptyServices({slos: [pyrra], sloReader: {name: 'prom', kind: 'prometheus', capabilities: failing.reader}}), settings);
    other.clear();
    other.unmount();
    expect(failed.slos[0]).toMatchObject({status: 'unknown', burnRates: {'4d': null}});
  });

  it('SLOs read from a partial response → 3, each SLO marked partial; a page among them still pages (1)', async () => {
    const warning = 'partial response: store eu-2 unavailable';
    const read = (ratio: number) => fakeSloReader((s, at) => ({value: s.map((d) => ({slo: d.name, at, ratios: flatRatios(ratio)})), warnings: [warning, 'PromQL info: metric might not be a counter'], partial: [warning]}));
    const quiet = await collectStatus(client, emptyServices({slos: [slo], sloReader: {name: 'prom', kind: 'prometheus', capabilities: read(0.0001).reader}}), settings);
    expect(quiet.sources).toMatchObject([{name: 'prom', ok: true, partial: true, warnings: [warning, 'PromQL info: metric might not be a counter']}]);
    expect(quiet.slos.map((s) => [s.status, s.partial])).toEqual([['ok', true]]);
    expect(statusExitCode(quiet)).toBe(3);
    const other = createQueryClient({retry: 0});
    const burning = await collectStatus(other, emptyServices({slos: [slo], sloReader: {name: 'prom', kind: 'prometheus', capabilities: read(0.5).reader}}), settings);
    other.clear();
    other.unmount();
    expect(burning.slos.map((s) => [s.status, s.partial])).toEqual([['page', true]]);
    expect(statusExitCode(burning)).toBe(1);
  });

  it('an info annotation alone (envelope `infos`) is a note, not a partial answer: 0', async () => {
    const reader = fakeSloReader((s, at) => ({value: s.map((d) => ({slo: d.name, at, ratios: flatRatios(0.0001)})), warnings: ['PromQL info: metric might not be a counter']}));
    const doc = await collectStatus(client, emptyServices({slos: [slo], sloReader: {name: 'prom', kind: 'prometheus', capabilities: reader.reader}}), settings);
    expect(doc.sources).toMatchObject([{partial: false, warnings: ['PromQL info: metric might not be a counter']}]);
    expect(doc.slos.map((s) => s.partial)).toEqual([false]);
    expect(statusExitCode(doc)).toBe(0);
  });

  it('SLO files that did not load are listed (sanitized) and make the exit code 3 when nothing pages', async () => {
    const reader = fakeSloReader((s, at) => ({value: s.map((d) => ({slo: d.name, at, ratios: flatRatios(0.0001)}))}));
    const services = emptyServices({slos: [slo], sloReader: {name: 'prom', kind: 'prometheus', capabilities: reader.reader}, sloFileErrors: [{file: 'slos/a\x1b[2J.yaml', error: '5:16: objective: must be a number'}]});
    const doc = await collectStatus(client, services, settings);
    expect(doc.sloFileErrors).toEqual([{file: 'slos/a␛[2J.yaml', error: '5:16: objective: must be a number'}]);
    expect(doc.slos.map((s) => s.status)).toEqual(['ok']);
    expect(statusExitCode(doc)).toBe(3);
    expect(statusExitCode({...doc, sloFileErrors: []})).toBe(0);
  });

  it('a failing deploy source is reported, deploys are empty, the rest stands', async () => {
    const am = fakeAlertSource(() => ({value: [makeAlert({fingerprint: 'f1', severity: 'critical', labels: {alertname: 'X', service: 'api'}})]}));
    const ci = fakeDeploySource(() => ({error: new SourceFailure('auth', 'HTTP 401')}));
    const services = emptyServices({
      alertSources: [{name: 'am-1', kind: 'alertmanager', capabilities: am.capabilities}],
      deploySource: {name: 'github', kind: 'deploys', capabilities: ci.capabilities},
    });
    const doc = await collectStatus(client, services, settings);
    expect(doc.sources.map((s) => [s.name, s.ok, s.error])).toEqual([
      ['am-1', true, null],
      ['github', false, 'auth: HTTP 401'],
    ]);
    expect(doc.deploys).toEqual([]);
    expect(statusExitCode(doc)).toBe(1);
  });

  it('a Prometheus with no SLOs configured is not reported as failing', async () => {
    const reader = fakeSloReader(() => ({value: []}));
    const prom = fakeAlertSource(() => ({value: []}));
    const services = emptyServices({
      sloReader: {name: 'prometheus', kind: 'prometheus', capabilities: reader.reader},
      alertSources: [{name: 'prometheus', kind: 'prometheus', capabilities: prom.capabilities}],
    });
    const doc = await collectStatus(client, services, settings);
    expect(reader.calls).toEqual([]);
    expect(doc.sources).toEqual([{name: 'prometheus', kind: 'prometheus', state: 'ok', ok: true, error: null, ageSeconds: 0, retrying: false, warnings: [], partial: false, alerts: true}]);
    expect(statusExitCode(doc)).toBe(0);
  });

  it('an SLO whose own query was refused makes the exit code 3 when nothing pages, 1 when another SLO pages', async () => {
    const refused = makeSlo({name: 'grpc-latency', service: 'grpc'});
    const paging = makeSlo({name: 'api-paging', service: 'api'});
    const read = (burning: boolean) =>
      fakeSloReader((s, at) => ({
        value: s.map((d) =>
          d.name === 'grpc-latency'
            ? {slo: d.name, at, ratios: [], error: 'Prometheus refused its query (HTTP 400): parse error'}
            : {slo: d.name, at, ratios: flatRatios(burning ? 0.05 : 0.0001)},
        ),
      }));
    const quiet = await collectStatus(client, emptyServices({slos: [refused, paging], sloReader: {name: 'prom', kind: 'prometheus', capabilities: read(false).reader}}), settings);
    expect(quiet.slos.map((s) => [s.name, s.status, s.error])).toEqual([
      ['grpc-latency', 'unknown', 'Prometheus refused its query (HTTP 400): parse error'],
      ['api-paging', 'ok', null],
    ]);
    expect(quiet.sources[0]?.ok).toBe(true);
    expect(statusExitCode(quiet)).toBe(3);
    const other = createQueryClient({retry: 0});
    const burning = await collectStatus(other, emptyServices({slos: [refused, paging], sloReader: {name: 'prom', kind: 'prometheus', capabilities: read(true).reader}}), settings);
    other.clear();
    other.unmount();
    expect(statusExitCode(burning)).toBe(1);
  });

  it('an acked critical alert does not make the exit code 1', async () => {
    const alert = makeAlert({fingerprint: 'f1', severity: 'critical', state: 'suppressed', silencedBy: ['s1']});
    const am = fakeAlertSource(
      () => ({value: [alert]}),
      () => ({value: [{id: 's1', matchers: [], startsAt: T0 - 1000, endsAt: T0 + 600_000, createdBy: 'secondary', comment: 'ACK! mine', state: 'active'}]}),
    );
    const services = emptyServices({alertSources: [{name: 'am', kind: 'alertmanager', capabilities: am.capabilities}]});
    const doc = await collectStatus(client, services, settings);
    expect(doc.alerts[0]!.ack).toEqual({by: 'secondary', until: '2026-05-01T10:10:00.000Z', silenceId: 's1'});
    expect(statusExitCode(doc)).toBe(0);
  });
});
