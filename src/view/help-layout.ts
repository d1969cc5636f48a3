/**
 * Lays the `?` overlay out for a window: each binding's text wrapped at word boundaries under
 * its keys (never cut), one column, or two side by side when the window is wide enough and one
 * would not hold everything. Pure, so the dashboard can bound scrolling by the same lines it draws.
 */
import type {HelpSection} from '../actions/help-sections.ts';
import type {Tone} from './rows/row-types.ts';
import {cellWidth, wrapText} from './text-fit.ts';

/** A run of text drawn in one tone. */
export interface HelpSpan {
  text: string;
  tone: Tone;
}

/**
 * One drawn line: a section title, or a binding's line. A binding's keys run down the key column
 * beside its text, wrapped after a `,` (`q, ctrl+c,` then `ctrl+q`): a key is never cut.
 */
export type HelpLine = {kind: 'title'; text: string} | {kind: 'row'; keys: string; spans: HelpSpan[]; disabled: boolean};

/** The overlay's lines and how they are placed. */
export interface HelpLayout {
  lines: HelpLine[];
  /** 1 or 2; with 2 the lines flow down the left column, then down the right one. */
  columns: number;
  /** Cells per column (without the gap). */
  columnWidth: number;
  /** Lines per column. */
  body: number;
  /** Cells of the key column, its two-cell indent included. */
  keyWidth: number;
}

/** Cells between the two columns. */
export const HELP_GAP = 2;
/** The narrowest column two columns may have; below it one column wraps less. */
const MIN_COLUMN = 54;
/** The key column: two cells of indent and the longest default keys (`pgdn, ctrl+d`). */
export const HELP_KEY_WIDTH = 16;
/** Cells of indent before the keys. */
const KEY_INDENT = 2;

// A row's keys as the pieces a wrapped key list breaks into: each key, with the `,` after it.
function keyPieces(keys: string): string[] {
  const parts = keys.split(', ');
  return parts.map((k, i) => (i < parts.length - 1 ? `${k},` : k));
}

/** The key lines of a row in `room` cells: as many keys on a line as fit, breaking after a `,`. */
export function wrapKeys(keys: string, room: number): string[] {
  const lines: string[] = [];
  for (const piece of keyPieces(keys)) {
    const last = lines.at(-1);
    if (last !== undefined && cellWidth(last) + 1 + cellWidth(piece) <= room) lines[lines.length - 1] = `${last} ${piece}`;
    else lines.push(piece);
  }
  return lines;
}

/**
 * The key column's width (indent included) for an overlay `inner` cells wide: a quarter of it, at
 * most {@link HELP_KEY_WIDTH}, widened to the widest single key (a narrow window's `shift+tab,`)
 * up to half of it, so a key list wraps rather than being cut.
 */
export function helpKeyWidth(sections: readonly HelpSection[], inner: number): number {
  const base = Math.min(HELP_KEY_WIDTH, Math.floor(inner / 4));
  const widest = Math.max(0, ...sections.flatMap((s) => s.rows.flatMap((r) => keyPieces(r.keys).map(cellWidth))));
  return Math.max(base, Math.min(KEY_INDENT + widest, Math.floor(inner / 2)));
}

/**
 * The spans of a row: description, where (when the section needs it), danger, disabled reason
 * (unless the section's title says it), what it acts on now.
 */
function rowSpans(row: HelpSection['rows'][number], section: HelpSection): HelpSpan[] {
  const spans: HelpSpan[] = [{text: row.description, tone: row.disabled ? 'muted' : 'text'}];
  if (section.showWhere) spans.push({text: `(${row.where})`, tone: 'muted'});
  if (row.dangerous) spans.push({text: '[dangerous]', tone: 'critical'});
  // Keys a `keys:` override gave another action in the focused pane: said, as the footer drops them.
  if (row.shadowed.length > 0) spans.push({text: `— in this pane ${row.shadowed.join(', ')}`, tone: 'warn'});
  if (row.disabled && !section.shared.some((s) => s.reason === row.disabled)) spans.push({text: `— disabled: ${row.disabled}`, tone: 'warn'});
  if (row.now) spans.push({text: `— now: ${row.now}`, tone: 'accent'});
  return spans;
}

/** Wraps spans into lines of at most `width` cells, at spaces; a word wider than a line is broken. */
export function wrapSpans(spans: readonly HelpSpan[], width: number): HelpSpan[][] {
  const lines: HelpSpan[][] = [];
  let line: HelpSpan[] = [];
  let used = 0;
  const put = (word: string, tone: Tone) => {
    const w = cellWidth(word);
    const gap = used === 0 ? 0 : 1;
    if (used + gap + w > width && used > 0) {
      lines.push(line);
      line = [];
      used = 0;
    }
    const text = used === 0 ? word : ` ${word}`;
    const last = line.at(-1);
    if (last && last.tone === tone) last.text += text;
    else line.push({text, tone});
    used += cellWidth(text);
  };
  for (const span of spans) {
    for (const word of span.text.split(' ').filter((w) => w !== '')) {
      if (cellWidth(word) <= width) put(word, span.tone);
      else for (const piece of wrapText(word, Math.max(1, width), Number.MAX_SAFE_INTEGER)) put(piece, span.tone);
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/** A section's title with its shared disabled reasons: `Alerts pane (focused) — read-only context: a, A, u, R disabled`. */
export function sectionTitle(section: HelpSection): string {
  if (section.shared.length === 0) return section.title;
  return `${section.title} — ${section.shared.map((s) => `${s.reason}: ${s.keys.join(', ')} disabled`).join('; ')}`;
}

function layoutLines(sections: readonly HelpSection[], columnWidth: number, keyWidth: number): HelpLine[] {
  const textWidth = Math.max(1, columnWidth - keyWidth - 1);
  return sections.flatMap((s): HelpLine[] => [
    ...wrapSpans([{text: sectionTitle(s), tone: 'muted'}], columnWidth).map((spans): HelpLine => ({kind: 'title', text: spans.map((p) => p.text).join('')})),
    ...s.rows.flatMap((r) => {
      // The keys beside the text, line by line: a third key from `keys:`, or a narrow window's
      // second default one, goes on the row's next line, not under a `…`.
      const keys = wrapKeys(r.keys, keyWidth - KEY_INDENT);
      const text = wrapSpans(rowSpans(r, s), textWidth);
      return Array.from({length: Math.max(keys.length, text.length)}, (_, i): HelpLine => ({kind: 'row', keys: keys[i] ?? '', spans: text[i] ?? [], disabled: r.disabled !== null}));
    }),
  ]);
}

/**
 * The layout for an overlay `width` x `height` cells (border, title line and `footerLines` under
 * the bindings included): two columns when each can be at least {@link MIN_COLUMN} cells and one
 * column would need scrolling.
 */
export function helpLayout(sections: readonly HelpSection[], width: number, height: number, footerLines = 0): HelpLayout {
  const inner = Math.max(1, width - 2);
  const body = Math.max(1, height - 3 - footerLines);
  const keyWidth = helpKeyWidth(sections, inner);
  const single = layoutLines(sections, inner, keyWidth);
  const half = Math.floor((inner - HELP_GAP) / 2);
  if (single.length <= body || half < MIN_COLUMN) return {lines: single, columns: 1, columnWidth: inner, body, keyWidth};
  return {lines: layoutLines(sections, half, keyWidth), columns: 2, columnWidth: half, body, keyWidth};
}

/**
 * The line count the scroll is bounded by: with two columns a screen shows `2 × body` lines, so
 * the last offset is `lines − 2 × body`, which the reducer reaches as `count − page`.
 */
export function helpScrollLines(layout: HelpLayout): number {
  return Math.max(0, layout.lines.length - (layout.columns - 1) * layout.body);
}
