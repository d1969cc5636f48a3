/**
 * The `?` overlay: every binding, the focused pane's first, generated from the registry
 * (overrides included), wrapped to the window (see help-layout.ts) and scrolled by `scroll`.
 */
import {Box, Text} from 'ink';
import type {HelpSection} from '../../actions/help-sections.ts';
import {HELP_GAP, helpLayout, type HelpLine} from '../help-layout.ts';
import {fit} from '../text-fit.ts';
import type {Palette} from './palette.ts';

/** Props of {@link HelpOverlay}. */
export interface HelpOverlayProps {
  sections: HelpSection[];
  width: number;
  height: number;
  scroll: number;
  palette: Palette;
  /** A line under the bindings (an action log not written, the glyph mode and how to change it); absent: none. */
  footer?: string;
  /** The title's note of the keys that close and scroll it, as they are bound (absent: the defaults'). */
  keys?: string;
}

function Line({line, width, keyWidth, palette}: {line: HelpLine | undefined; width: number; keyWidth: number; palette: Palette}) {
  if (!line) return <Text> </Text>;
  if (line.kind === 'title') return <Text bold color={palette('muted')}>{fit(line.text, width)}</Text>;
  return (
    <Text>
      <Text bold color={palette(line.disabled ? 'muted' : 'accent')}>{fit(line.keys === '' ? '' : `  ${line.keys}`, keyWidth)}</Text>
      {' '}
      {line.spans.map((s, i) => (
        <Text key={i} color={palette(s.tone)}>{s.text}</Text>
      ))}
    </Text>
  );
}

/** Renders the overlay in a bordered box. */
export function HelpOverlay({sections, width, height, scroll, palette, footer, keys = '? or Esc to close, j/k to scroll'}: HelpOverlayProps) {
  const layout = helpLayout(sections, width, height, footer === undefined ? 0 : 1);
  const {lines, columns, columnWidth, body, keyWidth} = layout;
  const shown = columns * body;
  const start = Math.max(0, Math.min(scroll, Math.max(0, lines.length - shown)));
  const position = lines.length > shown ? `  ${start + 1}-${Math.min(lines.length, start + shown)}/${lines.length}` : '';
  const column = (from: number) => (
    <Box flexDirection="column" width={columnWidth}>
      {Array.from({length: body}, (_, i) => (
        <Line key={i} line={lines[from + i]} width={columnWidth} keyWidth={keyWidth} palette={palette} />
      ))}
    </Box>
  );
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={palette('focusBorder')} overflow="hidden">
      <Text bold color={palette('accent')} wrap="truncate">
        {`Keys  (${keys})${position}`}
      </Text>
      <Box flexDirection="row" height={body} overflow="hidden">
        {column(start)}
        {columns === 2 ? <Box width={HELP_GAP} /> : null}
        {columns === 2 ? column(start + body) : null}
      </Box>
      {footer === undefined ? null : (
        <Text color={palette('muted')} wrap="truncate">
          {footer}
        </Text>
      )}
    </Box>
  );
}
