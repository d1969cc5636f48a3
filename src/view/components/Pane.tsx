/** A bordered pane: a title line with the pane's state (errors with data age, warnings, filter), then its content. */
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {isBorderless, type PaneBox} from '../layout.ts';
import {shortReason} from '../../domain/health.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {cellWidth, truncate} from '../text-fit.ts';
import type {Palette} from './palette.ts';

/** What the title line says about the data behind the pane. */
export interface PaneStatus {
  /** e.g. `unavailable: connection refused`; shown with the age of the data still displayed. */
  error: string | null;
  warnings: string[];
  loading: boolean;
  /** Age in seconds of the data shown; `null` = none yet. */
  ageSeconds: number | null;
  /** Why the pane reads nothing (e.g. no SLOs defined): shown quietly, not as an error. */
  note?: string;
  /** No source failed, but the data is older than two polls (a backend that hangs). */
  stale: boolean;
  /** The sources that hang, named in the stale text over several contexts (`prod-eu/prometheus`). */
  staleSources?: readonly string[];
  /**
   * Why this pane's own filter could not be applied (`invalid regex …`): the user's mistake, not
   * a backend's, so never among `warnings`, which are said as a partial answer.
   */
  filterError?: string | null;
}

/** Props of {@link Pane}. */
export interface PaneProps {
  index: number;
  title: string;
  box: PaneBox;
  focused: boolean;
  palette: Palette;
  status: PaneStatus;
  filter: string;
  /** What the pane leaves out besides the filter, e.g. `hiding 2 acked`; '' for nothing. */
  hiding?: string;
  /** One line shown when the pane is collapsed, e.g. `1 page · 1 ticket`. */
  summary: string;
  children?: ReactNode;
}

/**
 * Composes the right part of the title line from the pane status. Errors and warnings carry
 * backend text (a proxy's error page, a partial-response warning): the adapters sanitize it, and
 * so does this, the last step before the terminal, so no path can skip it. `width`: the cells the
 * title leaves it, where a failed source's long error is cut so the filter mark still shows.
 */
export function statusText(status: PaneStatus, filter: string, hiding = '', width?: number): {text: string; tone: 'critical' | 'warn' | 'muted'} {
  // Sanitized before they are measured: a control character drawn visible takes cells too.
  const clean: PaneStatus = {...status, error: status.error === null ? null : sanitize(status.error)};
  const composed = composeStatus(clean, sanitize(filter), sanitize(hiding), width);
  return {...composed, text: sanitize(composed.text)};
}

/**
 * The title's short form of a filter in error (`bad regex, showing all`): the title is cut at the
 * pane's width, and the whole parse message (a regex engine's sentence) pushed a failed source
 * out of it. The whole message is said in the footer once the filter is applied, and by an empty
 * pane's text.
 */
export function shortFilterError(error: string): string {
  const what = error.includes('invalid regex') ? 'bad regex' : 'in error';
  return error.startsWith('showing all') ? `${what}, showing all` : what;
}

// A filter in the title ahead of a source's detail is cut to this: the detail still follows it.
const FILTER_MARK_WIDTH = 24;

// The least a failed source's part is cut to beside the marks: its kind (`⚠ unavailable…`) while
// the marks keep their word and a few letters (`filter: sev…`), else its mark and a letter (`⚠ u…`).
const ERROR_LEAST = cellWidth('⚠ x…');
const MARK_LEAST = cellWidth('filter: abc…');

/**
 * A failed source's part and the marks in `width` cells: the error's text is cut, never the
 * marks, as a filter that hides rows must stay said (the whole error is in the header's entry
 * and the details). The marks are cut at their end only where even the error's kind leaves them no room.
 */
function fitError(error: string, kind: string, marks: string, width: number | undefined): string {
  if (marks === '') return error;
  const whole = `${error} · ${marks}`;
  if (width === undefined || cellWidth(whole) <= width) return whole;
  const room = width - cellWidth(` · ${marks}`);
  const named = cellWidth(`⚠ ${kind}…`);
  const least = width - named - cellWidth(' · ') >= MARK_LEAST ? named : ERROR_LEAST;
  return `${truncate(error, Math.max(least, room))} · ${marks}`;
}

function composeStatus(status: PaneStatus, filter: string, hiding: string, width?: number): {text: string; tone: 'critical' | 'warn' | 'muted'} {
  // What the sources did comes first: a cut title must still say that the data is old or partial.
  // A stale or partial answer's detail (a backend's sentence, often a URL) can be long: its state
  // word goes first, then what the user's filter and toggles leave out, then the detail, so a cut
  // title still says both that the source is partial and that the rows are filtered.
  const sourced: string[] = [];
  const details: string[] = [];
  if (status.error) {
    const age = status.ageSeconds === null ? 'no data yet' : `showing data from ${status.ageSeconds}s ago`;
    sourced.push(`⚠ ${status.error} (${age})`);
  } else {
    if (status.stale) {
      sourced.push('⚠ stale');
      const whose = status.staleSources?.length ? `${status.staleSources.join(', ')}: ` : '';
      details.push(`stale: ${whose}no answer, showing data from ${status.ageSeconds ?? 0}s ago`);
    }
    if (status.warnings.length > 0) {
      sourced.push('⚠ partial');
      details.push(`partial: ${status.warnings.join('; ')}`);
    }
  }
  const marks: string[] = [];
  const filterError = status.filterError ?? null;
  if (filterError) marks.push(`⚠ filter: ${shortFilterError(filterError)}`);
  else if (filter) marks.push(`filter: ${details.length > 0 ? truncate(filter, FILTER_MARK_WIDTH) : filter}`);
  if (hiding) marks.push(hiding);
  if (status.error) return {text: fitError(sourced[0]!, shortReason(status.error), marks.join(' · '), width), tone: 'critical'};
  // Nothing between the state word and its detail: said as one (`⚠ partial: …`), as before.
  const parts = marks.length === 0 ? details.map((d) => `⚠ ${d}`) : [...sourced, ...marks, ...details];
  if (status.note) parts.push(status.note);
  if (status.loading && status.ageSeconds === null) parts.push('loading…');
  return {text: parts.join(' · '), tone: status.warnings.length > 0 || status.stale || filterError ? 'warn' : 'muted'};
}

const SEP = ' · ';

/**
 * The word a collapsed line keeps of the status beside its summary, however narrow: what the
 * sources did (`⚠ unavailable…`, `⚠ stale`, `⚠ partial`) or that the filter is in error, as the
 * status text leads with it; '' when the status has nothing to warn of.
 */
function stateWord(status: PaneStatus): string {
  if (status.error) return `⚠ ${shortReason(sanitize(status.error))}…`;
  if (status.stale) return '⚠ stale';
  if (status.warnings.length > 0) return '⚠ partial';
  return status.filterError ? `⚠ filter: ${shortFilterError(status.filterError)}` : '';
}

/**
 * A summary's parts (`1 crit · 1 active · 1 silenced`) that fit in `width`, whole ones,
 * the first always, and `…` where later ones were left out.
 */
function summaryLead(summary: string, width: number): string {
  const [first = '', ...later] = summary.split(SEP);
  let lead = first;
  for (const part of later) {
    if (cellWidth(`${lead}${SEP}${part}`) > width) return cellWidth(`${lead}…`) <= width ? `${lead}…` : lead;
    lead = `${lead}${SEP}${part}`;
  }
  return lead;
}

/** Renders a pane frame around its table. */
export function Pane({index, title, box, focused, palette, status, filter, hiding, summary, children}: PaneProps) {
  // Too short for a border (a window of a few rows): the title line alone, with the counts, or
  // (a focused pane) the title line over its table.
  const bare = isBorderless(box);
  const inner = Math.max(1, box.width - (bare ? 0 : 2));
  const head = `${focused ? '▶' : ' '} ${index} ${title}`;
  // In cells, not UTF-16 units: a CJK alert group or an emoji takes two, and the status must end
  // inside the frame, its filter mark whole, not be cut by the line.
  const room = Math.max(0, inner - cellWidth(head) - 2);
  // Collapsed, the summary comes first and stays: a standing hide toggle or a kept filter must
  // not take away that a critical alert fires (the summary counts every row, not the ones shown).
  // Its first part is kept (the alerts' critical count leads it); the status follows, a failed
  // source's text cut before the marks, and the summary's later parts give way to those marks.
  // Yet counts from a source that is down or stale must not read as live: the status's state
  // word keeps its room (whole when the first part leaves it, else cut to `⚠ u…`), and the first
  // part is what is cut when even that does not fit.
  const whole = box.collapsed ? sanitize(summary) : '';
  const wholeFirst = whole.split(SEP)[0] ?? '';
  const word = whole ? stateWord(status) : '';
  const wordRoom = word ? Math.max(Math.min(cellWidth(word), ERROR_LEAST), Math.min(cellWidth(word), room - cellWidth(wholeFirst + SEP))) : 0;
  const leadRoom = Math.max(0, room - (word ? cellWidth(SEP) + wordRoom : 0));
  const first = truncate(wholeFirst, leadRoom);
  const right = statusText(status, filter, hiding, whole ? Math.max(0, room - cellWidth(first + SEP)) : room);
  const lead = truncate(right.text && whole ? summaryLead(whole, Math.min(leadRoom, room - cellWidth(SEP + right.text))) : whole, leadRoom);
  const follow = right.text ? truncate(lead ? `${SEP}${right.text}` : right.text, room - cellWidth(lead)) : '';
  return (
    <Box
      flexDirection="column"
      width={box.width}
      height={box.height}
      {...(bare ? {} : {borderStyle: focused ? 'double' : 'single', borderColor: palette(focused ? 'focusBorder' : 'border')})}
      overflow="hidden"
    >
      <Text wrap="truncate">
        <Text bold color={palette(focused ? 'accent' : 'text')}>{head}</Text>
        {lead ? <Text color={palette('muted')}>{`  ${lead}`}</Text> : null}
        <Text color={palette(right.text ? right.tone : 'muted')}>{follow ? `${lead ? '' : '  '}${follow}` : ''}</Text>
      </Text>
      {box.collapsed ? null : children}
    </Box>
  );
}
