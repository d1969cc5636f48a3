/** The detail view of the selected row: label/value lines, scrolled by the selection keys. */
import {Box, Text} from 'ink';
import type {DetailLine} from '../rows/detail-lines.ts';
import type {Tone} from '../rows/row-types.ts';
import {osc8} from '../../platform/terminal-links.ts';
import {fit, wrapText} from '../text-fit.ts';
import type {Palette} from './palette.ts';

/** Props of {@link DetailView}. */
export interface DetailViewProps {
  title: string;
  lines: DetailLine[];
  width: number;
  height: number;
  scroll: number;
  palette: Palette;
  /** Plain text (a runbook): lines are not headings, just text. */
  plain?: boolean;
  /**
   * Lines kept at the bottom whatever the scroll (a confirmation's "Type yes and Enter …"):
   * what to type must be read before typing it, however long the list above.
   */
  pinned?: DetailLine[];
  /** The title's note of the keys that leave and scroll the view, as they are bound. */
  keys?: string;
}

/** The title's key note while no other is given: the default bindings'. */
export const DEFAULT_DETAIL_KEYS = 'Esc back, j/k scroll';

/** One drawn line of a detail view: a value's first line carries its label, the rest an empty one. */
export interface DetailRow {
  kind: 'labelled' | 'heading' | 'plain';
  label: string;
  value: string;
  tone?: Tone;
  link?: string;
}

const LABEL_WIDTH = 14;
// A value longer than this many lines (a huge annotation) is cut, its last line ending in `…`.
const MAX_VALUE_LINES = 40;

/**
 * The lines of `lines` as drawn `width` cells wide (borders included): each value wraps under
 * its label rather than being cut, so a long PromQL query, URL or annotation reads whole. The
 * scroll keys count these (Dashboard's overlay frame), so the last one can be reached.
 */
export function detailRows(lines: readonly DetailLine[], width: number, plain = false): DetailRow[] {
  const inner = Math.max(1, width - 2);
  const valueWidth = Math.max(1, inner - LABEL_WIDTH - 1);
  return lines.flatMap((line): DetailRow[] => {
    if (plain || line.label === '') {
      const kind = plain ? 'plain' : 'heading';
      const parts = line.value === '' ? [''] : wrapText(line.value, inner, MAX_VALUE_LINES);
      return parts.map((value) => ({kind, label: '', value}));
    }
    const parts = line.value === '' ? [''] : wrapText(line.value, valueWidth, MAX_VALUE_LINES);
    return parts.map((value, i) => ({kind: 'labelled', label: i === 0 ? line.label : '', value, ...(line.tone ? {tone: line.tone} : {}), ...(line.link ? {link: line.link} : {})}));
  });
}

/**
 * The lines that scroll in a detail view `height` rows tall whose `pinned` lines take as many
 * rows as `pinnedRows` (its border and title take 3), at least one. The scroll keys page by it.
 */
export function detailPage(height: number, pinnedRows = 0): number {
  return Math.max(1, height - 3 - pinnedRows);
}

/** The rows of `pinned` a view `height` rows tall draws: they leave the list one row at least. */
export function pinnedRows(pinned: readonly DetailLine[], width: number, height: number, plain = false): DetailRow[] {
  return detailRows(pinned, width, plain).slice(0, Math.max(0, height - 4));
}

/** Renders a bordered detail view; values wrap to the width, the view never outgrows its height. */
export function DetailView({title, lines, width, height, scroll, palette, plain = false, pinned = [], keys = DEFAULT_DETAIL_KEYS}: DetailViewProps) {
  const rows = detailRows(lines, width, plain);
  const bottom = pinnedRows(pinned, width, height, plain);
  const body = detailPage(height, bottom.length);
  const start = Math.max(0, Math.min(scroll, Math.max(0, rows.length - body)));
  const shown = [...rows.slice(start, start + body), ...bottom];
  const position = rows.length > body ? `  ${start + 1}-${Math.min(rows.length, start + body)}/${rows.length}` : '';
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={palette('focusBorder')} overflow="hidden">
      <Text bold color={palette('accent')} wrap="truncate">
        {`${title}  (${keys})${position}`}
      </Text>
      {shown.map((row, i) =>
        row.kind === 'plain' ? (
          <Text key={i} wrap="truncate">{row.value}</Text>
        ) : row.kind === 'heading' ? (
          <Text key={i} bold color={palette('muted')} wrap="truncate">{row.value}</Text>
        ) : (
          <Text key={i} wrap="truncate">
            <Text color={palette('muted')}>{fit(row.label, LABEL_WIDTH)}</Text>
            {/* A hyperlink around each piece of the plain URL: terminals without OSC 8 show the URL itself. */}
            <Text color={palette(row.tone ?? 'text')}>{' '}{row.link ? osc8(row.link, row.value) : row.value}</Text>
          </Text>
        ),
      )}
    </Box>
  );
}
