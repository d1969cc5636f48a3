/**
 * Hands the reducer's queued effects to the action runner (actions/action-runner.ts) after the
 * render that queued them, with the data on screen then and the deps the records run with: the
 * terminal, pager and opener (use-action-io.ts), the ack operations and the rollback starter.
 */
import type {QueryClient} from '@tanstack/query-core';
import {useEffect, useMemo} from 'react';
import type {AckSettings, ActionData, RollbackOps} from '../../actions/action-record.ts';
import {createActionRunner, type AppEffects} from '../../actions/action-runner.ts';
import {createAlertOps} from '../../actions/alert-ops.ts';
import type {SelectionInfo} from '../../actions/keymap.ts';
import type {UiEffect, UiEvent} from '../../actions/ui-state.ts';
import type {ActionRecorder} from '../../domain/action-log.ts';
import type {AckStates} from '../../queries/ack-state.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import {useActionIo, type TerminalAccess} from './use-action-io.ts';
import type {DashboardTables} from './use-dashboard-tables.ts';

/** What the runner needs from the dashboard. */
export interface ActionRunnerSource {
  client: QueryClient;
  services: ContextServices;
  built: DashboardTables;
  ackStates: AckStates;
  settings: {now: () => number; ack: AckSettings; runbookTemplate?: string};
  record: ActionRecorder;
  terminal: TerminalAccess;
  rollbacks: RollbackOps;
  /** The row selected now (for `:ack`). */
  selection: SelectionInfo | null;
  app: AppEffects;
  dispatch(event: UiEvent): void;
}

/** Runs `effects` once each, after the render that queued them. */
export function useActionRunner(effects: readonly UiEffect[], src: ActionRunnerSource): void {
  const {client, services, settings} = src;
  const io = useActionIo(src.terminal);
  const alerts = useMemo(
    () => createAlertOps(client, services, {record: src.record, now: settings.now, ackDurationMs: settings.ack.durationMs, prefix: settings.ack.prefix}),
    [client, services, src.record, settings.now, settings.ack.durationMs, settings.ack.prefix],
  );
  useEffect(() => {
    if (effects.length === 0) return;
    const template = settings.runbookTemplate === undefined ? {} : {runbookTemplate: settings.runbookTemplate};
    const data: ActionData = {
      now: settings.now(),
      services,
      alerts: src.built.alerts,
      alertRows: src.built.tables.alerts.rows,
      deploys: src.built.deploys,
      ackStates: src.ackStates,
      ack: settings.ack,
      ...template,
    };
    const deps = {...io, alerts, rollbacks: src.rollbacks, ...template, dispatch: src.dispatch, now: settings.now, data};
    createActionRunner({...deps, selection: src.selection, readOnly: services.readOnly, app: src.app}).runEffects(effects);
  }, [effects]);
}
