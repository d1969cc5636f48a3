import {MockAgent} from 'undici';
import {describe, expect, it} from 'vitest';
import {batchRatioQuery} from '../../../src/domain/promql-batch.ts';
import {combinedRatioQuery} from '../../../src/domain/promql.ts';
import {BURN_WINDOWS, type SloDefinition} from '../../../src/domain/slo.ts';
import {evaluateSlo} from '../../../src/domain/slo-math.ts';
import {fleetWindows} from '../../../src/domain/slo-windows.ts';
import {alertFingerprint} from '../../../src/sources/alert-fingerprint.ts';
import {SourceFailure} from '../../../src/sources/capabilities.ts';
import {createPrometheusSource, rangeStepSeconds, type PrometheusSourceConfig} from '../../../src/sources/prometheus/prometheus-source.ts';

const ORIGIN = 'http://thanos.test:10902';
const JSON_HEADERS = {headers: {'content-type': 'application/json'}};
const AT = Date.UTC(2026, 4, 1, 12, 0, 0);

function slo(name: string, window = '30d'): SloDefinition {
  return {
    name,
    service: name,
    objective: 99.9,
    window,
    source: 'native',
    sli: {kind: 'ratio', errorQuery: `sum(rate(errors_total{svc="${name}"}[{{.window}}]))`, totalQuery: `sum(rate(requests_total{svc="${name}"}[{{.window}}]))`},
  };
}

const sample = (sloName: string, part: string, value: string) => ({metric: {oncall_slo: sloName, oncall_part: part}, value: [AT / 1000, value]});
const vector = (result: unknown[], extra: Record<string, unknown> = {}) => ({status: 'success', data: {resultType: 'vector', result}, ...extra});

function setup(config: Partial<PrometheusSourceConfig> = {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const source = createPrometheusSource({name: 'thanos', baseUrl: ORIGIN, dispatcher: agent, ...config});
  return {pool: agent.get(ORIGIN), source};
}

describe('createPrometheusSource: readRatios', () => {
  const slos = [slo('checkout'), slo('search', '28d'), {...slo('demo'), sli: undefined}];

  it('sends one form-encoded instant query per burn window, the period folded into the longest, with tenant header, prefix and partial_response', async () => {
    const {pool, source} = setup({pathPrefix: '/prometheus', headers: {'X-Scope-OrgID': 'team-a'}, partialResponse: true});
    const bodies: string[] = [];
    const windowed = (window: string, s: ReturnType<typeof sample>) => ({...s, metric: {...s.metric, oncall_window: window}});
    const replies = {
      '5m': [sample('checkout', 'errors', '2'), sample('checkout', 'total', '100'), sample('search', 'total', '0')],
      '1h,period': [
        ...[sample('checkout', 'errors', '0'), sample('checkout', 'total', '50')].map((s) => windowed('1h', s)),
        ...[sample('checkout', 'errors', '1e-07'), sample('checkout', 'total', '1'), sample('search', 'total', '0')].map((s) => windowed('period', s)),
      ],
    };
    for (const [group, result] of Object.entries(replies)) {
      const windows = group.split(',') as Array<'5m' | '1h' | 'period'>;
      const expected = new URLSearchParams({query: batchRatioQuery(slos, windows) ?? '', time: String(AT / 1000), partial_response: 'true'}).toString();
      pool
        .intercept({path: '/prometheus/api/v1/query', method: 'POST', body: expected, headers: {'X-Scope-OrgID': 'team-a', 'content-type': 'application/x-www-form-urlencoded'}})
        .reply(200, (opts) => {
          bodies.push(String(opts.body));
          return vector(result);
        }, JSON_HEADERS);
    }
    const {value, warnings} = await source.readRatios(slos, ['5m', '1h', 'period'], AT);
    expect(bodies).toHaveLength(2);
    // A single window reads exactly as the combined query; the folded request tags its windows.
    expect(batchRatioQuery(slos, ['5m'])).toBe(combinedRatioQuery(slos, '5m'));
    expect(warnings).toEqual([]);
    // Each ratio says where it came from (for the detail view); an SLO without queries says nothing.
    expect(value.map((m) => m.ratios.map((r) => r.origin ?? null))).toEqual([
      ['computed from the SLI queries', 'computed from the SLI queries', 'computed from the SLI queries'],
      ['computed from the SLI queries', 'computed from the SLI queries', 'computed from the SLI queries'],
      [null, null, null],
    ]);
    expect(value.map((m) => ({...m, ratios: m.ratios.map(({origin: _, ...r}) => r)}))).toEqual([
      // Each window's requests per second ride along: they tell a quiet night from a hang.
      {slo: 'checkout', at: AT, ratios: [{window: '5m', ratio: 0.02, totalRate: 100}, {window: '1h', ratio: 0, totalRate: 50}, {window: 'period', ratio: 1e-7, totalRate: 1}]},
      // Zero traffic and no query at all are both "no data"; zero traffic is idle (answered), no series is not.
      {slo: 'search', at: AT, ratios: [{window: '5m', ratio: null, idle: true, totalRate: 0}, {window: '1h', ratio: null}, {window: 'period', ratio: null, idle: true, totalRate: 0}]},
      {slo: 'demo', at: AT, ratios: [{window: '5m', ratio: null}, {window: '1h', ratio: null}, {window: 'period', ratio: null}]},
    ]);
  });

  it('reads a window only Pyrra SLOs need in one more request, holding only them', async () => {
    const pyrra: SloDefinition = {...slo('api', '28d'), source: 'pyrra'};
    const fleet = [slo('checkout'), slo('search', '28d')];
    const windows = fleetWindows([...fleet, pyrra]);
    expect(windows).toEqual([...BURN_WINDOWS, 'period', '4d']);

    // Without the Pyrra SLO the same windows cost the 7 requests; no request reads 4d.
    const plain = setup({recordedRules: 'off'});
    const plainBodies: string[] = [];
    plain.pool
      .intercept({path: '/api/v1/query', method: 'POST'})
      .reply(200, (opts) => {
        plainBodies.push(String(opts.body));
        return vector([]);
      }, JSON_HEADERS)
      .times(8);
    await plain.source.readRatios(fleet, windows, AT);
    expect(plainBodies).toHaveLength(7);
    expect(plainBodies.some((b) => b.includes('%5B4d%5D'))).toBe(false);

    const {pool, source} = setup({recordedRules: 'off'});
    const bodies: string[] = [];
    pool
      .intercept({path: '/api/v1/query', method: 'POST'})
      .reply(200, (opts) => {
        const body = String(opts.body);
        bodies.push(body);
        return vector(body.includes('%5B4d%5D') ? [sample('api', 'errors', '3'), sample('api', 'total', '100')] : []);
      }, JSON_HEADERS)
      .times(9);
    const {value} = await source.readRatios([...fleet, pyrra], windows, AT);
    expect(bodies).toHaveLength(8);
    const fourDay = bodies.filter((b) => b.includes('%5B4d%5D'));
    expect(fourDay).toEqual([new URLSearchParams({query: combinedRatioQuery([pyrra], '4d') ?? '', time: String(AT / 1000)}).toString()]);
    // The 4d ratio belongs to the Pyrra SLO alone; the others' measurements do not mention it.
    expect(value.map((m) => m.ratios.find((r) => r.window === '4d')?.ratio ?? 'absent')).toEqual(['absent', 'absent', 0.03]);
  });

  it('says the envelope\'s warnings, not its infos, read the answer in part', async () => {
    const {pool, source} = setup();
    const answer = (extra: Record<string, unknown>) => vector([sample('checkout', 'total', '1')], extra);
    pool.intercept({path: '/api/v1/query', method: 'POST'}).reply(200, answer({warnings: ['partial response: store 10.0.0.7:10901 unavailable'], infos: ['PromQL info: metric might not be a counter']}), JSON_HEADERS);
    const inPart = await source.readRatios(slos.slice(0, 1), ['5m'], AT);
    expect(inPart.partial).toEqual(['partial response: store 10.0.0.7:10901 unavailable']);
    pool.intercept({path: '/api/v1/query', method: 'POST'}).reply(200, answer({infos: ['PromQL info: metric might not be a counter']}), JSON_HEADERS);
    const whole = await source.readRatios(slos.slice(0, 1), ['5m'], AT);
    expect(whole).toMatchObject({warnings: ['PromQL info: metric might not be a counter'], partial: []});
  });

  it('reads a VictoriaMetrics cluster answer flagged isPartial (a vmstorage node down, no warning) in part, as Thanos warnings', async () => {
    const {pool, source} = setup();
    const note = 'isPartial: some storage nodes did not answer, series may be missing';
    pool.intercept({path: '/api/v1/query', method: 'POST'}).reply(200, vector([sample('checkout', 'total', '1')], {isPartial: true}), JSON_HEADERS);
    expect(await source.readRatios(slos.slice(0, 1), ['5m'], AT)).toMatchObject({warnings: [note], partial: [note]});
    // `false`, or anything but `true`, is a whole answer.
    for (const isPartial of [false, 'true', null]) {
      pool.intercept({path: '/api/v1/query', method: 'POST'}).reply(200, vector([sample('checkout', 'total', '1')], {isPartial}), JSON_HEADERS);
      expect(await source.readRatios(slos.slice(0, 1), ['5m'], AT)).toMatchObject({warnings: [], partial: []});
    }
  });

  it('keeps a PromQL warning annotation (mixed floats and histograms) as a warning, not a partial answer', async () => {
    const {pool, source} = setup();
    const mixed = 'PromQL warning: encountered a mix of histograms and floats for metric name "http_requests_total"';
    pool.intercept({path: '/api/v1/query', method: 'POST'}).reply(200, vector([sample('checkout', 'total', '1')], {warnings: [mixed, 'partial response: store 10.0.0.7:10901 unavailable']}), JSON_HEADERS);
    expect(await source.readRatios(slos.slice(0, 1), ['5m'], AT)).toMatchObject({warnings: [mixed, 'partial response: store 10.0.0.7:10901 unavailable'], partial: ['partial response: store 10.0.0.7:10901 unavailable']});
    pool.intercept({path: '/api/v1/query', method: 'POST'}).reply(200, vector([sample('checkout', 'total', '1')], {warnings: [mixed]}), JSON_HEADERS);
    expect(await source.readRatios(slos.slice(0, 1), ['5m'], AT)).toMatchObject({warnings: [mixed], partial: []});
  });

  it('treats NaN and +Inf totals as no data, and surfaces warnings and infos once', async () => {
    const {pool, source} = setup();
    const reply = vector([sample('checkout', 'errors', 'NaN'), sample('checkout', 'total', 'NaN'), sample('search', 'errors', '1'), sample('search', 'total', '+Inf')], {
      warnings: ['partial response: store 10.0.0.7:10901 unavailable'],
      infos: ['PromQL info: metric might not be a counter'],
    });
    pool.intercept({path: '/api/v1/query', method: 'POST'}).reply(200, reply, JSON_HEADERS).times(2);
    const {value, warnings} = await source.readRatios(slos.slice(0, 2), ['5m', '1h'], AT);
    expect(value.map((m) => m.ratios.map((r) => r.ratio))).toEqual([[null, null], [null, null]]);
    expect(warnings).toEqual(['partial response: store 10.0.0.7:10901 unavailable', 'PromQL info: metric might not be a counter']);
  });

  it('gives each SLO whose query fails at execution (HTTP 422) the PromQL error as its own', async () => {
    const {pool, source} = setup();
    pool.intercept({path: '/api/v1/query', method: 'POST'}).reply(422, {status: 'error', errorType: 'execution', error: 'many-to-many matching not allowed'}, JSON_HEADERS).persist();
    const {value, warnings} = await source.readRatios(slos, ['5m'], AT);
    expect(value.map((m) => m.error ?? null)).toEqual([
      'Prometheus refused its query (HTTP 422): many-to-many matching not allowed',
      'Prometheus refused its query (HTTP 422): many-to-many matching not allowed',
      // Nothing to ask for an SLO without queries: nothing refused.
      null,
    ]);
    expect(warnings).toEqual(['Prometheus refused the query of 2 SLOs: checkout, search; the others are read']);
  });

  // The 5m and 1h windows at 5 % errors (a 50x burn: page), the 30-day read over a server limit.
  const paging = (reply: (q: string) => {status: number; body: unknown}) => {
    const {pool, source} = setup();
    pool
      .intercept({path: '/api/v1/query', method: 'POST'})
      .reply((opts) => {
        const {status, body} = reply(new URLSearchParams(String(opts.body)).get('query') ?? '');
        return {statusCode: status, data: body as object, responseOptions: JSON_HEADERS};
      })
      .persist();
    return source;
  };
  // Each SLO asked, in each window asked (tagged when the request carries two).
  const fivePercent = (q: string) => {
    const windows = q.includes('[30d]') ? ['3d', 'period'] : [undefined];
    const tagged = (n: string, part: string, v: string, w: string | undefined) => {
      const s = sample(n, part, v);
      return w === undefined ? s : {...s, metric: {...s.metric, oncall_window: w}};
    };
    const asked = ['checkout', 'search'].filter((n) => q.includes(`svc="${n}"`));
    return vector(asked.flatMap((n) => windows.flatMap((w) => [tagged(n, 'errors', '5', w), tagged(n, 'total', '100', w)])));
  };

  it('a 422 for a load limit on the 30-day read loses only the 3d and period windows: the page the short windows show still pages', async () => {
    const limit = 'query processing would load too many samples into memory in query execution';
    const source = paging((q) => (q.includes('[30d]') ? {status: 422, body: {status: 'error', errorType: 'execution', error: limit}} : {status: 200, body: fivePercent(q)}));
    const {value, warnings} = await source.readRatios([slo('checkout')], [...BURN_WINDOWS, 'period'], AT);
    expect(value[0]!.error).toBeUndefined();
    expect(value[0]!.ratios.filter((r) => r.unread !== undefined).map((r) => r.window)).toEqual(['3d', 'period']);
    expect(value[0]!.ratios.find((r) => r.window === 'period')!.unread).toContain(limit);
    const report = evaluateSlo(slo('checkout'), value[0]!);
    expect([report.status, report.trippedBy, report.error]).toEqual(['page', '1h&5m', undefined]);
    expect(warnings).toEqual([expect.stringMatching(/^could not read the 3d, period windows \(.*too many samples.*\); SLOs are judged on the windows read; the error budget is unknown$/)]);
  });

  it('an SLO refused only in the 30-day request loses only those windows: its page stands, the SLO beside it is read whole', async () => {
    const source = paging((q) =>
      q.includes('[30d]') && q.includes('svc="search"') ? {status: 422, body: {status: 'error', errorType: 'execution', error: 'many-to-many matching not allowed'}} : {status: 200, body: fivePercent(q)},
    );
    const {value, warnings} = await source.readRatios([slo('checkout'), slo('search')], [...BURN_WINDOWS, 'period'], AT);
    const [checkout, search] = value;
    expect(checkout!.ratios.every((r) => r.ratio === 0.05 && r.unread === undefined)).toBe(true);
    expect(search!.error).toBeUndefined();
    expect(search!.ratios.filter((r) => r.unread !== undefined).map((r) => [r.window, r.unread])).toEqual([
      ['3d', 'Prometheus refused its query (HTTP 422): many-to-many matching not allowed'],
      ['period', 'Prometheus refused its query (HTTP 422): many-to-many matching not allowed'],
    ]);
    expect(evaluateSlo(slo('search'), search!).status).toBe('page');
    expect(warnings).toContain('Prometheus refused the query of SLO search; the others are read');
  });

  it('maps a JSON error envelope to its failure kind with the PromQL error', async () => {
    const {pool, source} = setup();
    pool.intercept({path: '/api/v1/query', method: 'POST'}).reply(503, {status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation'}, JSON_HEADERS);
    const failure = await source.readRatios(slos, ['5m'], AT).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SourceFailure);
    expect((failure as SourceFailure).kind).toBe('timeout');
    expect((failure as SourceFailure).message).toBe('POST http://thanos.test:10902/api/v1/query: HTTP 503 Service Unavailable: query timed out in expression evaluation');
  });

  it('reads the error of an error envelope that has no data, even with status 200 (a proxy rewrote the status)', async () => {
    const {pool, source} = setup();
    pool.intercept({path: '/api/v1/query', method: 'POST'}).reply(200, {status: 'error', errorType: 'bad_data', error: 'parse error at char 5'}, JSON_HEADERS);
    const failure = (await source.readRatios(slos, ['5m'], AT).catch((e: unknown) => e)) as SourceFailure;
    expect(failure.message).toBe('thanos /api/v1/query: bad_data: parse error at char 5');
  });

  it('rejects a non-vector result as bad-response', async () => {
    const {pool, source} = setup();
    pool.intercept({path: '/api/v1/query', method: 'POST'}).reply(200, {status: 'success', data: {resultType: 'scalar', result: [1, '1']}}, JSON_HEADERS);
    const failure = (await source.readRatios(slos, ['5m'], AT).catch((e: unknown) => e)) as SourceFailure;
    expect(failure.kind).toBe('bad-response');
    expect(failure.message).toBe('thanos /api/v1/query: unexpected response shape at resultType: Invalid input: expected "vector"');
  });
});

describe('createPrometheusSource: readHistory', () => {
  it('raises the step to stay under 11,000 points', () => {
    expect(rangeStepSeconds(0, 30 * 86_400_000, 1)).toBe(236);
    expect(rangeStepSeconds(0, 3_600_000, 60)).toBe(60);
    expect(rangeStepSeconds(0, 3_600_000, 0.2)).toBe(1);
  });

  it('returns one point per step, null where the range had no sample', async () => {
    const {pool, source} = setup();
    const from = AT - 3 * 600_000;
    const q = new URLSearchParams({query: combinedRatioQuery([slo('checkout')], '1h') ?? '', start: String(from / 1000), end: String(AT / 1000), step: '600'}).toString();
    const t = (i: number) => from / 1000 + i * 600;
    pool.intercept({path: '/api/v1/query_range', method: 'POST', body: q}).reply(200, {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {metric: {oncall_slo: 'checkout', oncall_part: 'errors'}, values: [[t(0), '1'], [t(1), '3'], [t(3), '0']]},
          {metric: {oncall_slo: 'checkout', oncall_part: 'total'}, values: [[t(0), '100'], [t(1), '100'], [t(3), '50']]},
        ],
      },
    }, JSON_HEADERS);
    const {value} = await source.readHistory(slo('checkout'), from, AT, 600);
    expect(value).toEqual([
      {at: from, ratio: 0.01},
      {at: from + 600_000, ratio: 0.03},
      {at: from + 1_200_000, ratio: null},
      {at: AT, ratio: 0},
    ]);
  });
});

describe('createPrometheusSource: listAlerts', () => {
  it('lists pending and firing alerts with Alertmanager fingerprints, external labels included', async () => {
    const {pool, source} = setup({externalLabels: {cluster: 'eu-1', severity: 'ignored'}});
    pool.intercept({path: '/api/v1/alerts'}).reply(200, {
      status: 'success',
      data: {
        alerts: [
          {labels: {alertname: 'HighLatency', severity: 'page'}, annotations: {summary: 's'}, state: 'pending', activeAt: '2018-07-04T20:27:12.60602144+02:00', value: '1e+00'},
          {labels: {alertname: 'Down'}, annotations: {}, state: 'firing', activeAt: '2018-07-04T18:27:12Z', value: '4.2e-01', keepFiringSince: '2018-07-04T18:30:00Z'},
          {labels: {alertname: 'Old'}, annotations: {}, state: 'inactive', value: '0e+00'},
        ],
      },
    }, JSON_HEADERS);
    const {value} = await source.listAlerts();
    expect(value).toEqual([
      {
        fingerprint: alertFingerprint({alertname: 'HighLatency', severity: 'page', cluster: 'eu-1'}),
        name: 'HighLatency',
        severity: 'page',
        state: 'pending',
        labels: {cluster: 'eu-1', alertname: 'HighLatency', severity: 'page'},
        annotations: {summary: 's'},
        startsAt: Date.UTC(2018, 6, 4, 18, 27, 12, 606),
        generatorUrl: null,
        silencedBy: [],
        inhibitedBy: [],
        seenBy: ['thanos'],
        ack: null,
      },
      expect.objectContaining({name: 'Down', state: 'firing', severity: 'ignored', startsAt: Date.UTC(2018, 6, 4, 18, 27, 12)}),
    ]);
  });

  it('adds the external labels before the fingerprint, which then equals the one Alertmanager gave the alert', async () => {
    // Alertmanager reported 54e84b52d8041f63 for {alertname: CheckoutErrorBudgetBurn, service:
    // checkout, severity: critical} (alertmanager/fixtures/alerts-0.25.json). Prometheus lists the
    // alert without its external `service`; its own `severity` beats the external one.
    const {pool, source} = setup({externalLabels: {service: 'checkout', severity: 'warning'}});
    const alert = {labels: {alertname: 'CheckoutErrorBudgetBurn', severity: 'critical'}, annotations: {}, state: 'pending', activeAt: '2026-05-01T11:58:00Z', value: '1e+00'};
    pool.intercept({path: '/api/v1/alerts'}).reply(200, {status: 'success', data: {alerts: [alert]}}, JSON_HEADERS);
    const {value} = await source.listAlerts();
    expect(value.map((a) => [a.fingerprint, a.severity, a.labels])).toEqual([
      ['54e84b52d8041f63', 'critical', {alertname: 'CheckoutErrorBudgetBurn', severity: 'critical', service: 'checkout'}],
    ]);
  });

  it('with externalLabels auto reads them from /api/v1/status/config once, not on every poll', async () => {
    const {pool, source} = setup({externalLabels: 'auto'});
    const yaml = 'global:\n  scrape_interval: 15s\n  external_labels:\n    service: checkout\n    replica: "1"\nrule_files: [rules.yml]\n';
    pool.intercept({path: '/api/v1/status/config'}).reply(200, {status: 'success', data: {yaml}}, JSON_HEADERS);
    const alert = {labels: {alertname: 'CheckoutErrorBudgetBurn', severity: 'critical', replica: ''}, annotations: {}, state: 'pending'};
    pool.intercept({path: '/api/v1/alerts'}).reply(200, {status: 'success', data: {alerts: [alert]}}, JSON_HEADERS).times(2);
    for (let poll = 0; poll < 2; poll++) {
      // A second config request would find no reply (the mock refuses it) and end in a warning.
      const {value, warnings} = await source.listAlerts();
      expect(warnings).toEqual([]);
      expect(value.map((a) => a.labels)).toEqual([{alertname: 'CheckoutErrorBudgetBurn', severity: 'critical', replica: '1', service: 'checkout'}]);
    }
  });

  it('with externalLabels auto and no status endpoint (Thanos Query) lists alerts without them and says so', async () => {
    const {pool, source} = setup({externalLabels: 'auto'});
    pool.intercept({path: '/api/v1/status/config'}).reply(404, '404 page not found', {headers: {'content-type': 'text/plain'}});
    pool.intercept({path: '/api/v1/alerts'}).reply(200, {status: 'success', data: {alerts: [{labels: {alertname: 'A'}, state: 'pending'}]}}, JSON_HEADERS).times(2);
    const warning = `externalLabels auto: cannot read them (GET ${ORIGIN}/api/v1/status/config: HTTP 404 Not Found: 404 page not found); alerts are shown without external labels or alert relabeling, so list them in the config`;
    for (let poll = 0; poll < 2; poll++) {
      const {value, warnings} = await source.listAlerts();
      expect(warnings).toEqual([warning]);
      expect(value.map((a) => [a.labels, a.fingerprint])).toEqual([[{alertname: 'A'}, alertFingerprint({alertname: 'A'})]]);
    }
  });
});

describe('createPrometheusSource: discoverRecordedSlos', () => {
  const rules = (data: unknown) => ({status: 'success', data});
  const sloth = {name: 'slo:sli_error:ratio_rate5m', type: 'recording', health: 'ok', labels: {sloth_id: 'pay-availability', sloth_window: '5m'}};

  it('reads an answer without rule groups as no recorded SLOs', async () => {
    for (const data of [{groups: []}, {groups: null}, {groups: [{name: 'empty', rules: []}]}]) {
      const {pool, source} = setup();
      pool.intercept({path: (p) => p.startsWith('/api/v1/rules?')}).reply(200, rules(data), JSON_HEADERS);
      expect((await source.discoverRecordedSlos()).value).toEqual([]);
    }
  });

  it('fails a malformed answer as a bad response naming where it is wrong, never as "no recorded SLOs"', async () => {
    const cases: Array<[unknown, string]> = [
      [[sloth], 'thanos /api/v1/rules: unexpected response shape: '],
      [{groups: {name: 'slo'}}, 'thanos /api/v1/rules: unexpected response shape at groups: '],
      [{groups: [{name: 'slo', rules: [sloth]}, {name: 'other', rules: 'not a list'}]}, 'thanos /api/v1/rules: unexpected response shape at groups.1.rules: '],
      [{groups: [{name: 'slo', rules: [sloth, 'not a rule']}]}, 'thanos /api/v1/rules: unexpected response shape at groups.0.rules.1: '],
    ];
    for (const [data, message] of cases) {
      const {pool, source} = setup();
      pool.intercept({path: (p) => p.startsWith('/api/v1/rules?')}).reply(200, rules(data), JSON_HEADERS);
      const failure = (await source.discoverRecordedSlos().catch((e: unknown) => e)) as SourceFailure;
      expect(failure).toBeInstanceOf(SourceFailure);
      expect(failure.kind).toBe('bad-response');
      expect(failure.message.startsWith(message)).toBe(true);
    }
  });
});
