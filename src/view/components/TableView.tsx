/** A table that fits its width, scrolls to keep the selection visible, and marks the selection in text. */
import {Box, Text} from 'ink';
import {fitColumns, type Table} from '../rows/row-types.ts';
import {fit} from '../text-fit.ts';
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
  empty: string;
}

/** First row to show so that `selected` is visible in a window of `height` rows. */
export function scrollOffset(selected: number, height: number, total: number): number {
  if (height <= 0 || total <= height) return 0;
  const half = Math.floor(height / 2);
  return Math.max(0, Math.min(total - height, selected - half));
}

/** Renders the column header and the visible rows. */
export function TableView({table, width, height, selected, focused, palette, empty}: TableViewProps) {
  // Two cells on the left carry the selection marker, so it reads without colour too.
  const columns = fitColumns(table.columns, width - 2);
  const offset = scrollOffset(selected, height, table.rows.length);
  const visible = table.rows.slice(offset, offset + height);
  const headerText = columns.map((c) => fit(c.column.header, c.width, c.column.align)).join(' ');
  return (
    <Box flexDirection="column" width={width}>
      <Text color={palette('muted')} bold wrap="truncate">{`  ${headerText}`}</Text>
      {visible.length === 0 ? (
        <Text color={palette('muted')} wrap="truncate">{`  ${empty}`}</Text>
      ) : (
        visible.map((row, i) => {
          const isSelected = offset + i === selected;
          return (
            <Text key={row.key} wrap="truncate" inverse={isSelected && focused}>
              <Text color={isSelected ? palette('accent') : undefined}>{isSelected ? '› ' : '  '}</Text>
              {columns.map((c, j) => {
                const cell = row.cells[c.index];
                const text = fit(cell?.text ?? '', c.width, c.column.align);
                return (
                  <Text key={c.column.id} color={palette(cell?.tone ?? row.tone)}>
                    {j > 0 ? ' ' : ''}
                    {text}
                  </Text>
                );
              })}
            </Text>
          );
        })
      )}
    </Box>
  );
}
