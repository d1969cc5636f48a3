/**
 * The dashboard on a real terminal with CI=true in its environment (a bastion that doubles as a
 * build agent, /etc/environment, a debugging session opened from a CI job): Ink decides from
 * `CI` alone that it is not interactive, so the dashboard drew nothing at all while it ran (the
 * keys still worked; `q` then dumped one frame into the scrollback). A terminal decides.
 */
import {describe, expect, it} from 'vitest';
import {dashboardCommand, tmuxTestHooks} from './dashboard-checks.ts';

const launch = tmuxTestHooks();

describe('the dashboard on a terminal, with CI=true in the environment', () => {
  it('draws the screen', {timeout: 40_000}, async () => {
    const t = await launch(dashboardCommand(['demo']), 100, 30, {TERM: 'xterm-256color', CI: 'true'});
    await t.waitFor(/SLOs \(10\)/, 20_000);
    expect(await t.waitFor(/Alerts \(7\)/)).toMatch(/Deploys \(12\)/);
  });
});
