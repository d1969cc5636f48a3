/**
 * The dashboard's timeline (`t`, `T`): subscribes to the backends' history and the action log
 * while the timeline is open, and adds `:note`s. The backends' part is polled at the history
 * cadence while open and live; the action log's part is read on opening and again right after a
 * note, so the note is in the open timeline at once without reading every backend again.
 */
import type {QueryClient, QueryObserverOptions} from '@tanstack/query-core';
import {useCallback, useMemo} from 'react';
import type {ActionMessage} from '../../actions/action-record.ts';
import type {TimelineModal, UiState} from '../../actions/ui-types.ts';
import type {ActionLogRead, ActionRecorder} from '../../domain/action-log.ts';
import {noteEntry} from '../../domain/timeline-actions.ts';
import {selectEvents} from '../../domain/timeline-select.ts';
import {sortEvents, type TimelineEvent, type TimelineGap} from '../../domain/timeline.ts';
import {timelineActionsKey, timelineActionsQueryOptions, timelineQueryOptions, type ContextTimeline} from '../../queries/timeline-queries.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import {useQueriesObserver, useQueryObserver} from './use-query-observer.ts';

/** What the timeline overlay draws. */
export interface TimelineData {
  /** The events shown (service and filter applied), newest first. */
  shown: TimelineEvent[];
  /** Every event read, before the service and the filter. */
  total: number;
  /** The parts that could not be read: said on screen, never a silent hole. */
  gaps: TimelineGap[];
  /** What was read but may be incomplete, by context (today's rules not read: alert events linked by the template alone). */
  notes?: Array<{context: string; text: string}>;
  /** Nothing read yet. */
  loading: boolean;
  /** Contexts whose history is still being read while others' is shown (their events join when it comes). */
  pending: string[];
  /** When the backends' part was last read, epoch ms (null: never). */
  updatedAt: number | null;
  /** Where the range ends when it is not the present (time travel), epoch ms. */
  endsAt?: number | null;
}

/** The open timeline, when one is (also while its filter is being typed), with the filter applied now. */
export function openTimelineOf(ui: UiState): (TimelineModal & {liveFilter: string}) | null {
  const m = ui.modal;
  if (m?.kind === 'timeline') return {...m, liveFilter: m.filter};
  if (m?.kind === 'timeline-filter') return {...m.timeline, liveFilter: m.draft};
  if (m?.kind === 'command' && m.prev) return {...m.prev, liveFilter: m.prev.filter};
  return null;
}

/** Options of {@link useTimeline}. */
export interface TimelineOptions {
  /** Reading happens only while this is true. */
  open: boolean;
  /** Polls while open and live; in the past nothing of the present is polled. */
  live: boolean;
  intervalMs: number;
  now: () => number;
  ackPrefix: string;
  /** Who writes notes (the ack author), and whom action log entries without an author belong to. */
  user: string;
  readActions?: () => Promise<ActionLogRead>;
  record: ActionRecorder;
  /** The instant the dashboard shows (time travel): the timeline ends there, not at the present. Null or absent: live. */
  at?: number | null;
}

/** A context the timeline reads, with the runbook template its alert events are linked by. */
export interface TimelineSource {
  services: ContextServices;
  runbookTemplate?: string | undefined;
}

/**
 * Subscribes to the timeline of the contexts shown and returns what to draw, and how to add a
 * note. Alert events are linked to runbooks (`o`, the details line), each by its own context.
 */
export function useTimeline(
  client: QueryClient,
  sources: readonly TimelineSource[],
  view: {service: string | null; filter: string} | null,
  opts: TimelineOptions,
): TimelineData & {note(text: string, service: string | null, context: string): Promise<ActionMessage>} {
  const {open, live, intervalMs, now, ackPrefix, user, readActions, record} = opts;
  const at = opts.at ?? null;
  const contexts = useMemo(() => sources.map((s) => s.services), [sources]);
  const historyOpts = useMemo(
    () =>
      sources.map((s) => {
        const runbooks = s.runbookTemplate === undefined ? {} : {template: s.runbookTemplate};
        return timelineQueryOptions(s.services, {enabled: open, intervalMs: open && live ? intervalMs : false, now, ackPrefix, user, at, runbooks}) as unknown as QueryObserverOptions;
      }),
    [sources, open, live, intervalMs, now, ackPrefix, user, at],
  );
  const actionOpts = useMemo(() => timelineActionsQueryOptions(contexts, {enabled: open, now, ...(readActions ? {readActions} : {}), user, at}), [contexts, open, now, readActions, user, at]);
  const histories = useQueriesObserver<ContextTimeline>(client, historyOpts);
  const actions = useQueryObserver(client, actionOpts);
  // By the context each answer names: for a render after `:ctx` the results may still be the previous set's.
  const names = contexts.map((c) => c.context).join('\n');
  const read = useMemo(() => {
    const shown = new Set(names.split('\n'));
    return histories.flatMap((h) => (h.data !== undefined && shown.has(h.data.context) ? [{...h.data, updatedAt: h.dataUpdatedAt}] : []));
  }, [histories, names]);
  const all = useMemo(() => sortEvents([...read.flatMap((d) => d.events), ...(actions.data?.events ?? [])]), [read, actions.data]);
  const shown = useMemo(() => (view ? selectEvents(all, view) : []), [all, view?.service, view?.filter]);
  const note = useCallback(
    async (text: string, service: string | null, context: string): Promise<ActionMessage> => {
      const unlogged = await record(noteEntry({at: now(), context, text, by: user, ...(service ? {service} : {})}));
      // A note that did not land is gone: the handover and the timeline will not have it.
      if (unlogged) return {text: `note NOT logged: ${unlogged.notLogged}`, tone: 'critical'};
      await client.invalidateQueries({queryKey: timelineActionsKey(contexts.map((c) => c.context))});
      return {text: `note added to the action log${service ? ` (${service})` : ''}`, tone: 'ok'};
    },
    [record, now, contexts, user, client],
  );
  return {
    shown,
    total: all.length,
    gaps: [...read.flatMap((d) => d.gaps), ...(actions.data?.gaps ?? [])],
    notes: read.flatMap((d) => (d.notes ?? []).map((text) => ({context: d.context, text}))),
    loading: read.length === 0,
    pending: read.length === 0 ? [] : contexts.map((c) => c.context).filter((name) => !read.some((d) => d.context === name)),
    updatedAt: read.length === 0 ? null : Math.max(...read.map((d) => d.updatedAt)),
    endsAt: at,
    note,
  };
}
