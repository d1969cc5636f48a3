/** SLO table rows: pure, from reports and `now`, sanitized, coloured only through tones. */
import {formatBurn, formatPercent, formatSeconds, sparkline} from '../../domain/format.ts';
import type {Deploy} from '../../domain/deploy.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {burnLevel, WORKBOOK_TABLE, type BurnLevel} from '../../domain/burn-table.ts';
import {sortSloReports} from '../../domain/slo-math.ts';
import {BURN_WINDOWS, type BurnWindow, type SloReport, type SloStatus} from '../../domain/slo.ts';
import {cellWidth} from '../text-fit.ts';
import {FRESH, staleMark, type Freshness} from './freshness.ts';
import type {Column, Row, Table, Tone} from './row-types.ts';

// An SLO is `unknown` on screen only when its own query was refused, or when windows it needs
// could not be read and none read pages (a read that fails as a whole keeps the last numbers, or
// says `? UNKNOWN (reason)` through its freshness): said apart from a quiet "no data", and in the
// critical tone, since it may be burning unseen.
const STATUS_TONE: Record<SloStatus, Tone> = {page: 'critical', ticket: 'warn', ok: 'ok', 'no-data': 'muted', unknown: 'critical'};
const STATUS_TEXT: Record<SloStatus, string> = {page: '✖ PAGE', ticket: '▲ TICKET', ok: '✔ OK', 'no-data': '? NO DATA', unknown: '✖ QUERY REFUSED'};
// Windows a failed (or refused) request carried: unknown, like a source that did not answer, and
// the windows named. Not `PARTIAL`, which says an answer came with series missing (a partial
// response). The word first, so a narrow column still says it.
const UNREAD_WORD = '? UNKNOWN';
const unreadText = (windows: readonly string[]) => `${UNREAD_WORD} (${windows.join(', ')} unread)`;
// Short windows with no series beside a long one burning past its factor (a service that stopped
// reporting): unknown too, and said apart from windows whose request failed.
const noDataText = (windows: readonly string[]) => `${UNREAD_WORD} (${windows.map((w) => sanitize(w)).join(', ')} no series)`;
// Beside a page or ticket judged without some windows: read in part, as `◐` says of a source.
const UNREAD_MARK = '◐';

// Burn-rate columns are kept by how much they say in the first minute: the paging pairs first.
const WINDOW_PRIORITY: Record<BurnWindow, number> = {'1h': 1, '5m': 2, '6h': 3, '30m': 3, '1d': 4, '2h': 5, '3d': 5};

const STATUS_WIDTH = 16;
/** Cells of the `1h BURN 6h` trend column. */
const TREND_WIDTH = 12;
const MAX_STATUS_WIDTH = 24;
// `? UNKNOWN (prometheus unavailable)`: with no numbers to show, the reason gets the room.
const MAX_UNKNOWN_WIDTH = 40;

const COLUMNS: Column[] = [
  {id: 'status', header: 'STATUS', width: STATUS_WIDTH, priority: 0, lead: true},
  {id: 'name', header: 'SLO', width: 18, flex: true, priority: 0},
  {id: 'objective', header: 'OBJ', width: 7, align: 'right', priority: 6},
  {id: 'sli', header: 'SLI', width: 8, align: 'right', priority: 5},
  {id: 'budget', header: 'BUDGET LEFT', width: 16, priority: 1},
  ...BURN_WINDOWS.map((w): Column => ({id: `burn-${w}`, header: w, width: 7, align: 'right', priority: WINDOW_PRIORITY[w]})),
  {id: 'exhausts', header: 'EXHAUSTS', width: 8, align: 'right', priority: 2},
  {id: 'trend', header: '1h BURN 6h', width: TREND_WIDTH, priority: 4},
];

/** The tone of a window's level as the SLO's verdict decided it (see `burnLevel` in the domain). */
export function levelTone(level: BurnLevel): Tone {
  return STATUS_TONE[level];
}

/**
 * Tone of a burn rate by the Workbook table's lowest paging and ticketing factors. Rows do not use
 * it: they read each window's level from the SLO's own verdict, which knows its table.
 */
export function burnTone(rate: number | null): Tone {
  return levelTone(burnLevel(rate, WORKBOOK_TABLE));
}

/** An eight-cell budget bar plus the percentage, e.g. `█████░░░ 57.1%`; `!` marks overspent (fits the 16-cell column). */
export function budgetBar(remaining: number | null): string {
  if (remaining === null) return '—';
  const cells = 8;
  const filled = Math.max(0, Math.min(cells, Math.round(remaining * cells)));
  const bar = '█'.repeat(filled) + '░'.repeat(cells - filled);
  // Overspent by a whole budget or more: no decimal, so the `!` still fits the column.
  return `${bar} ${formatPercent(remaining, remaining > -1 ? 1 : 0)}${remaining < 0 ? '!' : ''}`;
}

function budgetTone(remaining: number | null): Tone {
  if (remaining === null) return 'muted';
  if (remaining <= 0) return 'critical';
  if (remaining < 0.25) return 'warn';
  return 'ok';
}

/**
 * The 6-hour sparkline of the 1h burn, with `⚑` between the cells before and after the suspect
 * deploy's start, so the burn and the change that likely caused it are seen together. The flag
 * takes a cell of its own (the line is drawn one cell narrower): written over a cell, it hid the
 * newest one — the spike it should explain — whenever the deploy was recent. Both sides share one
 * scale. A deploy outside the plotted span draws the plain line.
 */
export function trendLine(history: ReadonlyArray<{at: number; burnRate: number | null}>, deploy: Deploy | undefined, width = TREND_WIDTH): string {
  const values = history.map((p) => p.burnRate);
  const first = history[0]?.at;
  const last = history.at(-1)?.at;
  if (!deploy || first === undefined || last === undefined || last <= first || width < 3) return sparkline(values, width, 1);
  if (deploy.startedAt < first || deploy.startedAt > last) return sparkline(values, width, 1);
  const before = values.filter((_, i) => history[i]!.at < deploy.startedAt);
  const after = values.slice(before.length);
  const cells = width - 1;
  // At least one cell after the flag (the burn since the deploy) and, when there is any, one before.
  const afterCells = Math.min(cells - (before.length > 0 ? 1 : 0), Math.max(1, Math.round((cells * after.length) / values.length)));
  const scale = Math.max(1, ...values.filter((v): v is number => v !== null && Number.isFinite(v)));
  return `${sparkline(before, cells - afterCells, scale)}⚑${sparkline(after, afterCells, scale)}`;
}

/**
 * The row key of an SLO. Rows of SLOs never read yet (loading, unknown) get keys of their own:
 * the selection follows a row by key, and must not stay on a placeholder's place (the first
 * name alphabetically) once the real rows come, worst first.
 */
export function sloRowKey(name: string, freshness: Freshness): string {
  return freshness.kind === 'pending' || freshness.kind === 'unknown' ? `unread:${name}` : name;
}

/**
 * The status cell and tone of an SLO row as fresh as `freshness`: stale rows lead with `STALE 2m`
 * (a stale `✔ OK` is not green), rows that were never read say why.
 */
function statusCell(r: SloReport, freshness: Freshness, partial: boolean): {text: string; tone: Tone; narrow?: string} {
  // Unknown for want of windows, not refused: the query is fine, a request of the refresh failed.
  const unread = r.status === 'unknown' && r.unread !== undefined && r.unread.length > 0 ? r.unread : null;
  // A page or ticket stands on the windows read, but its burn figures miss the others (`status`
  // says `PAGE (3d unread)`): `◐` beside the word, ahead of the pair, so a cut cell keeps it.
  const judgedInPart = (r.status === 'page' || r.status === 'ticket') && (r.unread?.length ?? 0) > 0;
  // Unknown because a pair cannot be decided: its long window burns, its short one has no series.
  const undecided = r.status === 'unknown' && unread === null && r.undecided !== undefined && r.undecided.length > 0 ? r.undecided : null;
  const text = unread ? unreadText(unread) : undecided ? noDataText(undecided) : judgedInPart ? `${STATUS_TEXT[r.status]} ${UNREAD_MARK}` : STATUS_TEXT[r.status];
  const naming = unread !== null || undecided !== null;
  const read = r.trippedBy ? `${text} ${r.trippedBy}` : text;
  // Read in part, an `✔ OK` is only ok in what answered: not green, and said so without colour.
  const inPart = partial && r.error === undefined;
  const status = inPart ? `${read.replace(/^✔ /, '◐ ')} PARTIAL` : read;
  const tone = inPart && (r.status === 'ok' || r.status === 'no-data') ? 'warn' : STATUS_TONE[r.status];
  switch (freshness.kind) {
    case 'fresh':
      return {text: status, tone, ...(naming ? {narrow: UNREAD_WORD} : {})};
    case 'stale':
      // Narrow, the state word first: a cut keeps UNKNOWN (the row is muted as stale) over STALE.
      return {text: `${staleMark(freshness.ageMs)} ${status}`, tone: tone === 'critical' || tone === 'warn' ? tone : 'muted', ...(naming ? {narrow: `${UNREAD_WORD} ${staleMark(freshness.ageMs)}`} : {})};
    case 'pending':
      return {text: '… LOADING', tone: 'muted'};
    case 'unknown':
      return {text: `? UNKNOWN (${sanitize(freshness.reason)})`, tone: 'warn'};
  }
}

/**
 * Builds the SLO table, worst first; `suspects` maps a service to its suspect deploy. Rows that are
 * not fresh keep their numbers but lose their colours, so only the status cell speaks. `partial`:
 * the answer came with partial-response warnings, and every row measured from it says `PARTIAL`.
 */
export function sloTable(reports: SloReport[], suspects: ReadonlyMap<string, Deploy> = new Map(), freshness: Freshness = FRESH, partial = false): Table {
  const fresh = freshness.kind === 'fresh';
  const rows: Row[] = sortSloReports(reports).map((r) => {
    const status = statusCell(r, freshness, partial);
    const tone = fresh ? status.tone : 'muted';
    const toned = (t: Tone): Tone => (fresh ? t : 'muted');
    // The suspect deploy shows on the sparkline, where the burn began (and in the details).
    const suspect = suspects.get(r.definition.service);
    const verdicts = new Map(r.windows.map((v) => [v.window, v]));
    return {
      key: sloRowKey(r.definition.name, freshness),
      ...(freshness.kind === 'stale' ? {stale: staleMark(freshness.ageMs)} : {}),
      tone,
      cells: [
        status,
        {text: sanitize(r.definition.name), tone: 'text'},
        {text: `${r.definition.objective}%`, tone: 'muted'},
        {text: r.sli === null ? '—' : formatPercent(r.sli, 3), tone: toned('text')},
        {text: budgetBar(r.errorBudgetRemaining), tone: toned(budgetTone(r.errorBudgetRemaining))},
        ...BURN_WINDOWS.map((w) => {
          const v = verdicts.get(w);
          return {text: formatBurn(v?.burnRate ?? null), tone: toned(levelTone(v?.level ?? 'no-data'))};
        }),
        {text: r.exhaustsInSeconds === null ? '—' : formatSeconds(r.exhaustsInSeconds), tone: r.exhaustsInSeconds === null ? 'muted' : tone},
        {text: r.history && r.history.length > 0 ? trendLine(r.history, suspect) : '', tone},
      ],
    };
  });
  // Pyrra scales its windows to the SLO period, so a pair can read `1d1h43m&2h9m`: the status
  // column grows to show it whole (up to 24 cells, 8 more for `STALE 12m `) rather than cut the
  // pair that tripped.
  // A row that names its unread windows (`? UNKNOWN (3d, period unread)`) gets the room of a reason too.
  const naming = rows.some((row) => row.cells[0]!.narrow?.startsWith(UNREAD_WORD) === true);
  const max = freshness.kind === 'unknown' || naming ? MAX_UNKNOWN_WIDTH : freshness.kind === 'stale' ? MAX_STATUS_WIDTH + 8 : MAX_STATUS_WIDTH;
  const statusWidth = Math.min(max, Math.max(STATUS_WIDTH, ...rows.map((row) => cellWidth(row.cells[0]!.text))));
  // The reason's room is for a context shown alone: beside other contexts' numbers it is cut to
  // the usual width (`? UNKNOWN (prome…`; the header, the pane title and the details say it whole).
  const shared = freshness.kind === 'unknown' && statusWidth > STATUS_WIDTH ? {sharedWidth: STATUS_WIDTH} : {};
  return {columns: statusWidth === STATUS_WIDTH ? COLUMNS : COLUMNS.map((c) => (c.id === 'status' ? {...c, width: statusWidth, ...shared} : c)), rows};
}
