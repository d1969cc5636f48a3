/**
 * The line under the header while the dashboard shows the past: the instant and its age in text
 * (readable under NO_COLOR), what is off, and how to return. Inverse video makes it unmistakable
 * in colour and without.
 */
import {Box, Text} from 'ink';
import {sanitize} from '../../domain/sanitize.ts';
import {cellWidth, truncate} from '../text-fit.ts';
import type {Palette} from './palette.ts';

/** Props of {@link PastBanner}. */
export interface PastBannerProps {
  width: number;
  /** `AT 03:12:05Z (27m ago)`. */
  text: string;
  /** The key that returns to live, as bound (`liveKey`); absent: Esc. */
  back?: string;
  palette: Palette;
}

/**
 * The banner's text for `width` cells: the longest wording that fits whole, so the way back
 * (Esc, or the key `keys:` gave back) is never the part cut off, as it was at 80 columns.
 * Narrower still, the instant is said shorter (no seconds and no year, then no age but the year
 * back) and, last, cut from its end: ` · Esc: live ` stays whole.
 */
export function pastBannerText(text: string, width: number, key = 'Esc'): string {
  const at = sanitize(text);
  const short = shortInstant(at);
  const back = ` · ${key}: live `;
  const wordings = [
    ` ◀ ${at} · THE PAST: polling paused, ack and rollback off · ${key} returns to live `,
    ` ◀ ${at} · THE PAST: paused, no ack/rollback · ${key}: live `,
    ` ◀ ${at} · THE PAST · ${key}: live `,
    ` ◀ ${at}${back}`,
    ` ◀ ${short}${back}`,
    ` ◀ ${withoutAge(noSeconds(at))}${back}`,
  ];
  const whole = wordings.find((w) => cellWidth(w) <= width);
  if (whole !== undefined) return whole;
  const room = width - cellWidth(back);
  // Too narrow even for the way back alone: its start (Esc) is what is kept.
  if (room < 3) return truncate(back.slice(3), width);
  return truncate(` ◀ ${withoutAge(noSeconds(at))}`, room) + back;
}

// `AT 2026-04-20 10:00:00Z (11d ago)` → `AT 04-20 10:00Z (11d ago)`: the year and seconds are the
// least of what a glance at the banner needs (the age says how far back it is).
// The year goes only while the age is still said: without it, `AT 04-20 10:00Z` of 2023 reads as
// this year's.
function shortInstant(at: string): string {
  return noSeconds(at).replace(/\b\d{4}-(\d{2}-\d{2} )/, '$1');
}

// `10:00:00Z` → `10:00Z`.
function noSeconds(at: string): string {
  return at.replace(/(\d{2}:\d{2}):\d{2}Z/, '$1Z');
}

// The instant without its `(11d ago)`.
function withoutAge(at: string): string {
  return at.replace(/ \([^()]* ago\)$/, '');
}

/** Renders the banner, one line. */
export function PastBanner({width, text, back = 'Esc', palette}: PastBannerProps) {
  const line = pastBannerText(text, width, back);
  return (
    <Box width={width} height={1}>
      <Text bold inverse wrap="truncate" color={palette('warn')}>
        {line + ' '.repeat(Math.max(0, width - cellWidth(line)))}
      </Text>
    </Box>
  );
}
