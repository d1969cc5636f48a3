/**
 * Reading a captured dashboard screen: lines and cell widths, the rectangle of each pane (from
 * the same pure layout function the app uses), the help overlay rows, and colour SGR codes.
 */
import stringWidth from 'string-width';
import {HELP_GAP, helpKeyWidth as layoutKeyWidth} from '../../src/view/help-layout.ts';
import {helpSections} from '../../src/actions/help-sections.ts';
import {defaultKeymap} from '../../src/actions/keymap.ts';
import {createRegistry} from '../../src/actions/registry.ts';
import {PANE_LIST} from '../../src/actions/panes.ts';
import {computeLayout, type PaneId} from '../../src/view/layout.ts';

/** The screen's rows, top to bottom. */
export function screenLines(screen: string): string[] {
  return screen.split('\n');
}

/** Terminal cells a captured line takes. */
export function cellWidth(line: string): number {
  return stringWidth(line);
}

/** The cells `[from, from + width)` of a line, measured in terminal cells. */
export function sliceCells(line: string, from: number, width: number): string {
  let col = 0;
  let out = '';
  for (const ch of line) {
    const w = stringWidth(ch);
    if (col >= from && col + w <= from + width) out += ch;
    col += w;
    if (col >= from + width) break;
  }
  return out;
}

/** The pane whose title carries the `▶` focus marker, or null. */
export function focusedPane(screen: string): PaneId | null {
  const m = /▶ (\d) /.exec(screen);
  if (!m) return null;
  return PANE_LIST.find((p) => p.key === m[1])?.id ?? null;
}

/** The panes drawn: those whose numbered title (`3 Deploys (`) is on the screen, in Tab order. */
export function shownOnScreen(screen: string): PaneId[] {
  return PANE_LIST.filter((p) => screen.includes(`${p.key} ${p.title} (`)).map((p) => p.id);
}

/**
 * The lines of every pane, each cut to the pane's rectangle (borders included), placed with
 * `computeLayout` for the screen size, the focused pane and the SLO count read from the screen.
 */
export function paneRegions(screen: string, cols: number, rows: number): Record<PaneId, string[]> | null {
  const focus = focusedPane(screen);
  const slos = /SLOs \((\d+)\)/.exec(screen);
  if (!focus || !slos) return null;
  const lines = screenLines(screen);
  // A context with a paging source has the on-call line under the header: one body row less.
  const oncall = lines[1]?.startsWith(' on call') ? 1 : 0;
  // The top row of a wide screen is as tall as the longer of the SLOs and the panels.
  const panels = /Panels \((\d+)\)/.exec(screen);
  const layout = computeLayout(cols, rows - oncall, focus, Math.max(Number(slos[1]), Number(panels?.[1] ?? 0)), shownOnScreen(screen));
  const out: Record<PaneId, string[]> = {slos: [], alerts: [], deploys: [], panels: []};
  let top = 1 + oncall; // below the header line (and the on-call line)
  for (const row of layout.rows) {
    let left = 0;
    for (const {id, box} of row) {
      out[id] = lines.slice(top, top + box.height).map((l) => sliceCells(l, left, box.width));
      left += box.width;
    }
    top += Math.max(...row.map((p) => p.box.height));
  }
  return out;
}

/** `double` when a pane is drawn with the focused (double) border, else `single`; null if unreadable. */
export function borderStyle(region: readonly string[]): 'double' | 'single' | null {
  const corner = region[0]?.[0];
  return corner === '╔' ? 'double' : corner === '┌' ? 'single' : null;
}

/** One row of the help overlay as drawn: the key column and the text after it. */
export interface HelpLine {
  keys: string;
  text: string;
}

/**
 * Width of the help overlay's key column for the default keys (help-layout.ts: a quarter of the
 * inside, at most 16, widened to the widest key on a narrow window).
 */
export function helpKeyWidth(cols: number): number {
  const registry = createRegistry(defaultKeymap, {}, {readOnly: false}).registry;
  const sections = helpSections(registry, {readOnly: false, hasAlertmanager: true, hasRollback: true, selection: null}, 'alerts');
  return layoutKeyWidth(sections, cols - 2);
}

/**
 * Splits help-overlay screen lines (inside the double border) into key column and text; a line
 * with an empty key column continues the row above (descriptions wrap, not cut), as does one
 * under a key list that ends in `,` (a wrapped key list: `q, ctrl+c,` then `ctrl+q`). A help laid out
 * in two columns (help-layout.ts: each half of `(inner − HELP_GAP) / 2` cells, blank between) is
 * read down the left column, then down the right one, as it flows.
 */
export function helpRows(lines: Iterable<string>, cols: number): HelpLine[] {
  const keyWidth = helpKeyWidth(cols);
  const inners = [...lines].filter((l) => l.startsWith('║')).map((l) => l.slice(1, l.endsWith('║') ? -1 : undefined));
  const half = Math.floor((cols - 2 - HELP_GAP) / 2);
  // Two columns: the gap between them is blank on every line (one column's text runs across it).
  const twoColumns = inners.length > 0 && half >= 54 && inners.every((l) => sliceCells(l, half, HELP_GAP).trim() === '') && inners.some((l) => sliceCells(l, half + HELP_GAP, half).trim() !== '');
  const parts = twoColumns ? [...inners.map((l) => sliceCells(l, 0, half)), ...inners.map((l) => sliceCells(l, half + HELP_GAP, half))] : inners;
  const out: HelpLine[] = [];
  for (const inner of parts) {
    if (!inner.startsWith(' ')) continue;
    const keys = sliceCells(inner, 0, keyWidth).trim();
    const text = sliceCells(inner, keyWidth + 1, cols).trim();
    const last = out.at(-1);
    // A blank line (the right half of the title line, or the end of a column) continues nothing:
    // joined, it doubled the space where a row's text runs on at the top of the right column.
    if (keys !== '' && last?.keys.endsWith(',')) {
      last.keys = `${last.keys} ${keys}`;
      if (text !== '') last.text = `${last.text} ${text}`;
    } else if (keys === '' && last) {
      if (text !== '') last.text = `${last.text} ${text}`;
    }
    else if (keys !== '') out.push({keys, text});
  }
  return out;
}

/** The `a-b/n` scroll position in the help title, or null when everything fits. */
export function helpPosition(screen: string): {first: number; last: number; total: number} | null {
  const m = /Keys {2}\(.*\) {2}(\d+)-(\d+)\/(\d+)/.exec(screen);
  return m ? {first: Number(m[1]), last: Number(m[2]), total: Number(m[3])} : null;
}

/**
 * SGR sequences that set a colour: foreground 30–37/90–97, background 40–47/100–107, and the
 * extended 38/48/58 forms (`38;5;n`, `48;2;r;g;b`). 39/49 only reset to the default and are fine.
 */
export function colourSgrs(escaped: string): string[] {
  const out: string[] = [];
  for (const m of escaped.matchAll(/\x1b\[([0-9;:]*)m/g)) {
    const params = (m[1] ?? '').split(/[;:]/).map(Number);
    const colour = params.some((p) => p === 38 || p === 48 || p === 58 || (p >= 30 && p <= 37) || (p >= 40 && p <= 47) || (p >= 90 && p <= 97) || (p >= 100 && p <= 107));
    if (colour) out.push(m[0]);
  }
  return out;
}

/** The first background colour a line sets (`46`, `48;5;59` …), or null. */
export function firstBackground(escaped: string): string | null {
  for (const m of escaped.matchAll(/\x1b\[([0-9;:]*)m/g)) {
    const params = (m[1] ?? '').split(';');
    for (let i = 0; i < params.length; i++) {
      const p = Number(params[i]);
      if (p === 48) return params.slice(i, params[i + 1] === '5' ? i + 3 : i + 5).join(';');
      if ((p >= 40 && p <= 47) || (p >= 100 && p <= 107)) return String(p);
      if (p === 38) i += params[i + 1] === '5' ? 2 : 4;
    }
  }
  return null;
}
