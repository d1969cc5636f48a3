/**
 * The line under the header while the dashboard shows the past: the instant and its age in text
 * (readable under NO_COLOR), what is off, and how to return. Inverse video makes it unmistakable
 * in colour and without.
 */
import {Box, Text} from 'ink';
import {sanitize} from '../../domain/sanitize.ts';
import {cellWidth} from '../text-fit.ts';
import type {Palette} from './palette.ts';

/** Props of {@link PastBanner}. */
export interface PastBannerProps {
  width: number;
  /** `AT 03:12:05Z (27m ago)`. */
  text: string;
  palette: Palette;
}

/**
 * The banner's text for `width` cells: the longest wording that fits whole, so the way back
 * (Esc) is never the part cut off, as it was at 80 columns.
 */
export function pastBannerText(text: string, width: number): string {
  const at = sanitize(text);
  const wordings = [
    ` ◀ ${at} · THE PAST: polling paused, ack and rollback off · Esc returns to live `,
    ` ◀ ${at} · THE PAST: paused, no ack/rollback · Esc: live `,
    ` ◀ ${at} · THE PAST · Esc: live `,
    ` ◀ ${at} · Esc: live `,
  ];
  return wordings.find((w) => cellWidth(w) <= width) ?? wordings.at(-1)!;
}

/** Renders the banner, one line. */
export function PastBanner({width, text, palette}: PastBannerProps) {
  const line = pastBannerText(text, width);
  return (
    <Box width={width} height={1}>
      <Text bold inverse wrap="truncate" color={palette('warn')}>
        {line + ' '.repeat(Math.max(0, width - cellWidth(line)))}
      </Text>
    </Box>
  );
}
