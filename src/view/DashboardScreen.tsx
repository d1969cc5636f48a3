/** Draws one frame of the dashboard from state: header, panes or an overlay, footer. */
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {paneSpec, perPane, type Pane as PaneId} from '../actions/panes.ts';
import {helpSections} from '../actions/help-sections.ts';
import {confirmKeys, footerHints, helpTitleKeys, liveKey, overlayKeyHints, overlayTitleKeys, registryKeyNamer, type FooterHint} from '../actions/key-hints.ts';
import {defaultKeyNamer, type KeyNamer} from '../actions/key-namer.ts';
import type {ActionContext} from '../actions/keymap.ts';
import type {Registry} from '../actions/registry.ts';
import {scopeStack, type FlashTone, type UiState} from '../actions/ui-state.ts';
import type {FollowedRun} from './rows/run-lines.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import {DetailView} from './components/DetailView.tsx';
import {confirmText} from './confirm-view.ts';
import {ErrorBoundary} from './components/ErrorBoundary.tsx';
import {Footer} from './components/Footer.tsx';
import {Header} from './components/Header.tsx';
import {OncallHeader} from './components/OncallHeader.tsx';
import {oncallHeaderText, servicesInView, type OncallView} from './rows/oncall-lines.ts';
import {HelpOverlay} from './components/HelpOverlay.tsx';
import {RollbackPreview, type RollbackContext} from './components/RollbackPreview.tsx';
import {TablePane, type NoticeLine} from './components/TablePane.tsx';
import type {DashboardData} from './hooks/use-dashboard-data.ts';
import type {DashboardTables} from './hooks/use-dashboard-tables.ts';
import {SCREEN_CHROME, type Layout} from './layout.ts';
import type {Look} from './look.ts';
import {hiddenPanesLine, idleReasons, paneStatuses, paneSummaries, unreadNote} from './pane-status.ts';
import {isGroupRowKey} from './rows/alert-rows.ts';
import type {RulesView} from './rows/rule-lines.ts';
import {detailFor} from './detail-for.ts';
import type {Detail} from './detail-row.ts';
import {PANE_VIEWS} from './panes/pane-registry.ts';
import type {Table} from './rows/row-types.ts';
import type {RollbackFailure} from './hooks/use-rollback-runs.ts';
import type {ShownText as RunbookView} from '../actions/action-record.ts';
import type {PendingAck} from '../actions/alert-actions.ts';
import {sanitize} from '../domain/sanitize.ts';
import {emptyFrom} from './rows/freshness.ts';
import {contextLabel} from './context-tables.ts';
import type {ContextSetView} from './context-set.ts';
import {rowDetail, servicesOf} from './context-routing.ts';
import {PastBanner} from './components/PastBanner.tsx';
import {TimelineView} from './components/TimelineView.tsx';
import type {TimelineData} from './hooks/use-timeline.ts';

/** How long a flash message stays in the footer. */
const FLASH_MS = 6000;

/** The flash drawn at `now`: none once it has been up {@link FLASH_MS}. */
export function shownFlash(flash: UiState['flash'], now: number): {text: string; tone: FlashTone} | null {
  return flash && now - flash.at < FLASH_MS ? {text: flash.text, tone: flash.tone} : null;
}

/**
 * What an empty table says: "no alerts firing" only when there are none. When the filter or the
 * hide toggles leave nothing of what there is, it says so: a filter typo must not read as calm,
 * and a filter in error (a bad regex, said in the title) must not read as one that matched nothing.
 * `keys` names the hide toggles' keys as bound.
 */
export function emptyText(pane: PaneId, total: number, filter: string, hiding: string, filterError: string | null = null, keys: KeyNamer = defaultKeyNamer): string {
  const {empty, noun} = PANE_VIEWS[pane];
  if (total === 0) return empty;
  if (filter && filterError) return `the filter is in error: ${filterError} · ${total} in all`;
  if (filter) return `no ${noun} match the filter${hiding ? ` (${hiding})` : ''} · ${total} in all`;
  if (hiding) {
    // A toggle left without a key is left out of the list; with none, so is the list.
    const toggles = (['toggleAcked', 'toggleSilenced', 'toggleInhibited'] as const).map(keys).filter((k) => k !== null);
    return `all ${total} ${noun} hidden (${hiding.replace(/^hiding /, '')})${toggles.length > 0 ? ` · ${toggles.join(' ')} show them` : ''}`;
  }
  return empty;
}

/** Props of {@link DashboardScreen}. */
export interface DashboardScreenProps {
  width: number;
  height: number;
  /** False when no key can be read (stdin is not a terminal): the footer then says how to quit. */
  keyboard?: boolean;
  layout: Layout;
  ui: UiState;
  /** The selected row index per pane, resolved by key from the UI state. */
  selected: Record<PaneId, number>;
  data: DashboardData;
  built: DashboardTables;
  services: ContextServices;
  /** The set of contexts shown: header names, idle panes, where a row's details and rollback go. */
  contextSet?: ContextSetView;
  look: Look;
  registry: Registry;
  ctx: ActionContext;
  order: PaneId[];
  runbookTemplate?: string;
  runs: FollowedRun[];
  rollbackFailures: RollbackFailure[];
  /**
   * For an open rollback confirmation: why it should be confirmed knowingly (rollbacks of the same
   * service that may still be going, from the action log and this session) and what became of the
   * log read. Absent: no warnings.
   */
  rollbackCheck?: {warnings: readonly string[]; torn: {text: string; mayBeRollback: boolean} | null; note: {text: string; tone: 'muted' | 'warn'} | null};
  /** For an open rollback confirmation among several contexts: its context as labelled (`PROD prod-us`). Absent or null: not named. */
  rollbackContext?: RollbackContext | null;
  /** An ack that would silence more alerts than selected, waiting for the user's yes. */
  pendingAck: PendingAck | null;
  /** A group's unack held in the confirmation: it expires several silences. */
  pendingUnack?: {what: string; silences: string[]; hidden?: number} | null;
  /** An alert's unack held in the confirmation: its ack is another user's (`others`, sanitized). */
  pendingOthersUnack?: {what: string; others: string[]} | null;
  /** A local runbook opened with `o`, shown in the detail view. */
  runbook: RunbookView | null;
  /** Who is on call, when a source of the row's context can tell: a line under the header. */
  oncall?: OncallView | null;
  /** Today's alerting rules of the selected alert's context, while its details are open. */
  rules?: RulesView | null;
  /**
   * The open details as the dashboard resolved them (their own row's, found by key, or the last
   * ones shown once it is gone); absent or null: the selected row's.
   */
  detail?: Detail | null;
  /**
   * The service of the open details' row (followed by its key, also once not drawn): the on-call
   * line and the marks follow it, not the selection its neighbour took. Absent: no details open.
   */
  detailService?: string | null;
  /** The open timeline (`t`, `T`) and what it shows; null when closed. */
  timeline?: {data: TimelineData; service: string | null; filter: string; selected: number} | null;
  /** The past's banner (`AT 03:12:05Z (27m ago)`) while time travelling; null when live. */
  banner?: string | null;
  /** `CLOCK 5m0s AHEAD` when this machine's clock is off from its backends' (their time is used); null otherwise. */
  clockBadge?: string | null;
  /** The action log is not being written: the header says `[LOG NOT WRITABLE]`. */
  notLogging?: boolean;
  /** The live clock (flash messages expire by it, also in the past). */
  liveNow?: number;
  /** A last line of the `?` overlay: why the action log is not written, the glyph mode and how to change it. */
  helpFooter?: string;
}

// The count in a pane title is of things, not lines: alert group headers are not alerts.
// Per table object: a clock second that changed nothing in a table of 10,000 alerts keeps the object.
const rowCounts = new WeakMap<Table, number>();
const countRows = (table: Table): number => {
  let count = rowCounts.get(table);
  if (count === undefined) {
    count = 0;
    for (const r of table.rows) if (!isGroupRowKey(r.key)) count++;
    rowCounts.set(table, count);
  }
  return count;
};

/**
 * The footer without a keyboard (`oncall demo </dev/null`, started by a wrapper): `q quit`, `? help`
 * and the rest would be offered while no key is read, and a `q` pressed only echoed into the frame.
 */
const NO_KEYBOARD_HINTS: FooterHint[] = [{keys: 'Ctrl-C', hint: 'quits (no keyboard: stdin is not a terminal)', disabled: false, ids: ['quit']}];

/** Renders the frame. */
export function DashboardScreen(props: DashboardScreenProps) {
  const {width, height, layout, ui, data, built, services, look, registry, ctx} = props;
  const palette = look.palette;
  const oncall = props.oncall ?? null;
  const bodyHeight = height - SCREEN_CHROME - (oncall ? 1 : 0) - (props.banner ? 1 : 0);
  const set = props.contextSet;
  const idle = set?.idle ?? idleReasons(services);
  // Each pane's filter error in its own title, apart from its sources' warnings.
  const sourced = paneStatuses(data, idle, set ? {several: set.several, ...(set.idleWarnings ? {notes: set.idleWarnings} : {})} : {});
  const statuses = perPane((p) => (built.filterErrors[p] === undefined ? sourced[p] : {...sourced[p], filterError: built.filterErrors[p]}));
  // Both walk every row or alert: once per table build, not once per key press.
  const past = Boolean(props.banner);
  const unread = useMemo(() => unreadNote(data.unread), [data.unread]);
  const summaries = useMemo(() => paneSummaries(built, past, unread), [built, past, unread]);
  const counts = useMemo(() => perPane((p) => countRows(built.tables[p])), [built.tables]);
  // Everything there is, before filters and toggles: the title says "4 of 7" when some are left out.
  const totals = perPane((p) => PANE_VIEWS[p].total(built));
  const hiding = perPane((p) => PANE_VIEWS[p].hiding?.(ui.hidden, built) ?? '');
  // The service of the row selected in the focused pane: other panes mark their rows of it.
  const focusRow = built.tables[ui.focus].rows[props.selected[ui.focus]];
  const service = props.detailService !== undefined ? props.detailService : ((focusRow && PANE_VIEWS[ui.focus].serviceOf?.(focusRow, built)) ?? null);
  // The alerts' services once per alert list: the SLO reports are rebuilt every clock second, and
  // walking 10,000 alerts with them was a steady share of the dashboard's idle CPU.
  const alertServices = useMemo(() => servicesInView(built.alerts.values(), []).map((service) => ({labels: {service}})), [built.alerts]);
  const inView = useMemo(() => servicesInView(alertServices, Array.from(built.reports.values(), (r) => r.definition)), [alertServices, built.reports]);
  const oncallLine = oncall ? oncallHeaderText(oncall, service, inView, data.now, set?.several ? (oncall.context ?? null) : null) : null;
  const tables = useMemo(() => perPane((p) => (service === null ? undefined : PANE_VIEWS[p].highlight?.(built.tables[p], service, built)) ?? built.tables[p]), [built, service]);
  // The filter a pane applies now: the draft while it is being typed.
  const filterOf = (id: PaneId) => (ui.modal?.kind === 'filter' && ui.modal.pane === id ? ui.modal.draft : ui.filters[id]);
  const modal = ui.modal;
  // One context's header lists each source: those not read stay, said so (`pagerduty – not read
  // in the past`). Several contexts' list one entry per context, and the alert pane names them.
  const headerSources = useMemo(() => (set?.several ? data.health : [...data.health, ...data.unread]), [set?.several, data.health, data.unread]);
  const noticeInput = {built, now: data.now, runs: props.runs, rollbackFailures: props.rollbackFailures, unread};
  const notices: Record<PaneId, NoticeLine[]> = perPane((p) => PANE_VIEWS[p].notices?.(noticeInput) ?? []);
  // The keys a scrolled overlay's title names, as they are bound (`keys:` overrides) and reach it.
  const titleKeys = modal ? overlayTitleKeys(registry, scopeStack(ui)) : '';
  // A confirmation that lists what it would do (an ack that would also silence others, an unack).
  const confirm = modal?.kind === 'confirm' ? confirmText(modal.action, {pendingAck: props.pendingAck, pendingUnack: props.pendingUnack ?? null, pendingOthersUnack: props.pendingOthersUnack ?? null}, confirmKeys(registry, scopeStack(ui))) : null;
  let body;
  if (modal?.kind === 'confirm' && modal.action === 'rollback' && modal.target.rollbackPlan) {
    const plan = modal.target.rollbackPlan;
    // The rollback provider of the row's own context.
    const target = set ? servicesOf(set, modal.target.context) : services;
    body = (
      <RollbackPreview
        plan={plan}
        provider={target.rollbacker?.name ?? 'rollback'}
        warnings={props.rollbackCheck?.warnings ?? []}
        torn={props.rollbackCheck?.torn ?? null}
        note={props.rollbackCheck?.note ?? null}
        details={target.rollbacker?.capabilities.preview?.(plan) ?? []}
        context={props.rollbackContext ?? null}
        keys={confirmKeys(registry, scopeStack(ui))}
        width={width}
        height={bodyHeight}
        palette={palette}
      />
    );
  } else if (confirm && modal?.kind === 'confirm') {
    body = <DetailView title={confirm.title} lines={confirm.lines} pinned={confirm.pinned} width={width} height={bodyHeight} scroll={modal.scroll ?? 0} palette={palette} keys={titleKeys} />;
  } else if (modal?.kind === 'detail' && props.runbook) {
    // Shown text (a runbook read here, a copied command and its notes) is drawn as plain lines:
    // sanitized here, the one place it is drawn, whatever its maker did.
    const lines = props.runbook.lines.map((value) => ({label: '', value: sanitize(value)}));
    body = <DetailView title={sanitize(props.runbook.title)} lines={lines} width={width} height={bodyHeight} scroll={modal.scroll} palette={palette} plain keys={titleKeys} />;
  } else if (props.timeline) {
    const t = props.timeline;
    body = <TimelineView data={t.data} service={t.service} filter={t.filter} selected={t.selected} width={width} height={bodyHeight} now={props.liveNow ?? data.now} keys={overlayKeyHints(registry, 'timeline', ctx)} contexts={set?.several ?? false} palette={palette} />;
  } else if (modal?.kind === 'help') {
    body = <HelpOverlay sections={helpSections(registry, ctx, ui.focus)} width={width} height={bodyHeight} scroll={modal.scroll} palette={palette} keys={helpTitleKeys(registry, scopeStack(ui))} {...(props.helpFooter === undefined ? {} : {footer: props.helpFooter})} />;
  } else if (modal?.kind === 'detail') {
    const detail = props.detail ?? (set ? rowDetail(set, modal.pane, props.selected[modal.pane], data.now, props.runbookTemplate, oncall, props.rules) : detailFor(modal.pane, built, props.selected[modal.pane], data.now, props.runbookTemplate, oncall, props.rules));
    body = <DetailView title={detail.title} lines={detail.lines} width={width} height={bodyHeight} scroll={modal.scroll} palette={palette} keys={titleKeys} />;
  } else {
    body = layout.rows.map((row, i) => (
      <Box key={i} flexDirection="row">
        {row.map(({id, box}) => (
          <TablePane
            key={id}
            index={props.order.indexOf(id) + 1}
            title={`${paneSpec(id).title} (${counts[id] === totals[id] ? counts[id] : `${counts[id]} of ${totals[id]}`})`}
            box={box}
            focused={ui.focus === id}
            palette={palette}
            status={statuses[id]}
            filter={filterOf(id)}
            hiding={hiding[id]}
            summary={summaries[id]}
            notices={notices[id]}
            table={tables[id]}
            selected={props.selected[id]}
            empty={idle[id] === null ? sanitize(emptyFrom(emptyText(id, totals[id], filterOf(id), hiding[id], built.filterErrors[id] ?? null, registryKeyNamer(registry, id)), data.paneHealth[id], data.now)) : ''}
          />
        ))}
      </Box>
    ));
    // Panes with no room for a line of their own: one line still says what they hold.
    if (layout.hidden && layout.hidden.length > 0) {
      body = [...body, <Text key="hidden" wrap="truncate" color={palette('text')}>{sanitize(hiddenPanesLine(layout.hidden, built, summaries, past, unread))}</Text>];
    }
  }
  const input =
    modal?.kind === 'filter'
      ? {prompt: `/${paneSpec(modal.pane).title.toLowerCase()} filter: `, text: modal.draft}
      : modal?.kind === 'timeline-filter'
        ? {prompt: '/timeline filter: ', text: modal.draft}
      : modal?.kind === 'command'
        ? {prompt: ':', text: modal.draft}
        : modal?.kind === 'confirm'
          ? {prompt: `type "${modal.expected}" to confirm ${modal.action}${modal.target.context ? ` in ${sanitize(contextLabel(modal.target.context, set?.feeds.find((f) => f.context.services.context === modal.target.context)?.context.production ?? false))}` : ''}: `, text: modal.draft}
          : null;
  const flash = shownFlash(ui.flash, props.liveNow ?? data.now);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header width={width} context={set?.header.context ?? services.context} contextShort={set?.header.short} sourceShort={set?.header.sourceShort} contextNarrow={set?.header.narrow} banner={look.banner} readOnly={set?.header.readOnly ?? services.readOnly} paused={ui.paused} clockBadge={props.clockBadge ?? null} notLogging={props.notLogging ?? false} sources={headerSources} now={data.now} palette={palette} />
      {props.banner ? <PastBanner width={width} text={props.banner} back={liveKey(registry, ui.focus)} palette={palette} /> : null}
      {oncallLine ? <OncallHeader width={width} text={oncallLine.text} tone={oncallLine.tone} palette={palette} /> : null}
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">
        <ErrorBoundary what="this view" resetKey={data.now}>
          {body}
        </ErrorBoundary>
      </Box>
      <Footer width={width} hints={props.keyboard === false ? NO_KEYBOARD_HINTS : footerHints(registry, scopeStack(ui), ctx)} input={input} flash={flash} palette={palette} color={look.color} />
    </Box>
  );
}
