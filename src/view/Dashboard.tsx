/**
 * The dashboard: wires query results, the UI reducer and the keymap to the screen. Holds no
 * fetching logic and no timers; effects queued by the reducer are run here after each render.
 */
import type {QueryClient} from '@tanstack/query-core';
import {useInput, useStdin, useWindowSize} from 'ink';
import {useEffect, useMemo, useReducer, useState} from 'react';
import type {Pane} from '../actions/action-ids.ts';
import {eventForKey} from '../actions/key-dispatch.ts';
import {keyFromInk} from '../actions/key-names.ts';
import {defaultKeymap, type ActionContext} from '../actions/keymap.ts';
import {createRegistry, type KeyOverrides} from '../actions/registry.ts';
import {initialUiState, uiReducer, type RowCounts} from '../actions/ui-state.ts';
import type {ActionRecorder} from '../domain/action-log.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import {DashboardScreen} from './DashboardScreen.tsx';
import {useDashboardData, type RefreshIntervals} from './hooks/use-dashboard-data.ts';
import {useDashboardTables} from './hooks/use-dashboard-tables.ts';
import {useRollbackRuns} from './hooks/use-rollback-runs.ts';
import {computeLayout, visibleRows} from './layout.ts';
import type {Look} from './look.ts';
import {selectionInfo} from './selection.ts';

/** Settings the dashboard needs from config. */
export interface DashboardSettings {
  now: () => number;
  intervals: RefreshIntervals;
  ackPrefix: string;
  groupBy: readonly string[];
  suspectWindowMs: number;
  runbookTemplate?: string;
}

/** Props of {@link Dashboard}. */
export interface DashboardProps {
  client: QueryClient;
  services: ContextServices;
  look: Look;
  settings: DashboardSettings;
  keyOverrides: KeyOverrides;
  /** Messages to flash at start (config notes, bad key overrides). */
  notes: string[];
  /** Opens another context for `:ctx NAME`; a string is an error to show. */
  openContext(name: string): {services: ContextServices; look?: Look} | string;
  /** Loads a theme for `:theme NAME`; a string is an error to show. */
  loadLook(name: string): Look | string;
  /** Appends acks and rollbacks, attempts and outcomes, to the action log. */
  record: ActionRecorder;
  onQuit(): void;
}

const PANE_ORDER: Pane[] = ['slos', 'alerts', 'deploys'];

/** The whole interactive screen. */
export function Dashboard(props: DashboardProps) {
  const {client, settings} = props;
  const [services, setServices] = useState(props.services);
  const [look, setLook] = useState(props.look);
  const {registry, errors} = useMemo(
    () => createRegistry(defaultKeymap, props.keyOverrides, {readOnly: services.readOnly}),
    [props.keyOverrides, services.readOnly],
  );
  const [ui, dispatch] = useReducer(uiReducer, undefined, () => initialUiState());
  const size = useWindowSize();
  const {isRawModeSupported} = useStdin();
  const data = useDashboardData(client, services, {now: settings.now, paused: ui.paused, intervals: settings.intervals, ackPrefix: settings.ackPrefix});
  const built = useDashboardTables(data, ui.filters, settings.groupBy, settings.suspectWindowMs, services.environment);
  const rollbackDeps = useMemo(() => ({record: props.record, now: settings.now}), [props.record, settings.now]);
  const rollbacks = useRollbackRuns(client, services, rollbackDeps);

  const width = Math.max(20, size.columns);
  const height = Math.max(8, size.rows);
  const layout = computeLayout(width, height, ui.focus, built.tables.slos.rows.length);
  const rowCounts: RowCounts = {slos: built.tables.slos.rows.length, alerts: built.tables.alerts.rows.length, deploys: built.tables.deploys.rows.length};
  const focusedBox = layout.rows.flat().find((p) => p.id === ui.focus)?.box;
  const pageSize = Math.max(1, focusedBox ? visibleRows(focusedBox) : 1);

  const selection = selectionInfo(ui.focus, built, ui.selection[ui.focus], {
    context: services.context,
    provider: services.rollbacker?.name ?? 'rollback',
    now: data.now,
  });
  const ctx: ActionContext = {
    readOnly: services.readOnly,
    hasAlertmanager: services.alertSources.some((s) => s.capabilities.createSilence !== undefined),
    hasRollback: services.rollbacker !== null,
    selection,
  };

  // Keep selections inside the data when it shrinks (a resolved alert, a narrower filter).
  useEffect(() => {
    dispatch({type: 'clamp', rowCounts});
  }, [rowCounts.slos, rowCounts.alerts, rowCounts.deploys]);

  useEffect(() => {
    const start = [...props.notes, ...errors.map((e) => `keys: ${e}`)];
    if (start.length > 0) dispatch({type: 'flash', text: start.join(' · '), tone: 'warn', now: settings.now()});
  }, []);

  useInput(
    (input, key) => {
      const press = {key: keyFromInk(input, key), input};
      const event = eventForKey(registry, ui, press, ctx, {rowCounts, pageSize, now: settings.now(), modalLines: 200});
      if (event) dispatch(event);
    },
    {isActive: isRawModeSupported},
  );

  useEffect(() => {
    if (ui.effects.length === 0) return;
    for (const effect of ui.effects) {
      switch (effect.kind) {
        case 'quit':
          props.onQuit();
          break;
        case 'refresh':
          void client.refetchQueries({type: 'active'});
          dispatch({type: 'flash', text: 'refreshing…', tone: 'info', now: settings.now()});
          break;
        case 'switch-context': {
          const opened = props.openContext(effect.name);
          if (typeof opened === 'string') dispatch({type: 'flash', text: opened, tone: 'critical', now: settings.now()});
          else {
            setServices(opened.services);
            if (opened.look) setLook(opened.look);
            dispatch({type: 'flash', text: `context ${effect.name}`, tone: 'ok', now: settings.now()});
          }
          break;
        }
        case 'switch-theme': {
          const loaded = props.loadLook(effect.name);
          if (typeof loaded === 'string') dispatch({type: 'flash', text: loaded, tone: 'critical', now: settings.now()});
          else setLook(loaded);
          break;
        }
        case 'run-action': {
          const flash = (text: string, tone: 'ok' | 'warn' | 'critical' | 'info') => dispatch({type: 'flash', text, tone, now: settings.now()});
          if (effect.action === 'rollback') {
            const plan = effect.target.rollbackPlan;
            if (!plan) flash('rollback: nothing to roll back to', 'warn');
            else {
              flash(`rollback of ${plan.service} to ${plan.toVersion}: sending…`, 'info');
              void rollbacks.start(plan).then((r) => flash(r.text, r.ok ? 'ok' : 'critical'));
            }
          } else {
            flash(`${effect.action}: not available in this version yet`, 'warn');
          }
          break;
        }
      }
    }
    dispatch({type: 'effects-taken', count: ui.effects.length});
  }, [ui.effects]);

  return (
    <DashboardScreen
      width={width}
      height={height}
      layout={layout}
      ui={ui}
      data={data}
      built={built}
      services={services}
      look={look}
      registry={registry}
      ctx={ctx}
      order={PANE_ORDER}
      runbookTemplate={settings.runbookTemplate}
      runs={rollbacks.runs}
      runningRollback={rollbacks.running}
    />
  );
}
