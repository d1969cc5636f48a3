/** Free-text filtering of built rows, for panes whose data has no richer filter language. */
import type {Table} from './row-types.ts';

/** Keeps rows where every word of `text` appears (case-insensitively) in some cell. */
export function filterTable(table: Table, text: string): Table {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return table;
  const rows = table.rows.filter((row) => {
    const hay = row.cells.map((c) => c.text.toLowerCase()).join(' ');
    return words.every((w) => hay.includes(w));
  });
  return {columns: table.columns, rows};
}
