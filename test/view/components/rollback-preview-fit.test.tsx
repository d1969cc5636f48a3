/**
 * A rollback's confirmation is allowed only while the preview shows all it confirms. A 5-line body
 * (an 8-line split with the on-call line) showed the title, `from → to` and "… 7 more lines",
 * hiding the "may still be running" warning and the environment, and Enter still confirmed; at 80
 * columns a 40-character commit cut the target version off, and Enter still confirmed.
 */
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../../src/domain/deploy.ts';
import {noColorPalette} from '../../../src/view/components/palette.ts';
import {RollbackPreview, rollbackPreviewFits} from '../../../src/view/components/RollbackPreview.tsx';

const plan: RollbackPlan = {
  service: 'checkout',
  environment: 'production',
  fromVersion: 'v2.14.0',
  toVersion: 'v2.13.2',
  description: 'github-actions: roll back checkout in production from v2.14.0 to v2.13.2',
  idempotencyKey: 'oncall:prod:checkout:production:v2.14.0->v2.13.2:1777888800000',
};
const OPEN = 'A rollback of checkout in production started at 09:58Z (run 557) has no outcome logged yet: it may still be running';
const TORN = {text: '1 line of the action log could not be read (a write cut short)', mayBeRollback: true};

function frame(p: RollbackPlan, warnings: string[], width: number, height: number, torn: typeof TORN | null = null): string {
  const {lastFrame, unmount} = render(<RollbackPreview plan={p} provider="github-actions" warnings={warnings} torn={torn} width={width} height={height} palette={noColorPalette} />);
  const f = lastFrame() ?? '';
  unmount();
  return f;
}

describe('short rollback preview', () => {
  it('never allows Enter while the "another rollback may still be running" warning is hidden', () => {
    const height = 5;
    const f = frame(plan, [OPEN], 200, height);
    if (rollbackPreviewFits({plan, warnings: [OPEN], torn: null, width: 200, height})) expect(f).toContain('may still be running');
    else expect(f).toContain('Terminal too small to confirm the rollback of checkout: enlarge it, or Esc');
  });

  it('never allows Enter while the environment being rolled back is hidden', () => {
    const height = 5;
    const f = frame(plan, [], 200, height);
    if (rollbackPreviewFits({plan, warnings: [], torn: null, width: 200, height})) expect(f).toContain('production');
  });

  it('keeps the title, every warning, the torn line, the environment and from → to, and allows Enter once they all fit', () => {
    const warnings = [OPEN, `${OPEN} (older)`];
    // Title, torn line (two: with what to check it is wider than the box, and wraps), two
    // warnings, environment, from → to: seven lines, a box of nine.
    expect([8, 9].map((height) => rollbackPreviewFits({plan, warnings, torn: TORN, width: 200, height}))).toEqual([false, true]);
    for (const height of [9, 10]) {
      const f = frame(plan, warnings, 200, height, TORN);
      for (const text of ['ROLL BACK checkout?', '1 line of the action log', 'may still be running. Confirm only', `${OPEN} (older)`, 'production', 'v2.14.0 → v2.13.2']) expect(f, `height ${height}`).toContain(text);
      // The torn line's end, what to check, is drawn, not cut.
      expect(f.replace(/[║\s]+/g, ' '), `height ${height}`).toMatch(/confirm only if none is going/);
    }
  });
});

describe('narrow rollback preview', () => {
  it('never allows Enter while the target version is cut off (80 columns, SHA versions)', () => {
    const sha = (c: string) => c.repeat(40);
    const p = {...plan, fromVersion: sha('a'), toVersion: sha('b')};
    const f = frame(p, [], 80, 20);
    expect(rollbackPreviewFits({plan: p, warnings: [], torn: null, width: 80, height: 20})).toBe(false);
    expect(f).toContain('Terminal too small to confirm the rollback of checkout');
    // Wide enough for the whole line: allowed, and shown whole.
    const wide = 2 + 13 + 1 + 83;
    expect(rollbackPreviewFits({plan: p, warnings: [], torn: null, width: wide, height: 20})).toBe(true);
    expect(frame(p, [], wide, 20)).toContain(`${sha('a')} → ${sha('b')}`);
  });
});

describe('a preview whose action log could not be read', () => {
  const UNREAD = {text: 'the action log could not be read (EACCES): a rollback started elsewhere (oncall rollback, another dashboard) is not checked', tone: 'warn' as const};

  it('never allows Enter while that note is cut', () => {
    // Title, note, environment and from → to: four essential lines. Before, the note gave way first and Enter still confirmed.
    expect(rollbackPreviewFits({plan, warnings: [], torn: null, note: UNREAD, width: 300, height: 2 + 3})).toBe(false);
    expect(rollbackPreviewFits({plan, warnings: [], torn: null, note: UNREAD, width: 300, height: 2 + 4})).toBe(true);
  });

  it('says the terminal is too small where Enter is held for it', () => {
    // The box judged its fit without the note: it drew the list with from → to left out while
    // Enter was held, so the hold came as a surprise.
    const {lastFrame, unmount} = render(<RollbackPreview plan={plan} provider="github-actions" warnings={[]} note={UNREAD} width={300} height={2 + 3} palette={noColorPalette} />);
    const f = lastFrame() ?? '';
    unmount();
    expect(f).toContain('Terminal too small to confirm the rollback of checkout');
  });

  it('lets a muted note (asking a provider) give way', () => {
    expect(rollbackPreviewFits({plan, warnings: [], torn: null, note: {text: 'asking the provider whether run 557 ended', tone: 'muted'}, width: 300, height: 2 + 3})).toBe(true);
  });
});
