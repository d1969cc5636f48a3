/** The `?` overlay: every binding, grouped, generated from the registry (overrides included). */
import {Box, Text} from 'ink';
import type {HelpSection} from '../../actions/key-hints.ts';
import {fit} from '../text-fit.ts';
import type {Palette} from './palette.ts';

/** Props of {@link HelpOverlay}. */
export interface HelpOverlayProps {
  sections: HelpSection[];
  width: number;
  height: number;
  scroll: number;
  palette: Palette;
}

type Line = {kind: 'title'; text: string} | {kind: 'row'; keys: string; text: string; note: string | null; dangerous: boolean};

/** Flattens the sections into display lines (exported for tests). */
export function helpLines(sections: HelpSection[]): Line[] {
  return sections.flatMap((s): Line[] => [
    {kind: 'title', text: s.title},
    ...s.rows.map((r): Line => ({kind: 'row', keys: r.keys, text: `${r.description} (${r.where})`, note: r.disabled, dangerous: r.dangerous})),
  ]);
}

/** Renders the overlay in a bordered box, scrolled by `scroll`. */
export function HelpOverlay({sections, width, height, scroll, palette}: HelpOverlayProps) {
  const lines = helpLines(sections);
  const body = Math.max(1, height - 3);
  const start = Math.max(0, Math.min(scroll, Math.max(0, lines.length - body)));
  const keyWidth = Math.min(18, Math.floor(width / 4));
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={palette('focusBorder')} overflow="hidden">
      <Text bold color={palette('accent')} wrap="truncate">
        {`Keys  (? or Esc to close, j/k to scroll)${lines.length > body ? `  ${start + 1}-${Math.min(lines.length, start + body)}/${lines.length}` : ''}`}
      </Text>
      {lines.slice(start, start + body).map((line, i) =>
        line.kind === 'title' ? (
          <Text key={i} bold color={palette('muted')} wrap="truncate">{line.text}</Text>
        ) : (
          <Text key={i} wrap="truncate">
            <Text bold color={palette(line.note ? 'muted' : 'accent')}>{fit(`  ${line.keys}`, keyWidth)}</Text>
            <Text color={palette(line.note ? 'muted' : 'text')}>{` ${line.text}`}</Text>
            {line.dangerous ? <Text color={palette('critical')}>{' [dangerous]'}</Text> : null}
            {line.note ? <Text color={palette('warn')}>{` — disabled: ${line.note}`}</Text> : null}
          </Text>
        ),
      )}
    </Box>
  );
}
