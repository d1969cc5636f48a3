/**
 * Kept on-call names whose shift has already ended (PagerDuty unreadable for an hour, or a
 * handover between two reads): someone paging from the screen must not take them for the
 * current on-call, and the details must not say the shift ends now.
 */
import {describe, expect, it} from 'vitest';
import {oncallDetails, oncallHeaderText, type OncallView} from '../../../src/view/rows/oncall-lines.ts';
import {truncate} from '../../../src/view/text-fit.ts';

const NOW = Date.UTC(2026, 11, 7, 21, 0, 0);
const M = 60_000;

// alice's shift (as PagerDuty said an hour ago) ended 30 minutes ago; who took over is unknown.
const view: OncallView = {
  oncalls: [
    {source: 'pagerduty', user: 'alice', level: 1, escalationPolicy: 'Checkout EP', schedule: 'Checkout primary', until: NOW - 30 * M, services: ['checkout']},
    {source: 'pagerduty', user: 'bob', level: 2, escalationPolicy: 'Checkout EP', schedule: 'Checkout secondary', until: NOW + 8 * 60 * M, services: ['checkout']},
  ],
  asOf: NOW - 60 * M,
  failing: [{name: 'pagerduty', error: 'unavailable: pagerduty: connection refused'}],
  staleAt: NOW - 50 * M,
};

describe('kept on-call names whose shift already ended', () => {
  it('the details say the shift ended 30 minutes ago, not that it ends now ("(0s)")', () => {
    const l1 = oncallDetails(view, 'checkout', NOW).find((l) => l.label === '  L1')!;
    expect(l1).toEqual({label: '  L1', value: 'alice until 2026-12-07T20:30Z (ended 30m ago) · Checkout primary, Checkout EP (pagerduty)', tone: 'warn'});
  });

  it('the header does not present alice as the current L1 without saying her shift ended', () => {
    const {text, tone} = oncallHeaderText(view, 'checkout', ['checkout'], NOW);
    expect(text).toBe('on call ⚠ as of 1h ago (pagerduty ✖ unavailable): checkout bob (L2) · L1 ended 30m ago: alice');
    expect(tone).toBe('warn');
  });

  it('nor without a selection, where only the first level is named', () => {
    const {text} = oncallHeaderText(view, null, ['checkout'], NOW);
    expect(text).toBe('on call ⚠ as of 1h ago (pagerduty ✖ unavailable): checkout (ended 30m ago: alice)');
  });

  it('a fresh read past a handover marks it too, in warn tone, beside the current names of the level', () => {
    const fresh: OncallView = {oncalls: [...view.oncalls, {...view.oncalls[0]!, user: 'carol', until: NOW + 60 * M}], asOf: NOW - 2 * M, failing: [], staleAt: NOW + 8 * M};
    expect(oncallHeaderText(fresh, 'checkout', [], NOW)).toEqual({text: 'on call: checkout carol (L1) · bob (L2) · L1 ended 30m ago: alice', tone: 'warn'});
    expect(oncallHeaderText(fresh, null, ['checkout'], NOW).text).toBe('on call: checkout carol (ended 30m ago: alice)');
  });

  // The header is drawn cut to the terminal's width: a mark after the name was cut off first,
  // and alice read as the current L1 again. The mark comes before the name, ended names last.
  describe('on a narrow line', () => {
    const drawn = (text: string, width: number) => truncate(` ${text}`, width);
    // The name is on screen and nothing on screen says her shift ended.
    const misleading = (shown: string) => /alice/.test(shown) && !/ended/.test(shown);

    it('80 columns, several contexts, PagerDuty down: never alice without her mark', () => {
      const shown = drawn(oncallHeaderText(view, 'checkout', ['checkout'], NOW, 'prod-eu').text, 80);
      expect(misleading(shown), shown).toBe(false);
    });

    it('30 columns, a handover between two reads, selected row and no selection', () => {
      const fresh: OncallView = {...view, asOf: NOW - 2 * M, failing: [], staleAt: NOW + 8 * M};
      for (const service of ['checkout', null]) {
        for (let width = 10; width <= 60; width++) {
          const shown = drawn(oncallHeaderText(fresh, service, ['checkout'], NOW).text, width);
          expect(misleading(shown), shown).toBe(false);
        }
      }
    });
  });
});
