/**
 * The ack keeper of one context (ack-until-resolved), drawing nothing. It lives beside the
 * context's feed, not inside it: the keeper's duty is to the acks made, not to what is on screen,
 * so a context left by `:ctx` keeps its keeper for as long as it has acks of the user's to keep
 * (see `useAckKeepers`). The feed only reads the keeper's runs; this is the one observer that runs
 * them, so a context shown and kept at once never has two keepers.
 */
import type {QueryClient} from '@tanstack/query-core';
import {memo, useEffect, useMemo, useRef} from 'react';
import type {ActionRecorder} from '../../domain/action-log.ts';
import {keeperUnshownText, keptWhileHiddenText} from '../../actions/alert-ops.ts';
import type {ActionMessage} from '../../actions/action-record.ts';
import type {AckKeeperRun} from '../../domain/ack-keeping.ts';
import {ackedSinceRun, ackKeeperKey, ackKeeperQueryOptions, keeperOwesContext} from '../../queries/ack-keeper.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import type {DashboardContext} from '../context-set.ts';
import {useQueryObserver} from '../hooks/use-query-observer.ts';
import type {DashboardSettings} from '../Dashboard.tsx';

/**
 * The keeper query's options for `services`: enabled when ack-until-resolved is on and the
 * context may write to an Alertmanager. The feed reads the same query with `enabled: false`.
 */
export function keeperObserverOptions(services: ContextServices, settings: Pick<DashboardSettings, 'now' | 'ack'>, record: ActionRecorder) {
  return {...ackKeeperQueryOptions(services, {record, now: settings.now, prefix: settings.ack.prefix, author: settings.ack.author}), enabled: keeperEnabled(services, settings)};
}

/** Whether `services` run an ack keeper: ack-until-resolved on, and an Alertmanager it may write to. */
export function keeperEnabled(services: ContextServices, settings: Pick<DashboardSettings, 'ack'>): boolean {
  return settings.ack.untilResolved && !services.readOnly && services.alertSources.some((s) => s.capabilities.createSilence);
}

/**
 * What `:ctx` adds to its footer line for the contexts it leaves whose keepers go on (see
 * `keptWhileHiddenText`): the user sees the acks there are still extended, not dropped.
 */
export function leftKeeperNotes(client: QueryClient, left: readonly DashboardContext[], settings: Pick<DashboardSettings, 'ack'>): string[] {
  return left.flatMap(({services}) => {
    const name = services.context;
    const run = client.getQueryData<AckKeeperRun>(ackKeeperKey(name));
    if (!keeperEnabled(services, settings) || !keeperOwesContext(client, name, run)) return [];
    // A count only when the last run saw every ack there is: not before a run, nor after an ack since.
    const known = run !== undefined && !ackedSinceRun(client, name, run) && (run.unread?.length ?? 0) === 0;
    return [keptWhileHiddenText(name, known ? (run.held ?? 0) : null)];
  });
}

/** Props of {@link AckKeeper}. */
export interface AckKeeperProps {
  client: QueryClient;
  member: DashboardContext;
  settings: DashboardSettings;
  record: ActionRecorder;
  /** Whether the context is on screen; one not shown lets go once it has nothing left to keep. */
  shown: boolean;
  /** Called for a context not shown whose keeper has nothing left to keep. */
  onDone(context: string): void;
  /** Says a run of a context not shown that left acks not extended (the feed says a shown one's). */
  say(message: ActionMessage): void;
}

function AckKeeperView({client, member, settings, record, shown, onDone, say}: AckKeeperProps) {
  const {services} = member;
  const options = useMemo(() => keeperObserverOptions(services, settings, record), [services, record, settings.now, settings.ack]);
  // Read, so a run re-renders this and the effect below judges it.
  const run = useQueryObserver(client, options).data;
  const name = services.context;
  useEffect(() => {
    // Judged after each run: the keeper reads the alerts at its own pace and so sees them resolve.
    if (!shown && (!options.enabled || !keeperOwesContext(client, name, run))) onDone(name);
  }, [shown, run, options, client, name, onDone]);
  // Once per run, and only while not shown: nothing on screen would say it otherwise. The run at
  // hand when the context is left was said by its feed (or had nothing to say).
  const said = useRef<unknown>(run);
  useEffect(() => {
    if (shown) said.current = run;
    if (shown || !run || said.current === run) return;
    said.current = run;
    const message = keeperUnshownText(name, run);
    if (message) say(message);
  }, [shown, run, name, say]);
  return null;
}

/** Renders nothing; runs the context's ack keeper while it is shown or has acks to keep. */
export const AckKeeper = memo(AckKeeperView);
