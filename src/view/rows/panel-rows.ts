/** Panel table rows: pure, from readings, sanitized, coloured only through tones. */
import {sparkline} from '../../domain/format.ts';
import {lowerIsWorse, PANEL_MARKS, PANEL_STATE_ORDER, panelState, sortPanelReadings, type PanelDefinition, type PanelLevel, type PanelReading} from '../../domain/panel.ts';
import {PANEL_VALUE_WIDTH, panelThresholdText, panelValueText} from '../../domain/panel-value.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {cellWidth} from '../text-fit.ts';
import {FRESH, staleMark, type Freshness} from './freshness.ts';
import type {Column, Row, Table, Tone} from './row-types.ts';

const LEVEL_TONE: Record<PanelLevel, Tone> = {crit: 'critical', warn: 'warn', ok: 'ok', 'no-data': 'muted'};

const STATE_WIDTH = 11;
const MAX_STATE_WIDTH = 40;
/**
 * The most a fresh STATE column takes beyond its width: `✖ QUERY REFUSED`, `✔ OK 12/15 —`; with a
 * row read in part, `◐ OK PARTIAL 12/15 —`. A longer count is cut, never the word before it.
 */
const FRESH_EXTRA = 4;
const PARTIAL_EXTRA = 9;
/** Cells of the `30m` trend column. */
const TREND_WIDTH = 12;
/** Marks a panel of the service selected in another pane, in text so NO_COLOR shows it too. */
export const HIGHLIGHT_MARK = '◆';

const COLUMNS: Column[] = [
  {id: 'state', header: 'STATE', width: STATE_WIDTH, priority: 0, lead: true},
  {id: 'name', header: 'PANEL', width: 16, flex: true, priority: 0},
  {id: 'service', header: 'SERVICE', width: 11, priority: 3},
  {id: 'value', header: 'VALUE', width: PANEL_VALUE_WIDTH, align: 'right', priority: 0},
  {id: 'limits', header: 'WARN/CRIT', width: 15, priority: 4},
  {id: 'trend', header: 'LAST 30m', width: TREND_WIDTH, priority: 2},
];
const SERVICE_CELL = COLUMNS.findIndex((c) => c.id === 'service');

/** The row key of a panel. */
export const panelRowKey = (name: string) => `panel:${name}`;

/** The thresholds as the user wrote them, in the panel's unit: `≥80.0%/≥90.0%`, `≤99.95%/≤99.9%`. */
export function panelLimits(p: PanelDefinition): string {
  const sign = lowerIsWorse(p) ? '≤' : '≥';
  const one = (x: number | undefined) => (x === undefined ? '—' : `${sign}${panelThresholdText(p.unit, x)}`);
  return p.warn === undefined && p.crit === undefined ? '—' : `${one(p.warn)}/${one(p.crit)}`;
}

/**
 * The sparkline of a panel, scaled so its critical threshold fills the cell (higher-is-worse
 * panels). A cell covering several minutes keeps the worst of them: the lowest where lower is
 * worse, so free disk dipping below crit shows, not only the healthy minutes around it.
 */
function trend(r: PanelReading): string {
  const {crit, warn} = r.definition;
  const lower = lowerIsWorse(r.definition);
  const scale = lower ? 0 : (crit ?? warn ?? 0);
  return r.history.length === 0 ? '' : sparkline(r.history, TREND_WIDTH, scale, lower ? 'min' : 'max');
}

/** A reading's state as its row says it while fresh: its level's mark, or the refused query's. */
export function panelMark(r: PanelReading): {text: string; tone: Tone} {
  if (r.error !== undefined) return {text: '✖ QUERY REFUSED', tone: 'critical'};
  // An ok beside series that have no value: how many of them (`1/3 —`, `—` being how a value
  // that is not there is written), so the ok is not taken for all; the details say it in words.
  const part = r.level === 'ok' && r.value !== null && r.noData !== undefined ? ` ${r.noData}/${r.series} —` : '';
  return {text: `${PANEL_MARKS[r.level]}${part}`, tone: LEVEL_TONE[r.level]};
}

/**
 * The mark of a row whose answer came in part: an ok is only ok in what answered (the worst
 * series may be the one missing), so not green and said without colour, `◐ OK PARTIAL`, as an
 * SLO row reads. The word comes right after OK, before a count of series without a value
 * (`◐ OK PARTIAL 1/3 —`), so a column too narrow cuts the count, not the word (nothing else says
 * it in ASCII mode or without colour). Crit, warn, no data and a refused query say no all-clear
 * already.
 */
function partialMark(r: PanelReading, mark: {text: string; tone: Tone}, partial: boolean): {text: string; tone: Tone} {
  return partial && r.error === undefined && r.level === 'ok' ? {text: mark.text.replace(/^✔ OK/, '◐ OK PARTIAL'), tone: 'warn'} : mark;
}

function stateCell(r: PanelReading, freshness: Freshness, partial: boolean): {text: string; tone: Tone} {
  const {text: mark, tone} = partialMark(r, panelMark(r), partial);
  switch (freshness.kind) {
    case 'fresh':
      return {text: mark, tone};
    case 'stale':
      // A stale `✔ OK` is not green: the last good value is shown, said to be old.
      return {text: `${staleMark(freshness.ageMs)} ${mark}`, tone: tone === 'critical' || tone === 'warn' ? tone : 'muted'};
    case 'pending':
      return {text: '… LOADING', tone: 'muted'};
    case 'unknown':
      return {text: `? UNKNOWN (${sanitize(freshness.reason)})`, tone: 'warn'};
  }
}

/**
 * Builds the panel table, worst first (then in config order). Rows that are not fresh keep their
 * numbers but lose their colours, so only the state cell speaks; each row's `rank` keeps its
 * state's place for a pane merged across contexts. `partial`: the answer came with
 * partial-response warnings, and an ok row says `◐ OK PARTIAL`.
 */
export function panelTable(readings: readonly PanelReading[], freshness: Freshness = FRESH, partial = false): Table {
  const fresh = freshness.kind === 'fresh';
  const rows: Row[] = sortPanelReadings(readings).map((r) => {
    const state = stateCell(r, freshness, partial);
    const tone = fresh ? state.tone : 'muted';
    return {
      key: panelRowKey(r.definition.name),
      id: r.definition.name,
      // The details of a stale row lead with its age (detailFor), as SLO, alert and deploy rows do.
      ...(freshness.kind === 'stale' ? {stale: staleMark(freshness.ageMs)} : {}),
      tone,
      // Merged with other contexts, ordered by the panel's state, not its colour: a stale crit
      // (its Prometheus failing) drawn muted must not sink below the others' fresh oks.
      rank: PANEL_STATE_ORDER.indexOf(panelState(r)),
      cells: [
        state,
        {text: sanitize(r.definition.name), tone: 'text'},
        {text: r.definition.service ? sanitize(r.definition.service) : '', tone: 'muted'},
        {text: panelValueText(r.definition, r.value), tone},
        {text: panelLimits(r.definition), tone: 'muted'},
        {text: trend(r), tone},
      ],
    };
  });
  const cap = fresh ? STATE_WIDTH + (partial ? PARTIAL_EXTRA : FRESH_EXTRA) : MAX_STATE_WIDTH;
  const width = Math.min(cap, Math.max(STATE_WIDTH, ...rows.map((row) => cellWidth(row.cells[0]!.text))));
  return {columns: width === STATE_WIDTH ? COLUMNS : COLUMNS.map((c) => (c.id === 'state' ? {...c, width} : c)), rows};
}

/**
 * The table with the panels of `service` marked (`◆ checkout`, accent): the service selected in
 * another pane. The same table object when nothing is marked, so an unchanged pane is not redrawn.
 */
export function highlightPanels(table: Table, service: string | null, serviceOf: (row: Row) => string | undefined): Table {
  if (service === null || !table.rows.some((r) => serviceOf(r) === service)) return table;
  const rows = table.rows.map((row) => {
    if (serviceOf(row) !== service) return row;
    const cells = row.cells.map((c, i) => (i === SERVICE_CELL ? {text: `${HIGHLIGHT_MARK} ${c.text}`, tone: 'accent' as const} : i === 1 ? {...c, tone: 'accent' as const} : c));
    return {...row, cells};
  });
  return {columns: table.columns, rows};
}
