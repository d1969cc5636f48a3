/**
 * The rollback preview says what is known of each warning: a rollback of the same target that may
 * still be going asks to confirm only to start another one; a torn line of the action log is no
 * rollback known to be going, so it says the line may have been one and what to check.
 */
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {unreadableLinesWarning} from '../../../src/domain/action-log.ts';
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
const ANOTHER = 'Confirm only to start another one.';

function frameOf(warnings: string[], torn: {text: string; mayBeRollback: boolean} | null): string {
  const {lastFrame, unmount} = render(<RollbackPreview plan={plan} provider="github-actions" warnings={warnings} torn={torn} width={400} height={20} palette={noColorPalette} />);
  const frame = lastFrame() ?? '';
  unmount();
  return frame;
}

describe('RollbackPreview', () => {
  it('a torn line that may be a rollback of this target says so and what to check, never "start another one"', () => {
    const text = unreadableLinesWarning({unreadable: 1, mayBeRollback: 1}, plan);
    const frame = frameOf([], {text, mayBeRollback: true});
    expect(frame).toContain(`⚠ ${text}. It may have been a rollback of checkout in production: check the action log and the provider's runs, and confirm only if none is going.`);
    expect(frame).not.toContain('start another one');
  });

  it('a torn line legibly not a rollback of this target asks nothing', () => {
    const text = unreadableLinesWarning({unreadable: 1, mayBeRollback: 0}, plan);
    const frame = frameOf([], {text, mayBeRollback: false});
    expect(frame).toContain(`⚠ ${text}.`);
    expect(frame).not.toContain('It may have been a rollback');
    expect(frame).not.toContain('start another one');
  });

  it('an open attempt of the same target asks to confirm only to start another one, also below a torn line', () => {
    expect(frameOf([OPEN], null)).toContain(`⚠ ${OPEN}. ${ANOTHER}`);
    const text = unreadableLinesWarning({unreadable: 2, mayBeRollback: 1}, plan);
    const both = frameOf([OPEN, `${OPEN} (older)`], {text, mayBeRollback: true}).split('\n');
    const tornRow = both.find((l) => l.includes('could not be read')) ?? '';
    expect(tornRow).not.toContain(ANOTHER);
    expect(both.find((l) => l.includes(OPEN))).toContain(ANOTHER);
    // The ask once, on the newest open one.
    expect(both.filter((l) => l.includes(ANOTHER))).toHaveLength(1);
  });

  it("a warning about the plan itself (a history read in part) comes first, is never left out, and asks nothing of another rollback", () => {
    const partial = 'the deploy history was read in part, so the newest deploy of checkout may be missing and "from → to" may be wrong (skipped 1 entry); check before confirming';
    const {lastFrame, unmount} = render(<RollbackPreview plan={plan} provider="github-actions" warnings={[OPEN]} planWarnings={[partial]} width={400} height={7} palette={noColorPalette} />);
    const inner = (lastFrame() ?? '').split('\n').slice(1, -1).map((l) => l.slice(1).trimEnd());
    unmount();
    expect(inner[1]).toMatch(/^⚠ the deploy history was read in part, so the newest deploy of checkout may be missing/);
    expect(inner[1]).not.toContain(ANOTHER);
    // Essential as the other warnings, on every line it wraps onto (3 at 80 columns, 1 at 400;
    // the open rollback's warning too, 3 and 1): a box without room for all of them holds the confirmation.
    expect([10, 11].map((height) => rollbackPreviewFits({plan, warnings: [OPEN], planWarnings: [partial], torn: null, width: 80, height}))).toEqual([false, true]);
    expect([6, 7].map((height) => rollbackPreviewFits({plan, warnings: [OPEN], planWarnings: [partial], torn: null, width: 400, height}))).toEqual([false, true]);
  });

  // A short terminal (80x11: a body of 9 lines) squeezed every line to fit the box: lines were
  // drawn over each other ("provider      ciut? This calls…") and the title and `from → to` went.
  it('in a short box leaves whole lines out, the essential ones never, and says how many', () => {
    const details = ['POST https://api.github.com/repos/acme/checkout/dispatches', 'ref=main inputs.version=v2.13.2'];
    // The open rollback's warning wraps onto three lines at 80 columns: six essential lines, a box of 8 at least.
    for (const height of [11, 9, 8]) {
      const {lastFrame, unmount} = render(<RollbackPreview plan={plan} provider="github-actions" warnings={[OPEN]} details={details} width={80} height={height} palette={noColorPalette} />);
      const lines = (lastFrame() ?? '').split('\n');
      unmount();
      expect(lines, `height ${height}`).toHaveLength(height);
      const inner = lines.slice(1, -1).map((l) => l.slice(1, -1).trimEnd());
      expect(inner[0], `height ${height}`).toBe('ROLL BACK checkout? This calls your CI/CD system.');
      expect(inner.some((l) => /^from → to\s+v2\.14\.0 → v2\.13\.2/.test(l)), `height ${height}`).toBe(true);
      // Every line is one of the preview's own, whole: none written over another.
      for (const l of inner) expect(l, `height ${height}`).toMatch(/^(ROLL BACK|⚠ |provider |call |sends |  +|service |environment |from → to |request id |Type |… \d+ more lines?: a taller terminal shows them)/);
      expect(inner.some((l) => l.startsWith(`⚠ ${OPEN.slice(0, 40)}`)), `height ${height}`).toBe(true);
      expect(inner.some((l) => /^environment\s+production/.test(l)), `height ${height}`).toBe(true);
      if (height > 8) expect(inner.at(-1)).toMatch(/^… \d+ more lines/);
    }
  });

  it('a box with no room for the title, the environment and from → to says the terminal is too small', () => {
    expect([4, 5].map((height) => rollbackPreviewFits({plan, warnings: [], torn: null, width: 80, height}))).toEqual([false, true]);
    const {lastFrame, unmount} = render(<RollbackPreview plan={plan} provider="github-actions" warnings={[]} width={80} height={3} palette={noColorPalette} />);
    expect(lastFrame()).toContain('Terminal too small to confirm the rollback of checkout: enlarge it, or Esc');
    unmount();
  });
});

describe('RollbackPreview of a deploy whose environment the history does not name', () => {
  it('says so rather than showing an empty environment', () => {
    const {lastFrame, unmount} = render(<RollbackPreview plan={{...plan, environment: ''}} provider="github-actions" warnings={[]} width={400} height={20} palette={noColorPalette} />);
    const frame = lastFrame() ?? '';
    unmount();
    expect(frame).toMatch(/environment\s+\(none: not known to the history; the rollback sends none\)/);
  });
});
