/**
 * Which reason of one key `?` says after the section's title, and what README and
 * docs/architecture.md say of it. Only amtool's moves there; README and architecture once said
 * any reason "the context gives alike on every row" did, though `R`'s `no rollback backend is
 * configured` (the context's, alike on every alert row) stays on R's row.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {NO_AMTOOL_TARGET} from '../../src/actions/command-lines.ts';
import {helpSections} from '../../src/actions/help-sections.ts';
import {defaultKeymap, type ActionContext, type SelectionInfo} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';

const alert: SelectionInfo = {kind: 'alert', id: 'fp1', label: 'HighErrorRate', acked: false, hasRunbook: true, hasLink: true};
const ctx = (over: Partial<ActionContext>): ActionContext => ({readOnly: false, hasAlertmanager: true, hasAmtoolTarget: true, hasRollback: true, selection: alert, canGoBack: false, ...over});
const focused = (c: ActionContext) => helpSections(createRegistry(defaultKeymap, {}, {readOnly: false}).registry, c, 'alerts')[0]!;
// Line breaks fall anywhere in the prose: compare with whitespace collapsed.
const prose = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8').replace(/\s+/g, ' ');

describe("? on an alert, a context's reason of one key", () => {
  it("says amtool's after the section's title and keeps the rollback backend's on R's row", () => {
    expect(focused(ctx({hasAmtoolTarget: false})).shared).toEqual([{reason: NO_AMTOOL_TARGET, keys: ['c']}]);
    const noRollback = focused(ctx({hasRollback: false}));
    expect(noRollback.rows.find((r) => r.id === 'rollback')?.disabled).toBe('no rollback backend is configured');
    expect(noRollback.shared).toEqual([]);
  });

  it('is described in README and architecture as the code does it: amtool\'s alone moves to the title', () => {
    // Booleans with a message: a failed toContain would print the whole README.
    const readme = prose('README.md');
    const said = (text: string) => readme.includes(text);
    expect(said("a reason several keys share is said once, after the section's title, and so is `c`'s when no Alertmanager has a URL to give amtool"), "README's Keys: which reasons go after the title").toBe(true);
    expect(said("any other reason of one key stays on its row (`R`'s `no rollback backend is configured`)"), "README's Keys: the other one-key reasons").toBe(true);
    // The broader rule the code never had.
    for (const path of ['README.md', 'docs/architecture.md']) expect(prose(path).includes('the context gives alike on every row'), `${path} claims every context reason moves`).toBe(false);
  });
});
