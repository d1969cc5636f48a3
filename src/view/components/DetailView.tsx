/** The detail view of the selected row: label/value lines, scrolled by the selection keys. */
import {Box, Text} from 'ink';
import type {DetailLine} from '../rows/detail-lines.ts';
import {osc8} from '../../platform/terminal-links.ts';
import {fit} from '../text-fit.ts';
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
}

/** Renders a bordered detail view; values wrap to the width, the view never outgrows its height. */
export function DetailView({title, lines, width, height, scroll, palette, plain = false}: DetailViewProps) {
  const body = Math.max(1, height - 3);
  const start = Math.max(0, Math.min(scroll, Math.max(0, lines.length - body)));
  const shown = lines.slice(start, start + body);
  const labelWidth = 14;
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={palette('focusBorder')} overflow="hidden">
      <Text bold color={palette('accent')} wrap="truncate">
        {`${title}  (Esc back, j/k scroll)${lines.length > body ? `  ${start + 1}-${start + shown.length}/${lines.length}` : ''}`}
      </Text>
      {shown.map((line, i) =>
        plain ? (
          <Text key={i} wrap="truncate">{line.value}</Text>
        ) : line.label === '' ? (
          <Text key={i} bold color={palette('muted')} wrap="truncate">{line.value}</Text>
        ) : (
          <Text key={i} wrap="truncate">
            <Text color={palette('muted')}>{fit(line.label, labelWidth)}</Text>
            {/* A hyperlink around the plain URL: terminals without OSC 8 show the URL itself. */}
            <Text color={palette(line.tone ?? 'text')}>{' '}{line.link ? osc8(line.link, line.value) : line.value}</Text>
          </Text>
        ),
      )}
    </Box>
  );
}
