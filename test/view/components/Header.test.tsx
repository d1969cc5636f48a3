import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import type {SourceHealth} from '../../../src/domain/health.ts';
import {clockText, Header, headerParts, healthText} from '../../../src/view/components/Header.tsx';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import {T0} from '../../queries/fakes.ts';
import {HOSTILE, rawControl} from '../hostile.ts';

afterEach(() => {
  cleanup();
});

const base0 = {retrying: false, staleAt: null, warnings: []};
const healthy: SourceHealth = {...base0, name: 'prometheus', kind: 'prometheus', last: 'ok', error: null, updatedAt: T0 - 3000};
const down: SourceHealth = {...base0, name: 'am-2', kind: 'alertmanager', last: 'failed', error: 'unavailable: GET http://am-2/api/v2/alerts: connection refused', updatedAt: T0 - 125_000};
const partial: SourceHealth = {...base0, name: 'thanos', kind: 'prometheus', last: 'ok', error: null, updatedAt: T0 - 45_000, warnings: ['store down'], partial: ['store down']};
// Warnings that do not say the answer was partial: an info, a note on a refused SLO query.
const noted: SourceHealth = {...healthy, warnings: ['PromQL info: metric might not be a counter', 'slo api: query refused']};
const never: SourceHealth = {...base0, name: 'ci', kind: 'deploys', last: 'failed', error: 'auth: 401', updatedAt: null, retrying: true};
const pending: SourceHealth = {...base0, name: 'prometheus', kind: 'prometheus', last: 'none', error: null, updatedAt: null};
const stale: SourceHealth = {...healthy, updatedAt: T0 - 45_000, staleAt: T0 - 15_000};

describe('healthText', () => {
  it('reads without colour: a mark, why it failed and whether it is retried, and the age of the last good data', () => {
    expect(healthText(healthy, T0)).toBe('prometheus ✔ 3s');
    expect(healthText(down, T0)).toBe('am-2 ✖ unavailable 2m');
    expect(healthText({...down, retrying: true}, T0)).toBe('am-2 ✖ unavailable (retrying) 2m');
    expect(healthText(partial, T0)).toBe('thanos ◐ 45s');
    expect(healthText(never, T0)).toBe('ci ✖ auth (retrying) no data yet');
    expect(healthText({...down, name: HOSTILE}, T0)).toBe('pwn␛[2J␛]52;c;ZWNobyBoaQ==\\x07bell\\x07cr\\x0drtl\\u202egnp.exe ✖ unavailable 2m');
  });

  it('shows ◐ for an answer read in part only; other warnings keep ✔, both in the warn tone', () => {
    expect(healthText(noted, T0)).toBe('prometheus ✔ 3s');
    expect(healthText(noted, T0, 'mark')).toBe('prometheus ✔');
    expect(healthText(partial, T0, 'mark')).toBe('thanos ◐');
    expect(headerParts([noted], T0, 200).parts[0]).toMatchObject({text: '│ prometheus ✔ 3s ', tone: 'warn'});
    expect(headerParts([healthy], T0, 200).parts[0]).toMatchObject({text: '│ prometheus ✔ 3s ', tone: 'ok'});
    expect(headerParts([partial], T0, 200).parts[0]).toMatchObject({text: '│ thanos ◐ 45s ', tone: 'warn'});
  });

  it('never shows ✔ before the first answer: pending is `…`', () => {
    expect(healthText(pending, T0)).toBe('prometheus … no data yet');
  });

  it('never shows an age for a source that never gave data: "no data yet" and how long it has been asked', () => {
    expect(healthText({...pending, askedSince: T0 - 12_000}, T0)).toBe('prometheus … no data yet (trying 12s)');
    expect(healthText({...never, askedSince: T0 - 125_000}, T0)).toBe('ci ✖ auth (retrying) no data yet (trying 2m)');
    // Compact (a crowded line): still no age, only that there is no data.
    expect(healthText({...never, askedSince: T0 - 125_000}, T0, true)).toBe('ci ✖ auth (retrying) no data');
    expect(healthText({...pending, askedSince: T0 - 12_000}, T0, 'terse')).toBe('prometheus …');
  });

  it('says a source not read at all is not read, and why: no state, no age, in the muted tone', () => {
    const unread: SourceHealth = {...pending, name: 'pagerduty', kind: 'pagerduty', unread: 'not read in the past'};
    expect(healthText(unread, T0)).toBe('pagerduty – not read in the past');
    expect(healthText(unread, T0, true)).toBe('pagerduty – not read in the past');
    expect(healthText(unread, T0, 'terse')).toBe('pagerduty –');
    expect(rawControl(healthText({...unread, name: HOSTILE, unread: HOSTILE}, T0))).toBeNull();
    expect(headerParts([healthy, unread], T0, 200).parts[1]).toMatchObject({text: '│ pagerduty – not read in the past ', tone: 'muted'});
    // Folded on a narrow line it stays named, not summed up among the fine ones.
    expect(headerParts([healthy, unread], T0, 30).parts.map((p) => p.text).join('')).toContain('pagerduty –');
  });

  it('says stale with the age once the last good data is older than two polls', () => {
    expect(healthText(stale, T0)).toBe('prometheus ⚠ stale 45s');
    expect(healthText(stale, T0 - 20_000)).toBe('prometheus ✔ 25s');
  });

  it('drops only the age of a healthy source when compact', () => {
    expect(healthText(healthy, T0, true)).toBe('prometheus ✔');
    expect(healthText(down, T0, true)).toBe('am-2 ✖ unavailable 2m');
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
    expect(lastFrame()).toBe(` oncall  ctx prod-eu │ prometheus ✔ 3s │ am-2 ✖ unavailable 2m │ ${clockText(T0)}`);
  });

  it('shows the READ-ONLY and PAUSED badges and the banner', () => {
    const {lastFrame} = render(<Header {...base} banner="PRODUCTION" readOnly paused sources={[healthy]} />);
    expect(lastFrame()).toBe(` oncall  PRODUCTION  ctx prod-eu [READ-ONLY] [PAUSED] │ prometheus ✔ 3s │ ${clockText(T0)}`);
  });

  it('shows a clock off from the backends\' as a badge, which the health parts make room for', () => {
    const {lastFrame} = render(<Header {...base} clockBadge="CLOCK 5m AHEAD" sources={[healthy]} />);
    expect(lastFrame()).toBe(` oncall  ctx prod-eu [CLOCK 5m AHEAD] │ prometheus ✔ 3s │ ${clockText(T0)}`);
    const failing = {...never, name: 'prometheus', kind: 'prometheus' as const, error: 'unavailable: refused'};
    const narrow = render(<Header {...base} width={80} clockBadge="CLOCK 20m BEHIND" sources={[failing, {...healthy, name: 'am'}]} />).lastFrame()!;
    expect(narrow).toBe(' oncall  ctx prod-eu [CLOCK 20m BEHIND] │ prometheus ✖ unavailable │ +1 ok');
  });

  it('keeps a failing source whole at 80 columns: healthy sources drop their age, the clock goes, then they fold', () => {
    const ci = {...healthy, name: 'ci', kind: 'deploys' as const};
    const am = {...healthy, name: 'alertmanager', kind: 'alertmanager' as const};
    const failing = {...never, name: 'prometheus', kind: 'prometheus' as const, error: 'unavailable: refused'};
    const frame = render(<Header {...base} width={80} sources={[failing, am, ci]} />).lastFrame()!;
    expect(frame).toBe(' oncall  ctx prod-eu │ prometheus ✖ unavailable (retrying) no data │ +2 ok');
    const am2 = {...failing, name: '127.0.0.1:10', kind: 'alertmanager' as const};
    const both = render(<Header {...base} width={80} context="e2e" sources={[failing, am2, ci]} />).lastFrame()!;
    expect(both).toBe(' oncall  ctx e2e │ prometheus ✖ unavailable │ 127.0.0.1:10 ✖ unavailable │ +1 ok');
    const two = render(<Header {...base} width={80} sources={[failing, ci]} />).lastFrame()!;
    expect(two).toBe(' oncall  ctx prod-eu │ prometheus ✖ unavailable (retrying) no data │ ci ✔');
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

  it('names a set of contexts by its count on a line too narrow for the names and every context\'s health', () => {
    const ctx = (name: string, over: Partial<SourceHealth> = {}): SourceHealth => ({...healthy, name, ...over});
    const sources = [
      ctx('PROD ctx1'),
      ctx('ctx2', {last: 'failed', error: 'unavailable: connection refused', updatedAt: null}),
      ctx('ctx3', {last: 'failed', error: 'timeout: no answer within 15000 ms', updatedAt: null}),
      ctx('ctx4', {last: 'failed', error: 'bad-response: expected JSON, got text/html', updatedAt: null}),
      ctx('ctx5'),
    ];
    const set = {...base, context: 'PROD ctx1,ctx2,ctx3,ctx4,ctx5', contextShort: '5 contexts (1 PROD)', sources};
    const narrow = render(<Header {...set} width={100} />).lastFrame()!;
    // Every failing context keeps its name and reason; the set is named by its count.
    expect(narrow).toContain('ctx 5 contexts (1 PROD)');
    for (const part of ['ctx2 ✖ unavailable', 'ctx3 ✖ timeout', 'ctx4 ✖ bad-response']) expect(narrow).toContain(part);
    cleanup();
    // A wide line keeps the names.
    const wide = render(<Header {...set} width={160} />).lastFrame()!;
    expect(wide).toContain('ctx PROD ctx1,ctx2,ctx3,ctx4,ctx5');
    expect(wide).toContain('ctx4 ✖ bad-response');
  });
});

