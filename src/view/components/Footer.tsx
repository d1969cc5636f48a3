/** The footer line: a text input (filter, command), a flash message, or the key hints of the open scopes. */
import {Box, Text} from 'ink';
import {memo} from 'react';
import type {FooterHint} from '../../actions/key-hints.ts';
import {sanitize} from '../../domain/sanitize.ts';
import type {Tone} from '../rows/row-types.ts';
import {cellWidth, truncateStart} from '../text-fit.ts';
import type {Palette} from './palette.ts';
import {propsEqualBy} from './props-equal.ts';

/** Props of {@link Footer}. */
export interface FooterProps {
  width: number;
  hints: FooterHint[];
  /** A prompt and the text typed so far, when an input is open. */
  input: {prompt: string; text: string} | null;
  flash: {text: string; tone: Tone} | null;
  palette: Palette;
  /** Whether colours are drawn; without them a disabled hint is left out (see {@link shownHints}). */
  color: boolean;
}

/**
 * The hints that fit `width` (two spaces between them): when they do not all fit, pane hints are
 * dropped from the end, so `? help` and `q quit` always stay reachable on a narrow screen. The
 * disabled ones go first: a struck-through key must not cost a key that works its place, else
 * the colour footer (which keeps disabled hints) would offer fewer working keys than the
 * no-colour one (which leaves them out) on the same screen.
 */
export function fitHints(hints: FooterHint[], width: number): FooterHint[] {
  const size = (list: FooterHint[]) => list.reduce((n, h, i) => n + cellWidth(`${h.keys} ${h.hint}`) + (i > 0 ? 2 : 0), 0);
  const kept = [...hints];
  const essential = (h: FooterHint) => h.ids.includes('help') || h.ids.includes('quit');
  const dropFromEnd = (droppable: (h: FooterHint) => boolean) => {
    for (let i = kept.length - 1; i >= 0 && size(kept) > width; i--) if (droppable(kept[i]!)) kept.splice(i, 1);
  };
  dropFromEnd((h) => !essential(h) && h.disabled);
  dropFromEnd((h) => !essential(h));
  return kept;
}

/**
 * The hints the footer offers. A disabled hint is told apart by being dimmed and struck through;
 * without colour (NO_COLOR, --no-color, a terminal without colour) neither shows, and it would
 * read as a key that works. Then it is left out: a mark on every disabled hint would crowd an
 * 80-column footer, pressing the key still says why it is refused, and the help (`?`) lists it
 * with its reason.
 */
export function shownHints(hints: FooterHint[], color: boolean): FooterHint[] {
  return color ? hints : hints.filter((h) => !h.disabled);
}

function FooterView({width, hints, input, flash, palette, color}: FooterProps) {
  if (input) {
    // With a flash, the end of the text is kept beside it: a long draft (a pasted filter) must
    // not push the refusal that says why nothing was added out of the line.
    const flashText = flash ? `  ${sanitize(flash.text)}` : '';
    const room = width - cellWidth(input.prompt) - 1 - cellWidth(flashText);
    const text = flash && room > 1 ? truncateStart(sanitize(input.text), room) : sanitize(input.text);
    return (
      <Box width={width} height={1}>
        <Text wrap={flash ? "truncate" : "truncate-start"}>
          <Text bold color={palette('accent')}>{input.prompt}</Text>
          <Text>{text}</Text>
          <Text inverse> </Text>
          {/* A refusal (e.g. a mistyped confirmation) must be seen while the input stays open. */}
          {flash ? <Text color={palette(flash.tone)}>{flashText}</Text> : null}
        </Text>
      </Box>
    );
  }
  if (flash) {
    return (
      <Box width={width} height={1}>
        <Text wrap="truncate" color={palette(flash.tone)}>{sanitize(flash.text)}</Text>
      </Box>
    );
  }
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate">
        {fitHints(shownHints(hints, color), width).map((h, i) => (
          <Text key={`${h.keys}-${h.hint}`} color={palette(h.disabled ? 'muted' : 'text')} strikethrough={h.disabled}>
            {i > 0 ? '  ' : ''}
            <Text bold color={palette(h.disabled ? 'muted' : 'accent')}>{h.keys}</Text>
            {` ${h.hint}`}
          </Text>
        ))}
      </Text>
    </Box>
  );
}

/** Renders the footer line; memoised, as its props are rebuilt on every render but rarely change. */
export const Footer = memo(FooterView, propsEqualBy<FooterProps>('hints', 'input', 'flash'));
