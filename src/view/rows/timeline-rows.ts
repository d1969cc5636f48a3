/**
 * Timeline rows: one event a line, its UTC time, what happened in words (readable without
 * colour), the service, the text and who did it. Events arrive newest first (`selectEvents`).
 */
import {formatAge} from '../../domain/duration.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {timelineEventKeys} from '../../domain/timeline-key.ts';
import {isLongTime, utcTime} from '../../domain/timeline-select.ts';
import type {TimelineEvent, TimelineEventKind, TimelineGap} from '../../domain/timeline.ts';
import type {Column, Row, Table, Tone} from './row-types.ts';

/** What each kind reads as in the WHAT column, and its tone. */
export const EVENT_LABELS: Readonly<Record<TimelineEventKind, {text: string; tone: Tone}>> = {
  'alert-pending': {text: '◔ PENDING', tone: 'warn'},
  'alert-firing': {text: '✖ FIRING', tone: 'critical'},
  'alert-resolved': {text: '✔ RESOLVED', tone: 'ok'},
  'alert-unknown': {text: '? UNKNOWN', tone: 'muted'},
  'slo-page': {text: '✖ SLO PAGE', tone: 'critical'},
  'slo-ticket': {text: '▲ SLO TICKET', tone: 'warn'},
  'slo-ok': {text: '✔ SLO OK', tone: 'ok'},
  'slo-no-data': {text: '? SLO NODATA', tone: 'muted'},
  'slo-unknown': {text: '? SLO UNKNWN', tone: 'muted'},
  'deploy-started': {text: '⇡ DEPLOY', tone: 'info'},
  'deploy-finished': {text: '⇡ DEPLOYED', tone: 'info'},
  ack: {text: '◆ ACK', tone: 'accent'},
  unack: {text: '◇ UNACK', tone: 'accent'},
  'rollback-requested': {text: '↶ ROLLBACK', tone: 'warn'},
  'rollback-finished': {text: '↶ ROLLED', tone: 'info'},
  note: {text: '✎ NOTE', tone: 'text'},
};

/**
 * The timeline table. `now` is the live clock (the backends', as every age on screen);
 * `viewedAt` is the instant the timeline is seen from: in the past (time travel) the instant
 * shown, else `now`. Both AGO and the TIME column's choice of writing the date are judged from
 * it: six hours up to an instant two days back are all of one day, seen from then, and AGO counts
 * to it as the alert pane's AGE does. `contexts` adds a CONTEXT column when the events come from
 * several; `oneService` leaves out the SERVICE column (the title names it), so the text keeps its
 * room at 80 columns.
 */
export function timelineTable(events: readonly TimelineEvent[], now: number, opts: {contexts?: boolean; oneService?: boolean; viewedAt?: number} = {}): Table {
  const several = opts.contexts === true;
  const services = opts.oneService !== true;
  const seenFrom = opts.viewedAt ?? now;
  const longTimes = events.some((e) => isLongTime(e.at, seenFrom));
  const columns: Column[] = [
    {id: 'time', header: 'TIME (UTC)', width: longTimes ? 20 : 10, priority: 0},
    {id: 'ago', header: 'AGO', width: 4, align: 'right', priority: 3},
    {id: 'what', header: 'WHAT', width: 12, priority: 0},
    ...(services ? [{id: 'service', header: 'SERVICE', width: 10, priority: 1}] : []),
    ...(several ? [{id: 'context', header: 'CONTEXT', width: 10, priority: 2}] : []),
    {id: 'text', header: 'EVENT', width: 16, flex: true, priority: 0},
    {id: 'by', header: 'BY', width: 12, priority: 4},
  ];
  // Keyed by the event's identity (its subject: two instances of one alert changing at one step
  // are two rows), the key the selection follows, so React never reuses one row for another.
  const keys = timelineEventKeys(events);
  const rows: Row[] = events.map((e, i) => {
    const label = EVENT_LABELS[e.kind];
    const text = `${e.text}${e.ongoing ? ' (already so at the start)' : ''}`;
    return {
      key: keys[i]!,
      tone: label.tone,
      cells: [
        {text: utcTime(e.at, seenFrom), tone: 'text'},
        {text: formatAge(seenFrom - e.at), tone: 'muted'},
        {text: label.text},
        ...(services ? [{text: sanitize(e.service || '—'), tone: 'text' as const}] : []),
        ...(several ? [{text: sanitize(e.context), tone: 'muted' as const}] : []),
        {text: sanitize(text), tone: 'text'},
        {text: sanitize(e.by ?? ''), tone: 'muted'},
      ],
    };
  });
  return {columns, rows};
}

/** A missing part, said as one line: `missing: alerts from prometheus (demo): unavailable …`. */
export function gapLine(g: TimelineGap, several = false): string {
  return sanitize(`⚠ missing: ${g.part}${g.source ? ` from ${g.source}` : ''}${several ? ` (${g.context})` : ''}: ${g.reason}`);
}
