/** The SLO pane: burn rates of every SLO of the context, read from its Prometheus. */
import {sanitize} from '../../domain/sanitize.ts';
import {sloDetails} from '../rows/detail-lines.ts';
import type {PaneView} from './pane-view.ts';
import {singleSourceHealth} from './single-source.ts';

const STATUSES = [
  ['page', 'page'],
  ['ticket', 'ticket'],
  ['ok', 'ok'],
  ['no-data', 'no data'],
  ['unknown', 'unknown'],
] as const;

/**
 * Why a context with a Prometheus shows no SLO: none defined, or its SLO files did not load
 * (named, so "no SLOs defined" never hides a typo in one; `oncall config validate` says why).
 */
export function noSlosReason(failed: ReadonlyArray<{file: string}>): string {
  if (failed.length === 0) return 'no SLOs defined (slos: or sloFiles: in the config)';
  const names = [...new Set(failed.map((e) => sanitize(e.file.split('/').pop() ?? e.file)))];
  return `⚠ no SLOs loaded: SLO file${names.length === 1 ? '' : 's'} ${names.join(', ')} failed to load (oncall config validate)`;
}

/** The SLO pane. */
export const sloPane: PaneView = {
  id: 'slos',
  empty: 'no SLOs',
  noun: 'SLOs',
  idle: (services) => (services.sloReader === null ? 'no Prometheus in this context' : services.slos.length === 0 ? noSlosReason(services.sloFileErrors ?? []) : null),
  // A source asked for nothing (no SLOs defined) has no health to show for that use.
  health: (services, d, live) => (services.sloReader && services.slos.length > 0 ? [singleSourceHealth(services.sloReader, d.slos, d.failures.slos, live)] : []),
  total: (built) => built.reports.size,
  summary(built) {
    const statuses = [...built.reports.values()].map((r) => r.status);
    const parts = STATUSES.map(([status, word]) => {
      const n = statuses.filter((s) => s === status).length;
      return n ? `${n} ${word}` : '';
    });
    return parts.filter(Boolean).join(' · ') || 'no SLOs';
  },
  serviceOf: (row, built) => built.reports.get(row.key)?.definition.service,
  detail(row, {built, now}) {
    const r = built.reports.get(row.key);
    return r ? {title: 'SLO details', lines: sloDetails(r, built.suspectByService.get(r.definition.service), now, built.rollbackKeys?.slos ?? null)} : null;
  },
  wide: {row: 0, share: 1},
};
