import {Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import {Pane, statusText, type PaneStatus} from '../../../src/view/components/Pane.tsx';
import {cellWidth} from '../../../src/view/text-fit.ts';

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
    expect(statusText({...bad, warnings: ['store eu-2 down']}, 'ctx=~"("').text).toBe('⚠ partial · ⚠ filter: bad regex · partial: store eu-2 down');
    expect(statusText({...bad, stale: true, ageSeconds: 40}, 'ctx=~"("').text).toBe('⚠ stale · ⚠ filter: bad regex · stale: no answer, showing data from 40s ago');
    const all = {...fine, filterError: 'showing all, invalid regex for alertname: Invalid regular expression: /(/: Unterminated group'};
    expect(statusText({...all, error: 'unavailable: connection refused', ageSeconds: 9}, 'alertname=~"("').text).toBe('⚠ unavailable: connection refused (showing data from 9s ago) · ⚠ filter: bad regex, showing all');
    expect(statusText({...all, filterError: 'showing all, unterminated quote'}, 'x="').text).toBe('⚠ filter: in error, showing all');
    expect(statusText({...bad, error: 'auth: HTTP 401', ageSeconds: null}, 'ctx=~"("').tone).toBe('critical');
  });

  it('keeps the filter and what is hidden ahead of a long partial or stale detail, after its state word', () => {
    const long = {...fine, warnings: ['alertmanager eu-b: unavailable: GET https://am-b.eu.example.com/api/v2/alerts: connection refused']};
    const {text} = statusText(long, 'sev=critical', 'hiding 3 acked (h)');
    // About 60 cells are left of an 80-column title after `▶ 2 Alerts (12)`.
    expect(text.slice(0, 60)).toMatch(/^⚠ partial · filter: sev=critical · hiding 3 acked \(h\)/);
    expect(text).toContain('partial: alertmanager eu-b: unavailable');
    const stale = statusText({...long, stale: true, ageSeconds: 40}, 'service=~"checkout|payments|search|catalog"', 'hiding 2 acked').text;
    // A long filter is cut there: the detail still follows it.
    expect(stale).toMatch(/^⚠ stale · ⚠ partial · filter: service=~"checkout\|paym… · hiding 2 acked · stale: no answer/);
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
  const base = {index: 2, title: 'Alerts (3)', palette: noColorPalette, filter: '', summary: '2 active · 1 silenced'};

  it('keeps the filter in the title of a pane whose source answered in part, from 60 to 200 columns', () => {
    const status = {...fine, warnings: ['alertmanager eu-b: unavailable: GET https://am-b.eu.example.com/api/v2/alerts: connection refused']};
    for (const width of [60, 80, 100, 140, 200]) {
      const frame = render(<Pane {...base} title="Alerts (12)" box={{width, height: 4, collapsed: false}} focused status={status} filter="sev=critical" hiding="hiding 3 acked" />).lastFrame()!;
      const title = frame.split('\n')[1] ?? '';
      expect(title).toContain('⚠ partial');
      expect(title).toContain('filter: sev=critical');
      if (width >= 80) expect(title).toContain('hiding 3 acked');
    }
  });

  it('measures a title of wide characters by its cells: the error is cut, the filter mark kept, at 60 and 70 columns', () => {
    const status = {...fine, error: 'unavailable: GET https://am-b.eu.example.com/api/v2/alerts: connection refused', ageSeconds: 30};
    // Eleven CJK characters take 22 cells, not 11; each `⚡` (one UTF-16 unit) two.
    for (const title of ['決済チーム警告グループ (3)', 'Alerts ⚡⚡⚡⚡⚡⚡⚡⚡⚡⚡ (3)']) {
      for (const width of [60, 70]) {
        const frame = render(<Pane {...base} title={title} box={{width, height: 4, collapsed: false}} focused status={status} filter="sev=critical" />).lastFrame()!;
        cleanup();
        const line = frame.split('\n')[1] ?? '';
        expect(line, `${title} at ${width}`).toContain(title);
        expect(line, `${title} at ${width}`).toContain('⚠ u');
        expect(line, `${title} at ${width}`).toMatch(/filter: sev=c\S*\s*║$/);
        expect(cellWidth(line), `${title} at ${width}`).toBe(width);
      }
    }
  });

  it('cuts a long source error, never the filter mark, at 40 and 60 columns', () => {
    const status = {...fine, error: 'unavailable: GET https://am-b.eu.example.com/api/v2/alerts: connection refused', ageSeconds: 30};
    for (const width of [40, 60]) {
      const frame = render(<Pane {...base} box={{width, height: 4, collapsed: false}} focused status={status} filter="sev=critical" />).lastFrame()!;
      const title = frame.split('\n')[1] ?? '';
      expect(title).toContain('⚠ u');
      expect(title).toContain('filter: sev=c');
      if (width === 60) expect(title).toContain('⚠ unavailable: GET');
      if (width === 60) expect(title).toContain('filter: sev=critical');
    }
    // With what the toggles hide as well, the error keeps its kind while the marks still show.
    const both = render(<Pane {...base} box={{width: 60, height: 4, collapsed: false}} focused status={status} filter="sev=critical" hiding="hiding 2 acked" />).lastFrame()!;
    expect(both.split('\n')[1]).toContain('⚠ unavailable… · filter: sev=critical · h');
  });

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
    expect(frame).toContain('  2 Alerts (3)  2 active · 1 silenced');
    expect(frame).not.toContain('hidden');
  });

  it('keeps the summary of a collapsed pane first, with the filter and hide marks after it', () => {
    const summary = '1 crit · 1 active · 1 silenced';
    const line = (width: number, status: PaneStatus, filter: string, hiding = '') =>
      render(<Pane {...base} summary={summary} box={{width, height: 3, collapsed: true}} focused={false} status={status} filter={filter} hiding={hiding} />).lastFrame()!.split('\n')[1] ?? '';
    expect(line(80, fine, '', 'hiding 1 acked')).toContain('2 Alerts (3)  1 crit · 1 active · 1 silenced · hiding 1 acked');
    // Short of room, the summary's later parts give way to the marks; its critical count stays.
    expect(line(62, fine, 'service=db')).toContain('2 Alerts (3)  1 crit · 1 active… · filter: service=db');
    // A failed source: its kind, cut, between the summary and the marks.
    const failed = {...fine, error: 'unavailable: GET https://am-b.eu.example.com/api/v2/alerts: connection refused', ageSeconds: 30};
    const cut = line(70, failed, 'sev=critical');
    expect(cut).toContain('1 crit · ⚠ unavailable');
    expect(cut).toContain('⚠ u');
    expect(cut).toMatch(/filter: sev=critical\s*│$/);
    expect(cellWidth(cut)).toBe(70);
  });

  // A stacked terminal 40 to 52 columns wide collapses every unfocused pane: counts drawn there
  // without the state of their source read as live data from a source that is down or stale.
  it('keeps the source state (⚠) and the critical count on a collapsed line from 40 to 52 columns', {timeout: 60_000}, () => {
    const summary = '3 crit · 12 active · 1 silenced · 1 inhibited';
    const line = (width: number, status: PaneStatus, said = summary) =>
      render(<Pane {...base} title="Alerts (13)" summary={said} box={{width, height: 3, collapsed: true}} focused={false} status={status} />).lastFrame()!.split('\n')[1] ?? '';
    const states: Array<[PaneStatus, string]> = [
      [{...fine, error: 'unavailable: connection refused', ageSeconds: 30}, '⚠ unavailable'],
      [{...fine, stale: true, ageSeconds: 90}, '⚠ stale'],
      [{...fine, warnings: ['am-2: timeout']}, '⚠ partial'],
      [{...fine, filterError: 'invalid regex for team: bad'}, '⚠ filter: bad'],
    ];
    // The widths where the line's parts trade places (a full sweep costs ~100 renders).
    for (const width of [40, 43, 45, 46, 49, 52]) {
      for (const [status, word] of states) {
        const drawn = line(width, status);
        expect(cellWidth(drawn), drawn).toBe(width);
        expect(drawn, drawn).toContain('3 crit');
        // The state's word whole where the line leaves it room, else its mark and first letters.
        expect(drawn, drawn).toContain(width >= 46 ? word : word.slice(0, 3));
        // A first part that fills the line gives way to the state too.
        expect(line(width, status, '12 active, 3 of them critical · 1 silenced'), word).toContain(word.slice(0, 3));
      }
    }
    // Narrower still, the critical count is cut before the state goes.
    expect(line(30, states[0]![0])).toMatch(/2 Alerts \(13\) {2}3 .*⚠ u/);
  });

  it('cuts a long status to the width of the pane', () => {
    const frame = render(<Pane {...base} box={{width: 40, height: 3, collapsed: true}} focused status={{...fine, error: 'x'.repeat(200)}} />).lastFrame()!;
    for (const line of frame.split('\n')) expect(line.length).toBe(40);
    expect(frame).toContain('…');
  });
});
