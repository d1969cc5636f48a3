/**
 * The READ-ONLY and LOG NOT WRITABLE badges on a narrow header: shortened before a failing or
 * stale source's summary is cut, so both the badge and `✖`/`⚠` stay on the line.
 */
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {SourceHealth} from '../../../src/domain/health.ts';
import {BADGE_FORMS, Header} from '../../../src/view/components/Header.tsx';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import {cellWidth} from '../../../src/view/text-fit.ts';
import {T0} from '../../queries/fakes.ts';

afterEach(() => cleanup());

const base = {retrying: true, staleAt: T0 + 60_000, warnings: [] as string[]};
const ok = (name: string): SourceHealth => ({...base, retrying: false, name, kind: 'x', last: 'ok', error: null, updatedAt: T0 - 3000});
const fail = (name: string): SourceHealth => ({...base, name, kind: 'x', last: 'failed', error: 'unavailable: GET x: connection refused', updatedAt: T0 - 60_000});
const stale = (name: string): SourceHealth => ({...ok(name), updatedAt: T0 - 90_000, staleAt: T0 - 1000});
const props = {banner: null, readOnly: false, paused: false, now: T0, palette: noColorPalette, context: 'PROD payments-eu-west-1'};

// Widths where the whole badges crowd the summary out, and wide ones where all is whole. Two
// badges, even short, and `PROD …` leave `✖1 ⚠1` its room from 34 columns (one badge: 30).
const WIDTHS = [30, 32, 34, 36, 38, 40, 42, 45, 49, 55, 60, 80, 120, 200];
const widthsFor = (badges: number) => WIDTHS.filter((w) => w >= (badges > 1 ? 34 : 30));

describe('header badges on a narrow line', () => {
  it('a failing source of two keeps its ✖ beside [READ-ONLY] and the log badge at 40', () => {
    const frame = render(<Header {...props} notLogging readOnly width={40} sources={[fail('alertmanager'), ok('argocd')]} />).lastFrame() ?? '';
    expect(frame).toContain('✖');
    expect(frame).toMatch(/\[(LOG NOT WRITABLE|NO LOG|!LOG)\]/);
    expect(frame).toMatch(/\[(READ-ONLY|RO)\]/);
  });

  for (const extra of [{notLogging: true}, {notLogging: true, readOnly: true}, {readOnly: true, paused: true}]) {
    it(`one down and one stale keep ✖ and ⚠, and every badge in some form, up to 200 ${JSON.stringify(extra)}`, () => {
      const bad: string[] = [];
      for (const width of widthsFor(Object.keys(extra).length)) {
        const frame = render(<Header {...props} {...extra} width={width} sources={[fail('alertmanager'), stale('prometheus'), ok('argocd'), ok('pagerduty')]} />).lastFrame() ?? '';
        cleanup();
        const problems: string[] = [];
        if (frame.split('\n').length !== 1 || cellWidth(frame) > width) problems.push('overflows');
        if (!frame.includes('✖') || !frame.includes('⚠')) problems.push('lost a source');
        if ('notLogging' in extra && !BADGE_FORMS.some((f) => frame.includes(f.notLogging))) problems.push('no log badge');
        if ('readOnly' in extra && !BADGE_FORMS.some((f) => frame.includes(f.readOnly))) problems.push('no read-only badge');
        if (!frame.includes('PROD')) problems.push('no PROD');
        if (problems.length > 0) bad.push(`${width}: ${problems.join(', ')} ${JSON.stringify(frame)}`);
      }
      expect(bad).toEqual([]);
      // Wide enough, the badges are whole.
      const wide = render(<Header {...props} {...extra} width={200} sources={[fail('alertmanager'), ok('argocd')]} />).lastFrame() ?? '';
      if ('notLogging' in extra) expect(wide).toContain('[LOG NOT WRITABLE]');
      if ('readOnly' in extra) expect(wide).toContain('[READ-ONLY]');
    });
  }
});

describe('header with the PRODUCTION banner and [RO] below 44 columns', () => {
  const clock = 'CLOCK 5m0s AHEAD';
  const cases = [
    {extra: {}, sources: [fail('alertmanager'), stale('prometheus'), ok('argocd')]},
    {extra: {paused: true}, sources: [fail('alertmanager'), ok('argocd')]},
    {extra: {clockBadge: clock}, sources: [fail('alertmanager'), ok('argocd')]},
    {extra: {notLogging: true}, sources: [fail('alertmanager'), ok('argocd')]},
  ];
  for (const {extra, sources} of cases) {
    it(`shortens the banner and badges, never the failing or stale mark, from 30 to 80 columns ${JSON.stringify(extra)}`, () => {
      const bad: string[] = [];
      for (const width of [30, 31, 32, 33, 34, 36, 38, 40, 42, 44, 50, 60, 80]) {
        const frame = render(<Header {...props} banner="PRODUCTION" readOnly {...extra} width={width} sources={sources} />).lastFrame() ?? '';
        cleanup();
        const problems: string[] = [];
        if (frame.split('\n').length !== 1 || cellWidth(frame) > width) problems.push('overflows');
        if (!frame.includes('✖')) problems.push('lost the failing source');
        if (sources.some((s) => s.name === 'prometheus') && !frame.includes('⚠')) problems.push('lost the stale source');
        if (!/ PROD(UCTION)? /.test(frame)) problems.push('no banner');
        if (!BADGE_FORMS.some((f) => frame.includes(`${f.readOnly} `))) problems.push('no read-only badge');
        if ('paused' in extra && !BADGE_FORMS.some((f) => frame.includes(`${f.paused} `))) problems.push('no paused badge');
        if ('clockBadge' in extra && !BADGE_FORMS.some((f) => frame.includes(`[${f.clock(clock)}] `))) problems.push('no clock badge');
        if ('notLogging' in extra && !BADGE_FORMS.some((f) => frame.includes(`${f.notLogging} `))) problems.push('no log badge');
        if (problems.length > 0) bad.push(`${width}: ${problems.join(', ')} ${JSON.stringify(frame)}`);
      }
      expect(bad).toEqual([]);
    });
  }

  it('gives [PAUSED] and the clock badge short forms, with [RO], and the banner its PROD word', () => {
    const at = (width: number) => render(<Header {...props} banner="PRODUCTION" readOnly paused clockBadge={clock} width={width} sources={[fail('alertmanager')]} />).lastFrame() ?? '';
    expect(at(200)).toContain(' PRODUCTION  ctx PROD payments-eu-west-1 [READ-ONLY] [PAUSED] [CLOCK 5m0s AHEAD] ');
    cleanup();
    expect(at(60)).toContain('[RO] [‖] [CLK 5m0s] │ ✖');
    cleanup();
    expect(at(36)).toMatch(/^ PROD  payme\S+ \[RO\] \[‖\] \[CLK\] │ ✖1$/);
  });

  it('says PROD once in its shortest form, the banner, giving the name its cells, from 30 to 36 columns', () => {
    for (const width of [30, 31, 32, 33, 34, 35, 36]) {
      const frame = render(<Header {...props} banner="PRODUCTION" readOnly paused width={width} sources={[fail('alertmanager'), ok('argocd')]} />).lastFrame() ?? '';
      cleanup();
      // `PROD  paymen…`, where it read `PROD  PROD p…`: six letters of the name, not one.
      expect(frame, `${width}`).toMatch(/^ PROD  paymen/);
      expect(frame.match(/PROD/g), `${width}: ${frame}`).toHaveLength(1);
      expect(cellWidth(frame)).toBeLessThanOrEqual(width);
      expect(frame).toMatch(/\[RO\] \[‖\] │ ✖1$/);
    }
    // Without the banner, the name keeps its PROD word: it is then the only one saying it.
    const bare = render(<Header {...props} readOnly width={30} sources={[fail('alertmanager'), ok('argocd')]} />).lastFrame() ?? '';
    expect(bare).toMatch(/ PROD p/);
    cleanup();
    // A banner that is not the PROD word leaves the name as it is.
    const other = render(<Header {...props} banner="CAUTION ZONE" readOnly width={30} sources={[fail('alertmanager'), ok('argocd')]} />).lastFrame() ?? '';
    expect(other).toMatch(/ PROD p/);
  });
});
