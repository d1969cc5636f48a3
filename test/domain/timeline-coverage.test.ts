/**
 * What a Prometheus' history lookups make of an empty timeline: "no alert fired" when its
 * alerting rules are evaluated (history, empty), "no alert history" when it evaluates none, and
 * "not checked" whenever a lookup failed — never a silent skip.
 */
import {describe, expect, it} from 'vitest';
import {coverageGaps, coverageNotes, type HistoryCoverage} from '../../src/domain/timeline-coverage.ts';

const TO = Date.UTC(2026, 11, 6, 8, 0, 0);
const FROM = TO - 2 * 3_600_000;
const base: HistoryCoverage = {context: 'prod', source: 'prometheus', from: FROM, to: TO, read: ['alerts', 'slos'], dataAtStart: true, alertSeries: 0, alertRules: null};
const reasons = (c: HistoryCoverage) => coverageGaps(c).map((g) => `${g.part}: ${g.reason}`);

describe('coverageGaps and coverageNotes', () => {
  it('alerting rules evaluated and no ALERTS in the range nor the 7 days before: no gap, a note that no alert fired', () => {
    const c = {...base, alertRules: 3};
    expect(coverageGaps(c)).toEqual([]);
    expect(coverageNotes(c)).toEqual(['no alert fired: prometheus evaluates 3 alerting rules and held no ALERTS series from 2026-11-29T06:00:00.000Z to 2026-12-06T08:00:00.000Z']);
    expect(coverageNotes({...c, alertRules: 1})[0]).toMatch(/^no alert fired: prometheus evaluates 1 alerting rule and held/);
  });

  it('no alerting rule evaluated: no alert history, a gap saying so; no note', () => {
    const c = {...base, alertRules: 0};
    expect(reasons(c)).toEqual(['alerts: no alert history: no ALERTS series from 2026-11-29T06:00:00.000Z to 2026-12-06T08:00:00.000Z and no alerting rule evaluated there, so no alert events is not "nothing fired"']);
    expect(coverageNotes(c)).toEqual([]);
  });

  it('the rules lookup failing: still no alert history, with why the rules are unknown', () => {
    expect(reasons({...base, alertRules: {failed: 'bad-response: GET /api/v1/rules: 404'}})).toEqual([
      'alerts: no alert history: no ALERTS series from 2026-11-29T06:00:00.000Z to 2026-12-06T08:00:00.000Z and its alerting rules could not be listed (bad-response: GET /api/v1/rules: 404), so no alert events is not "nothing fired"',
    ]);
  });

  it('ALERTS held before the range: calm, no gap and no note', () => {
    expect(coverageGaps({...base, alertSeries: 2})).toEqual([]);
    expect(coverageNotes({...base, alertSeries: 2, alertRules: 3})).toEqual([]);
  });

  it('the label-names lookup failing: every part read says its coverage was not checked, never skipped silently', () => {
    const c = {...base, dataAtStart: {failed: 'timeout: POST /api/v1/labels: no answer'}, alertSeries: 4};
    expect(reasons(c)).toEqual([
      'alerts: coverage not checked (timeout: POST /api/v1/labels: no answer): whether prometheus holds data at 2026-12-06T06:00:00.000Z is unknown, so no events may not mean "nothing happened"',
      'slos: coverage not checked (timeout: POST /api/v1/labels: no answer): whether prometheus holds data at 2026-12-06T06:00:00.000Z is unknown, so no events may not mean "nothing happened"',
    ]);
  });

  it('the label-names lookup failing and no alert history: both said', () => {
    const c = {...base, read: ['alerts' as const], dataAtStart: {failed: 'unavailable: connection refused'}, alertRules: 0};
    expect(reasons(c).map((r) => r.slice(0, 40))).toEqual(['alerts: coverage not checked (unavailabl', 'alerts: no alert history: no ALERTS seri']);
  });

  it('no data at the start: that gap alone, whatever the rules say', () => {
    const c = {...base, dataAtStart: false, alertRules: 3};
    expect(reasons(c).map((r) => r.split(':')[0])).toEqual(['alerts', 'slos']);
    expect(coverageNotes(c)).toEqual([]);
  });
});
