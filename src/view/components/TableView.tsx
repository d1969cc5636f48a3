/** A table that fits its width, scrolls to keep the selection visible, and marks the selection in text. */
import {Box, Text} from 'ink';
import {memo, useMemo} from 'react';
import {fitColumns, MIN_CUT_WIDTH, type Row, type Table, type Tone} from '../rows/row-types.ts';
import {cellWidth, fit} from '../text-fit.ts';
import type {Palette} from './palette.ts';

/** Props of {@link TableView}. */
export interface TableViewProps {
  table: Table;
  width: number;
  /** Data rows that fit (the column header is extra). */
  height: number;
  selected: number;
  focused: boolean;
  palette: Palette;
  /** What a table without rows says (one with rows none of which fits says {@link NO_ROOM_TEXT}). */
  empty: string;
}

/** The columns kept at a width, each with its cell width. */
type FittedColumns = ReturnType<typeof fitColumns>;

/** First row to show so that `selected` is visible in a window of `height` rows. */
export function scrollOffset(selected: number, height: number, total: number): number {
  if (height <= 0 || total <= height) return 0;
  const half = Math.floor(height / 2);
  return Math.max(0, Math.min(total - height, selected - half));
}

/**
 * A row's cells as runs of text sharing one tone: the fitted cells joined by one space, with
 * neighbouring cells of the same tone drawn by one `<Text>` (most rows need one or two). A kept
 * column that stands in for others shows the first of their cells' compact texts the row has;
 * a cell whose column is cut below its `standInBelow` shows its `rest`, when it has one; a cell
 * wider than its column shows its `narrow` form, when it has one.
 */
export function rowRuns(row: Row, columns: FittedColumns): Array<{text: string; tone: Tone}> {
  const runs: Array<{text: string; tone: Tone}> = [];
  columns.forEach((c, j) => {
    // A dropped column's warning (`ACK FAIL`), else a cut one's (`STALE 2m`), when the row has one.
    const from = c.from?.find((i) => row.cells[i]?.compact !== undefined);
    const own = row.cells[c.index];
    const cell = from === undefined ? own : row.cells[from]!.compact!;
    const tone = cell?.tone ?? row.tone;
    // Cut below its `standInBelow`: what the stand-in says for it is left out, the rest keeps the room.
    const whole = cell === own && c.column.standInBelow !== undefined && c.width < c.column.standInBelow ? (own?.rest ?? own?.text ?? '') : (cell?.text ?? '');
    // A cell with a short form shows it rather than a cut that could read like another row's.
    const narrow = cell === own ? own?.narrow : undefined;
    const cut = cellWidth(whole) > c.width;
    // Squeezed below 8 cells, an alert's indent under its group would leave one letter of its name.
    const shown = narrow !== undefined && cut ? narrow : cut && c.width < MIN_CUT_WIDTH ? whole.trimStart() : whole;
    const text = (j > 0 ? ' ' : '') + fit(shown, c.width, c.column.align);
    const last = runs.at(-1);
    if (last && last.tone === tone) last.text += text;
    else runs.push({text, tone});
  });
  return runs;
}

interface TableRowProps {
  row: Row;
  columns: FittedColumns;
  selected: boolean;
  focused: boolean;
  palette: Palette;
}

/**
 * One row. Memoised: moving the selection or scrolling by one line re-renders only the rows whose
 * selection state changed; the row objects are stable until the table is rebuilt.
 */
const TableRow = memo(function TableRow({row, columns, selected, focused, palette}: TableRowProps) {
  const runs = useMemo(() => rowRuns(row, columns), [row, columns]);
  return (
    <Text wrap="truncate" inverse={selected && focused}>
      <Text color={selected ? palette('accent') : undefined}>{selected ? '› ' : '  '}</Text>
      {runs.map((run, i) => (
        <Text key={i} color={palette(run.tone)}>
          {run.text}
        </Text>
      ))}
    </Text>
  );
});

/** What a table with rows says when none fits its height: never its empty text, which would read as calm. */
export const NO_ROOM_TEXT = 'no room to draw its rows: enlarge the terminal';

/** Renders the column header and the visible rows. */
export function TableView({table, width, height, selected, focused, palette, empty}: TableViewProps) {
  // Two cells on the left carry the selection marker, so it reads without colour too.
  const columns = useMemo(() => fitColumns(table.columns, width - 2), [table.columns, width]);
  const offset = scrollOffset(selected, height, table.rows.length);
  const visible = table.rows.slice(offset, offset + height);
  const headerText = columns.map((c) => fit(c.column.header, c.width, c.column.align)).join(' ');
  return (
    <Box flexDirection="column" width={width}>
      <Text color={palette('muted')} bold wrap="truncate">{`  ${headerText}`}</Text>
      {visible.length === 0 ? (
        <Text color={palette('muted')} wrap="truncate">{`  ${table.rows.length === 0 ? empty : NO_ROOM_TEXT}`}</Text>
      ) : (
        visible.map((row, i) => <TableRow key={row.key} row={row} columns={columns} selected={offset + i === selected} focused={focused} palette={palette} />)
      )}
    </Box>
  );
}
