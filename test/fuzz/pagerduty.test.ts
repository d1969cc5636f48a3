/**
 * Fuzzing the PagerDuty decoders behind the source's real HTTP client: incidents and their
 * alerts, who is on call, pagination, and the headers of a 429. Arbitrary and hostile answers
 * never throw anything but the source's own failure; entries the source cannot show are
 * reported (a warning, or the read fails naming the field), never dropped unsaid; escape
 * sequences, OSC 8/52 payloads and bidi controls never reach a row, a detail or the on-call line.
 * The valid answers are checked against PagerDuty's OpenAPI description first.
 */
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import type {Alert} from '../../src/domain/alert.ts';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import {createPagerdutySource, type PagerdutySourceConfig} from '../../src/sources/pagerduty/pagerduty-source.ts';
import {oncallDetails, oncallHeaderText, oncallView} from '../../src/view/rows/oncall-lines.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {firingText, incidentBody, type FakeIncident} from '../helpers/fake-pagerduty.ts';
import {validateResponse} from '../helpers/openapi-operations.ts';
import {loadContract} from '../helpers/openapi-schema.ts';
import {anyText, hostileLabels, hostileText, isoTime} from './arbitraries.ts';
import {drawnAlerts, drawnProblems, expectDrawnSafe, NOW} from './drawn.ts';
import {anyAnswer, fakeBackend, json, type Answer} from './fake-backend.ts';
import {expectDecoded, expectSourceFailure, fuzz, fuzzAsync, RUNS, settleAsync} from './fuzz-run.ts';

const contract = loadContract('pagerduty-rest-incidents.openapi.json');
const backend = fakeBackend('http://pagerduty.fuzz');
afterAll(() => backend.close());
const LABEL = /^pagerduty/;

const config: PagerdutySourceConfig = {kind: 'pagerduty', name: 'pagerduty', apiUrl: backend.origin, from: 'oncall@example.com', serviceIds: ['PSVC1'], teamIds: [], services: {PSVC1: 'checkout'}, timeout: '2s'};
// No real waiting: a 429's wait is recorded, the clock moves by it.
function source(waits: number[] = []) {
  let now = NOW;
  return createPagerdutySource(config, {token: 'fuzz-token'}, {dispatcher: backend.dispatcher, now: () => now, sleep: async (ms) => void (waits.push(ms), (now += ms))});
}

const ref = (type: string) => fc.record({id: fc.stringMatching(/^P[A-Z0-9]{1,7}$/), type: fc.constant(type), summary: hostileText});

/** An incident as the stand-in builds it, with hostile strings wherever PagerDuty passes text through. */
const fakeIncident: fc.Arbitrary<FakeIncident> = fc.record({
  id: fc.stringMatching(/^P[A-Z0-9]{2,8}$/),
  number: fc.integer({min: 1, max: 999_999}),
  title: hostileText,
  status: fc.constantFrom('triggered' as const, 'acknowledged' as const),
  urgency: fc.constantFrom('high' as const, 'low' as const),
  priority: fc.option(fc.oneof(fc.constantFrom('P1', 'P2', 'P3', 'P5'), hostileText), {nil: undefined}),
  serviceId: fc.constant('PSVC1'),
  serviceName: hostileText,
  acknowledgedBy: fc.option(fc.constantFrom('alice@example.com', 'bob@example.com'), {nil: undefined}),
  firing: fc.array(hostileLabels, {maxLength: 3}),
  alertKey: anyText,
  createdAt: isoTime,
}, {requiredKeys: ['id', 'number', 'title', 'status', 'serviceId', 'serviceName']});

const incidentList = fc.array(fakeIncident, {maxLength: 4}).map((list) => ({incidents: list.map(incidentBody), limit: 100, offset: 0, more: false, total: null}));
// Alertmanager's integration sends `details`; an alert from another integration may have a body without it.
const alertList = fc.tuple(fc.array(hostileLabels, {maxLength: 3}), fc.boolean()).map(([sets, withDetails]) => ({
  alerts: [{id: 'PALERT1', type: 'alert', summary: 'x', self: null, html_url: null, created_at: '2026-05-04T11:00:00Z', status: 'triggered', alert_key: 'k', service: {id: 'PSVC1', type: 'service_reference'}, incident: {id: 'PINC', type: 'incident_reference'}, suppressed: false, severity: 'critical', body: {type: 'alert_body', contexts: [], ...(withDetails ? {details: {firing: firingText(sets)}} : {})}}],
  limit: 100, offset: 0, more: false,
}));
// Valid per the contract (a user on every entry); mutated answers drop users and policies.
const oncallEntry = fc.record(
  {
    user: ref('user_reference'),
    escalation_policy: ref('escalation_policy_reference'),
    schedule: ref('schedule_reference'),
    escalation_level: fc.integer({min: 1, max: 5}),
    start: isoTime,
    end: isoTime,
  },
  {requiredKeys: ['user', 'escalation_policy', 'escalation_level']},
);
const oncallList = fc.array(oncallEntry, {maxLength: 5}).map((oncalls) => ({oncalls, limit: 100, offset: 0, more: false, total: null}));
const serviceList = fc.constant({services: [{id: 'PSVC1', type: 'service', summary: 'Checkout', name: 'Checkout', escalation_policy: {id: 'PPOL1', type: 'escalation_policy_reference'}}], limit: 100, offset: 0, more: false});

const byPath = (routes: Array<[RegExp, Answer]>) => (path: string) => routes.find(([re]) => re.test(path))?.[1] ?? json({error: {message: 'Not Found', code: 2100}}, 404);

/** The rows, details and status text of incidents, and of an alert each incident's link marks. */
function drawnIncidents(rows: Alert[]): string[] {
  const linked = rows.map((r, i) => makeAlert({fingerprint: `linked-${i}`, name: 'HighErrorRate', labels: {alertname: 'HighErrorRate'}, incident: r.incident!}));
  return drawnAlerts([...rows, ...linked]);
}

describe('the generated PagerDuty answers', () => {
  it('fit the OpenAPI description (so the hostile ones are ones PagerDuty could send)', () => {
    fuzz(RUNS.contract, [incidentList, alertList, oncallList], (incidents, alerts, oncalls) => {
      expect(validateResponse(contract, 'GET', '/incidents', 200, incidents)).toEqual([]);
      expect(validateResponse(contract, 'GET', '/incidents/PINC/alerts', 200, alerts)).toEqual([]);
      expect(validateResponse(contract, 'GET', '/oncalls', 200, oncalls)).toEqual([]);
    });
  });
});

describe('the PagerDuty source on any answer', () => {
  it('incidents and their alerts: rows drawn sanitized, or a failure naming the source', async () => {
    await fuzzAsync(RUNS.source, [anyAnswer(incidentList), anyAnswer(alertList)], async (incidents, alerts) => {
      backend.answer(byPath([[/\/alerts$/, alerts], [/^\/incidents$/, incidents]]));
      const listed = expectDecoded(await settleAsync(() => source().listAlerts()), LABEL);
      if (listed === null) return;
      // Every incident listed is a row: none dropped (a bad one fails the read, naming the field).
      const sent = JSON.parse(incidents.body as string) as {incidents: unknown[]};
      expect(listed.value).toHaveLength(sent.incidents.length);
      expectDrawnSafe(drawnIncidents(listed.value), 'incident rows');
      expectDrawnSafe(drawnProblems(null, listed.warnings), 'warnings');
    });
  });

  it('valid hostile incidents decode in full, each linked by its firing label sets', async () => {
    await fuzzAsync(RUNS.valid, [incidentList, alertList], async (incidents, alerts) => {
      backend.answer(byPath([[/\/alerts$/, json(alerts)], [/^\/incidents$/, json(incidents)]]));
      const {value} = await source().listAlerts();
      expect(value.map((a) => a.incident?.number)).toEqual(incidents.incidents.map((i) => i.incident_number));
      for (const row of value) expect(row.incidentLinks?.labelSets.length).toBeLessThanOrEqual(alerts.alerts.length * 3);
      expectDrawnSafe(drawnIncidents(value), 'incident rows');
    });
  });

  it('who is on call: entries it cannot show are reported, never dropped unsaid; the line and details drawn sanitized', async () => {
    // Besides any answer: valid lists where some entries lost their user (a schedule with nobody on it).
    const userless = fc.tuple(oncallList, fc.array(fc.boolean(), {minLength: 5, maxLength: 5})).map(([list, drop]) => json({...list, oncalls: list.oncalls.map((o, i) => (drop[i] ? {...o, user: null} : o))}));
    await fuzzAsync(RUNS.source, [fc.oneof(anyAnswer(oncallList), userless), fc.oneof(serviceList.map((s) => json(s)), anyAnswer(serviceList))], async (oncalls, serviceAnswer) => {
      let asked = false;
      const route = byPath([[/^\/oncalls$/, oncalls], [/^\/services$/, serviceAnswer]]);
      backend.answer((path) => ((asked ||= path === '/oncalls'), route(path)));
      const listed = expectDecoded(await settleAsync(() => source().listOncalls()), LABEL);
      if (listed === null) return;
      const sent = (() => {
        try {
          return (JSON.parse(oncalls.body as string) as {oncalls?: Array<{user?: unknown}>}).oncalls ?? [];
        } catch {
          return [];
        }
      })();
      const skipped = Number(/(\d+) on-call entr/.exec(listed.warnings.join(' '))?.[1] ?? 0);
      // Asked (the services named a policy): every entry is shown or counted in the warning.
      if (asked) expect(listed.value.length + skipped).toBe(sent.length);
      const view = oncallView({data: {oncalls: listed.value, at: NOW, outcomes: []}, error: null, dataUpdatedAt: NOW}, null);
      const services = [...new Set(listed.value.flatMap((o) => o.services))];
      expectDrawnSafe([oncallHeaderText(view, services[0] ?? 'checkout', services, NOW).text, oncallHeaderText(view, null, services, NOW).text, ...oncallDetails(view, services[0] ?? 'checkout', NOW).flatMap((l) => [l.label, l.value])], 'on-call line');
      expectDrawnSafe(drawnProblems(null, listed.warnings), 'warnings');
    });
  });

  it('pagination: any `more`, `offset` and page size is followed to an end, at most 100 pages, the cut said', async () => {
    await fuzzAsync(RUNS.decoder, [fc.array(fc.record({more: fc.oneof(fc.boolean(), fc.constant(null), anyText), offset: fc.oneof(fc.integer(), fc.constant(null), anyText), size: fc.integer({min: 0, max: 3})}), {minLength: 1, maxLength: 25}), fakeIncident], async (pages, one) => {
      let page = 0;
      backend.answer((path) => {
        if (path.endsWith('/alerts')) return json({alerts: [], limit: 100, offset: 0, more: false});
        const p = pages[Math.min(page++, pages.length - 1)]!;
        return json({incidents: Array.from({length: p.size}, (_, i) => incidentBody({...one, id: `P${page}X${i}`})), more: p.more, offset: p.offset, limit: 100});
      });
      const listed = expectDecoded(await settleAsync(() => source().listAlerts()), LABEL);
      expect(page).toBeLessThanOrEqual(100);
      if (listed === null) return;
      // The pages answered (the last one repeats): 100 of them, every one saying more, is a cut said with its count.
      const answered = Array.from({length: page}, (_, i) => pages[Math.min(i, pages.length - 1)]!);
      if (page === 100 && answered.every((p) => p.more === true && p.size > 0)) expect(listed.warnings.join(' ')).toContain(`showing the first ${listed.value.length}`);
      expectDrawnSafe(drawnIncidents(listed.value), 'incident rows');
    });
  });

  it('a 429 with any reset header: a read never waits, it fails at once naming the source; never another throw', async () => {
    const header = fc.oneof(fc.integer({min: -5, max: 10 ** 12}).map(String), fc.double().map(String), anyText, fc.constantFrom('', '0', '1e309', 'NaN', 'Wed, 21 Oct 2015 07:28:00 GMT'));
    await fuzzAsync(RUNS.source, [fc.record({'ratelimit-reset': header, 'retry-after': header}, {requiredKeys: []}), anyText], async (headers, body) => {
      const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => !/[\r\n\u0000-\u001f\u007f]/.test(v) && /^[\x20-\x7e]*$/.test(v)));
      backend.answer({status: 429, contentType: 'application/json', body: JSON.stringify({error: {message: body, code: 2020}}), headers: clean});
      const waits: number[] = [];
      const outcome = await settleAsync(() => source(waits).listAlerts());
      expect(outcome.ok).toBe(false);
      const failure = expectSourceFailure(!outcome.ok ? outcome.error : null, LABEL);
      expect(failure).toBeInstanceOf(SourceFailure);
      // A read never sleeps through a rate limit: the other sources' alerts wait for none.
      expect(waits).toEqual([]);
      expectDrawnSafe(drawnProblems(`${failure.kind}: ${failure.message}`, []), 'the failure');
    });
  });
});
