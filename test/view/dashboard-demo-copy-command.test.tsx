/**
 * README (Keys): a key that cannot act now is dimmed, "and `?` lists it with the reason". In the
 * demo, `c` on an alert can only refuse (the demo's Alertmanager has no URL to give amtool), yet
 * `?` listed it as usable: it counted any Alertmanager that takes silences, not one with a URL.
 * The reason is the context's, alike on every alert row: said once after the section's title,
 * where it costs no line of its own (the whole section stays on the first screen at 80x24).
 */
import {describe, expect, it} from 'vitest';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {dashboardTestHooks, renderDashboard} from './dashboard-harness.tsx';

dashboardTestHooks({stubTerminalSize: true});

describe('the demo: c on an alert', () => {
  it('is listed by ? as disabled, with the reason pressing it gives', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 80, rows: 24});
    await h.waitFor((f) => f.includes('2 Alerts (7)') && f.includes('q quit'), 'the demo');
    await h.press('2');
    await h.press('j');
    await h.waitFor((f) => /› CRIT\s+firing\s+CheckoutHighErrorRate/.test(f), 'the alert selected');
    await h.press('c');
    const reason = 'no Alertmanager with a URL to give amtool';
    expect(h.lastFrame().split('\n').at(-1)).toContain(reason);
    await h.press('?');
    const lines = (await h.waitFor((f) => f.includes('Keys  ('), 'the help')).split('\n');
    expect(lines.find((l) => l.startsWith('║Alerts pane (focused)'))).toContain(`— ${reason}: c disabled`);
    expect(lines.some((l) => /^║\s+c\s{2,}Show and copy/.test(l))).toBe(true);
    // The section's last key still on the first screen.
    expect(lines.some((l) => /^║\s+i\s{2,}Hide or show inhibited/.test(l))).toBe(true);
  });
});

describe('the demo: c on a deploy', () => {
  it('is listed by ? as disabled with the reason pressing it gives: the demo rollback backend writes no command line', async () => {
    const demo = createDemoEnvironment({now: () => Date.now()});
    const h = await renderDashboard(demo.services, {columns: 120, rows: 40});
    await h.waitFor((f) => f.includes('3 Deploys') && f.includes('q quit'), 'the demo');
    await h.press('3');
    await h.waitFor((f) => /›.*checkout/.test(f), 'a deploy selected');
    await h.press('c');
    const reason = 'the rollback backend has no command line to copy';
    expect(h.lastFrame().split('\n').at(-1)).toContain(reason);
    await h.press('?');
    const help = await h.waitFor((f) => f.includes('Keys  ('), 'the help');
    // On the c row (the flash under the help says it without `disabled:`).
    expect(help).toContain('— disabled: the rollback backend');
  });
});
