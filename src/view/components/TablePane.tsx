/** A pane holding a table, with notice lines above it: the unit the dashboard redraws. */
import {Text} from 'ink';
import {memo} from 'react';
import {isBorderless, visibleRows} from '../layout.ts';
import type {Table, Tone} from '../rows/row-types.ts';
import {wrapText} from '../text-fit.ts';
import {Pane, type PaneProps} from './Pane.tsx';
import type {Palette} from './palette.ts';
import {propsEqualBy} from './props-equal.ts';
import {TableView} from './TableView.tsx';

/** A line shown above a pane's table (a rollback run, a failure, a deploy freeze). */
export interface NoticeLine {
  text: string;
  tone: Tone;
}

/** Props of {@link TablePane}: the pane's own, and the table with its notices. */
export interface TablePaneProps extends Omit<PaneProps, 'children'> {
  notices: NoticeLine[];
  table: Table;
  selected: number;
  /** What an empty table says. */
  empty: string;
}

/** Notices wrapped to the pane, each at most three lines, so a long provider message is read whole. */
function wrapped(lines: NoticeLine[], width: number): NoticeLine[] {
  return lines.flatMap((line) => wrapText(line.text, width, 3).map((text) => ({...line, text})));
}

function TablePaneView({index, title, box, focused, palette, status, filter, hiding, summary, notices, table, selected, empty}: TablePaneProps) {
  const rows = visibleRows(box);
  const inner = box.width - (isBorderless(box) ? 0 : 2);
  // The table keeps at least one row; notices take what is left above it.
  const shown = wrapped(notices, inner - 2).slice(0, Math.max(0, rows - 1));
  return (
    <Pane index={index} title={title} box={box} focused={focused} palette={palette} status={status} filter={filter} hiding={hiding} summary={summary}>
      {shown.map((line, i) => (
        <Text key={`x${i}`} wrap="truncate" bold color={palette(line.tone)}>{`  ${line.text}`}</Text>
      ))}
      <TableView table={table} width={inner} height={Math.max(0, rows - shown.length)} selected={selected} focused={focused} palette={palette} empty={empty} />
    </Pane>
  );
}

/**
 * Memoised: a key that moves the selection in one pane leaves the other panes' props equal by
 * value (their status, box and notices are rebuilt on every render), so React skips them.
 */
export const TablePane = memo(TablePaneView, propsEqualBy<TablePaneProps>('box', 'status', 'notices'));
