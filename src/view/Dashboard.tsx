/**
 * The dashboard: wires query results, the UI reducer and the keymap to the screen. Holds no
 * fetching logic, no timers and no action behaviour: keys go through `useKeyInput` to the
 * reducer, whose effects `useActionRunner` hands to the action records.
 */
import type {QueryClient} from '@tanstack/query-core';
import {clockSkewBadge} from '../domain/clock-skew.ts';
import {useStdin, useWindowSize} from 'ink';
import {useCallback, useEffect, useMemo, useReducer, useRef, useState} from 'react';
import type {RollbackPlan} from '../domain/deploy.ts';
import type {RollbackSeen} from '../domain/rollback-claim.ts';
import type {LogClaimer} from '../queries/rollback-queries.ts';
import {perPane, type Pane} from '../actions/panes.ts';
import {eventForKey, eventForPaste} from '../actions/key-dispatch.ts';
import {defaultKeymap, type ActionContext} from '../actions/keymap.ts';
import {bindingOf, createRegistry, type KeyOverrides} from '../actions/registry.ts';
import {HIDE_TOGGLE} from '../actions/ui-hidden.ts';
import {canGoBack, effectiveFilter, initialUiState, scopeStack, uiReducer, type PaneRows, type RowCounts} from '../actions/ui-state.ts';
import type {PickedRow} from '../actions/ui-types.ts';
import {resolveSelected, selectionsStale} from '../actions/ui-selection.ts';
import {cursorsStale} from '../actions/ui-cursor.ts';
import {helpSections} from '../actions/help-sections.ts';
import {hasAmtoolTarget, hasRollbackCommand} from '../actions/command-lines.ts';
import {liveKey, reachingKey, registryKeyNamer} from '../actions/key-hints.ts';
import type {KeyNamer} from '../actions/key-namer.ts';
import {helpLayout, helpScrollLines} from './help-layout.ts';
import {unreadableLinesWarning, type ActionLogRead, type ActionRecorder} from '../domain/action-log.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import {DashboardScreen, shownFlash} from './DashboardScreen.tsx';
import type {RefreshIntervals} from './hooks/use-dashboard-data.ts';
import type {NotifyStyle} from '../platform/terminal-links.ts';
import {sanitize} from '../domain/sanitize.ts';
import type {AckSettings, ActionMessage} from '../actions/action-record.ts';
import {ackIntentOf, groupUnackIntentOf, othersUnackIntentOf} from '../actions/alert-actions.ts';
import type {TerminalAccess} from './hooks/use-action-io.ts';
import {useActionRunner} from './hooks/use-action-runner.ts';
import {useContextLook, type OpenedContexts} from './hooks/use-context-look.ts';
import {useKeyInput} from './hooks/use-key-input.ts';
import {useOncalls} from './hooks/use-oncalls.ts';
import {presentOncalls} from './rows/oncall-lines.ts';
import {useAlertRules} from './hooks/use-alert-rules.ts';
import {ONCALL_INTERVAL_MS, oncallSources} from '../queries/oncall-queries.ts';
import {MIN_COLUMNS, MIN_ROWS, SCREEN_CHROME, computeLayout, topRows, unseenReason, visibleRows, windowTooSmallReason} from './layout.ts';
import type {Look} from './look.ts';
import {ContextFeed} from './components/ContextFeed.tsx';
import {WindowTooSmall} from './components/WindowTooSmall.tsx';
import {AckKeeper, leftKeeperNotes} from './components/AckKeeper.tsx';
import {useAckKeepers} from './hooks/use-ack-keepers.ts';
import {RollbackFollower} from './components/RollbackFollower.tsx';
import {createRollbackStore, useRollbackFollowers} from './hooks/use-rollback-followers.ts';
import {ackContextsOf, feedOf, splitFilters, type DashboardContext} from './context-set.ts';
import {useContextSetView} from './hooks/use-context-feeds.ts';
import {detailRows} from './components/DetailView.tsx';
import {confirmFrameOf} from './confirm-view.ts';
import {EMPTY_SET_TABLES, rowContextServices, rowDetail, rowSelection, servicesOf, setShownPanes, unlistedAlert, unlistedDetail, unlistedSelection} from './context-routing.ts';
import {detailRowIndex, goneDetail, goneReason, hiddenDetail, hiddenReason, type Detail} from './detail-row.ts';
import {openTimelineOf, useTimeline} from './hooks/use-timeline.ts';
import {eventSelection} from './timeline-selection.ts';
import {timelineEventKeys} from '../domain/timeline-key.ts';
import {usePastBanner} from './hooks/use-time-travel.ts';
import {useClockSkew} from './hooks/use-clock-skew.ts';
import {timelineNotes, timelinePageSize} from './components/TimelineView.tsx';
import {loggedOpenNote, useLoggedOpenRollbacks} from './hooks/use-logged-open-rollbacks.ts';
import {mergeOpenRollbacks, openRollbackWarnings} from '../domain/open-rollback-merge.ts';
import {tooShortHold, unreadLogHold} from '../actions/deploy-actions.ts';
import {rollbackPreviewFits, type RollbackContext} from './components/RollbackPreview.tsx';
import {notLoggedNote, useActionLogHealth} from './hooks/use-action-log-health.ts';
import type {UiEvent} from '../actions/ui-types.ts';
import {useFilterErrorNote} from './hooks/use-filter-error-note.ts';

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
  /** What `now` adds to this machine's clock to follow the backends' (runtime `clockSkew`); 0 when absent. */
  clockSkew?: () => number;
  /** The glyph mode and how to change it, at the foot of the `?` overlay (`glyphs: ascii (LANG=C; …)`). */
  glyphsNote?: string;
}

/** Props of {@link Dashboard}. */
export interface DashboardProps {
  client: QueryClient;
  /** The first context (the only one unless `contexts` holds several). */
  services: ContextServices;
  /** Every context shown, in the order selected; `[{services}]` when absent. */
  contexts?: DashboardContext[];
  look: Look;
  settings: DashboardSettings;
  keyOverrides: KeyOverrides;
  /** Messages to flash at start (config notes, bad key overrides). */
  notes: string[];
  /** Opens another context or set for `:ctx NAME`, `:ctx a,b`, `:ctx GROUP`, `:ctx *`; a string is an error to show. */
  openContext(name: string): OpenedContexts | string;
  /** Loads a theme for `:theme NAME`, at once or once its loader is in; a string is an error to show. */
  loadLook(name: string): Look | string | Promise<Look | string>;
  /** Appends acks and rollbacks, attempts and outcomes, to the action log. */
  record: ActionRecorder;
  /**
   * Reads the action log, for the timeline (rollbacks, notes) and the rollback preview, with the
   * count of torn lines (the preview says it); absent: no action log part, no log check.
   */
  readActions?: () => Promise<ActionLogRead>;
  /**
   * Claims a rollback by the action log's order once its attempt is written: the log read again,
   * and an attempt of the same target the preview's read did not see, before this one's, refuses it.
   */
  claimRollback?: LogClaimer;
  /** Start in the past (`--at`), epoch ms. */
  initialAt?: number;
  /** The terminal and machine around the dashboard: env, platform, raw writes (OSC 52). */
  terminal: TerminalAccess;
  onQuit(): void;
}

/** The whole interactive screen. */
export function Dashboard(props: DashboardProps) {
  const {client, settings} = props;
  const [ui, dispatch] = useReducer(uiReducer, undefined, () => initialUiState({pastAt: props.initialAt ?? null}));
  const {contexts, services, look, switching} = useContextLook(
    props,
    (text) => dispatch({type: 'flash', text, tone: 'critical', now: settings.now()}),
    (left) => leftKeeperNotes(client, left, settings),
  );
  // The panes on screen (Panels only when a context configures it). A focus left on one no
  // longer drawn (`:ctx` to a set without it) moves before this render goes on, so no frame, key,
  // footer or layout is ever of a pane nobody sees.
  const shown = useMemo(() => setShownPanes(contexts), [contexts]);
  if (!shown.includes(ui.focus)) dispatch({type: 'shown-panes', panes: shown});
  // Read-only removes mutating actions at the registry only when every context is read-only; a
  // row of a read-only context among others refuses them with the reason (see context-routing.ts).
  const readOnly = contexts.every((c) => c.services.readOnly);
  const {registry, errors} = useMemo(() => createRegistry(defaultKeymap, props.keyOverrides, {readOnly}), [props.keyOverrides, readOnly]);
  // What messages tell the user to press, as bound and as it reaches the focused pane. Read
  // through a ref, so a focus change does not remake the feeds' rollback deps that hold it.
  const focusRef = useRef(ui.focus);
  focusRef.current = ui.focus;
  const keyNamer = useMemo<KeyNamer>(() => (id) => registryKeyNamer(registry, focusRef.current)(id), [registry]);
  // The key each pane's rows name for rolling back their suspect deploy, as bound (`keys:`).
  const rollbackKeys = useMemo(() => ({alerts: reachingKey(registry, 'rollback', ['alerts', 'pane', 'global']), slos: reachingKey(registry, 'rollback', ['slos', 'pane', 'global'])}), [registry]);
  const size = useWindowSize();
  const {isRawModeSupported} = useStdin();
  // While a filter is being typed its draft applies at once: the pane narrows as you type.
  const filters = useMemo(() => perPane((p) => effectiveFilter(ui, p)), [ui.filters, ui.modal]);
  // `ctx=` matchers choose contexts; each context's feed filters its rows by the rest.
  // By value: opening the command line or help changes `ui.modal`, not a filter, and must not
  // re-render every context's feed.
  const filterKey = JSON.stringify(filters);
  const split = useMemo(() => splitFilters(filters), [filterKey]);
  const {store, view} = useContextSetView(contexts, split);
  const [rollbackStore] = useState(createRollbackStore);
  // Every entry goes through the watched recorder: one that did not land marks the header and is
  // said in the footer, and the next action message carries it, as it would wipe the note out.
  const actionLog = useActionLogHealth(props.record, {say: (text) => dispatch({type: 'flash', text, tone: 'warn', now: settings.now()}), now: settings.now});
  const {withNote} = actionLog;
  const messageDispatch = useCallback((event: UiEvent) => dispatch(event.type === 'flash' ? {...event, text: withNote(event.text, event.now ?? settings.now())} : event), [withNote, settings]);
  // A keeper run that left an ack not extended says so in the footer, naming its context among several.
  const several = useRef(false);
  // What the rollback confirmation last drawn showed of the action log, by its request id: what
  // Enter on it sends over (kept past the modal's closing, which may come before the send).
  const confirmSeen = useRef<{idempotencyKey: string; seen: RollbackSeen} | null>(null);
  several.current = contexts.length > 1;
  const onKeeperMessage = useCallback(
    (context: string, message: ActionMessage) => messageDispatch({type: 'flash', text: several.current ? `${sanitize(context)}: ${message.text}` : message.text, tone: message.tone, now: settings.now()}),
    [settings, messageDispatch],
  );
  // Contexts sharing one alert set show each other's acks in flight on its rows.
  const ackContexts = useMemo(() => ackContextsOf(contexts), [contexts]);
  const feedEls = contexts.map((member) => (
    <ContextFeed key={member.services.context} client={client} member={member} settings={settings} paused={ui.paused} filters={split.rest} hidden={ui.hidden} record={actionLog.record} rollbackStore={rollbackStore} writeRaw={props.terminal.writeRaw} store={store} pastAt={ui.pastAt} onKeeperMessage={onKeeperMessage} ackContexts={ackContexts.get(member.services.context)} rollbackKeys={rollbackKeys} />
  ));
  // A rollback started in a context is followed to its end and kept until quit in the session's
  // record, whatever `:ctx` shows meanwhile: its follower outlives the context's feed.
  const followers = useRollbackFollowers(contexts);
  const followerEls = followers.members.map((member) => (
    <RollbackFollower key={member.services.context} client={client} member={member} now={settings.now} record={actionLog.record} {...(props.claimRollback ? {claimRollback: props.claimRollback} : {})} store={rollbackStore} onStarted={followers.started} keys={keyNamer} />
  ));
  // Ack-until-resolved keeps the acks of a context left by `:ctx` too, until they need it no more.
  const sayKeeper = useCallback((message: ActionMessage) => messageDispatch({type: 'flash', text: message.text, tone: message.tone, now: settings.now()}), [settings, messageDispatch]);
  const keepers = useAckKeepers(contexts);
  const keeperEls = keepers.members.map(({member, shown}) => (
    <AckKeeper key={member.services.context} client={client} member={member} settings={settings} record={actionLog.record} shown={shown} onDone={keepers.done} say={sayKeeper} />
  ));
  const built = view?.built ?? EMPTY_SET_TABLES;
  const now = view?.data.now ?? settings.now();

  // The past (time travel): its banner under the header, and the live clock it counts by.
  const travel = usePastBanner(client, ui.pastAt, settings.now, liveKey(registry, ui.focus));
  const clockSkew = useClockSkew(client, settings.clockSkew, ui.paused || ui.pastAt !== null);
  const openTimeline = openTimelineOf(ui);
  // Each context's alert events are linked by its own template (the dashboard's when it has none).
  const timelineSources = useMemo(() => contexts.map((c) => ({services: c.services, runbookTemplate: c.runbookTemplate ?? settings.runbookTemplate})), [contexts, settings.runbookTemplate]);
  // Torn lines of the log are said on the timeline too (a gap of its action log part).
  const readEntries = props.readActions;
  const timeline = useTimeline(client, timelineSources, openTimeline && {service: openTimeline.service, filter: openTimeline.liveFilter}, {
    open: openTimeline !== null, live: travel.banner === null, at: ui.pastAt, intervalMs: settings.intervals.history, now: settings.now,
    ackPrefix: settings.ackPrefix, user: settings.ack.author, record: actionLog.record, ...(readEntries ? {readActions: readEntries} : {}),
  });

  // A rollback being confirmed: the action log is read for rollbacks of it started elsewhere.
  const confirming = ui.modal?.kind === 'confirm' && ui.modal.action === 'rollback' ? ui.modal.target : null;
  const confirmPlan = confirming?.rollbackPlan ?? null;
  const confirmContext = confirming?.context ?? services.context;
  // Among several contexts the preview names the one rolled back in, as the prompt does.
  // Its name may be cut to fit only where the cut names none of the other contexts open (those
  // of this session, not every context configured: the cut is read beside these).
  const confirmLabel: RollbackContext | null =
    confirming && contexts.length > 1
      ? {name: confirmContext, production: contexts.find((c) => c.services.context === confirmContext)?.production ?? false, others: contexts.map((c) => c.services.context)}
      : null;
  // Superseded runs of the log are asked about through the provider of the context rolled back.
  const logged = useLoggedOpenRollbacks(
    client,
    confirmPlan && {context: confirmContext, service: confirmPlan.service, environment: confirmPlan.environment, idempotencyKey: confirmPlan.idempotencyKey},
    {readActions: props.readActions, now: settings.now, services: contexts.find((c) => c.services.context === confirmContext)?.services ?? null},
  );
  // Enter on this confirmation as drawn now: held while the log is unread (keys are taken one
  // per render, each with the context of the render that drew the state it acts on).
  const confirmHold = confirmPlan && logged.state === 'reading' ? unreadLogHold(confirmPlan, keyNamer) : null;

  const width = Math.max(MIN_COLUMNS, size.columns);
  const height = Math.max(MIN_ROWS, size.rows);
  // A window smaller than the least layout shows only part of it: what is confirmed and acted on
  // is judged on the window as it is, not on the layout drawn.
  const tooSmall = windowTooSmallReason(size.columns, size.rows);
  const rowCounts: RowCounts = perPane((p) => built.tables[p].rows.length);
  const paneRows: PaneRows = useMemo(() => perPane((p) => built.tables[p].rows), [built.tables]);
  // The selected row of each pane as drawn now: found by its key wherever a re-sort moved it.
  const selected: Record<Pane, number> = perPane((p) => resolveSelected(built.tables[p].rows, ui.anchors[p], ui.selection[p]));

  // Open details follow their own row by key, not the selection: when that row resolves the
  // selection moves to a neighbour, and the details and their keys must not become the neighbour's.
  const detailModal = ui.modal?.kind === 'detail' && !ui.modal.text ? ui.modal : null;
  const detailIndex = detailModal ? detailRowIndex(built.tables[detailModal.pane].rows, detailModal.row, selected[detailModal.pane]) : -1;
  const undrawn = detailModal?.row && detailIndex < 0 ? detailModal.row : null;
  // Not drawn is not gone: an alert the filter or a hide toggle keeps off the table (acked with
  // `h` on) is still read, and its details and keys stay its own, as it is now.
  const unlisted = undrawn && view ? unlistedAlert(view, undrawn.target) : null;
  const goneRow = unlisted ? null : undrawn;
  // The selected row (under open details, theirs), taken from its own context's tables: actions
  // route by the row's context. A row gone from under its details stays their target, as it was
  // captured, and every action that would change it is refused (`gone`).
  const rowIndex = detailModal && detailIndex >= 0 ? detailIndex : selected[ui.focus];
  const where = {now, runbookTemplate: settings.runbookTemplate};
  const liveSelection = view && !goneRow ? (unlisted ? unlistedSelection(view, unlisted, where) : rowSelection(view, ui.focus, rowIndex, where)) : null;
  const selection = goneRow ? goneRow.target : liveSelection;
  const rowKey = unlisted ? undrawn?.key : built.tables[ui.focus].rows[rowIndex]?.key;
  // What the details and the command line keep: the row's key as drawn and what it is.
  const picked: PickedRow | null = goneRow ?? (selection && rowKey !== undefined ? {key: rowKey, target: selection} : null);
  const rowServices = view ? feedOf(view, selection?.context).context.services : services;
  // What an action acts on and whether the present may change: built once, the same for the
  // keymap's disabled reasons and for the runner that carries the action out.
  const target = {selection, past: travel.pastReason, gone: goneRow ? goneReason(goneRow.target) : null};
  // While the timeline is on top, its keys (`o`, `y`) act on the selected event, not on the row
  // under it; `:ack` (the command line's `picked` row) keeps the row's. `:note` goes to the event's
  // context: a note typed over the timeline is about what is selected there.
  // The selected event as drawn: found by its key wherever a new event above moved it (or its
  // nearest neighbour when it is gone), as a pane's selected row is.
  const timelineRows = useMemo(() => timelineEventKeys(timeline.shown).map((key) => ({key})), [timeline.shown]);
  const eventIndex = openTimeline ? resolveSelected(timelineRows, openTimeline.anchor, openTimeline.selected) : 0;
  const selectedEvent = openTimeline ? timeline.shown[eventIndex] : undefined;
  const eventTemplate = contexts.find((c) => c.services.context === selectedEvent?.context)?.runbookTemplate ?? settings.runbookTemplate;
  const keySelection = ui.modal?.kind === 'timeline' ? eventSelection(selectedEvent, {several: view?.several ?? false, runbookTemplate: eventTemplate}) : selection;
  // Who is on call in the selected row's context (else the first that can tell), on its own slow
  // cadence; its line under the header takes one row off the body.
  const oncallContext = oncallSources(rowServices).length > 0 ? rowServices : (contexts.find((c) => oncallSources(c.services).length > 0)?.services ?? services);
  // The past has no on-call history: the line stays the present's read, drawn by the live clock
  // and said to be now's. Its poll pauses with the rest, as the banner says ("polling paused").
  const past = ui.pastAt !== null;
  const liveOncall = useOncalls(client, oncallContext, {now: settings.now, paused: ui.paused || past, intervalMs: settings.intervals.oncalls ?? ONCALL_INTERVAL_MS});
  const oncall = useMemo(() => (liveOncall && past ? presentOncalls(liveOncall, travel.liveNow) : liveOncall), [liveOncall, past, travel.liveNow]);
  // The on-call line and the past's banner each take a line off the body.
  const extra = (oncall ? 1 : 0) + (travel.banner ? 1 : 0);
  // What the rollback preview warns of: built before the keys' context, whose hold needs it.
  let rollbackCheck: {warnings: string[]; torn: {text: string; mayBeRollback: boolean} | null; note: ReturnType<typeof loggedOpenNote>} | undefined;
  if (confirmPlan && view && ui.modal?.kind === 'confirm') {
    const here = feedOf(view, ui.modal.target.context).rollbacks.openHere(confirmPlan);
    const read = logged.state === 'read' ? logged : {open: [], superseded: []};
    // The session's own superseded requests count even when the log could not be read.
    const open = mergeOpenRollbacks(read.open, here.open, here.finished, [...read.superseded, ...here.superseded], here.answered);
    // A torn line is said, never skipped in silence: it may have been a rollback's attempt, and
    // one that cannot be (old, or legibly another action or target) is said to be none.
    // Said apart from the open rollbacks: it is none known to be going, so it asks for a check.
    const torn = logged.state === 'read' && logged.torn.unreadable > 0 ? {text: unreadableLinesWarning(logged.torn, confirmPlan), mayBeRollback: logged.torn.mayBeRollback > 0} : null;
    rollbackCheck = {warnings: openRollbackWarnings(open, confirmPlan), torn, note: loggedOpenNote(logged)};
    // What Enter on this confirmation goes ahead over: the log's rollback attempts of the target
    // as the preview read them, in any state.
    const seen = {attempts: logged.state === 'read' ? logged.attempts : 0, mayBeRollback: logged.state === 'read' ? logged.torn.mayBeRollback : 0, readFailed: logged.state === 'failed'};
    confirmSeen.current = {idempotencyKey: confirmPlan.idempotencyKey, seen};
  }
  // Enter on a rollback confirmation too short or narrow to show what it confirms (its target,
  // every warning) sends nothing either: judged on the lines the preview draws.
  const ctx: ActionContext = {
    readOnly,
    hasAlertmanager: rowServices.alertSources.some((s) => s.capabilities.createSilence !== undefined),
    // `c` on an alert also needs an Alertmanager URL for amtool (the demo's has none).
    hasAmtoolTarget: hasAmtoolTarget(rowServices),
    hasRollback: rowServices.rollbacker !== null,
    // And on a deploy a backend that can write its rollback as a command (the demo's cannot).
    hasRollbackCommand: hasRollbackCommand(rowServices),
    // The footer and the help read the same reasons as the keys: `esc back` with nothing to close is none.
    canGoBack: canGoBack(ui),
    ...target,
    selection: keySelection,
    confirmHold:
      confirmPlan && (tooSmall !== null || !rollbackPreviewFits({plan: confirmPlan, warnings: rollbackCheck?.warnings ?? [], planWarnings: confirming?.rollbackWarnings ?? [], torn: rollbackCheck?.torn ?? null, note: rollbackCheck?.note ?? null, context: confirmLabel, width, height: height - SCREEN_CHROME - extra})) ? tooShortHold(confirmPlan, keyNamer) : confirmHold,
  };
  // The alert details' rule: today's rules of the row's own context, read when details open.
  const detailOpen = detailModal?.pane === 'alerts';
  const rulesContext = view && detailOpen ? (undrawn ? servicesOf(view, undrawn.target.context) : rowContextServices(view, 'alerts', detailIndex)) : services;
  const rules = useAlertRules(client, rulesContext, {open: detailOpen, now: settings.now, liveNow: travel.liveNow, past: travel.banner !== null});
  // The details drawn: their row's while listed; once it is gone, the last ones shown, saying so.
  const lastDetail = useRef<{key: string; detail: Detail} | null>(null);
  let detail: Detail | null = null;
  if (detailModal && view) {
    if (goneRow) {
      detail = goneDetail(lastDetail.current?.key === goneRow.key ? lastDetail.current.detail : null, goneRow.target);
    } else if (unlisted && undrawn) {
      const reason = hiddenReason(unlisted.alerts, ui.hidden, (kind) => bindingOf(registry, HIDE_TOGGLE[kind])?.keys[0]);
      detail = hiddenDetail(unlistedDetail(unlisted, now, settings.runbookTemplate, oncall, rules), reason, undrawn.target);
      lastDetail.current = {key: undrawn.key, detail};
    } else {
      detail = rowDetail(view, detailModal.pane, detailIndex, now, settings.runbookTemplate, oncall, rules);
      if (detailModal.row) lastDetail.current = {key: detailModal.row.key, detail};
    }
  }
  const chrome = SCREEN_CHROME + extra;
  const layout = computeLayout(width, height - extra, ui.focus, topRows(shown, (p) => built.tables[p].rows.length), shown);
  const focusedBox = layout.rows.flat().find((p) => p.id === ui.focus)?.box;
  const pageSize = Math.max(1, focusedBox ? visibleRows(focusedBox) : 1);
  // Over the panes, a key acts on a row only when one of the focused pane is drawn; in a window
  // smaller than the layout, under an overlay too (its row is not on screen either).
  ctx.unseen = tooSmall ?? (ui.modal === null ? unseenReason(focusedBox, rowCounts[ui.focus] ?? 0) : null);
  // Nor is an open confirmation drawn: Enter on it is held, and it stays open (key-dispatch.ts).
  ctx.tooSmall = tooSmall;

  // Keep each selection on its row across polls (re-sorted, resolved, filtered): re-anchor only
  // when a row moved or went away, so an unchanged poll or a clock tick costs no render; and
  // note a cursor now on another row, dated, so a key meant for the row before is refused once
  // (ui-cursor.ts). Not on tables of a filter, hide toggle or instant no longer in force: the
  // feeds build after this render, and Esc on `/nomatch` re-anchored the selection it had just
  // given back on the empty table of the draft. A toggle that left the cursor on its row is noted
  // too, on its own tables: the move a poll makes next is then told from the toggle's.
  const tablesCurrent = view !== null && view.feeds.every((f) => f.filters === split.rest && f.hidden === ui.hidden && f.pastAt === ui.pastAt);
  const clampDue = tablesCurrent && (selectionsStale(ui, paneRows) || cursorsStale(ui, paneRows));
  useEffect(() => {
    if (clampDue) dispatch({type: 'clamp', rowCounts, rows: paneRows, now: settings.now()});
  }, [paneRows, ui.selection, ui.anchors, ui.cursor, tablesCurrent]);
  // Keys for the panes wait for these tables and the clamp on them (use-key-input.ts): a key read
  // with the draft's tables still drawn acted on the row the draft had put under the cursor.
  const keysSettled = view === null || (tablesCurrent && !clampDue);

  useFilterErrorNote(built.filterErrors, ui.focus, ui.modal?.kind === 'filter', (text) => dispatch({type: 'flash', text, tone: 'warn', now: settings.now()}));

  useEffect(() => {
    const start = [...props.notes, ...errors.map((e) => `keys: ${e}`)];
    if (start.length > 0) dispatch({type: 'flash', text: start.join(' · '), tone: 'warn', now: settings.now()});
  }, []);

  // The foot of `?`: why the header says the log is not written (for as long as it does), and the
  // glyph mode.
  const helpFooterParts = [...(actionLog.failing === null ? [] : [sanitize(notLoggedNote(actionLog.failing))]), ...(settings.glyphsNote === undefined ? [] : [settings.glyphsNote])];
  const helpFooter = helpFooterParts.length === 0 ? undefined : helpFooterParts.join(' · ');

  // Page size and line count of an open overlay, so scrolling stops at its last line.
  const overlayFrame = () => {
    const m = ui.modal;
    const page = Math.max(1, height - chrome - 3);
    if (m?.kind === 'help') {
      // The footer line (an unwritable action log, the glyph mode) takes a line of each page.
      const footer = helpFooter === undefined ? 0 : 1;
      return {pageSize: Math.max(1, page - footer), modalLines: helpScrollLines(helpLayout(helpSections(registry, ctx, ui.focus), width, height - chrome, footer))};
    }
    if (m?.kind === 'detail') {
      // As drawn: long values wrap onto lines of their own (detailRows).
      const lines = m.text ? detailRows(m.text.lines.map((value) => ({label: '', value})), width, true).length : detail ? detailRows(detail.lines, width).length : 0;
      return {pageSize: page, modalLines: lines};
    }
    // A confirmation's list scrolls with the named keys (↓, PgDn), its pinned lines aside.
    const confirm = confirmFrameOf(registry, ui, width, height - chrome);
    if (confirm) return confirm;
    if (openTimeline) {
      const at = selectedEvent?.at;
      return {pageSize: timelinePageSize(height - chrome, timelineNotes(timeline, false).length), modalLines: timeline.shown.length, modalRows: timelineRows, ...(at === undefined ? {} : {eventAt: at})};
    }
    return {pageSize};
  };

  useKeyInput(
    ui,
    dispatch,
    (press, chunk) =>
      chunk.paste
        ? eventForPaste(ui, chunk.input, settings.now(), keyNamer)
        : eventForKey(registry, ui, press, ctx, {rowCounts, rows: paneRows, shown, ...overlayFrame(), now: settings.now(), row: ctx.unseen ? null : picked}),
    isRawModeSupported,
    keysSettled,
  );

  // The reducer's effects go to the action runner, with the data on screen now.
  useActionRunner(ui.effects, {
    client,
    feedOf: (context) => {
      const feed = view ? feedOf(view, context) : null;
      if (!feed) return null;
      // Enter sends over what the confirmation drawn then showed: the log's second look refuses
      // only a rollback that was not on it.
      const rollbacks = {start: (plan: RollbackPlan) => feed.rollbacks.start(plan, confirmSeen.current?.idempotencyKey === plan.idempotencyKey ? confirmSeen.current.seen : undefined)};
      return {services: feed.context.services, built: feed.built, ackStates: feed.ackStates, rollbacks, runbookTemplate: feed.context.runbookTemplate};
    },
    settings,
    record: actionLog.record,
    terminal: props.terminal,
    past: travel.pastReason,
    keys: keyNamer,
    dispatch: messageDispatch,
    app: {
      quit: props.onQuit,
      // In the past the panes' queries live in the past's own clients: nothing of the present is refetched.
      refresh: () => void (travel.banner === null ? client.refetchQueries({type: 'active'}) : undefined),
      note: (text, service) => timeline.note(text, service, selectedEvent?.context ?? selection?.context ?? services.context),
      ...switching,
    },
  });

  if (!view) return <>{followerEls}{feedEls}{keeperEls}</>;
  // Smaller than the least layout: one line cut to the window, never a frame bigger than it (its
  // lines would wrap and the screen scroll). What is open stays open for a resize back; Enter and
  // the row keys are held meanwhile (`tooSmall` above), and why is said under it where it fits.
  if (tooSmall !== null) {
    return (
      <>
        {followerEls}
        {feedEls}
        {keeperEls}
        <WindowTooSmall columns={size.columns} rows={size.rows} least={{columns: MIN_COLUMNS, rows: MIN_ROWS}} flash={shownFlash(ui.flash, travel.liveNow ?? now)} palette={look.palette} />
      </>
    );
  }
  return (
    <>
      {followerEls}
      {feedEls}
      {keeperEls}
      <DashboardScreen
        width={width}
        height={height}
        keyboard={isRawModeSupported}
        layout={layout}
        ui={ui}
        selected={selected}
        data={view.data}
        built={built}
        services={services}
        contextSet={view}
        look={look}
        registry={registry}
        ctx={ctx}
        order={shown}
        runbookTemplate={settings.runbookTemplate}
        runs={view.runs}
        rollbackFailures={view.rollbackFailures}
        {...(rollbackCheck ? {rollbackCheck} : {})}
        rollbackContext={confirmLabel}
        pendingAck={ui.modal?.kind === 'confirm' ? ackIntentOf(ui.modal.intent) : null}
        pendingUnack={ui.modal?.kind === 'confirm' ? groupUnackIntentOf(ui.modal.intent) : null}
        pendingOthersUnack={ui.modal?.kind === 'confirm' ? othersUnackIntentOf(ui.modal.intent) : null}
        runbook={ui.modal?.kind === 'detail' ? (ui.modal.text ?? null) : null}
        oncall={oncall}
        rules={rules}
        detail={detail}
        {...(detailModal ? {detailService: selection?.service ?? null} : {})}
        timeline={openTimeline && {data: timeline, service: openTimeline.service, filter: openTimeline.liveFilter, selected: eventIndex}}
        banner={travel.banner}
        liveNow={travel.liveNow}
        clockBadge={clockSkewBadge(clockSkew)}
        notLogging={actionLog.failing !== null}
        {...(helpFooter === undefined ? {} : {helpFooter})}
      />
    </>
  );
}
