import {describe, expect, it} from 'vitest';
import {PYRRA_TABLE, pyrraTable, tableWindows, WORKBOOK_TABLE, workbookTable} from '../../src/domain/burn-table.ts';
import {
  attachRecorded,
  burnTableForSlo,
  decodeRecordedRules,
  pyrraWindows,
  ratioOrigin,
  recordedSelector,
  slothPeriod,
} from '../../src/domain/recorded-rules.ts';
import {prometheusDurationText} from '../../src/domain/duration.ts';
import type {SloDefinition} from '../../src/domain/slo.ts';

const sloth = (window: string, extra: Record<string, unknown> = {}) => ({
  name: `slo:sli_error:ratio_rate${window}`,
  query: '(sum(rate(x{code=~"5.."}[5m])))/(sum(rate(x[5m])))',
  labels: {sloth_id: 'pay-availability', sloth_service: 'pay', sloth_slo: 'availability', sloth_window: window},
  health: 'ok',
  type: 'recording',
  ...extra,
});

const RULES = {
  groups: [
    {name: 'sloth-slo-sli-recordings-pay-availability', rules: [sloth('1h'), sloth('5m'), sloth('3d'), sloth('5m')]},
    {
      name: 'sloth-period',
      rules: [
        // Sloth's period rule carries only sloth_window; the id is in its query.
        {name: 'slo:sli_error:ratio_rate30d', query: 'sum_over_time(slo:sli_error:ratio_rate5m{sloth_id="pay-availability", sloth_service="pay"}[30d])', labels: {sloth_window: '30d'}, type: 'recording'},
        {name: 'slo:objective:ratio', query: 'vector(0.999)', labels: {sloth_id: 'pay-availability'}, type: 'recording'},
      ],
    },
    {
      name: 'api-errors',
      rules: [
        {name: 'http_requests:burnrate5m', labels: {slo: 'api-errors', service: 'api'}, type: 'recording'},
        {name: 'http_requests:burnrate4d', labels: {slo: 'api-errors'}, type: 'recording'},
        {name: 'http_requests:burnrate1h', labels: {slo: 'api-errors'}, type: 'recording', health: 'err', lastError: 'boom'},
        {name: 'http_requests:increase4w', labels: {slo: 'api-errors'}, type: 'recording'},
        {name: 'ErrorBudgetBurn', labels: {slo: 'api-errors'}, type: 'alerting', query: 'http_requests:burnrate5m > 1'},
        {name: 'http_requests:burnrateXYZ', labels: {slo: 'api-errors'}, type: 'recording'},
      ],
    },
    {name: 'broken', rules: 'not a list'},
    'not a group',
    {name: 'quote"d', rules: [sloth('6h', {labels: {sloth_id: 'we"ird'}})]},
  ],
};

describe('decodeRecordedRules', () => {
  it('finds Sloth and Pyrra SLOs with their recorded windows, shortest first, skipping alerts, errors and junk', () => {
    expect(decodeRecordedRules(RULES)).toEqual([
      {kind: 'pyrra', id: 'api-errors', selector: 'slo="api-errors"', windows: ['5m', '4d']},
      {kind: 'sloth', id: 'pay-availability', selector: 'sloth_id="pay-availability"', windows: ['5m', '1h', '3d', '30d']},
      {kind: 'sloth', id: 'we"ird', selector: 'sloth_id="we\\"ird"', windows: ['6h']},
    ]);
  });

  it('tolerates any shape', () => {
    for (const junk of [null, undefined, 42, 'x', [], {groups: null}, {groups: [{rules: [null, 1, {name: 5}]}]}]) {
      expect(decodeRecordedRules(junk)).toEqual([]);
    }
  });
});

const base = (source: SloDefinition['source'], name: string, extra: Partial<SloDefinition> = {}): SloDefinition => ({
  name,
  service: 'svc',
  objective: 99.9,
  window: '28d',
  source,
  sli: {kind: 'ratio', errorQuery: 'e[{{.window}}]', totalQuery: 't[{{.window}}]'},
  ...extra,
});

describe('attachRecorded', () => {
  const found = decodeRecordedRules(RULES);

  it('matches Sloth and Pyrra SLOs by their own ids only, never a native SLO, and keeps a declared one', () => {
    const declared = {kind: 'sloth' as const, selector: 'sloth_id="x"'};
    const out = attachRecorded(
      [base('sloth', 'pay-availability'), base('pyrra', 'api-errors'), base('native', 'pay-availability'), base('sloth', 'other'), base('sloth', 'pay-availability', {recorded: declared})],
      found,
    );
    expect(out.map((s) => s.recorded ?? null)).toEqual([
      {kind: 'sloth', selector: 'sloth_id="pay-availability"', windows: ['5m', '1h', '3d', '30d'], period: '30d'},
      {kind: 'pyrra', selector: 'slo="api-errors"', windows: ['5m', '4d']},
      null,
      null,
      declared,
    ]);
  });
});

describe('the period of a Sloth SLO', () => {
  // Sloth's meta rule for a 28-day SLO, as generated with its google-28d window set: named in
  // Prometheus' duration format (`4w`), only `sloth_window` labels it, the id is in its query.
  const rules28d = {
    groups: [
      {name: 'sloth-slo-sli-recordings-api-availability', rules: ['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => ({...sloth(w), labels: {sloth_id: 'api-availability', sloth_window: w}}))},
      {
        name: 'sloth-slo-meta-recordings-api-availability',
        rules: [{name: 'slo:sli_error:ratio_rate4w', query: 'sum_over_time(slo:sli_error:ratio_rate5m{sloth_id="api-availability", sloth_service="api", sloth_slo="availability"}[4w]) / ignoring (sloth_window) count_over_time(slo:sli_error:ratio_rate5m{sloth_id="api-availability", sloth_service="api", sloth_slo="availability"}[4w])', labels: {sloth_window: '4w'}, type: 'recording'}],
      },
    ],
  };

  it('is the recorded window that is not a burn window, the longest of several; none without one', () => {
    expect(slothPeriod(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '4w'])).toBe('4w');
    expect(slothPeriod(['5m', '1h', '1w'])).toBe('1w');
    expect(slothPeriod(['5m', '1h', '30d'])).toBe('30d');
    expect(slothPeriod(['5m', '7d', '30d', '1h'])).toBe('30d');
    expect(slothPeriod(['5m', '1h'])).toBeNull();
  });

  it('comes from the rules Sloth generated: a 28-day SLO is judged over 28 days by the factors of its Sloth alerts', () => {
    const [slo] = attachRecorded([base('sloth', 'api-availability', {window: '30d'})], decodeRecordedRules(rules28d));
    expect(slo?.window).toBe('4w');
    expect(slo?.recorded).toMatchObject({period: '4w', windows: expect.arrayContaining(['4w'])});
    expect(burnTableForSlo(slo!).pairs.find((p) => p.label === '1h&5m')?.factor).toBe(13.44);
    // A Pyrra SLO's period is its object's, whatever its rules.
    const [pyrra] = attachRecorded([base('pyrra', 'api-errors', {window: '30d'})], decodeRecordedRules(RULES));
    expect(pyrra?.window).toBe('30d');
    // Without a period rule the spec's default stays.
    const [short] = attachRecorded([base('sloth', 'api-availability', {window: '30d'})], decodeRecordedRules({groups: [rules28d.groups[0]]}));
    expect(short?.window).toBe('30d');
    expect(short?.recorded).not.toHaveProperty('period');
  });
});

describe('Pyrra windows and durations', () => {
  it('formats durations as Prometheus does', () => {
    expect([5 * 60_000, 3_600_000, 86_400_000, 4 * 86_400_000, 28 * 86_400_000, 90 * 86_400_000, 365 * 86_400_000, 3_840_000, 0].map(prometheusDurationText)).toEqual([
      '5m',
      '1h',
      '1d',
      '4d',
      '4w',
      '90d',
      '1y',
      '1h4m',
      '0s',
    ]);
  });

  it('scales the 28-day windows with the period, rounded to the minute', () => {
    expect(pyrraWindows(28 * 86_400_000)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '4d']);
    // 30d: 1h × 30/28 = 64.3 min → 1h4m, and so on.
    expect(pyrraWindows(30 * 86_400_000)).toEqual(['5m', '32m', '1h4m', '2h9m', '6h26m', '1d1h43m', '4d6h51m']);
  });
});

describe('ratioOrigin', () => {
  const slothSlo = base('sloth', 'pay', {window: '30d', recorded: {kind: 'sloth', selector: 'sloth_id="pay"'}});

  it('reads a recorded window of exactly the same length, recomputes the rest and the period', () => {
    expect(ratioOrigin(slothSlo, '5m')).toEqual({kind: 'recorded', selector: 'slo:sli_error:ratio_rate5m{sloth_id="pay"}'});
    expect(ratioOrigin(slothSlo, '3d')).toEqual({kind: 'recorded', selector: 'slo:sli_error:ratio_rate3d{sloth_id="pay"}'});
    expect(ratioOrigin(slothSlo, 'period')).toEqual({kind: 'computed'});
    const pyrra = base('pyrra', 'api', {recorded: {kind: 'pyrra', selector: 'slo="api"'}});
    expect(ratioOrigin(pyrra, '1d')).toEqual({kind: 'recorded', selector: '{__name__=~".+:burnrate1d",slo="api"}'});
    // Pyrra's 28d SLO records 4d, not 3d.
    expect(ratioOrigin(pyrra, '3d')).toEqual({kind: 'computed'});
    // Discovered windows win over the defaults; written differently but as long is the same window.
    const odd = base('sloth', 'pay', {recorded: {kind: 'sloth', selector: 'sloth_id="pay"', windows: ['60m', '28d']}});
    expect(ratioOrigin(odd, '1h')).toEqual({kind: 'recorded', selector: 'slo:sli_error:ratio_rate60m{sloth_id="pay"}'});
    expect(ratioOrigin(odd, '5m')).toEqual({kind: 'computed'});
    expect(ratioOrigin(base('native', 'n'), '5m')).toEqual({kind: 'computed'});
  });

  it('reads the recorded period only without an SLI, and finds nothing without either', () => {
    const {sli: _none, ...bare} = slothSlo;
    expect(ratioOrigin(bare, 'period')).toEqual({kind: 'recorded', selector: 'slo:sli_error:ratio_rate30d{sloth_id="pay"}'});
    const {sli: _gone, recorded: _also, ...nothing} = slothSlo;
    expect(ratioOrigin(nothing, '5m')).toBeNull();
    expect(ratioOrigin({...bare, recorded: {kind: 'sloth', selector: 'sloth_id="pay"', windows: ['5m']}}, '1h')).toBeNull();
  });

  it('builds selectors for both tools', () => {
    expect(recordedSelector({kind: 'sloth', selector: 'sloth_id="a"'}, '2h')).toBe('slo:sli_error:ratio_rate2h{sloth_id="a"}');
    expect(recordedSelector({kind: 'pyrra', selector: 'slo="a"'}, '1h4m')).toBe('{__name__=~".+:burnrate1h4m",slo="a"}');
  });
});

describe('burnTableForSlo', () => {
  it('uses the recording tool\'s factors, else the source\'s', () => {
    expect(burnTableForSlo(base('native', 'n', {recorded: {kind: 'pyrra', selector: 'slo="n"'}}))).toBe(PYRRA_TABLE);
    expect(burnTableForSlo(base('pyrra', 'p'))).toBe(PYRRA_TABLE);
    // The Workbook's factors scaled to the SLO's 28 days, as Sloth's alerts for it use.
    expect(burnTableForSlo(base('sloth', 's', {recorded: {kind: 'sloth', selector: 'sloth_id="s"'}}))).toEqual(workbookTable('28d'));
    expect(burnTableForSlo(base('native', 'n'))).toEqual(workbookTable('28d'));
    expect(burnTableForSlo(base('native', 'n', {window: '30d'}))).toBe(WORKBOOK_TABLE);
  });

  it('scales Pyrra\'s table to the SLO period, so its windows are the ones Pyrra records', () => {
    const slo = base('pyrra', 'p', {window: '30d'});
    expect(burnTableForSlo(slo)).toEqual(pyrraTable('30d'));
    expect(tableWindows(burnTableForSlo(slo)).sort()).toEqual(pyrraWindows(30 * 86_400_000).sort());
  });
});
