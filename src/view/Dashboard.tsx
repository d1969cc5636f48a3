/**
 * The dashboard: wires query results, the UI reducer and the keymap to the screen. Holds no
 * fetching logic, no timers and no action behaviour: keys go through `useKeyInput` to the
 * reducer, whose effects `useActionRunner` hands to the action records.
 */
import type {QueryClient} from '@tanstack/query-core';
import {useStdin, useWindowSize} from 'ink';
import {useEffect, useMemo, useReducer, useSyncExternalStore} from 'react';
import {perPane, type Pane} from '../actions/panes.ts';
import {eventForKey, eventForPaste} from '../actions/key-dispatch.ts';
import {defaultKeymap, type ActionContext} from '../actions/keymap.ts';
import {createRegistry, type KeyOverrides} from '../actions/registry.ts';
import {effectiveFilter, initialUiState, uiReducer, type PaneRows, type RowCounts} from '../actions/ui-state.ts';
import {resolveSelected, selectionsStale} from '../actions/ui-selection.ts';
import {helpSections} from '../actions/help-sections.ts';
import {helpLayout, helpScrollLines} from './help-layout.ts';
import {detailFor} from './detail-for.ts';
import type {ActionRecorder} from '../domain/action-log.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import {DashboardScreen} from './DashboardScreen.tsx';
import {useDashboardData, type RefreshIntervals} from './hooks/use-dashboard-data.ts';
import {useDashboardTables} from './hooks/use-dashboard-tables.ts';
import {useRollbackRuns} from './hooks/use-rollback-runs.ts';
import {usePageBell} from './hooks/use-page-bell.ts';
import type {NotifyStyle} from '../platform/terminal-links.ts';
import type {AckSettings} from '../actions/action-record.ts';
import {ackIntentOf} from '../actions/alert-actions.ts';
import type {TerminalAccess} from './hooks/use-action-io.ts';
import {useActionRunner} from './hooks/use-action-runner.ts';
import {useContextLook} from './hooks/use-context-look.ts';
import {useKeyInput} from './hooks/use-key-input.ts';
import {ackKeeperQueryOptions} from '../queries/ack-keeper.ts';
import {createAckStateStore} from '../queries/ack-state.ts';
import {useQueryObserver} from './hooks/use-query-observer.ts';
import {shownPanes} from './panes/pane-registry.ts';
import {SCREEN_CHROME, computeLayout, topRows, visibleRows} from './layout.ts';
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
  ack: AckSettings & {untilResolved: boolean};
  /** How a new page is announced; off when absent. */
  notify?: NotifyStyle;
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
  openContext(name: string): {services: ContextServices; look?: Look | Promise<Look | string>} | string;
  /** Loads a theme for `:theme NAME`, at once or once its loader is in; a string is an error to show. */
  loadLook(name: string): Look | string | Promise<Look | string>;
  /** Appends acks and rollbacks, attempts and outcomes, to the action log. */
  record: ActionRecorder;
  /** The terminal and machine around the dashboard: env, platform, raw writes (OSC 52). */
  terminal: TerminalAccess;
  onQuit(): void;
}

/** The whole interactive screen. */
export function Dashboard(props: DashboardProps) {
  const {client, settings} = props;
  const [ui, dispatch] = useReducer(uiReducer, undefined, () => initialUiState());
  const {services, look, switching} = useContextLook(props, (text) => dispatch({type: 'flash', text, tone: 'critical', now: settings.now()}));
  const {registry, errors} = useMemo(
    () => createRegistry(defaultKeymap, props.keyOverrides, {readOnly: services.readOnly}),
    [props.keyOverrides, services.readOnly],
  );
  const size = useWindowSize();
  const {isRawModeSupported} = useStdin();
  const data = useDashboardData(client, services, {now: settings.now, paused: ui.paused, intervals: settings.intervals, ackPrefix: settings.ackPrefix});
  // Each alert's ack in flight, read from query-core's MutationCache, for the ACK column.
  const ackStore = useMemo(() => createAckStateStore(client, services.context), [client, services.context]);
  const ackProgress = useSyncExternalStore(ackStore.subscribe, ackStore.getSnapshot);
  // While a filter is being typed its draft applies at once: the pane narrows as you type.
  const filters = useMemo(() => perPane((p) => effectiveFilter(ui, p)), [ui.filters, ui.modal]);
  usePageBell(data, services.context, settings.notify ?? 'off', props.terminal.writeRaw);
  const built = useDashboardTables(data, filters, settings.groupBy, settings.suspectWindowMs, services.environment, ackProgress, ui.hidden);
  const rollbackDeps = useMemo(() => ({record: props.record, now: settings.now}), [props.record, settings.now]);
  const rollbacks = useRollbackRuns(client, services, rollbackDeps);
  const keeperOpts = useMemo(
    () => ({
      ...ackKeeperQueryOptions(services, {record: props.record, now: settings.now, prefix: settings.ack.prefix, author: settings.ack.author}),
      enabled: settings.ack.untilResolved && !services.readOnly && services.alertSources.some((s) => s.capabilities.createSilence),
    }),
    [services, props.record, settings.now, settings.ack],
  );
  useQueryObserver(client, keeperOpts);

  const width = Math.max(20, size.columns);
  const height = Math.max(8, size.rows);
  const shown = useMemo(() => shownPanes(services), [services]);
  const layout = computeLayout(width, height, ui.focus, topRows(shown, (p) => built.tables[p].rows.length), shown);
  const rowCounts: RowCounts = perPane((p) => built.tables[p].rows.length);
  const paneRows: PaneRows = useMemo(() => perPane((p) => built.tables[p].rows), [built.tables]);
  // The selected row of each pane as drawn now: found by its key wherever a re-sort moved it.
  const selected: Record<Pane, number> = perPane((p) => resolveSelected(built.tables[p].rows, ui.anchors[p], ui.selection[p]));
  const focusedBox = layout.rows.flat().find((p) => p.id === ui.focus)?.box;
  const pageSize = Math.max(1, focusedBox ? visibleRows(focusedBox) : 1);

  const selection = selectionInfo(ui.focus, built, selected[ui.focus], {
    context: services.context,
    provider: services.rollbacker?.name ?? 'rollback',
    now: data.now,
    runbookTemplate: settings.runbookTemplate,
    ackStates: ackProgress,
  });
  const ctx: ActionContext = {
    readOnly: services.readOnly,
    hasAlertmanager: services.alertSources.some((s) => s.capabilities.createSilence !== undefined),
    hasRollback: services.rollbacker !== null,
    selection,
  };

  // Keep each selection on its row across polls (re-sorted, resolved, filtered): re-anchor only
  // when a row moved or went away, so an unchanged poll or a clock tick costs no render.
  useEffect(() => {
    if (selectionsStale(ui, paneRows)) dispatch({type: 'clamp', rowCounts, rows: paneRows});
  }, [paneRows, ui.selection, ui.anchors]);

  useEffect(() => {
    const start = [...props.notes, ...errors.map((e) => `keys: ${e}`)];
    if (start.length > 0) dispatch({type: 'flash', text: start.join(' · '), tone: 'warn', now: settings.now()});
  }, []);

  // Page size and line count of an open overlay, so scrolling stops at its last line.
  const overlayFrame = () => {
    const m = ui.modal;
    const page = Math.max(1, height - 2 - 3);
    if (m?.kind === 'help') return {pageSize: page, modalLines: helpScrollLines(helpLayout(helpSections(registry, ctx, ui.focus), width, height - SCREEN_CHROME))};
    if (m?.kind === 'detail') {
      const lines = m.text ? m.text.lines.length : detailFor(m.pane, built, selected[m.pane], data.now, settings.runbookTemplate).lines.length;
      return {pageSize: page, modalLines: lines};
    }
    return {pageSize};
  };

  useKeyInput(
    ui,
    dispatch,
    (press, chunk) =>
      chunk.paste
        ? eventForPaste(ui, chunk.input, settings.now())
        : eventForKey(registry, ui, press, ctx, {rowCounts, rows: paneRows, shown, ...overlayFrame(), now: settings.now()}),
    isRawModeSupported,
  );

  // The reducer's effects go to the action runner, with the data on screen now.
  useActionRunner(ui.effects, {
    client,
    services,
    built,
    ackStates: ackProgress,
    settings,
    record: props.record,
    terminal: props.terminal,
    rollbacks,
    selection,
    dispatch,
    app: {quit: props.onQuit, refresh: () => void client.refetchQueries({type: 'active'}), ...switching},
  });

  return (
    <DashboardScreen
      width={width}
      height={height}
      layout={layout}
      ui={ui}
      selected={selected}
      data={data}
      built={built}
      services={services}
      look={look}
      registry={registry}
      ctx={ctx}
      order={shown}
      runbookTemplate={settings.runbookTemplate}
      runs={rollbacks.runs}
      rollbackFailures={rollbacks.failures}
      runningRollback={rollbacks.running}
      pendingAck={ui.modal?.kind === 'confirm' ? ackIntentOf(ui.modal.intent) : null}
      runbook={ui.modal?.kind === 'detail' ? (ui.modal.text ?? null) : null}
    />
  );
}
