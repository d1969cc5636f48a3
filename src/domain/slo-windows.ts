/**
 * Which windows each SLO is measured over: the Workbook's seven (the SLO table's columns) and its
 * period for every SLO, plus any other window its burn table's pairs read (Pyrra's `4d`, or its
 * scaled windows for another period). A refresh reads each window once for the whole fleet, and
 * a window beyond the seven only for the SLOs that need it: a fleet without such an SLO pays
 * nothing for it.
 */
import {extraWindows} from './burn-table.ts';
import {parseDuration} from './duration.ts';
import {burnTableForSlo} from './recorded-rules.ts';
import {BURN_WINDOWS, type RatioWindow, type SloDefinition} from './slo.ts';

const WORKBOOK: readonly string[] = BURN_WINDOWS;

/** Whether an SLO is read over `window`: always for the seven and the period, else only when its table names it. */
export function readsWindow(slo: SloDefinition, window: RatioWindow): boolean {
  return window === 'period' || WORKBOOK.includes(window) || extraWindows(burnTableForSlo(slo)).includes(window);
}

/**
 * The windows one refresh reads for a fleet: the seven, the period, then every extra window any
 * SLO's table needs, each once, shortest first.
 */
export function fleetWindows(slos: readonly SloDefinition[]): RatioWindow[] {
  const extra = [...new Set(slos.flatMap((slo) => extraWindows(burnTableForSlo(slo))))];
  extra.sort((a, b) => (parseDuration(a) ?? 0) - (parseDuration(b) ?? 0));
  return [...BURN_WINDOWS, 'period', ...extra];
}
