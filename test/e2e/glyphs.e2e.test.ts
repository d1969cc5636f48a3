/**
 * End to end: the bundled dashboard in a real terminal (tmux, 100x30) whose locale is not UTF-8
 * (`LANG=C`, no `LC_ALL`/`LC_CTYPE`), as on a bastion host. It runs under script(1), which
 * records every byte it writes: from the first frame through a key press that opens the help
 * overlay (the frame drawn right after a key) to the exit, no byte is outside ASCII, the borders
 * are `|` `-` `+` (`=` on the focused pane), and the help says why. The same screen under
 * `LANG=C.UTF-8` is drawn in Unicode, cell for cell the same layout.
 */
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {toAscii} from '../../src/platform/ascii-glyphs.ts';
import {removeDir} from '../helpers/remove-dir.ts';
import {shellQuote, TmuxTerminal} from '../helpers/tmux.ts';
import {dashboardCommand, wholeHelp} from './dashboard-checks.ts';
import {cellWidth, screenLines} from './screen.ts';

const COLS = 100;
const ROWS = 30;

const terms: TmuxTerminal[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(terms.splice(0).map((t) => t.kill()));
  for (const dir of dirs.splice(0)) removeDir(dir);
});

/** `oncall demo` under script(1) in tmux with `locale`; the log holds every byte it wrote. */
async function demoIn(locale: Record<string, string | null>): Promise<{term: TmuxTerminal; log: string}> {
  const dir = mkdtempSync(join(tmpdir(), 'oncall-e2e-glyphs-'));
  dirs.push(dir);
  const log = join(dir, 'tty.log');
  const term = await TmuxTerminal.start(`script -q -f -c ${shellQuote(dashboardCommand(['demo']))} ${shellQuote(log)}`, COLS, ROWS, {XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir, LC_ALL: null, LC_CTYPE: null, ...locale});
  terms.push(term);
  return {term, log};
}

// Every source answered and every pane drawn its data.
const ready = (s: string) => /4 Panels \(\d+\)/.test(s) && /[x✖] PAGE/.test(s) && /\d+ crit [·.] \d+ active/.test(s) && /\d+ deploys/.test(s) && !/loading|no data/.test(s);
// Figures (ages, the clock) and the spaces that align them differ from one second to the next.
const shape = (screen: string) => screenLines(screen).map((l) => l.replace(/\d+/g, '0').replace(/ +/g, ' '));

describe('a terminal without UTF-8 (LANG=C)', () => {
  it('gets only ASCII bytes, ASCII borders and the help saying why; LANG=C.UTF-8 keeps the Unicode screen', {timeout: 60_000}, async () => {
    const ascii = await demoIn({LANG: 'C'});
    const unicode = await demoIn({LANG: 'C.UTF-8'});
    let [a, u] = await Promise.all([ascii.term.waitFor(ready), unicode.term.waitFor(ready)]);
    // The two screens are taken one after the other: a refresh may land between them.
    for (let tries = 0; tries < 20 && JSON.stringify(shape(toAscii(u))) !== JSON.stringify(shape(a)); tries++) {
      [a, u] = await Promise.all([ascii.term.waitFor(ready), unicode.term.waitFor(ready)]);
    }

    const lines = screenLines(a);
    // The focused SLO pane in `=`, the others in `-`, sides `|`, corners `+`.
    expect(lines[2]).toBe(`+${'='.repeat(COLS - 2)}+`);
    expect(lines).toContain(`+${'-'.repeat(COLS - 2)}+`);
    expect(lines[3]).toMatch(/^\|> 1 SLOs \(\d+\) +\|$/);
    expect(a).toMatch(/\|> x PAGE 1h&5m +checkout-availability #+:* \d+\.\d%/);
    for (const line of lines) expect(cellWidth(line)).toBeLessThanOrEqual(COLS);

    // The same layout, cell for cell, as the Unicode screen made ASCII.
    expect(u).toContain('╔');
    expect(u).toContain('✖ PAGE');
    expect(shape(toAscii(u))).toEqual(shape(a));

    // A key's frame goes through the same output: the help, and in ASCII mode the glyph mode
    // at its foot (in Unicode mode the help keeps that line for keys).
    await ascii.term.keys('?');
    await ascii.term.waitFor(/glyphs: ascii \(LANG=C; --glyphs unicode to override\)/);
    await unicode.term.keys('?');
    expect(await wholeHelp(unicode.term)).not.toContain('glyphs:');
    await ascii.term.keys('Escape');
    await ascii.term.waitFor((s) => !s.includes('glyphs:'));
    await ascii.term.keys('q');
    await ascii.term.waitFor((s) => !s.includes('4 Panels'));

    const bytes = readFileSync(ascii.log);
    expect(bytes.length).toBeGreaterThan(1000);
    const high = bytes.findIndex((b) => b >= 0x80);
    expect(high, `a byte >= 0x80 near: ${JSON.stringify(bytes.subarray(Math.max(0, high - 40), high + 8).toString('latin1'))}`).toBe(-1);
    // The Unicode run wrote its glyphs as UTF-8.
    expect(readFileSync(unicode.log, 'utf8')).toContain('│');
  });
});
