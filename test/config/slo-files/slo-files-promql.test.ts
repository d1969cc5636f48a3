import {describe, expect, it} from 'vitest';
import {formatSelector, normalizeWindow, parseSelector, rateQuery, rawRatioSli, windowedQuery} from '../../../src/config/slo-files/slo-files-promql.ts';

describe('parseSelector and formatSelector', () => {
  it('reads metric, matchers and every quote style, and prints them as Prometheus does', () => {
    const selector = parseSelector(` http_requests_total{ job = 'api', code=~"5..", path!~\`/health.*\`, env!="dev", } `);
    expect(selector).toEqual({
      metric: 'http_requests_total',
      matchers: [
        {name: 'job', op: '=', value: 'api'},
        {name: 'code', op: '=~', value: '5..'},
        {name: 'path', op: '!~', value: '/health.*'},
        {name: 'env', op: '!=', value: 'dev'},
      ],
    });
    if (typeof selector === 'string') throw new Error(selector);
    expect(formatSelector(selector)).toBe('http_requests_total{job="api",code=~"5..",path!~"/health.*",env!="dev"}');
    expect(rateQuery(selector)).toBe('sum(rate(http_requests_total{job="api",code=~"5..",path!~"/health.*",env!="dev"}[{{.window}}]))');
  });

  it('keeps regex escapes and decodes string escapes', () => {
    const selector = parseSelector('x{path=~"/a\\\\.b", q="say \\"hi\\""}');
    if (typeof selector === 'string') throw new Error(selector);
    expect(selector.matchers.map((m) => m.value)).toEqual(['/a\\.b', 'say "hi"']);
    expect(formatSelector(selector)).toBe('x{path=~"/a\\\\.b",q="say \\"hi\\""}');
  });

  it('accepts a bare metric and a name-less selector', () => {
    expect(parseSelector('up')).toEqual({metric: 'up', matchers: []});
    const nameless = parseSelector('{__name__="up",job="a"}');
    if (typeof nameless === 'string') throw new Error(nameless);
    expect(formatSelector(nameless)).toBe('{__name__="up",job="a"}');
  });

  it('says what is wrong with something that is not a selector', () => {
    expect(parseSelector('sum(rate(x[5m]))')).toBe('must be a metric selector such as http_requests_total{job="api"}, not a query');
    expect(parseSelector('x{job}')).toBe('expected =, !=, =~ or !~ after label job');
    expect(parseSelector('x{job=api}')).toBe('expected a quoted value for label job');
    expect(parseSelector('x{job="a" code="b"}')).toBe('expected , or } in the selector');
    expect(parseSelector('x{job="a}')).toBe('expected a quoted value for label job');
    expect(parseSelector('')).toBe('must be a metric selector such as http_requests_total{job="api"}');
  });
});

describe('normalizeWindow', () => {
  it('writes the template one way and folds lines, but not inside strings or around comments', () => {
    expect(normalizeWindow('(\n  sum(rate(x[{{ .window }}]))\n  /\n  sum(rate(y[{{.window  }}]))\n)\n')).toBe(
      '( sum(rate(x[{{.window}}])) / sum(rate(y[{{.window}}])) )',
    );
    expect(normalizeWindow('x{a="l1\nl2"}')).toBe('x{a="l1\nl2"}');
    expect(normalizeWindow('sum(x) # total\n/ 2\n')).toBe('sum(x) # total\n/ 2');
  });
});

describe('windowedQuery', () => {
  it('keeps a query that already has {{.window}}', () => {
    expect(windowedQuery('sum(rate(x[{{ .window }}]))', true)).toEqual({query: 'sum(rate(x[{{.window}}]))'});
  });

  it('replaces every fixed range, but not inside label values', () => {
    expect(windowedQuery('sum(rate(x{path=~"/v[12]/[5m]"}[5m])) / sum(increase(y[1h30m]))', true)).toEqual({
      query: 'sum(rate(x{path=~"/v[12]/[5m]"}[{{.window}}])) / sum(increase(y[{{.window}}]))',
    });
  });

  it('turns a bare counter selector into its summed rate, not a gauge', () => {
    expect(windowedQuery('x_total{job="a"}', true)).toEqual({query: 'sum(rate(x_total{job="a"}[{{.window}}]))'});
    expect(windowedQuery('x_total{job="a"}', false)).toEqual({
      error: 'query has no range to measure over; write it with [{{.window}}], e.g. sum(rate(x[{{.window}}]))',
    });
  });

  it('refuses fixed subqueries and aggregations without a range', () => {
    expect(windowedQuery('max_over_time(x[1h:1m])', true)).toEqual({
      error: 'subqueries with a fixed range are not supported; write {{.window}} where the window belongs',
    });
    expect(windowedQuery('sum(x)', true)).toEqual({
      error: 'query has no range to measure over; write it with [{{.window}}], e.g. sum(rate(x[{{.window}}]))',
    });
  });
});

describe('rawRatioSli', () => {
  // A raw ratio may answer one series per group; a quiet group is 0/0 = NaN. The worst group
  // per window, not the mean: the mean hid one group burning among calm ones.
  it('reads the worst group with a ratio, dropping NaN groups; idle when all are NaN, no series when none', () => {
    expect(rawRatioSli('e[{{.window}}] / t[{{.window}}]')).toEqual({
      kind: 'ratio',
      errorQuery: 'max((e[{{.window}}] / t[{{.window}}]) >= 0)',
      totalQuery: 'clamp_max(count((e[{{.window}}] / t[{{.window}}]) >= 0), 1) or 0 * count(e[{{.window}}] / t[{{.window}}])',
    });
  });

  it('turns a success ratio into errors after dropping NaN groups', () => {
    expect(rawRatioSli('s[{{.window}}]', true)).toEqual({kind: 'ratio', errorQuery: 'max(1 - ((s[{{.window}}]) >= 0))', totalQuery: 'clamp_max(count((s[{{.window}}]) >= 0), 1) or 0 * count(s[{{.window}}])'});
  });
});
