import {describe, expect, it} from 'vitest';
import {
  combinedRatioQuery,
  IDLE,
  measurementsFromRatios,
  totalsFromVector,
  parsePromValue,
  promqlString,
  ratiosFromVector,
  renderWindow,
  type RatioReading,
  type VectorSample,
} from '../../src/domain/promql.ts';
import type {SloDefinition} from '../../src/domain/slo.ts';

const availability: SloDefinition = {
  name: 'checkout-availability',
  service: 'checkout',
  objective: 99.9,
  window: '30d',
  source: 'sloth',
  sli: {
    kind: 'ratio',
    errorQuery: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))',
    totalQuery: 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))',
  },
};

const latency: SloDefinition = {
  name: 'search-latency',
  service: 'search',
  objective: 99,
  window: '28d',
  source: 'pyrra',
  sli: {
    kind: 'latency',
    bucketQuery: 'rate(http_request_duration_seconds_bucket{job="search",le="0.3"}[{{ .window }}])',
    totalQuery: 'rate(http_request_duration_seconds_count{job="search"}[{{.window}}])',
    threshold: '0.3',
  },
};

const demo: SloDefinition = {name: 'demo', service: 'demo', objective: 99, window: '30d', source: 'demo'};

describe('renderWindow', () => {
  it('substitutes every {{.window}}, with or without inner spaces', () => {
    expect(renderWindow('rate(a[{{.window}}]) / rate(b[{{ .window }}])', '5m')).toBe('rate(a[5m]) / rate(b[5m])');
  });

  it('leaves other text and templates alone and never expands $ patterns', () => {
    expect(renderWindow('rate(a[1h]) {{.other}}', '5m')).toBe('rate(a[1h]) {{.other}}');
    expect(renderWindow('x[{{.window}}]', '$&')).toBe('x[$&]');
  });
});

describe('promqlString', () => {
  it('quotes and escapes backslashes, quotes and controls', () => {
    expect(promqlString('plain-name')).toBe('"plain-name"');
    expect(promqlString('a"b\\c')).toBe(String.raw`"a\"b\\c"`);
    expect(promqlString('a\nb\tc\rd\x07e\x7f')).toBe(String.raw`"a\nb\tc\rd\x07e\x7f"`);
    expect(promqlString('sérvice ✓')).toBe('"sérvice ✓"');
  });
});

describe('combinedRatioQuery', () => {
  it('tags each SLO part with oncall_slo/oncall_part and joins them with or', () => {
    expect(combinedRatioQuery([availability, latency, demo], '5m')).toBe(
      'label_replace(label_replace(sum(sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m]))), "oncall_slo", "checkout-availability", "", ""), "oncall_part", "errors", "", "")' +
        ' or label_replace(label_replace(sum(sum(rate(http_requests_total{job="checkout"}[5m]))), "oncall_slo", "checkout-availability", "", ""), "oncall_part", "total", "", "")' +
        ' or label_replace(label_replace(sum(rate(http_request_duration_seconds_bucket{job="search",le="0.3"}[5m])), "oncall_slo", "search-latency", "", ""), "oncall_part", "good", "", "")' +
        ' or label_replace(label_replace(sum(rate(http_request_duration_seconds_count{job="search"}[5m])), "oncall_slo", "search-latency", "", ""), "oncall_part", "total", "", "")',
    );
  });

  it("uses each SLO's own period for 'period'", () => {
    const q = combinedRatioQuery([availability, latency], 'period') ?? '';
    expect(q.match(/\[\w+\]/g)).toEqual(['[30d]', '[30d]', '[28d]', '[28d]']);
  });

  it('escapes names for string literals and doubles $ so label_replace does not expand it', () => {
    const odd: SloDefinition = {...availability, name: 'we"ird\\pay$1', sli: {kind: 'ratio', errorQuery: 'e', totalQuery: 't'}};
    expect(combinedRatioQuery([odd], '1h')).toBe(
      String.raw`label_replace(label_replace(sum(e), "oncall_slo", "we\"ird\\pay$$1", "", ""), "oncall_part", "errors", "", "")` +
        String.raw` or label_replace(label_replace(sum(t), "oncall_slo", "we\"ird\\pay$$1", "", ""), "oncall_part", "total", "", "")`,
    );
  });

  it('closes a query ending in a # comment on a new line, so the comment cannot swallow the parenthesis', () => {
    const commented: SloDefinition = {...availability, sli: {kind: 'ratio', errorQuery: 'e # errors', totalQuery: 't'}};
    expect(combinedRatioQuery([commented], '1h')).toBe(
      'label_replace(label_replace(sum(e # errors\n), "oncall_slo", "checkout-availability", "", ""), "oncall_part", "errors", "", "")' +
        ' or label_replace(label_replace(sum(t), "oncall_slo", "checkout-availability", "", ""), "oncall_part", "total", "", "")',
    );
  });

  it('is null when no SLO has a query', () => {
    expect(combinedRatioQuery([demo], '5m')).toBeNull();
    expect(combinedRatioQuery([], '5m')).toBeNull();
  });
});

const s = (slo: string, part: string, value: number): VectorSample => ({labels: {oncall_slo: slo, oncall_part: part}, value});

describe('ratiosFromVector', () => {
  const both = [availability, latency, demo];

  it('divides errors by total, and latency errors are total − good', () => {
    const got = ratiosFromVector([s('checkout-availability', 'errors', 2), s('checkout-availability', 'total', 100), s('search-latency', 'good', 95), s('search-latency', 'total', 100)], both, '5m');
    expect([...got]).toEqual([
      ['checkout-availability', 0.02],
      ['search-latency', 0.05],
      ['demo', null],
    ]);
  });

  it('reads absent errors with traffic as 0: an error selector with no 5xx series returns nothing', () => {
    expect(ratiosFromVector([s('checkout-availability', 'total', 50)], both, '5m').get('checkout-availability')).toBe(0);
  });

  // A quiet night: the series are there and answer 0 requests. No ratio (never "no errors"),
  // and not a service gone either: an idle short window cannot trip its pair.
  it('is idle when the total is answered 0 (or below), with or without errors', () => {
    for (const total of [0, -1]) {
      expect(ratiosFromVector([s('checkout-availability', 'errors', 0), s('checkout-availability', 'total', total)], both, '5m').get('checkout-availability')).toBe(IDLE);
    }
    expect(ratiosFromVector([s('checkout-availability', 'total', 0)], both, '5m').get('checkout-availability')).toBe(IDLE);
    expect(ratiosFromVector([s('search-latency', 'total', 0)], both, '5m').get('search-latency')).toBe(IDLE);
  });

  it('is null (no series) when the total is absent, NaN or infinite', () => {
    for (const total of [NaN, Infinity]) {
      expect(ratiosFromVector([s('checkout-availability', 'errors', 0), s('checkout-availability', 'total', total)], both, '5m').get('checkout-availability')).toBeNull();
    }
    expect(ratiosFromVector([s('checkout-availability', 'errors', 3)], both, '5m').get('checkout-availability')).toBeNull();
    expect(ratiosFromVector([], both, '5m').get('checkout-availability')).toBeNull();
  });

  it('is null when the errors are NaN, or the latency good bucket is missing (a wrong le)', () => {
    expect(ratiosFromVector([s('checkout-availability', 'errors', NaN), s('checkout-availability', 'total', 10)], both, '5m').get('checkout-availability')).toBeNull();
    expect(ratiosFromVector([s('search-latency', 'total', 10)], both, '5m').get('search-latency')).toBeNull();
  });

  it('clamps extrapolation overshoot to [0, 1]', () => {
    const got = ratiosFromVector([s('search-latency', 'good', 101), s('search-latency', 'total', 100), s('checkout-availability', 'errors', 11), s('checkout-availability', 'total', 10)], both, '5m');
    expect([got.get('search-latency'), got.get('checkout-availability')]).toEqual([0, 1]);
  });

  it('ignores samples without our labels and keeps the first of duplicates', () => {
    const got = ratiosFromVector(
      [{labels: {oncall_slo: 'checkout-availability'}, value: 1}, {labels: {}, value: 5}, s('checkout-availability', 'total', 4), s('checkout-availability', 'total', 8), s('checkout-availability', 'errors', 1)],
      [availability],
      '5m',
    );
    expect(got.get('checkout-availability')).toBe(0.25);
  });

  describe("Sloth's denominator correction", () => {
    const corrected: SloDefinition = {...availability, sli: {kind: 'ratio', errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))', denominatorCorrected: true}};

    it('reads the total over the period beside every burn window, not beside the period itself', () => {
      expect(combinedRatioQuery([corrected], '5m')).toBe(
        'label_replace(label_replace(sum(sum(rate(e[5m]))), "oncall_slo", "checkout-availability", "", ""), "oncall_part", "errors", "", "") or ' +
          'label_replace(label_replace(sum(sum(rate(t[5m]))), "oncall_slo", "checkout-availability", "", ""), "oncall_part", "total", "", "") or ' +
          'label_replace(label_replace(sum(sum(rate(t[30d]))), "oncall_slo", "checkout-availability", "", ""), "oncall_part", "period_total", "", "")',
      );
      expect(combinedRatioQuery([corrected], 'period')).not.toContain('period_total');
    });

    it('weighs the ratio by the window\'s share of the traffic: errors over the window ÷ total over the period', () => {
      // 30 errors of 300 requests/s in a quiet window, against 1,200/s over the period:
      // Sloth's (300/1200 × 30) / 300 = 0.025, where the plain ratio is 0.1.
      const samples = [s('checkout-availability', 'errors', 30), s('checkout-availability', 'total', 300), s('checkout-availability', 'period_total', 1200)];
      expect(ratiosFromVector(samples, [corrected], '5m').get('checkout-availability')).toBeCloseTo(0.025, 15);
      // A busy window weighs more, and may exceed 1 (Sloth does not cap it).
      const peak = [s('checkout-availability', 'errors', 2000), s('checkout-availability', 'total', 2400), s('checkout-availability', 'period_total', 1200)];
      expect(ratiosFromVector(peak, [corrected], '1h').get('checkout-availability')).toBeCloseTo(2000 / 1200, 12);
      // The period's ratio is the plain one.
      expect(ratiosFromVector(samples.slice(0, 2), [corrected], 'period').get('checkout-availability')).toBeCloseTo(0.1, 15);
    });

    it('is no data without a period total, never the uncorrected ratio', () => {
      const samples = [s('checkout-availability', 'errors', 30), s('checkout-availability', 'total', 300)];
      expect(ratiosFromVector(samples, [corrected], '5m').get('checkout-availability')).toBeNull();
      expect(ratiosFromVector([...samples, s('checkout-availability', 'period_total', 0)], [corrected], '5m').get('checkout-availability')).toBeNull();
      // No traffic in the window is idle (Sloth's 0/0), not zero errors, whatever the period's.
      expect(ratiosFromVector([s('checkout-availability', 'total', 0), s('checkout-availability', 'period_total', 5)], [corrected], '5m').get('checkout-availability')).toBe(IDLE);
    });
  });
});

describe('measurementsFromRatios', () => {
  it('builds one measurement per SLO with one ratio per window, null where unknown', () => {
    const byWindow = new Map([
      ['5m', new Map([['checkout-availability', 0.01]])],
      ['period', new Map<string, number | null>([['checkout-availability', null]])],
    ] as const);
    expect(measurementsFromRatios([availability, demo], byWindow, 42)).toEqual([
      {slo: 'checkout-availability', at: 42, ratios: [{window: '5m', ratio: 0.01}, {window: 'period', ratio: null}]},
      {slo: 'demo', at: 42, ratios: [{window: '5m', ratio: null}, {window: 'period', ratio: null}]},
    ]);
  });

  it('keeps an idle window idle: no ratio to show, yet answered', () => {
    const byWindow = new Map([['5m', new Map<string, RatioReading>([['checkout-availability', IDLE]])]] as const);
    expect(measurementsFromRatios([availability], byWindow, 42)).toEqual([{slo: 'checkout-availability', at: 42, ratios: [{window: '5m', ratio: null, idle: true}]}]);
  });

  // The long window's requests per second tell a quiet night from a busy service that hung.
  it("carries each window's requests per second where the SLI computes one", () => {
    const byWindow = new Map([['1h', new Map<string, RatioReading>([['checkout-availability', 0.03]])]] as const);
    const totals = new Map([['1h', totalsFromVector([s('checkout-availability', 'total', 16.7), s('checkout-availability', 'errors', 0.5), s('demo', 'total', 3), s('search-latency', 'total', NaN)], [availability, latency, demo])]] as const);
    expect([...totals.get('1h')!]).toEqual([['checkout-availability', 16.7]]);
    expect(measurementsFromRatios([availability], byWindow, 42, undefined, totals)).toEqual([{slo: 'checkout-availability', at: 42, ratios: [{window: '1h', ratio: 0.03, totalRate: 16.7}]}]);
  });
});

describe('parsePromValue', () => {
  it('maps NaN and the Go infinities JS Number() gets wrong', () => {
    expect(Number('+Inf')).toBeNaN();
    expect(parsePromValue('NaN')).toBeNaN();
    expect(parsePromValue('+Inf')).toBe(Infinity);
    expect(parsePromValue('-Inf')).toBe(-Infinity);
    expect(parsePromValue('Inf')).toBe(Infinity);
  });

  it('reads plain and exponent forms', () => {
    expect(parsePromValue('0.0144')).toBe(0.0144);
    expect(parsePromValue('1e-07')).toBe(1e-7);
    expect(parsePromValue('4.2e-01')).toBe(0.42);
    expect(parsePromValue('1e+00')).toBe(1);
    expect(parsePromValue('1.5E21')).toBe(1.5e21);
    expect(parsePromValue('-3')).toBe(-3);
    expect(parsePromValue('.5')).toBe(0.5);
    expect(parsePromValue('0')).toBe(0);
  });

  it('is NaN for anything else, including the empty string Number() reads as 0', () => {
    expect(Number('')).toBe(0);
    for (const bad of ['', ' ', 'abc', '0x10', '1,5', '1e', 'Infinityx']) expect(parsePromValue(bad)).toBeNaN();
  });
});
