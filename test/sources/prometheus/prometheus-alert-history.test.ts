/**
 * The `ALERTS` range query: at the evaluation interval as it is, coarser as the most over each
 * step, so an alert shorter than a step still shows at the step after it.
 */
import {describe, expect, it} from 'vitest';
import {createHistoryReads} from '../../../src/sources/prometheus/prometheus-timeline.ts';
import {dataHoles} from '../../../src/domain/timeline-holes.ts';
import {historyGrid, historyStepSeconds} from '../../../src/domain/timeline.ts';

function reads(rulesData: unknown = {}) {
  const asked: Array<Record<string, unknown>> = [];
  const history = createHistoryReads({
    name: 'prometheus',
    query: async (_path, form) => {
      asked.push(form as Record<string, unknown>);
      return {data: {resultType: 'matrix', result: []}, warnings: []};
    },
    get: async (path, query) => {
      asked.push({path, ...(query as Record<string, unknown>)});
      return {data: rulesData, warnings: []};
    },
    withRecorded: async (slos) => ({slos, warnings: []}),
    refused: {} as never,
  });
  return {history, asked};
}

describe('readAlertHistory', () => {
  it('reads ALERTS as it is at the evaluation interval', async () => {
    const {history, asked} = reads();
    await history.readAlertHistory(0, 3_600_000, 15, 15);
    expect(asked.map((f) => f['query'])).toEqual(['ALERTS', 'count(last_over_time(up[300s]))']);
  });

  it('reads the most over each step when the step is coarser than the evaluation', async () => {
    const {history, asked} = reads();
    await history.readAlertHistory(0, 400 * 86_400_000, 3142, 15);
    expect(asked.map((f) => [f['query'], f['step']])).toEqual([['max_over_time(ALERTS[3142s])', 3142], ['count(last_over_time(up[3142s]))', 3142]]);
  });

  it('reads the heartbeat beside the alerts: the steps at which the backend held data', async () => {
    const history = createHistoryReads({
      name: 'prometheus',
      query: async (_path, form) => ({
        data: {
          resultType: 'matrix',
          result: String(form['query']).startsWith('count(')
            ? [{metric: {}, values: [[60, '3'], [120, '3'], [180, '0'], [240, '2']]}]
            : [{metric: {__name__: 'ALERTS', alertname: 'CheckoutDown', alertstate: 'firing'}, values: [[60, '1'], [120, '1']]}],
        },
        warnings: [],
      }),
      get: async () => ({data: {}, warnings: []}),
      withRecorded: async (slos) => ({slos, warnings: []}),
      refused: {} as never,
    });
    const read = await history.readAlertHistory(0, 240_000, 60, 60);
    expect(read.value).toEqual([{labels: {__name__: 'ALERTS', alertname: 'CheckoutDown', alertstate: 'firing'}, points: [{at: 60_000, value: 1}, {at: 120_000, value: 1}]}]);
    expect(read.heartbeat).toEqual([60_000, 120_000, 240_000]);
  });

  // A healthy, quiet Prometheus: evaluation every 15 s, one job scraped every 60 s, nothing
  // firing. Over 2 days the step is 16 s: a window of one step holds a scrape at about one step
  // in four, so the heartbeat read over the step alone made three steps in four holes.
  it('a quiet Prometheus scraping every 60 s with a 15 s evaluation has no data holes over 2 days', async () => {
    const from = 0, to = 2 * 86_400_000, evaluation = 15;
    const step = historyStepSeconds(from, to, evaluation);
    const history = createHistoryReads({
      name: 'prometheus',
      query: async (_path, form) => {
        const query = String(form['query']);
        // The scrapes the query's window sees at `t`: one every 60 s, within (t - window, t].
        const window = Number(/up\[(\d+)s\]/.exec(query)?.[1] ?? 300) * 1000;
        const scraped = (t: number) => Math.floor(t / 60_000) * 60_000 > t - window;
        const values = query.includes('up') ? historyGrid(from, to, step).filter(scraped).map((t) => [t / 1000, '1']) : [];
        return {data: {resultType: 'matrix', result: values.length > 0 ? [{metric: {}, values}] : []}, warnings: []};
      },
      get: async () => ({data: {}, warnings: []}),
      withRecorded: async (slos) => ({slos, warnings: []}),
      refused: {} as never,
    });
    const read = await history.readAlertHistory(from, to, step, evaluation);
    expect(step).toBeGreaterThan(evaluation);
    expect(read.heartbeat?.length).toBe(historyGrid(from, to, step).length);
    expect(dataHoles(historyGrid(from, to, step), read.heartbeat ?? [], [])).toEqual([]);
  });

  it('a heartbeat the backend refuses (too many samples) loses the heartbeat only, said, never the alerts', async () => {
    const history = createHistoryReads({
      name: 'prometheus',
      query: async (_path, form) => {
        if (String(form['query']).includes('up')) throw new Error('query processing would load too many samples into memory');
        return {data: {resultType: 'matrix', result: [{metric: {__name__: 'ALERTS', alertname: 'CheckoutDown', alertstate: 'firing'}, values: [[60, '1']]}]}, warnings: []};
      },
      get: async () => ({data: {}, warnings: []}),
      withRecorded: async (slos) => ({slos, warnings: []}),
      refused: {} as never,
    });
    const read = await history.readAlertHistory(0, 120_000, 60, 60);
    expect(read.value.map((s) => s.labels['alertname'])).toEqual(['CheckoutDown']);
    expect([read.heartbeat, read.heartbeatUnread]).toEqual([undefined, 'prometheus heartbeat unread (query processing would load too many samples into memory): a stretch where it held no data would read as every alert resolving']);
  });

  it('reads the most over each step when the evaluation is unknown (0): an alert shorter than a minute still shows', async () => {
    const {history, asked} = reads();
    await history.readAlertHistory(0, 3_600_000, 60, 0);
    expect(asked.map((f) => [f['query'], f['step']])).toEqual([['max_over_time(ALERTS[60s])', 60], ['count(last_over_time(up[300s]))', 60]]);
  });
});

describe('readAlertsAt', () => {
  const at = Date.UTC(2026, 4, 4, 12);
  // ALERTS and ALERTS_FOR_STATE at `at`, the latter holding `since` (seconds) for the one alert.
  function readsAt(since: string) {
    const vector = (name: string, value: string) => ({resultType: 'vector', result: [{metric: {__name__: name, alertname: 'HighErrorRate', ...(name === 'ALERTS' ? {alertstate: 'firing'} : {})}, value: [at / 1000, value]}]});
    return createHistoryReads({
      name: 'prometheus',
      query: async (_path, form) => ({data: form['query'] === 'ALERTS_FOR_STATE' ? vector('ALERTS_FOR_STATE', since) : vector('ALERTS', '1'), warnings: []}),
      get: async () => ({data: {}, warnings: []}),
      withRecorded: async (slos) => ({slos, warnings: []}),
      refused: {} as never,
    });
  }

  it('reads the heartbeat at the instant by the range\'s rule: a scrape within the 5 minutes before', async () => {
    const asked: string[] = [];
    const history = createHistoryReads({
      name: 'prometheus',
      query: async (_path, form) => {
        asked.push(String(form['query']));
        return {data: {resultType: 'vector', result: [{metric: {oncall_heartbeat: '1'}, value: [at / 1000, '1']}]}, warnings: []};
      },
      get: async () => ({data: {}, warnings: []}),
      withRecorded: async (slos) => ({slos, warnings: []}),
      refused: {} as never,
    });
    await history.readAlertsAt(at);
    expect(asked[0]).toBe('ALERTS or label_replace(count(last_over_time(up[300s])), "oncall_heartbeat", "1", "", "")');
  });

  it('dates each alert from ALERTS_FOR_STATE', async () => {
    const {value} = await readsAt(String(at / 1000 - 300)).readAlertsAt(at);
    expect(value.map((s) => s.activeAt)).toEqual([at - 300_000]);
  });

  it('leaves the start unknown when ALERTS_FOR_STATE holds no time before the instant (1e20 s, 1e308 s, later than it)', async () => {
    // 1e20 s is 1e23 ms, past what a Date holds: `status --at` threw RangeError writing it as ISO.
    for (const since of ['1e20', '1.7976931348623157e308', String(at / 1000 + 60)]) {
      const {value} = await readsAt(since).readAlertsAt(at);
      expect(value.map((s) => s.activeAt), since).toEqual([undefined]);
    }
  });

  it('an instant without ALERTS nor heartbeat is a hole only when the span before it holds scraped series', async () => {
    const empty = {resultType: 'vector', result: []};
    const readsWith = (heartbeat: boolean, upSeries: number) =>
      createHistoryReads({
        name: 'prometheus',
        query: async (path) => ({data: path.endsWith('/series') ? Array.from({length: upSeries}, () => ({__name__: 'up', job: 'app'})) : heartbeat ? {resultType: 'vector', result: [{metric: {oncall_heartbeat: '1'}, value: [at / 1000, '3']}]} : empty, warnings: []}),
        get: async () => ({data: {}, warnings: []}),
        withRecorded: async (slos) => ({slos, warnings: []}),
        refused: {} as never,
      });
    const read = async (heartbeat: boolean, upSeries: number) => {
      const answer = await readsWith(heartbeat, upSeries).readAlertsAt(at);
      return [answer.value.length, answer.heartbeat];
    };
    // Down at the instant, scraping before: unknown. Up and quiet: nothing firing (the heartbeat is no alert).
    expect(await read(false, 1)).toEqual([0, false]);
    expect(await read(true, 1)).toEqual([0, undefined]);
    // A backend that scrapes nothing has no heartbeat that proves anything.
    expect(await read(false, 0)).toEqual([0, undefined]);
  });
});

describe('evaluationSeconds', () => {
  const readsOf = (interval: string) =>
    createHistoryReads({
      name: 'prometheus',
      query: async () => ({data: {}, warnings: []}),
      get: async () => ({data: {yaml: `global:\n  evaluation_interval: ${interval}\n`}, warnings: []}),
      withRecorded: async (slos) => ({slos, warnings: []}),
      refused: {} as never,
    });

  it('reads the rule evaluation interval from the loaded config', async () => {
    expect(await readsOf('15s').evaluationSeconds()).toBe(15);
  });

  it('takes the default 1m for an interval past any grid step (99999999999999999999y, 400 nines of years)', async () => {
    // 99999999999999999999y is 3.15e27 s: the timeline's grid stepped by it started in 1970.
    for (const interval of ['99999999999999999999y', `${'9'.repeat(400)}y`]) expect(await readsOf(interval).evaluationSeconds(), interval).toBe(60);
  });
});

describe('readAlertingRules', () => {
  it('reads the alerting rules with their names, static labels and annotation templates; other rules and non-string values left out', async () => {
    // The shape of Prometheus' GET /api/v1/rules?type=alert.
    const data = {
      groups: [
        {name: 'g', file: 'rules.yml', rules: [
          {type: 'alerting', name: 'CheckoutHighErrorRate', query: 'x > 1', duration: 120, keepFiringFor: 300, labels: {severity: 'critical', n: 1}, annotations: {runbook_url: 'https://rb.example/{{ $labels.service }}'}, alerts: [], health: 'ok', lastError: '', lastEvaluation: '2026-12-06T23:00:00.5Z'},
          {type: 'recording', name: 'job:rate5m', query: 'x'},
          {type: 'alerting', name: 'Bare', query: 'y > 1', health: 'err', lastError: 'many-to-many matching not allowed', lastEvaluation: '0001-01-01T00:00:00Z'},
        ]},
        {name: 'empty', rules: null},
      ],
    };
    const {history, asked} = reads(data);
    expect((await history.readAlertingRules!()).value).toEqual([
      {
        name: 'CheckoutHighErrorRate', labels: {severity: 'critical'}, annotations: {runbook_url: 'https://rb.example/{{ $labels.service }}'},
        shown: {query: 'x > 1', forSeconds: 120, keepFiringForSeconds: 300, group: 'g', file: 'rules.yml', health: 'ok', lastError: null, lastEvaluation: Date.UTC(2026, 11, 6, 23, 0, 0, 500)},
      },
      // Prometheus writes year 1 for a rule never evaluated: no time, not an age of 2,000 years.
      {name: 'Bare', labels: {}, annotations: {}, shown: {query: 'y > 1', forSeconds: null, keepFiringForSeconds: null, group: 'g', file: 'rules.yml', health: 'err', lastError: 'many-to-many matching not allowed', lastEvaluation: null}},
    ]);
    expect(asked).toEqual([{path: '/api/v1/rules', type: 'alert'}]);
  });
});

// Rules as a Prometheus-compatible ruler may send them: no `type` (the rule is told alerting by
// its annotations, state or alerts), no `health` (told by its last evaluation and error).
const sparseRules = {
  groups: [
    {name: 'g', rules: [
      {name: 'CheckoutHighErrorRate', query: 'x > 1', state: 'inactive', labels: {severity: 'critical'}, annotations: {runbook_url: 'https://rb.example/{{ $labels.service }}'}, lastEvaluation: '2026-12-06T23:00:00Z', lastError: ''},
      {name: 'SlowCheckout', query: 'y > 1', alerts: [], lastEvaluation: '2026-12-06T23:00:00Z'},
      {name: 'Failing', query: 'z > 1', state: 'inactive', lastError: 'many-to-many matching not allowed', lastEvaluation: '2026-12-06T23:00:00Z'},
      {name: 'job:rate5m', query: 'sum(rate(x[5m]))', labels: {}},
    ]},
    {name: 'no rules field'},
  ],
};

describe('rules a Prometheus-compatible backend sends with fields left out', () => {
  it('counts the alerting rules whose last evaluation went without error, reading them without type or health', async () => {
    expect((await reads(sparseRules).history.countAlertingRules()).value).toBe(2);
  });

  it('lends the runbooks of alerting rules without type or health', async () => {
    expect((await reads(sparseRules).history.readAlertingRules!()).value.map((r) => r.name)).toEqual(['CheckoutHighErrorRate', 'SlowCheckout', 'Failing']);
  });

  it('leaves what a rule does not say (for, keep firing, file, health) unknown for the details, the rest read', async () => {
    const shown = (await reads(sparseRules).history.readAlertingRules!()).value.map((r) => r.shown);
    const at = Date.UTC(2026, 11, 6, 23);
    expect(shown).toEqual([
      {query: 'x > 1', forSeconds: null, keepFiringForSeconds: null, group: 'g', file: null, health: null, lastError: null, lastEvaluation: at},
      {query: 'y > 1', forSeconds: null, keepFiringForSeconds: null, group: 'g', file: null, health: null, lastError: null, lastEvaluation: at},
      {query: 'z > 1', forSeconds: null, keepFiringForSeconds: null, group: 'g', file: null, health: null, lastError: 'many-to-many matching not allowed', lastEvaluation: at},
    ]);
  });

  it('says whether rules that tell nothing of their health run is unknown, rather than counting none', async () => {
    const data = {groups: [{rules: [{type: 'alerting', name: 'A', query: 'x'}, {name: 'B', state: 'inactive'}]}]};
    await expect(reads(data).history.countAlertingRules()).rejects.toMatchObject({kind: 'bad-response', message: 'prometheus /api/v1/rules: 2 alerting rules without health or last evaluation, so whether they run is unknown'});
    // One that says it ran is enough to count: the rules run.
    const some = {groups: [{rules: [...data.groups[0]!.rules, {type: 'alerting', name: 'C', health: 'ok'}]}]};
    expect((await reads(some).history.countAlertingRules()).value).toBe(1);
  });

  it('rejects an answer that is no rules list with a bad-response naming the path of the fault', async () => {
    const cases: Array<[unknown, string]> = [
      [{groups: {}}, 'at groups'],
      [{groups: [{rules: 'x'}]}, 'at groups.0.rules'],
      [{groups: [{rules: [{type: 'alerting', name: 'A'}, 'B']}]}, 'at groups.0.rules.1'],
    ];
    for (const [data, at] of cases) {
      for (const read of [() => reads(data).history.countAlertingRules(), () => reads(data).history.readAlertingRules!()]) {
        const error = await read().then(() => null, (e: unknown) => e as {kind: string; message: string});
        expect(error?.kind, at).toBe('bad-response');
        expect(error?.message, at).toMatch(new RegExp(`^prometheus /api/v1/rules: unexpected response shape ${at}: `));
      }
    }
  });
});
