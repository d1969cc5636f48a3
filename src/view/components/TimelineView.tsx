/**
 * The timeline overlay: a title saying whose events and how many, with its keys (from the
 * keymap, as the footer names them), a line per part that could
 * not be read (never a silent hole), then the events, newest first, the selected one marked,
 * and the selected event's link (its runbook, deploy or run) on the line under them.
 */
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import type {FooterHint} from '../../actions/key-hints.ts';
import {osc8} from '../../platform/terminal-links.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {utcTime} from '../../domain/timeline-select.ts';
import {gapLine, timelineTable} from '../rows/timeline-rows.ts';
import {truncate} from '../text-fit.ts';
import {eventLinkLine} from '../timeline-selection.ts';
import type {TimelineData} from '../hooks/use-timeline.ts';
import type {Palette} from './palette.ts';
import {TableView} from './TableView.tsx';

/** Props of {@link TimelineView}. */
export interface TimelineViewProps {
  data: TimelineData;
  service: string | null;
  filter: string;
  selected: number;
  width: number;
  height: number;
  /** The live clock. */
  now: number;
  /** The timeline's keys as the footer names them (`overlayKeyHints`), listed in the title. */
  keys: readonly FooterHint[];
  /** The events come from several contexts: each row names its own. */
  contexts?: boolean;
  palette: Palette;
}

/** Lines the overlay spends besides the events: border (2), title, column header, the selected event's link. */
export const TIMELINE_CHROME = 5;

/** Events that fit in the overlay at `height` with `gaps` lines of missing parts. */
export function timelinePageSize(height: number, gaps: number): number {
  return Math.max(1, height - TIMELINE_CHROME - gaps);
}

/**
 * The lines above the events: a part that could not be read each, a note each (read, but maybe
 * incomplete), and which contexts are still being read.
 */
export function timelineNotes(data: Pick<TimelineData, 'gaps' | 'pending' | 'notes'>, contexts: boolean): string[] {
  const gaps = data.gaps.map((g) => gapLine(g, contexts));
  const notes = (data.notes ?? []).map((n) => sanitize(`ℹ ${n.text}${contexts ? ` (${n.context})` : ''}`));
  const read = [...gaps, ...notes];
  return data.pending.length === 0 ? read : [...read, sanitize(`… still reading ${data.pending.join(', ')}: its events join when it answers`)];
}

/** Renders the timeline overlay. */
export function TimelineView({data, service, filter, selected, width, height, now, keys, contexts = false, palette}: TimelineViewProps) {
  // In the past an event's time and AGO are seen from the instant shown (the range's end), not
  // from the live clock: AGO counts to it, and the date is written when not within a day of it.
  const viewedAt = data.endsAt ?? undefined;
  const table = useMemo(
    () => timelineTable(data.shown, now, {contexts, oneService: service !== null, ...(viewedAt === undefined ? {} : {viewedAt})}),
    [data.shown, Math.floor(now / 60_000), contexts, service, viewedAt],
  );
  const gaps = timelineNotes(data, contexts).slice(0, Math.max(0, height - TIMELINE_CHROME - 1));
  const whose = service === null ? 'every service' : sanitize(service);
  const count = data.shown.length === data.total || service !== null || filter !== '' ? `${data.shown.length} event${data.shown.length === 1 ? '' : 's'}` : `${data.total} events`;
  // In the past the range ends at the instant shown: the title says so, not "last 6h".
  const span = data.endsAt != null ? `6h up to ${utcTime(data.endsAt, now)}` : 'last 6h';
  const title = `Timeline of ${whose}, ${span}, newest first · ${data.loading ? 'reading…' : count}${filter ? ` · filter: ${sanitize(filter)}` : ''}  (${keys.map((k) => `${k.keys} ${k.hint}`).join(', ')})`;
  // "Nothing happened" only when every part was read: a missing or pending part may hold events.
  const empty = data.loading
    ? 'reading the history…'
    : filter
      ? 'no events match the filter'
      : data.pending.length > 0
        ? 'no events so far: still reading the contexts named above'
        : data.gaps.length > 0
          ? 'no events in the parts that could be read (the ⚠ lines above are not)'
          : `nothing happened in the ${span}`;
  // The link is cut to the line, never its target: a terminal with OSC 8 still opens all of it.
  const link = eventLinkLine(data.shown[selected]);
  const label = link ? `${link.label}: ` : '';
  const linkText = link ? truncate(link.text, Math.max(1, width - 2 - label.length)) : '';
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={palette('focusBorder')} overflow="hidden">
      <Text bold color={palette('accent')} wrap="truncate">{title}</Text>
      {gaps.map((line, i) => (
        <Text key={`g${i}`} bold color={palette('warn')} wrap="truncate">{line}</Text>
      ))}
      <TableView table={table} width={width - 2} height={timelinePageSize(height, gaps.length)} selected={selected} focused palette={palette} empty={empty} />
      <Text wrap="truncate">
        <Text color={palette('muted')}>{label}</Text>
        <Text color={palette('text')}>{link ? osc8(link.url, linkText) : ''}</Text>
      </Text>
    </Box>
  );
}
