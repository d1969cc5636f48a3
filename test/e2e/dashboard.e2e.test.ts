/**
 * End to end: the bundled CLI (`dist/oncall.mjs`, built by `npm run build`) running the demo
 * dashboard in a real terminal (tmux), at the smallest supported size (80x24) and a large one
 * (160x48). Every check waits for a frame that satisfies it (no fixed sleeps), and every key is
 * sent only after the frame of the previous one is on screen, so each check sees the effect of
 * exactly one key (type-ahead has its own test).
 */
import {describe, expect, it} from 'vitest';
import {shellQuote} from '../helpers/tmux.ts';
import {SMALL, WIDE, dashboardCommand, expectedHelp, focusOn, frameProblems, press, readHelp, settle, tmuxTestHooks, wholeHelp, widePopulated} from './dashboard-checks.ts';
import {colourSgrs, firstBackground, helpRows, paneRegions, screenLines} from './screen.ts';
import {helpSections} from '../../src/actions/help-sections.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';

const launch = tmuxTestHooks();

/** `node dist/oncall.mjs demo`. */
const demoCommand = () => dashboardCommand(['demo']);

describe('dashboard end to end (bundled CLI in tmux)', () => {
  it('draws all three panes with data at 160x48', async () => {
    const t = await launch(demoCommand(), WIDE.cols, WIDE.rows);
    await settle(t, widePopulated);
  });

  it('lists every binding of the keymap, in full, in the ? help at 160x48, and ? closes it', async () => {
    const t = await launch(demoCommand(), WIDE.cols, WIDE.rows);
    await settle(t, widePopulated);
    await t.keys('?');
    const rows = await readHelp(t);
    const missing = expectedHelp().filter((b) => !rows.some((r) => r.keys === b.keys && r.text.startsWith(b.description)));
    expect(missing).toEqual([]);
    await press(t, '?', widePopulated);
  });

  it('filters the focused pane live with /, keeps the filter on Enter, clears it with Esc', async () => {
    const {cols, rows} = WIDE;
    const t = await launch(demoCommand(), cols, rows);
    await settle(t, widePopulated);
    await press(t, '2', focusOn('alerts', cols, rows));
    await press(t, '/', (s) => (screenLines(s).at(-1)?.startsWith('/alerts filter:') ? [] : ['no filter prompt']));
    await t.type('checkout');

    const alertRows = (s: string) => paneRegions(s, cols, rows)?.alerts.slice(3) ?? [];
    const onlyCheckout = (s: string): string[] => {
      const out: string[] = [];
      const shown = alertRows(s).filter((l) => /CRIT|WARN|INFO/.test(l));
      if (!shown.some((l) => l.includes('CheckoutHighErrorRate'))) out.push('CheckoutHighErrorRate is not shown');
      // Case-insensitive: the demo incident's group header is cut before its service at 80 columns,
      // its title (`[FIRING:1] CheckoutHighErrorRate`) still names checkout.
      const others = shown.filter((l) => !/checkout/i.test(l));
      if (others.length > 0) out.push(`rows of other services still shown: ${others.map((l) => l.trim()).join(' | ')}`);
      // The other panes keep all their rows.
      if (!paneRegions(s, cols, rows)?.deploys.some((l) => / search /.test(l))) out.push('deploys pane lost its search rows');
      return out;
    };
    await settle(t, function liveFilter(s) {
      const prompt = screenLines(s).at(-1)?.startsWith('/alerts filter: checkout') ? [] : ['prompt does not show the draft'];
      return [...prompt, ...onlyCheckout(s)];
    });

    await press(t, 'Enter', function kept(s) {
      const out = onlyCheckout(s);
      if (!/2 Alerts \(\d+ of \d+\) {2}filter: checkout/.test(s)) out.push('alerts title does not show the filter');
      if (!/q quit/.test(screenLines(s).at(-1) ?? '')) out.push('prompt still open');
      return out;
    });

    await press(t, 'Escape', function cleared(s) {
      const out: string[] = [];
      if (s.includes('filter: checkout')) out.push('filter still shown');
      if (!alertRows(s).some((l) => l.includes('SearchLatencyBudgetBurn'))) out.push('search alerts did not come back');
      return out;
    });
  });

  // Seven presses, each waiting for its frame: on a loaded shared machine that took 22.6 s once
  // (2.3 s quiet), so this test gets the minute the other multi-press tmux tests have.
  it('moves the focus with Tab and Shift-Tab and jumps with 1/2/3 at 160x48', {timeout: 60_000}, async () => {
    const {cols, rows} = WIDE;
    const t = await launch(demoCommand(), cols, rows);
    await settle(t, (s) => [...widePopulated(s), ...focusOn('slos', cols, rows)(s)]);
    await press(t, 'Tab', focusOn('alerts', cols, rows));
    await press(t, 'Tab', focusOn('deploys', cols, rows));
    await press(t, '1', focusOn('slos', cols, rows));
    await press(t, '3', focusOn('deploys', cols, rows));
    await press(t, '2', focusOn('alerts', cols, rows));
    await press(t, 'BTab', focusOn('slos', cols, rows));
  });

  it('applies every key of a burst that arrives in one read (type-ahead, key repeat)', async () => {
    const {cols, rows} = WIDE;
    const t = await launch(demoCommand(), cols, rows);
    await settle(t, (s) => [...widePopulated(s), ...focusOn('slos', cols, rows)(s)]);
    // One write of three `j`: the selection marker moves from the first data row to the fourth.
    await t.type('jjj');
    await settle(t, function fourthRowSelected(s) {
      const slos = paneRegions(s, cols, rows)?.slos ?? [];
      const selected = slos.findIndex((l) => l.startsWith('║›'));
      return selected === 6 ? [] : [`selection on pane line ${selected}, expected 6 (border, title, header, 3 moves)`];
    });
  });

  it('runs :theme light and flashes an error for :bogus', async () => {
    const {cols, rows} = WIDE;
    const t = await launch(demoCommand(), cols, rows);
    await settle(t, widePopulated);
    const header = async () => firstBackground(screenLines(await t.capture({escapes: true}))[0] ?? '');
    // The default (dark) theme paints the header cyan.
    expect(await header()).toBe('46');

    const footer = (s: string) => screenLines(s).at(-1) ?? '';
    await press(t, ':', (s) => (footer(s).startsWith(':') ? [] : ['no command prompt']));
    await t.type('theme light');
    await settle(t, (s) => (footer(s).startsWith(':theme light') ? [] : ['draft not shown']));
    const light = await press(t, 'Enter', function lightHeader(s) {
      const bg = firstBackground(screenLines(s)[0] ?? '');
      // #24292f as a 256-colour index (tmux-256color) or as RGB (truecolor terminals).
      return bg === '48;5;59' || bg === '48;2;36;41;47' ? [] : [`header background is ${bg}`];
    }, {escapes: true});
    expect(footer(light).replace(/\x1b\[[0-9;:]*m/g, '')).toContain('q quit');

    await press(t, ':', (s) => (footer(s).startsWith(':') ? [] : ['no command prompt']));
    await t.type('bogus');
    await settle(t, (s) => (footer(s).startsWith(':bogus') ? [] : ['draft not shown']));
    const flashed = await press(t, 'Enter', (s) => (/^Unknown command ":bogus"; try :ctx NAME\[,NAME…\]\|GROUP\|\*, :theme NAME/.test(footer(s)) ? [] : ['no error flash']));
    expect(widePopulated(flashed).filter((p) => !p.startsWith('footer'))).toEqual([]);
    // The flash is drawn in the theme's critical colour.
    expect(colourSgrs(screenLines(await t.capture({escapes: true})).at(-1) ?? '')).not.toEqual([]);
  });

  it('expands the focused pane and collapses the others to a summary at 80x24', async () => {
    const {cols, rows} = SMALL;
    const t = await launch(demoCommand(), cols, rows);
    const collapsed = (id: 'slos' | 'alerts' | 'deploys', summary: RegExp) =>
      function summaryLine(s: string): string[] {
        const pane = paneRegions(s, cols, rows)?.[id] ?? [];
        const out: string[] = [];
        if (pane.length !== 3) out.push(`${id} is ${pane.length} lines, expected 3`);
        if (!summary.test(pane[1] ?? '')) out.push(`${id} summary line: ${JSON.stringify(pane[1])}`);
        return out;
      };
    await settle(t, function slosExpanded(s) {
      const slos = paneRegions(s, cols, rows)?.slos ?? [];
      return [
        ...frameProblems(s, cols, rows),
        ...focusOn('slos', cols, rows)(s),
        ...(slos.some((l) => /PAGE 1h&5m +checkout-availability/.test(l)) ? [] : ['SLO rows not shown']),
        // The checkout alert and the demo incident it paged.
        ...collapsed('alerts', /2 Alerts \(\d+\) {2}2 crit · \d+ active/)(s),
        ...collapsed('deploys', /3 Deploys \(\d+\) {2}\d+ deploys · 1 suspect/)(s),
      ];
    });
    await press(t, 'Tab', function alertsExpanded(s) {
      const alerts = paneRegions(s, cols, rows)?.alerts ?? [];
      return [
        ...frameProblems(s, cols, rows),
        ...focusOn('alerts', cols, rows)(s),
        ...(alerts.some((l) => /CRIT .*CheckoutHighErrorRate/.test(l)) ? [] : ['alert rows not shown']),
        ...collapsed('slos', /1 SLOs \(\d+\) {2}\S/)(s),
        ...collapsed('deploys', /3 Deploys \(\d+\) {2}\d+ deploys · 1 suspect/)(s),
      ];
    });
    await press(t, '3', function deploysExpanded(s) {
      const deploys = paneRegions(s, cols, rows)?.deploys ?? [];
      return [
        ...frameProblems(s, cols, rows),
        ...focusOn('deploys', cols, rows)(s),
        ...(deploys.some((l) => /checkout .*SUSPECT/.test(l)) ? [] : ['SUSPECT deploy row not shown']),
        ...collapsed('alerts', /2 Alerts \(\d+\) {2}\d+ crit · \d+ active/)(s),
      ];
    });
  });

  it('scrolls the ? help at 80x24 to reach every binding, each description whole (wrapped, not cut)', async () => {
    const {cols, rows} = SMALL;
    const t = await launch(demoCommand(), cols, rows);
    await settle(t, (s) => frameProblems(s, cols, rows));
    await t.keys('?');
    const seen = await readHelp(t);
    expect(frameProblems(await t.capture(), cols, rows)).toEqual([]);
    const missing = expectedHelp().filter((b) => !seen.some((r) => r.keys === b.keys && r.text.startsWith(b.description)));
    expect(missing).toEqual([]);
    expect(seen.filter((r) => r.text.includes('…'))).toEqual([]);
    await press(t, 'Escape', (s) => [...frameProblems(s, cols, rows), ...(s.includes('SLOs (') ? [] : ['help still open'])]);
  });

  it("shows every action key of the alerts pane on the first screen of ? at 80x24, and 2 o gives the checkout runbook", async () => {
    const {cols, rows} = SMALL;
    const t = await launch(demoCommand(), cols, rows);
    await settle(t, (s) => [...frameProblems(s, cols, rows), ...(s.includes('checkout-availability') ? [] : ['no data yet'])]);
    await press(t, '2', focusOn('alerts', cols, rows));
    // Two keys: the cursor is on the group header, and o opens the group's runbook.
    await press(t, 'o', function runbookLink(s) {
      return /^runbook: https:\/\/runbooks\.example\.com\/checkout\/high-error-rate/.test(screenLines(s).at(-1) ?? '') ? [] : ['no checkout runbook link in the footer'];
    });
    await t.keys('?');
    const screen = await wholeHelp(t);
    const first = helpRows(screenLines(screen), cols);
    const keys = ['a', 'A', 'u', 'o', 'R', 'y', 'c', 'enter', '/', 'h', 's', 'i'];
    expect(keys.filter((k) => !first.some((r) => r.keys === k))).toEqual([]);
    // Below the header, the demo's on-call line and the help's title.
    expect(screenLines(screen)[4]).toMatch(/^║Alerts pane \(focused\)/);
  });

  it("shows each pane's whole section of ? on the first screen at 80x24, every description in full", async () => {
    const {cols, rows} = SMALL;
    const t = await launch(demoCommand(), cols, rows);
    await settle(t, (s) => [...frameProblems(s, cols, rows), ...(s.includes('checkout-availability') ? [] : ['no data yet'])]);
    const registry = createRegistry(defaultKeymap, {}, {readOnly: false}).registry;
    const ctx = {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: null, canGoBack: false};
    for (const [key, pane, title] of [['1', 'slos', 'SLO'], ['2', 'alerts', 'Alerts'], ['3', 'deploys', 'Deploys'], ['4', 'panels', 'Panels']] as const) {
      await t.keys(key);
      await t.waitFor(new RegExp(`▶ ${key} `));
      await t.keys('?');
      const screen = await t.waitFor(new RegExp(`║${title} pane \\(focused\\)`));
      const first = helpRows(screenLines(screen), cols);
      const wanted = helpSections(registry, ctx, pane)[0]!.rows;
      expect(wanted.filter((w) => !first.some((r) => r.keys === w.keys && r.text.startsWith(w.description))).map((w) => w.keys), pane).toEqual([]);
      // Wrapped lines are joined to their row, so only the last row on screen can be cut: when
      // it is this section's last, it must read whole (a hide toggle has no reason to add).
      const last = wanted.at(-1)!;
      if (first.at(-1)?.keys === last.keys) expect(first.at(-1)!.text, pane).toBe(`${last.description}${last.dangerous ? ' [dangerous]' : ''}`);
      await press(t, 'Escape', (s) => (s.includes('Keys  (') ? ['help still open'] : []));
    }
  });

  it('q exits with code 0 and restores the primary screen', async () => {
    const {cols, rows} = SMALL;
    const script = `echo BEFORE-MARKER; ${demoCommand()}; echo EXIT=$?; sleep 60`;
    const t = await launch(`sh -c ${shellQuote(script)}`, cols, rows);
    await settle(t, (s) => [...frameProblems(s, cols, rows), ...(s.includes('checkout-availability') ? [] : ['no data yet'])]);
    const after = await t.keys('q').then(() => t.waitFor(/EXIT=\d+/));
    const lines = screenLines(after).filter((l) => l.trim() !== '');
    expect(lines).toEqual(['BEFORE-MARKER', 'EXIT=0']);
  });

  it('draws no colour with NO_COLOR=1 and keeps states readable as text', async () => {
    const {cols, rows} = WIDE;
    const t = await launch(demoCommand(), cols, rows, {NO_COLOR: '1'});
    const screen = await settle(t, function plain(s) {
      const text = s.replace(/\x1b\[[0-9;:]*m/g, '');
      return [...widePopulated(text), ...colourSgrs(s).slice(0, 5).map((c) => `colour SGR ${JSON.stringify(c)}`)];
    }, {escapes: true});
    // Still styled (bold, inverse selection), just without colour.
    expect(screen).toContain('\x1b[1m');
    expect(screen).toMatch(/PAGE 1h&5m[\s\S]*CRIT[\s\S]*SUSPECT/);
  });
});
