import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {Footer, fitHints, shownHints} from '../../../src/view/components/Footer.tsx';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import {HOSTILE, rawControl} from '../hostile.ts';

afterEach(() => {
  cleanup();
});

const hints = [
  {keys: 'j/k', hint: 'move', disabled: false, ids: []},
  {keys: 'a', hint: 'ack', disabled: true, ids: []},
  {keys: '?', hint: 'help', disabled: false, ids: []},
];
// Colours on (the frames are plain text either way: the test terminal draws no styles).
const base = {width: 100, hints, input: null, flash: null, palette: noColorPalette, color: true};

describe('Footer', () => {
  it('lists the key hints, two spaces apart', () => {
    expect(render(<Footer {...base} />).lastFrame()).toBe('j/k move  a ack  ? help');
  });

  it('leaves disabled hints out when colours are off: dimmed and struck through, they would read as enabled', () => {
    expect(render(<Footer {...base} color={false} />).lastFrame()).toBe('j/k move  ? help');
  });

  it('shows an open input with its prompt and a cursor cell instead of the hints', () => {
    expect(render(<Footer {...base} input={{prompt: ':', text: 'ctx staging'}} />).lastFrame()).toBe(':ctx staging');
  });

  it('keeps the end of a long input visible', () => {
    const frame = render(<Footer {...base} width={20} input={{prompt: '/alerts filter: ', text: 'service=checkout severity=critical'}} />).lastFrame()!;
    expect(frame.length).toBeLessThanOrEqual(20);
    expect(frame).toContain('critical');
  });

  it('keeps a flash beside a long input in sight, the end of the input before it', () => {
    const flash = {text: 'input longer than 2000 characters, not added', tone: 'warn' as const};
    const frame = render(<Footer {...base} width={80} input={{prompt: '/alerts filter: ', text: `service=~${'x|'.repeat(900)}end`}} flash={flash} />).lastFrame()!;
    expect(frame).toContain('input longer than 2000 characters, not added');
    expect(frame).toMatch(/^\/alerts filter: …[x|]+end {3}input longer/);
  });

  it('shows a flash message over the hints', () => {
    expect(render(<Footer {...base} flash={{text: 'refreshing…', tone: 'info'}} />).lastFrame()).toBe('refreshing…');
  });

  it('escapes control characters in typed text and flash messages', () => {
    const typed = render(<Footer {...base} input={{prompt: ':', text: HOSTILE}} />).lastFrame()!;
    expect(rawControl(typed)).toBeNull();
    const flashed = render(<Footer {...base} flash={{text: HOSTILE, tone: 'critical'}} />).lastFrame()!;
    expect(rawControl(flashed)).toBeNull();
    expect(flashed).toBe('pwn␛[2J␛]52;c;ZWNobyBoaQ==\\x07bell\\x07cr\\x0drtl\\u202egnp.exe');
  });
});

describe('fitHints', () => {
  it('drops pane hints from the end so help and quit stay on a narrow screen', () => {
    const h = (keys: string, hint: string, id: string) => ({keys, hint, disabled: false, ids: [id as never]});
    const hints = [h('a', 'ack', 'ack'), h('j/k', 'move', 'down'), h('/', 'filter', 'filter'), h('?', 'help', 'help'), h('q', 'quit', 'quit'), h('r', 'refresh', 'refresh')];
    expect(fitHints(hints, 200).map((x) => x.hint)).toEqual(['ack', 'move', 'filter', 'help', 'quit', 'refresh']);
    expect(fitHints(hints, 31).map((x) => x.hint)).toEqual(['ack', 'move', 'help', 'quit']);
    expect(fitHints(hints, 30).map((x) => x.hint)).toEqual(['ack', 'help', 'quit']);
    expect(fitHints(hints, 10).map((x) => x.hint)).toEqual(['help', 'quit']);
  });

  it('drops disabled hints before working ones, so a struck-through key never costs a working key its place', () => {
    const h = (keys: string, hint: string, id: string, disabled = false) => ({keys, hint, disabled, ids: [id as never]});
    const hints = [h('a', 'ack', 'ack'), h('y', 'copy', 'copy', true), h('t', 'timeline', 'timeline'), h('?', 'help', 'help'), h('q', 'quit', 'quit')];
    // 41 cells in all: one hint must go, and it is the disabled `y copy`, not the last `t timeline`.
    expect(fitHints(hints, 40).map((x) => x.hint)).toEqual(['ack', 'timeline', 'help', 'quit']);
    // With no disabled hint left, working ones go from the end as before.
    expect(fitHints(hints, 32).map((x) => x.hint)).toEqual(['ack', 'help', 'quit']);
  });
});

describe('shownHints', () => {
  it('keeps every hint with colours on, only the enabled ones with colours off', () => {
    expect(shownHints(hints, true)).toEqual(hints);
    expect(shownHints(hints, false).map((h) => h.hint)).toEqual(['move', 'help']);
  });
});
