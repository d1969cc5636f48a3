/**
 * What a window smaller than the dashboard's least layout gets: one line, cut to its width. The
 * layout drawn there anyway was wider or taller than the window: its lines wrapped, the screen
 * scrolled, and Ink cleared the terminal on every frame.
 */
import {Box, Text} from 'ink';
import type {FlashTone} from '../../actions/ui-state.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {truncate} from '../text-fit.ts';
import type {Palette} from './palette.ts';

/** Props of {@link WindowTooSmall}. */
export interface WindowTooSmallProps {
  columns: number;
  rows: number;
  /** The least window the layout is drawn in, said when there is room for it. */
  least: {columns: number; rows: number};
  /** The latest flash (a held Enter, a refused key), drawn on a second line when there is one. */
  flash?: {text: string; tone: FlashTone} | null;
  palette: Palette;
}

/** The line's text for a window `columns` wide: the longest wording that fits, else the first cut. */
export function windowTooSmallText(columns: number, least: {columns: number; rows: number}): string {
  const long = `oncall: window too small (${least.columns}x${least.rows} at least)`;
  return long.length <= columns ? long : truncate('oncall: window too small', columns);
}

/**
 * Renders the line, and under it the flash when the window has a second row: a key refused or an
 * Enter held there must say why, or it reads as a key lost. Nothing in a window without a row or
 * a column.
 */
export function WindowTooSmall({columns, rows, least, flash, palette}: WindowTooSmallProps) {
  if (columns < 1 || rows < 1) return null;
  return (
    <Box flexDirection="column" width={columns}>
      <Text color={palette('warn')} wrap="truncate">
        {windowTooSmallText(columns, least)}
      </Text>
      {flash && rows >= 2 ? (
        <Text color={palette(flash.tone)} wrap="truncate">
          {truncate(sanitize(flash.text), columns)}
        </Text>
      ) : null}
    </Box>
  );
}
