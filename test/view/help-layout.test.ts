import {describe, expect, it} from 'vitest';
import {helpSections} from '../../src/actions/help-sections.ts';
import {defaultKeymap, type ActionContext, type SelectionInfo} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {helpLayout, helpScrollLines, wrapSpans, type HelpLayout} from '../../src/view/help-layout.ts';

describe('wrapSpans', () => {
  it('wraps at spaces, keeps tones per word and merges neighbours of one tone', () => {
    const lines = wrapSpans([{text: 'Roll back the deploy', tone: 'text'}, {text: '[dangerous]', tone: 'critical'}], 18);
    expect(lines).toEqual([
      [{text: 'Roll back the', tone: 'text'}],
      [{text: 'deploy', tone: 'text'}, {text: ' [dangerous]', tone: 'critical'}],
    ]);
  });

  it('breaks a word wider than the line instead of cutting it', () => {
    expect(wrapSpans([{text: 'https://runbooks.example.com/x', tone: 'accent'}], 12).map((l) => l.map((s) => s.text).join(''))).toEqual([
      'https://runb', 'ooks.example', '.com/x',
    ]);
  });
});

describe('helpScrollLines', () => {
  it('bounds scrolling by what one screen shows: one body per column', () => {
    const layout = (columns: number): HelpLayout => ({lines: Array.from({length: 50}, () => ({kind: 'title', text: 'x'})), columns, columnWidth: 60, body: 20, keyWidth: 16});
    expect(helpScrollLines(layout(1))).toBe(50);
    // The reducer stops at count − page = 30 − 20 = 10: lines 11..50 are the last two columns.
    expect(helpScrollLines(layout(2))).toBe(30);
  });
});

describe('helpLayout at 80x24', () => {
  // The overlay at 80x24: the screen less the header, the on-call line and the footer.
  const WIDTH = 80;
  const HEIGHT = 21;
  const alert: SelectionInfo = {kind: 'alert', id: 'fp1', label: 'HighErrorRate', acked: false, hasRunbook: true, hasLink: true, service: 'checkout'};
  const selections: Record<string, SelectionInfo | null> = {
    'nothing selected': null,
    'an alert': alert,
    'an acked alert': {...alert, acked: true, hasAck: true},
    'a group without runbook or link': {...alert, id: 'g:1', groupFingerprints: ['a', 'b'], hasRunbook: false, hasLink: false},
    'a PagerDuty incident': {...alert, incident: true, acked: true, hasAck: true, hasRunbook: false},
  };

  it("keeps the alerts pane's whole section on the first screen, each row within two lines", () => {
    for (const readOnly of [false, true]) {
      const {registry} = createRegistry(defaultKeymap, {}, {readOnly});
      for (const [name, selection] of Object.entries(selections)) {
        const ctx: ActionContext = {readOnly, hasAlertmanager: true, hasRollback: true, selection, canGoBack: false};
        const sections = helpSections(registry, ctx, 'alerts');
        const layout = helpLayout(sections, WIDTH, HEIGHT);
        const first = layout.lines.slice(0, layout.body);
        const keys = first.flatMap((l) => (l.kind === 'row' && l.keys !== '' ? [l.keys] : []));
        const what = `${name}${readOnly ? ', read-only' : ''}`;
        expect(sections[0]!.rows.map((r) => r.keys).filter((k) => !keys.includes(k)), what).toEqual([]);
        // A row's text is its first line and at most one more: a disabled reason never takes two.
        const section = layout.lines.slice(0, layout.lines.findIndex((l) => l.kind === 'title' && l.text === 'Navigation'));
        let run = 0;
        for (const l of section) {
          run = l.kind === 'row' && l.keys === '' ? run + 1 : 0;
          expect(run, what).toBeLessThan(2);
        }
      }
    }
  });
});
