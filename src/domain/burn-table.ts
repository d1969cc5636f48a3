/**
 * The multiwindow, multi-burn-rate tables as data. A pair trips when BOTH its long and its short
 * window burn strictly faster than its factor: the long window proves the burn is significant, the
 * short one proves it is still happening (so the alert resets soon after the burn stops).
 * Pages are checked before tickets; within a severity the first tripping pair (table order) wins.
 */
import type {BurnWindow, SloSource} from './slo.ts';

/** A window a table can name: the Workbook windows plus Pyrra's 4-day ticket window. */
export type TableWindow = BurnWindow | '4d';

/** What a tripped pair asks of the on-call engineer. */
export type BurnSeverity = 'page' | 'ticket';

/** One row of a burn-rate table. */
export interface BurnPair {
  severity: BurnSeverity;
  long: TableWindow;
  short: TableWindow;
  /** Burn rate both windows must strictly exceed. */
  factor: number;
  /** `long&short`, the text shown as "tripped by". */
  label: string;
}

/** A named table; sources pick one per SLO (see {@link burnTableFor}). */
export interface BurnTable {
  name: 'workbook' | 'pyrra';
  /** Period the factors were derived for; the factors are budget fractions × period ÷ long window. */
  period: string;
  pairs: readonly BurnPair[];
}

function pair(severity: BurnSeverity, long: TableWindow, short: TableWindow, factor: number): BurnPair {
  return {severity, long, short, factor, label: `${long}&${short}`};
}

/**
 * Google SRE Workbook, "Alerting on SLOs", recommended parameters for a 30-day SLO, with the
 * 1d/2h ticket pair Sloth adds. factor = budget consumed × 720h ÷ long window.
 */
export const WORKBOOK_TABLE: BurnTable = {
  name: 'workbook',
  period: '30d',
  pairs: [
    pair('page', '1h', '5m', 14.4), // 2 % of the budget in 1 hour: exhausted in ~2 days
    pair('page', '6h', '30m', 6), // 5 % in 6 hours: exhausted in 5 days
    pair('ticket', '1d', '2h', 3), // 10 % in 1 day: exhausted in 10 days
    pair('ticket', '3d', '6h', 1), // 10 % in 3 days: exhausted exactly at the period's end
  ],
};

/**
 * Pyrra's static table (`Windows()` in its slo/rules.go) for its default 28-day window; Pyrra
 * labels these `critical`/`warning`, which map to page/ticket. Pyrra scales the windows with the
 * SLO window; for other periods its recorded series, not these names, are the truth.
 */
export const PYRRA_TABLE: BurnTable = {
  name: 'pyrra',
  period: '28d',
  pairs: [
    pair('page', '1h', '5m', 14), // 50 % of the budget within a day
    pair('page', '6h', '30m', 7), // 100 % within 4 days
    pair('ticket', '1d', '2h', 2), // 100 % within 2 weeks
    pair('ticket', '4d', '6h', 1), // 100 % within the 4-week window
  ],
};

/** Every table by name, for config lookups. */
export const BURN_TABLES: Readonly<Record<BurnTable['name'], BurnTable>> = {
  workbook: WORKBOOK_TABLE,
  pyrra: PYRRA_TABLE,
};

/**
 * The table an SLO is judged by: Pyrra's for SLOs defined as Pyrra objects (so the dashboard
 * agrees with the alerts Pyrra generated), the Workbook's for everything else (Sloth uses it too).
 */
export function burnTableFor(source: SloSource): BurnTable {
  return source === 'pyrra' ? PYRRA_TABLE : WORKBOOK_TABLE;
}

/** The distinct windows a table reads, in table order (long before short), for building queries. */
export function tableWindows(table: BurnTable): TableWindow[] {
  const out: TableWindow[] = [];
  for (const p of table.pairs) {
    if (!out.includes(p.long)) out.push(p.long);
    if (!out.includes(p.short)) out.push(p.short);
  }
  return out;
}
