/**
 * The line under the header while the dashboard shows the past: the instant and its age in text
 * (readable under NO_COLOR), what is off, and how to return. Inverse video makes it unmistakable
 * in colour and without.
 */
import {Box, Text} from 'ink';
import {sanitize} from '../../domain/sanitize.ts';
import type {Palette} from './palette.ts';

/** Props of {@link PastBanner}. */
export interface PastBannerProps {
  width: number;
  /** `AT 03:12:05Z (27m ago)`. */
  text: string;
  palette: Palette;
}

/** Renders the banner, one line. */
export function PastBanner({width, text, palette}: PastBannerProps) {
  return (
    <Box width={width} height={1}>
      <Text bold inverse wrap="truncate" color={palette('warn')}>
        {` ◀ ${sanitize(text)} · THE PAST: polling paused, ack and rollback off · Esc returns to live `.padEnd(width)}
      </Text>
    </Box>
  );
}
