import {Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import {Pane, statusText, type PaneStatus} from '../../../src/view/components/Pane.tsx';

afterEach(() => {
  cleanup();
});

const fine: PaneStatus = {error: null, warnings: [], loading: false, ageSeconds: 3, stale: false};

describe('statusText', () => {
  it('makes escape sequences in a warning, an error or the filter visible, whatever the source did', () => {
    const hostile = '\u001b[2J\u001b]52;c;ZXZpbA==\u0007\u202e';
    const texts = [
      statusText({...fine, warnings: [`am-2: ${hostile}`]}, '').text,
      statusText({...fine, error: `bad-response: ${hostile}`, ageSeconds: 3}, '').text,
      statusText(fine, `service=${hostile}`).text,
    ];
    for (const text of texts) {
      expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(text).toContain('␛[2J');
    }
  });

  it('shows an error with the age of the data still on screen', () => {
    expect(statusText({...fine, error: 'unavailable: connection refused', ageSeconds: 12}, '')).toEqual({
      text: '⚠ unavailable: connection refused (showing data from 12s ago)',
      tone: 'critical',
    });
    expect(statusText({...fine, error: 'auth: HTTP 401', ageSeconds: null}, 'checkout')).toEqual({
      // The source's failure first: a title cut at the pane's width still says it.
      text: '⚠ auth: HTTP 401 (no data yet) · filter: checkout',
      tone: 'critical',
    });
  });

  it('says a filter in error in short, in place of the filter, after partial answers', () => {
    const bad = {...fine, filterError: 'invalid regex for ctx: Unterminated group'};
    expect(statusText(bad, 'ctx=~"("')).toEqual({text: '⚠ filter: bad regex', tone: 'warn'});
    expect(statusText({...bad, warnings: ['store eu-2 down']}, 'ctx=~"("').text).toBe('⚠ partial: store eu-2 down · ⚠ filter: bad regex');
    expect(statusText({...bad, stale: true, ageSeconds: 40}, 'ctx=~"("').text).toBe('⚠ stale: no answer, showing data from 40s ago · ⚠ filter: bad regex');
    const all = {...fine, filterError: 'showing all, invalid regex for alertname: Invalid regular expression: /(/: Unterminated group'};
    expect(statusText({...all, error: 'unavailable: connection refused', ageSeconds: 9}, 'alertname=~"("').text).toBe('⚠ unavailable: connection refused (showing data from 9s ago) · ⚠ filter: bad regex, showing all');
    expect(statusText({...all, filterError: 'showing all, unterminated quote'}, 'x="').text).toBe('⚠ filter: in error, showing all');
    expect(statusText({...bad, error: 'auth: HTTP 401', ageSeconds: null}, 'ctx=~"("').tone).toBe('critical');
  });

  it('says stale, with the age, when nothing failed but no answer came for two polls', () => {
    expect(statusText({...fine, stale: true, ageSeconds: 47}, '')).toEqual({text: '⚠ stale: no answer, showing data from 47s ago', tone: 'warn'});
  });

  it('shows warnings as partial data, loading only before the first data', () => {
    expect(statusText({...fine, warnings: ['am-2: unavailable: down', 'store eu-2 down']}, '')).toEqual({
      text: '⚠ partial: am-2: unavailable: down; store eu-2 down',
      tone: 'warn',
    });
    expect(statusText({...fine, loading: true, ageSeconds: null}, '')).toEqual({text: 'loading…', tone: 'muted'});
    expect(statusText({...fine, loading: true}, '')).toEqual({text: '', tone: 'muted'});
    expect(statusText(fine, 'sev=critical')).toEqual({text: 'filter: sev=critical', tone: 'muted'});
  });
});

describe('Pane', () => {
  const base = {index: 2, title: 'Alerts (3)', palette: noColorPalette, filter: '', summary: '2 active · 1 silenced/acked'};

  it('draws a focused pane with a double border, its title, the error and its content', () => {
    const {lastFrame} = render(
      <Pane {...base} box={{width: 80, height: 5, collapsed: false}} focused status={{...fine, error: 'unavailable: connection refused', ageSeconds: 12}}>
        <Text>row one</Text>
      </Pane>,
    );
    const lines = lastFrame()!.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(`╔${'═'.repeat(78)}╗`);
    expect(lines[1]).toBe(`║${'▶ 2 Alerts (3)  ⚠ unavailable: connection refused (showing data from 12s ago)'.padEnd(78)}║`);
    expect(lines[2]).toBe(`║${'row one'.padEnd(78)}║`);
    expect(lines[4]).toBe(`╚${'═'.repeat(78)}╝`);
  });

  it('draws an unfocused pane with a single border', () => {
    const lines = render(<Pane {...base} box={{width: 40, height: 4, collapsed: false}} focused={false} status={fine} />).lastFrame()!.split('\n');
    expect(lines[0]).toBe(`┌${'─'.repeat(38)}┐`);
    expect(lines[1]).toBe(`│  2 Alerts (3)${' '.repeat(24)}│`);
  });

  it('shows the summary instead of the content when collapsed', () => {
    const {lastFrame} = render(
      <Pane {...base} box={{width: 60, height: 3, collapsed: true}} focused={false} status={fine}>
        <Text>hidden</Text>
      </Pane>,
    );
    const frame = lastFrame()!;
    expect(frame.split('\n')).toHaveLength(3);
    expect(frame).toContain('  2 Alerts (3)  2 active · 1 silenced/acked');
    expect(frame).not.toContain('hidden');
  });

  it('cuts a long status to the width of the pane', () => {
    const frame = render(<Pane {...base} box={{width: 40, height: 3, collapsed: true}} focused status={{...fine, error: 'x'.repeat(200)}} />).lastFrame()!;
    for (const line of frame.split('\n')) expect(line.length).toBe(40);
    expect(frame).toContain('…');
  });
});
