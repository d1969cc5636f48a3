import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {groupAlerts} from '../../src/domain/alert-groups.ts';
import {compareAlerts, normaliseSeverity, severityRank, sortAlerts} from '../../src/domain/alert-order.ts';
import {makeAlert} from './alert-fixture.ts';

describe('severityRank', () => {
  it('ranks critical > error > warning > info > everything else', () => {
    expect(['critical', 'error', 'warning', 'info', 'none', 'P1', ''].map((s) => severityRank(s))).toEqual([4, 3, 2, 1, 0, 0, 0]);
  });

  it('ignores case', () => {
    expect(severityRank('CRITICAL')).toBe(4);
    expect(normaliseSeverity('Warning')).toBe('warning');
  });

  // Found by fuzzing: `mapping['__proto__']` is Object.prototype, so `.toLowerCase()` threw and
  // one alert with such a severity label took the whole alert table down.
  it('ranks a severity named like an inherited property (__proto__, toString, constructor) as unknown, without throwing', () => {
    for (const s of ['__proto__', 'toString', 'constructor', 'valueOf', 'hasOwnProperty']) {
      expect([s, normaliseSeverity(s), severityRank(s), severityRank(s, {page: 'critical'})]).toEqual([s, s.toLowerCase(), 0, 0]);
    }
    const groups = groupAlerts([makeAlert({fingerprint: 'a', severity: '__proto__'}), makeAlert({fingerprint: 'b', severity: 'critical', labels: {alertname: 'B'}})]);
    expect(groups.map((g) => g.worstSeverity)).toEqual(['critical', '__proto__']);
  });

  it("applies a mapping such as Sloth's sloth_severity page/ticket", () => {
    const mapping = {page: 'critical', ticket: 'warning', P1: 'critical'};
    expect(['page', 'ticket', 'PAGE', 'P1', 'p1', 'other'].map((s) => severityRank(s, mapping))).toEqual([4, 2, 4, 4, 0, 0]);
    expect(normaliseSeverity('page', mapping)).toBe('critical');
  });
});

describe('compareAlerts', () => {
  it('orders by severity, then oldest first, then fingerprint', () => {
    const list = [
      makeAlert({fingerprint: 'w-new', severity: 'warning', startsAt: 300}),
      makeAlert({fingerprint: 'c-new', severity: 'critical', startsAt: 200}),
      makeAlert({fingerprint: 'w-old', severity: 'warning', startsAt: 100}),
      makeAlert({fingerprint: 'c-old-b', severity: 'critical', startsAt: 50}),
      makeAlert({fingerprint: 'c-old-a', severity: 'critical', startsAt: 50}),
    ];
    expect(list.sort((a, b) => compareAlerts(a, b)).map((a) => a.fingerprint)).toEqual(['c-old-a', 'c-old-b', 'c-new', 'w-old', 'w-new']);
  });
});

describe('sortAlerts', () => {
  it('gives exactly the order of sort(compareAlerts), ties, unknown starts and a mapping included, and leaves its input alone', () => {
    const severity = fc.constantFrom('critical', 'CRITICAL', 'error', 'warning', 'info', 'none', 'page', 'P1', '__proto__', '');
    const alert = fc.record({fingerprint: fc.constantFrom('a', 'b', 'c', 'd'), severity, startsAt: fc.option(fc.integer({min: 0, max: 3}), {nil: null}), n: fc.nat()});
    fc.assert(
      fc.property(fc.array(alert, {maxLength: 40}), fc.constantFrom(undefined, {page: 'critical', P1: 'error'}), (drawn, mapping) => {
        // Equal fingerprints too (before dedupe): a stable sort keeps their order, which `n` tells.
        const alerts = drawn.map((d) => makeAlert({fingerprint: d.fingerprint, severity: d.severity, startsAt: d.startsAt, labels: {n: String(d.n)}}));
        const before = [...alerts];
        expect(sortAlerts(alerts, mapping)).toEqual([...alerts].sort((a, b) => compareAlerts(a, b, mapping)));
        expect(alerts).toEqual(before);
      }),
    );
  });
});

describe('groupAlerts', () => {
  const alert = (fingerprint: string, name: string, service: string | undefined, severity: string, startsAt: number) =>
    makeAlert({fingerprint, name, severity, startsAt, labels: {alertname: name, ...(service === undefined ? {} : {service})}});

  it('groups by alertname and service, worst severity first, then oldest', () => {
    const groups = groupAlerts([
      alert('1', 'DiskFull', 'db', 'warning', 100),
      alert('2', 'HighErrorRate', 'checkout', 'warning', 500),
      alert('3', 'HighErrorRate', 'checkout', 'critical', 900),
      alert('4', 'Latency', 'search', 'critical', 400),
      alert('5', 'Info', 'search', 'info', 10),
      alert('6', 'DiskFull', 'db', 'warning', 50),
    ]);
    expect(groups.map((g) => [g.key, g.worstSeverity, g.count, g.alerts.map((a) => a.fingerprint)])).toEqual([
      ['alertname="Latency",service="search"', 'critical', 1, ['4']],
      ['alertname="HighErrorRate",service="checkout"', 'critical', 2, ['3', '2']],
      ['alertname="DiskFull",service="db"', 'warning', 2, ['6', '1']],
      ['alertname="Info",service="search"', 'info', 1, ['5']],
    ]);
    expect(groups[1]?.labels).toEqual({alertname: 'HighErrorRate', service: 'checkout'});
  });

  it('breaks a tie of severity by the oldest alert of each group', () => {
    const groups = groupAlerts([alert('a', 'A', 'x', 'critical', 300), alert('b', 'B', 'x', 'critical', 100), alert('c', 'A', 'x', 'critical', 50)]);
    expect(groups.map((g) => g.labels['alertname'])).toEqual(['A', 'B']);
  });

  it('leaves absent group labels out of labels but keeps them in the key', () => {
    const [g] = groupAlerts([alert('1', 'Watchdog', undefined, 'none', 0)]);
    expect([g?.key, g?.labels]).toEqual(['alertname="Watchdog",service=""', {alertname: 'Watchdog'}]);
  });

  it('falls back to the alert name when the alertname label is missing', () => {
    const [g] = groupAlerts([makeAlert({fingerprint: '1', name: 'NoLabel', labels: {}})], ['alertname']);
    expect(g?.labels).toEqual({alertname: 'NoLabel'});
  });

  it('honours a custom group-by and a severity mapping', () => {
    const groups = groupAlerts(
      [
        makeAlert({fingerprint: '1', severity: 'ticket', startsAt: 1, labels: {alertname: 'A', team: 'x'}}),
        makeAlert({fingerprint: '2', severity: 'page', startsAt: 2, labels: {alertname: 'B', team: 'y'}}),
        makeAlert({fingerprint: '3', severity: 'ticket', startsAt: 0, labels: {alertname: 'C', team: 'x'}}),
      ],
      ['team'],
      {page: 'critical', ticket: 'warning'},
    );
    expect(groups.map((g) => [g.key, g.worstSeverity, g.alerts.map((a) => a.fingerprint)])).toEqual([
      ['team="y"', 'page', ['2']],
      ['team="x"', 'ticket', ['3', '1']],
    ]);
  });

  it('keeps values that look alike in separate groups', () => {
    const groups = groupAlerts([
      makeAlert({fingerprint: '1', labels: {alertname: 'a,service=b', service: ''}}),
      makeAlert({fingerprint: '2', labels: {alertname: 'a', service: 'b'}}),
    ]);
    expect(groups).toHaveLength(2);
  });

  it('returns no groups for no alerts', () => {
    expect(groupAlerts([])).toEqual([]);
  });
});
