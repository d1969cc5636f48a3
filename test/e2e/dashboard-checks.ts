/**
 * What the end-to-end tests look for on a captured dashboard screen: frame geometry, the three
 * panes with data, where the focus is, and the whole help overlay (scrolled through); and how
 * they start the bundled CLI in tmux and step it, one key per awaited frame.
 */
import {keyLabel} from '../../src/actions/key-names.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, expect} from 'vitest';
import {shellQuote, TmuxTerminal} from '../helpers/tmux.ts';
import {borderStyle, cellWidth, focusedPane, helpPosition, helpRows, paneRegions, screenLines, type HelpLine} from './screen.ts';
import {removeDir} from '../helpers/remove-dir.ts';

const BUNDLE = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'oncall.mjs');

/** `node dist/oncall.mjs ARGS…` with the node running the tests; fails clearly when not built. */
export function dashboardCommand(args: readonly string[]): string {
  if (!existsSync(BUNDLE)) throw new Error('dist/oncall.mjs is missing: run `npm run build` first (`npm test` builds it before vitest)');
  return [process.execPath, BUNDLE, ...args].map(shellQuote).join(' ');
}

/** Starts a terminal for one test: `cmd` at `cols`x`rows` with CI unset and empty config and state homes. */
export type Launch = (cmd: string, cols: number, rows: number, env?: Record<string, string | null>) => Promise<TmuxTerminal>;

/**
 * Registers the after-each hook of a tmux test file and returns its launcher: each terminal gets
 * a fresh directory as XDG_CONFIG_HOME and XDG_STATE_HOME (no user config read, no action log
 * written outside it); after each test the terminal is killed and the directory removed.
 */
export function tmuxTestHooks(): Launch {
  let term: TmuxTerminal | null = null;
  let home: string | null = null;
  afterEach(async () => {
    await term?.kill();
    term = null;
    if (home !== null) removeDir(home);
    home = null;
  });
  return async (cmd, cols, rows, env = {}) => {
    home = mkdtempSync(join(tmpdir(), 'oncall-e2e-'));
    term = await TmuxTerminal.start(cmd, cols, rows, {XDG_CONFIG_HOME: home, XDG_STATE_HOME: home, ...env});
    return term;
  };
}

/**
 * Waits until `problems` finds nothing on a screen and returns that screen; on timeout fails
 * with the check's name (the function's name) and what it found wrong last.
 */
export async function settle(t: TmuxTerminal, problems: (screen: string) => string[], opts: {escapes?: boolean} = {}): Promise<string> {
  let last: string[] = [];
  const ok = (screen: string) => (last = problems(screen)).length === 0;
  const screen = await t.waitFor(ok, undefined, opts).catch((error: unknown) => {
    throw new Error(`${problems.name || 'screen check'}: ${last.join('; ')}\n${String(error)}`);
  });
  expect(problems(screen)).toEqual([]);
  return screen;
}

/** Presses `key` (after the previous frame is on screen), then waits for the frame `problems` accepts. */
export async function press(t: TmuxTerminal, key: string, problems: (screen: string) => string[], opts: {escapes?: boolean} = {}): Promise<string> {
  await t.keys(key);
  return settle(t, problems, opts);
}

/** Problems with the frame geometry: row count, line widths, header on top, footer at the bottom. */
export function frameProblems(screen: string, cols: number, rows: number): string[] {
  const lines = screenLines(screen);
  const out: string[] = [];
  if (lines.length !== rows) out.push(`${lines.length} lines, expected ${rows}`);
  lines.forEach((l, i) => {
    if (cellWidth(l) > cols) out.push(`line ${i + 1} is ${cellWidth(l)} cells wide`);
  });
  if (!lines[0]?.startsWith(' oncall  ctx demo')) out.push('header is not on the first line');
  // At 80 columns a pane's own hints come first and the global ones (`? help`, `q quit`) may be cut.
  if (!/j\/k move/.test(lines[rows - 1] ?? '')) out.push('footer hints are not on the last line');
  return out;
}

/** The large size tested. */
export const WIDE = {cols: 160, rows: 48};
/** The smallest supported size. */
export const SMALL = {cols: 80, rows: 24};

/** The wide dashboard with data in all three panes. */
export function widePopulated(screen: string): string[] {
  const out = frameProblems(screen, WIDE.cols, WIDE.rows);
  const panes = paneRegions(screen, WIDE.cols, WIDE.rows);
  if (!panes) return [...out, 'no pane titles yet'];
  const slo = panes.slos.find((l) => l.includes('checkout-availability'));
  if (!slo?.includes('PAGE 1h&5m')) out.push('SLO pane: no `PAGE 1h&5m` row for checkout-availability');
  if (!panes.alerts.some((l) => /CRIT .*CheckoutHighErrorRate/.test(l))) out.push('alerts pane: no CRIT CheckoutHighErrorRate row');
  // The column header also says SUSPECT: look for the data row.
  if (!panes.deploys.some((l) => /checkout +v2\.14\.0 +production .*SUSPECT/.test(l))) out.push('deploys pane: no SUSPECT checkout v2.14.0 production row');
  if (!/1 SLOs \(\d+\)/.test(panes.slos[1] ?? '')) out.push('SLO pane title missing');
  if (!/2 Alerts \(\d+\)/.test(panes.alerts[1] ?? '')) out.push('alerts pane title missing');
  if (!/3 Deploys \(\d+\)/.test(panes.deploys[1] ?? '')) out.push('deploys pane title missing');
  return out;
}

/** Problems unless `pane` holds the focus marker and the only double border. */
export function focusOn(pane: 'slos' | 'alerts' | 'deploys', cols: number, rows: number) {
  return function focus(screen: string): string[] {
    const panes = paneRegions(screen, cols, rows);
    if (!panes || focusedPane(screen) !== pane) return [`focus is on ${focusedPane(screen)}, expected ${pane}`];
    const out: string[] = [];
    for (const id of ['slos', 'alerts', 'deploys'] as const) {
      const want = id === pane ? 'double' : 'single';
      if (borderStyle(panes[id]) !== want) out.push(`${id} border is ${borderStyle(panes[id])}, expected ${want}`);
    }
    return out;
  };
}

/**
 * Opens the help and reads all of it, scrolling with `j` once and then `PageDown` until the
 * last line has been on screen. Returns every help row seen.
 *
 * Each screen's body lines are placed at the positions its `a-b/n` title names, so a line that
 * occurs twice (a wrapped `confirm`) is kept twice; a screen is read only when it is whole (title
 * and body agree on the line count, and a second capture shows the same frame): under load tmux
 * can be captured while a frame is half drawn, with the new title over the old body.
 */
export async function readHelp(t: TmuxTerminal): Promise<HelpLine[]> {
  const byPosition = new Map<number, string>();
  let screen = await wholeHelp(t, () => true);
  let pos = helpPosition(screen);
  if (!pos) return helpRows(screenLines(screen), t.cols);
  placeHelp(screen, byPosition);
  // One `j` scrolls exactly one line.
  const first = pos.first;
  await t.keys('j');
  screen = await wholeHelp(t, (p) => p.first === first + 1);
  placeHelp(screen, byPosition);
  pos = helpPosition(screen);
  while (pos && pos.last < pos.total) {
    const before = pos.first;
    await t.keys('PageDown');
    screen = await wholeHelp(t, (p) => p.first > before);
    placeHelp(screen, byPosition);
    pos = helpPosition(screen);
  }
  const lines = [...byPosition.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
  // The title and the border lines around the body frame what `helpRows` reads.
  return helpRows(lines, t.cols);
}

/** Body lines of the help (inside the border, below the title, above the glyph-mode footer). */
function helpBody(screen: string): string[] {
  const lines = screenLines(screen);
  const title = lines.findIndex((l) => /^║Keys {2}\(/.test(l));
  if (title < 0) return [];
  const end = lines.findIndex((l, i) => i > title && (l.startsWith('╚') || l.startsWith('║glyphs: ')));
  return lines.slice(title + 1, end < 0 ? undefined : end);
}

/**
 * Waits for a whole help frame whose scroll position satisfies `ok` (any, by default); returns it.
 * Matching the title alone is not enough: under load tmux can be captured while the frame is half
 * drawn, its last rows still the dashboard's.
 */
export async function wholeHelp(t: TmuxTerminal, ok: (p: {first: number; last: number; total: number}) => boolean = () => true): Promise<string> {
  // The header's clock may redraw between two captures: a few tries, then the last whole one.
  let screen = '';
  for (let tries = 0; tries < 20; tries++) {
    screen = await t.waitFor((s) => {
      if (!/Keys {2}\(\? or Esc to close/.test(s)) return false;
      const p = helpPosition(s);
      // Without a position everything fits: the body is the whole help.
      return p ? ok(p) && helpBody(s).length === p.last - p.first + 1 : helpBody(s).length > 0;
    });
    if ((await t.capture()) === screen) return screen;
  }
  return screen;
}

/** Records a whole help screen's body lines at the positions its title names. */
function placeHelp(screen: string, byPosition: Map<number, string>): void {
  const pos = helpPosition(screen);
  if (!pos) return;
  helpBody(screen).forEach((line, i) => byPosition.set(pos.first + i, line));
}

/** The text every binding must show in the help: its key labels and its description. */
export function expectedHelp(): Array<{keys: string; description: string}> {
  // A binding without a key (:resolve) is listed as `unbound`, as the help says it.
  return defaultKeymap.map((b) => ({keys: b.keys.length > 0 ? b.keys.map(keyLabel).join(', ') : 'unbound', description: b.description}));
}
