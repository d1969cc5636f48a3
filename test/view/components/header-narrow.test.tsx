import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {SourceHealth} from '../../../src/domain/health.ts';
import {downParts, Header, shortContext} from '../../../src/view/components/Header.tsx';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import {cellWidth} from '../../../src/view/text-fit.ts';
import {T0} from '../../queries/fakes.ts';

afterEach(() => {
  cleanup();
});

const base0 = {retrying: true, staleAt: T0 + 60_000, warnings: [] as string[]};
const ok = (name: string): SourceHealth => ({...base0, retrying: false, name, kind: 'x', last: 'ok', error: null, updatedAt: T0 - 3000});
const fail = (name: string): SourceHealth => ({...base0, name, kind: 'x', last: 'failed', error: 'unavailable: GET x: connection refused', updatedAt: T0 - 60_000});
const props = {banner: null, readOnly: false, paused: false, now: T0, palette: noColorPalette};

function frameOf(el: React.ReactElement): string {
  const frame = render(el).lastFrame() ?? '';
  expect(frame.split('\n')).toHaveLength(1);
  return frame;
}

describe('Header on a narrow line', () => {
  it('at 80 columns, prod banner, a long PROD context and READ-ONLY: shortens the name, keeps each failing source and its ✖', () => {
    const frame = frameOf(<Header {...props} width={80} context="PROD payments-eu-west-1" banner="PRODUCTION" readOnly sources={[ok('prometheus'), fail('alertmanager'), fail('argocd')]} />);
    expect(frame).toContain('alertmanager ✖');
    expect(frame).toContain('argocd ✖');
    // The name is cut, never the PROD word, the banner or the badge.
    expect(frame).toContain('PRODUCTION');
    expect(frame).toMatch(/ ctx PROD \S*… \[READ-ONLY\] /);
    expect(cellWidth(frame)).toBeLessThanOrEqual(80);
  });

  it('at 60 columns keeps both failing sources by name and mark, the context whole when that is enough', () => {
    const frame = frameOf(<Header {...props} width={60} context="staging-eu" sources={[ok('prometheus'), fail('alertmanager'), fail('argocd')]} />);
    expect(frame).toContain('ctx staging-eu ');
    expect(frame).toContain('alertmanager ✖');
    expect(frame).toContain('argocd ✖');
    expect(frame).toContain('+1 ok');
  });

  it('shortens the context before dropping the failures\' reasons', () => {
    const frame = frameOf(<Header {...props} width={80} context="PROD payments-eu-west-1-primary" sources={[ok('prometheus'), fail('alertmanager')]} />);
    expect(frame).toContain('alertmanager ✖ unavailable');
    expect(frame).toMatch(/ ctx PROD \S*… │/);
  });

  it('at 60 columns with every source down sums the failures up rather than losing them', () => {
    const frame = frameOf(<Header {...props} width={60} context="PROD payments-prod-eu-west-1" banner="PRODUCTION" sources={[fail('prometheus'), fail('alertmanager'), fail('github-deploys')]} />);
    expect(frame).toContain('✖ 3 down: prometheus');
    expect(frame).toContain('PRODUCTION');
    expect(frame).toContain(' ctx PROD ');
    expect(cellWidth(frame)).toBeLessThanOrEqual(60);
  });

  it('on a line too narrow for the count beside the banner and badges, drops the product name rather than the ✖', () => {
    const frame = frameOf(<Header {...props} width={50} context="PROD payments-prod-eu-west-1" banner="PRODUCTION" readOnly paused sources={[fail('prometheus'), ok('alertmanager')]} />);
    expect(frame).toContain('✖1');
    for (const kept of ['PRODUCTION', ' ctx PROD ', '[READ-ONLY]', '[PAUSED]']) expect(frame).toContain(kept);
    expect(frame).not.toContain('oncall');
    expect(cellWidth(frame)).toBeLessThanOrEqual(50);
  });

  it('shortens a set of contexts no further than its count, which says how many are PROD', () => {
    const sources = [fail('PROD payments-eu'), fail('payments-us'), fail('payments-ap')];
    const frame = frameOf(<Header {...props} width={60} context="PROD payments-eu,payments-us,payments-ap" contextShort="3 contexts (1 PROD)" sources={sources} />);
    expect(frame).toContain('ctx 3 contexts (1 PROD) ');
    expect(frame).toContain('✖');
  });
});

describe('downParts', () => {
  it('names the failing sources in the room given, cut with …, and at the least counts them', () => {
    const sources = [ok('prometheus'), fail('alertmanager'), fail('argocd')];
    expect(downParts(sources, T0, 100)![0]!.text).toBe('│ ✖ 2 of 3 down: alertmanager, argocd');
    const cut = downParts(sources, T0, 25)![0]!.text;
    expect(cut.endsWith('…')).toBe(true);
    expect(cellWidth(cut)).toBeLessThanOrEqual(25);
    expect(downParts(sources, T0, 6)![0]!.text).toBe('│ ✖2');
    expect(downParts([ok('prometheus')], T0, 100)).toBeNull();
  });
});

describe('shortContext', () => {
  it('cuts the name to the cells given, keeping the PROD word', () => {
    expect(shortContext('PROD payments-eu-west-1', 100)).toBe('PROD payments-eu-west-1');
    expect(shortContext('PROD payments-eu-west-1', 10)).toBe('PROD paym…');
    expect(shortContext('PROD payments-eu-west-1', 0)).toBe('PROD …');
    expect(shortContext('staging-eu', 5)).toBe('stag…');
  });
});

describe('a failed and a stale source on a narrow line', () => {
  const stale = (name: string): SourceHealth => ({...ok(name), updatedAt: T0 - 90_000, staleAt: T0 - 1000});
  const sources = [fail('prod-eu/alertmanager'), stale('prod-eu/prometheus'), ok('prod-eu/argocd'), ok('prod-eu/pagerduty')];

  it('sums up the stale source beside the failed one', () => {
    expect(downParts(sources, T0, 200)![0]!.text).toBe('│ ✖ 1 of 4 down, ⚠ 1 stale: prod-eu/alertmanager, prod-eu/prometheus');
    expect(downParts(sources, T0, 6)![0]!.text).toBe('│ ✖1 ⚠1');
    expect(downParts([stale('prometheus'), ok('argocd')], T0, 200)).toEqual([{text: '│ ⚠ 1 of 2 stale: prometheus', tone: 'warn'}]);
  });

  it('keeps ✖, ⚠ and a few letters of the context at widths from 40 to 200, in no more cells', () => {
    // Every few widths: each render of the line is slow enough to count.
    for (const width of [40, 41, 44, 48, 52, 56, 60, 64, 68, 72, 74, 80, 100, 200]) {
      const frame = frameOf(<Header {...props} width={width} context="PROD prod-eu-west-1" sources={sources} />);
      expect(cellWidth(frame)).toBeLessThanOrEqual(width);
      expect(frame).toContain('✖');
      expect(frame).toContain('⚠');
      expect(frame).toMatch(/ctx PROD p/);
    }
  });
});
