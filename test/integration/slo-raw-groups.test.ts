/**
 * A raw ratio SLI (Sloth's `raw.error_ratio_query`, OpenSLO's `ratioMetric.raw`) that answers one
 * series per group, against a real Prometheus: one group burns at 50×, another serves nothing
 * and is 0/0 = NaN. Sloth's own page alert fires for the burning group; a quiet group must not
 * turn the whole SLO into NO DATA: it is left out. Each window reads its worst group, so one group
 * burning among calm ones pages as Sloth's own alert for that group does.
 */
import {describe, expect, it} from 'vitest';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {GROUPS_SLOTH, HOUR, MIN, slothPageSeries, sloClock, sloFilesConfig, useSloBackfill} from './slo-fixture.ts';

// By region: `burn` at 5 % errors for the last 2 hours (50× a 99.9 % budget), `quiet` with
// flat counters (0/0 = NaN), `calm` at 0.02 %.
const RATIO = (regions: string) =>
  `sum by (service) (rate(http_requests_total{service=~"${regions}",code="500"}[{{.window}}])) / sum by (service) (rate(http_requests_total{service=~"${regions}"}[{{.window}}]))`;

const SLOTH = (name: string, regions: string) =>
  [
    'version: "prometheus/v1"',
    `service: "${name}"`,
    'slos:',
    '  - name: "availability"',
    '    objective: 99.9',
    '    sli:',
    '      raw:',
    `        error_ratio_query: '${RATIO(regions)}'`,
    '',
  ].join('\n');

// The same groups as success ratios, in OpenSLO v1.
const OPENSLO = [
  'apiVersion: openslo/v1',
  'kind: SLO',
  'metadata: {name: regions-success}',
  'spec:',
  '  service: regions',
  '  budgetingMethod: Occurrences',
  '  timeWindow: [{duration: 30d, isRolling: true}]',
  '  indicator:',
  '    metadata: {name: regions-success}',
  '    spec:',
  '      ratioMetric:',
  '        rawType: success',
  '        raw:',
  '          metricSource:',
  '            type: Prometheus',
  `            spec: {query: '1 - (${RATIO('burn|quiet')})'}`,
  '  objectives: [{target: 0.999}]',
  '',
].join('\n');

describe('raw ratio SLIs with one series per group', () => {
  const clock = sloClock();
  const {end, start} = clock;
  const rig = useSloBackfill({
    clock,
    services: [
      {service: 'burn', requestsPerStep: () => 1000, errorRatio: (i) => (start + i * MIN > end - 2 * HOUR ? 0.05 : 0.0005)},
      {service: 'quiet', requestsPerStep: () => 0, errorRatio: () => 0},
      {service: 'calm', requestsPerStep: () => 1000, errorRatio: () => 0.0002},
    ],
    tmpPrefix: 'oncall-slo-raw-',
    files: {'grouped.yaml': SLOTH('grouped', 'burn|quiet'), 'mixed.yaml': SLOTH('mixed', 'burn|calm'), 'idle.yaml': SLOTH('idle', 'quiet'), 'openslo.yaml': OPENSLO},
    config: sloFilesConfig,
  });

  it('pages on the burning group although another group has no traffic (NaN), and stays no data when every group is quiet', async () => {
    // Prometheus' own answer over 1h: the burning group at 5 %, the quiet one NaN.
    const q = RATIO('burn|quiet').replaceAll('{{.window}}', '1h');
    const res = (await (await fetch(`${rig.backends.prometheusUrl}/api/v1/query?query=${encodeURIComponent(q)}&time=${end}`)).json()) as {data: {result: Array<{metric: {service: string}; value: [number, string]}>}};
    const byService = Object.fromEntries(res.data.result.map((r) => [r.metric.service, r.value[1]]));
    expect(byService['quiet']).toBe('NaN');
    expect(Number(byService['burn'])).toBeCloseTo(0.05, 6);

    const {code, out} = await rig.status('--json');
    const slos = new Map((JSON.parse(out) as StatusDocument).slos.map((s) => [s.name, s]));
    for (const name of ['grouped-availability', 'regions-success']) {
      const slo = slos.get(name);
      expect(slo, name).toMatchObject({status: 'page', trippedBy: '1h&5m'});
      expect(slo?.burnRates['1h'], name).toBeCloseTo(50, 6);
    }
    // The worst group, not the mean of the burning and the calm one (25.1×).
    expect(slos.get('mixed-availability')?.burnRates['1h']).toBeCloseTo(50, 6);
    // Every group quiet: no data, never "no errors".
    expect(slos.get('idle-availability')).toMatchObject({status: 'no-data', burnRates: {'1h': null, '5m': null}, sli: null});
    expect(code).toBe(1);
  });
});

// One group at 2 % (20× a 99.9 % budget) on every window of the last 70 minutes, one clean: the
// mean of the two (10×) would stay under 14.4× while Sloth's own page alert fires for `a`.
describe('one raw ratio group burning on both windows beside a calm one', () => {
  const clock = sloClock();
  const {end} = clock;
  const t = clock.at;
  const rig = useSloBackfill({
    clock,
    services: [
      {service: 'a', requestsPerStep: () => 100, errorRatio: (i) => (t(i) > end - 70 * MIN ? 0.02 : 0)},
      {service: 'b', requestsPerStep: () => 100, errorRatio: () => 0},
    ],
    tmpPrefix: 'oncall-slo-onegroup-',
    files: {'groups.yaml': GROUPS_SLOTH},
    config: sloFilesConfig,
  });

  it("pages when Sloth's own 1h&5m page alert fires for that group", async () => {
    // Sloth's page condition, group by group, evaluated by Prometheus itself: group a.
    const fired = await slothPageSeries(rig.backends.prometheusUrl ?? '', end);
    expect(fired.map((r) => r.metric['service'])).toEqual(['a']);

    const {code, out} = await rig.status('--json');
    const slo = (JSON.parse(out) as StatusDocument).slos.find((s) => s.name === 'groups-availability')!;
    expect({status: slo.status, trippedBy: slo.trippedBy}).toEqual({status: 'page', trippedBy: '1h&5m'});
    expect(code).not.toBe(0);
  });
});
