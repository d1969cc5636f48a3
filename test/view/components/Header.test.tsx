import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import type {SourceHealth} from '../../../src/domain/health.ts';
import {clockText, Header, healthText} from '../../../src/view/components/Header.tsx';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import {T0} from '../../queries/fakes.ts';
import {HOSTILE, rawControl} from '../hostile.ts';

afterEach(() => {
  cleanup();
});

const healthy: SourceHealth = {name: 'prometheus', kind: 'prometheus', ok: true, error: null, updatedAt: T0 - 3000, warnings: []};
const down: SourceHealth = {name: 'am-2', kind: 'alertmanager', ok: false, error: 'unavailable: refused', updatedAt: T0 - 125_000, warnings: []};
const partial: SourceHealth = {name: 'thanos', kind: 'prometheus', ok: true, error: null, updatedAt: T0 - 45_000, warnings: ['store down']};
const never: SourceHealth = {name: 'ci', kind: 'deploys', ok: false, error: 'auth: 401', updatedAt: null, warnings: []};

describe('healthText', () => {
  it('reads without colour: a mark and the age of the last good fetch', () => {
    expect(healthText(healthy, T0)).toBe('prometheus ✔ 3s');
    expect(healthText(down, T0)).toBe('am-2 ✖ 2m');
    expect(healthText(partial, T0)).toBe('thanos ◐ 45s');
    expect(healthText(never, T0)).toBe('ci ✖ —');
    expect(healthText({...down, name: HOSTILE}, T0)).toBe('pwn␛[2J␛]52;c;ZWNobyBoaQ==\\x07bell\\x07cr\\x0drtl\\u202egnp.exe ✖ 2m');
  });
});

describe('clockText', () => {
  it('is HH:MM:SS', () => {
    expect(clockText(T0)).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(clockText(T0 + 1000)).not.toBe(clockText(T0));
  });
});

describe('Header', () => {
  const base = {width: 100, context: 'prod-eu', banner: null, readOnly: false, paused: false, now: T0, palette: noColorPalette};

  it('shows the context, every source with its health mark and age, and the clock', () => {
    const {lastFrame} = render(<Header {...base} sources={[healthy, down]} />);
    expect(lastFrame()).toBe(` oncall  ctx prod-eu │ prometheus ✔ 3s │ am-2 ✖ 2m │ ${clockText(T0)}`);
  });

  it('shows the READ-ONLY and PAUSED badges and the banner', () => {
    const {lastFrame} = render(<Header {...base} banner="PRODUCTION" readOnly paused sources={[healthy]} />);
    expect(lastFrame()).toBe(` oncall  PRODUCTION  ctx prod-eu [READ-ONLY] [PAUSED] │ prometheus ✔ 3s │ ${clockText(T0)}`);
  });

  it('stays one line within its width, however many sources', () => {
    const many = Array.from({length: 12}, (_, i) => ({...healthy, name: `source-${i}`}));
    const frame = render(<Header {...base} width={60} sources={many} />).lastFrame()!;
    expect(frame.split('\n')).toHaveLength(1);
    expect(frame.length).toBeLessThanOrEqual(60);
  });

  it('escapes a hostile context name and banner', () => {
    const frame = render(<Header {...base} context={HOSTILE} banner={HOSTILE} sources={[]} />).lastFrame()!;
    expect(rawControl(frame)).toBeNull();
    expect(frame).toContain('␛[2J');
  });
});
