/**
 * Hands the reducer's queued effects to the action runner (actions/action-runner.ts) after the
 * render that queued them, with the data on screen then and the deps the records run with: the
 * terminal, pager and opener (use-action-io.ts), the ack operations and the rollback starter.
 */
import type {QueryClient} from '@tanstack/query-core';
import {useEffect} from 'react';
import type {AckSettings, ActionData, RollbackOps} from '../../actions/action-record.ts';
import {createActionRunner, type AppEffects} from '../../actions/action-runner.ts';
import {createAlertOps} from '../../actions/alert-ops.ts';
import type {KeyNamer} from '../../actions/key-namer.ts';
import {createIncidentOps} from '../../actions/incident-ops.ts';
import type {UiEffect, UiEvent} from '../../actions/ui-state.ts';
import type {ActionRecorder} from '../../domain/action-log.ts';
import {currentAckStates, type AckStates} from '../../queries/ack-state.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import {useActionIo, type TerminalAccess} from './use-action-io.ts';
import type {DashboardTables} from './use-dashboard-tables.ts';

/** One context as the runner sees it: where its rows' actions go. */
export interface RunnerFeed {
  services: ContextServices;
  built: DashboardTables;
  ackStates: AckStates;
  rollbacks: RollbackOps;
  runbookTemplate?: string | undefined;
}

/** What the runner needs from the dashboard. */
export interface ActionRunnerSource {
  client: QueryClient;
  /** The context of a row (its name from the target), the first when absent; `null` before any data. */
  feedOf(context: string | undefined): RunnerFeed | null;
  settings: {now: () => number; ack: AckSettings; runbookTemplate?: string; groupBy?: readonly string[]};
  record: ActionRecorder;
  terminal: TerminalAccess;
  /** Why what changes the present is off (the dashboard shows the past); null: live. */
  past?: string | null;
  /** Names the keys its messages say to press, as bound (absent: the default keymap's). */
  keys?: KeyNamer;
  app: AppEffects;
  dispatch(event: UiEvent): void;
}

/** The context an effect acts in: its row's (a confirmed or planned action, `:ack`, `:resolve`), else none. */
function contextOf(effect: UiEffect): string | undefined {
  if (effect.kind === 'run-action' || effect.kind === 'ack' || effect.kind === 'resolve') return effect.target?.context;
  return undefined;
}

/**
 * Runs `effects` once each, after the render that queued them. Each runs with the data and
 * backends of its row's context, so an ack from a prod-us row reaches prod-us' Alertmanagers only.
 */
export function useActionRunner(effects: readonly UiEffect[], src: ActionRunnerSource): void {
  const {client, settings} = src;
  const io = useActionIo(src.terminal);
  useEffect(() => {
    if (effects.length === 0) return;
    for (const effect of effects) {
      const feed = src.feedOf(contextOf(effect));
      if (!feed) {
        src.dispatch({type: 'effects-taken', count: 1});
        continue;
      }
      const {services} = feed;
      const runbookTemplate = feed.runbookTemplate ?? settings.runbookTemplate;
      const template = runbookTemplate === undefined ? {} : {runbookTemplate};
      const alerts = createAlertOps(client, services, {record: src.record, now: settings.now, ackDurationMs: settings.ack.durationMs, prefix: settings.ack.prefix, ...(src.keys ? {keys: src.keys} : {})});
      const data: ActionData = {
        now: settings.now(),
        services,
        alerts: feed.built.alerts,
        alertRows: feed.built.tables.alerts.rows,
        groupBy: settings.groupBy,
        deploys: feed.built.deploys,
        ackStates: currentAckStates(client, services.context, feed.ackStates),
        ack: settings.ack,
        ...template,
        ...(src.keys ? {keys: src.keys} : {}),
      };
      // On a screen of several contexts (the target names its context) every answer names it too.
      const context = contextOf(effect);
      const dispatch = context === undefined ? src.dispatch : (ev: UiEvent) => src.dispatch(ev.type === 'flash' ? {...ev, text: `${context}: ${ev.text}`} : ev);
      const incidents = createIncidentOps(client, services, {record: src.record, now: settings.now});
      const deps = {...io, alerts, incidents, rollbacks: feed.rollbacks, ...template, dispatch, now: settings.now, data};
      createActionRunner({...deps, readOnly: services.readOnly, past: src.past ?? null, app: src.app}).runEffects([effect]);
    }
  }, [effects]);
}
