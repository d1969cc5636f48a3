/**
 * SLO events: the multiwindow table evaluated at every step of the history, exactly as the
 * dashboard evaluates it now (`evaluateSlo`), and a status change is an event. Also the error
 * budget an SLO spent over a span, for the postmortem and the handover.
 */
import {formatBurn} from './format.ts';
import {budgetConsumed, burnRate, evaluateSlo} from './slo-math.ts';
import {parseDuration} from './duration.ts';
import type {SloDefinition, SloMeasurement, SloReport, SloStatus} from './slo.ts';
import {endHole, inHole, type DataHole} from './timeline-holes.ts';
import type {TimelineEvent, TimelineEventKind} from './timeline.ts';

/** The measurements of every SLO at one instant of the history. */
export interface SloStep {
  at: number;
  measurements: readonly SloMeasurement[];
}

const KIND: Readonly<Record<SloStatus, TimelineEventKind>> = {page: 'slo-page', ticket: 'slo-ticket', ok: 'slo-ok', 'no-data': 'slo-no-data', unknown: 'slo-unknown'};

// A measured status as the state an SLO was in when its data stopped.
const WAS: Readonly<Partial<Record<SloStatus, string>>> = {page: 'paging', ticket: 'ticketing', ok: 'ok'};

/** One SLO evaluated from one measurement, by the one verdict the dashboard uses. */
export function reportAt(slo: SloDefinition, measurement: SloMeasurement | undefined, at: number): SloReport {
  return evaluateSlo(slo, measurement ?? {slo: slo.name, at, ratios: []});
}

function describe(report: SloReport): string {
  const name = report.definition.name;
  switch (report.status) {
    case 'page':
    case 'ticket': {
      const [long] = (report.trippedBy ?? '').split('&');
      const burn = long ? (report.burnRates[long as keyof SloReport['burnRates']] ?? report.extraBurnRates?.[long] ?? null) : null;
      return `${name} ${report.status === 'page' ? 'pages' : 'tickets'} by ${report.trippedBy ?? '?'} (${long ?? ''} burn ${formatBurn(burn)})`;
    }
    case 'ok':
      return `${name} ok`;
    case 'no-data':
      return `${name} has no data`;
    case 'unknown':
      return `${name} could not be measured${report.error ? `: ${report.error}` : ''}`;
  }
}

/**
 * The status changes of every SLO over the steps. A page or ticket already held at the first
 * step is reported there as `ongoing`; an SLO that starts ok or without data says nothing until
 * it changes. Steps inside `holes` (`timeline-holes.ts`) have no status: nothing changes there,
 * and the first step with data after a hole at the start is where the history begins, not the
 * range, so a page there is not `ongoing`: when it began is unknown, not "before the range".
 * An SLO measured when the data stops for good (a hole at the end) is `slo-unknown` at the
 * hole's start, even when no SLO step falls in the hole: a page ends its count there, and the
 * SLO is not measured since then.
 */
export function sloEvents(slos: readonly SloDefinition[], steps: readonly SloStep[], where: {context: string; source: string; holes?: readonly DataHole[]}): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const holes = where.holes ?? [];
  const unknown = steps.map((s) => holes.some((h) => inHole(s.at, h)));
  const stopped = endHole(holes);
  for (const slo of slos) {
    let previous: SloStatus | null = null;
    let told = false;
    steps.forEach((step, i) => {
      if (unknown[i]) {
        const was = previous === null ? undefined : WAS[previous];
        // Once, dated where the data stopped (a step the SLO grid, coarser, may not hold).
        if (stopped && step.at >= stopped.from && !told) {
          told = true;
          if (was !== undefined) events.push(stoppedEvent(slo, was, stopped.from, where));
        }
        return;
      }
      const report = reportAt(slo, step.measurements.find((m) => m.slo === slo.name), step.at);
      if (report.status === previous) return;
      // The first status read says nothing when calm; held at the grid's first step, it is ongoing.
      const first = previous === null;
      const ongoing = i === 0;
      previous = report.status;
      if (first && (report.status === 'ok' || report.status === 'no-data')) return;
      events.push({
        at: step.at,
        kind: KIND[report.status],
        context: where.context,
        service: slo.service,
        text: describe(report),
        source: where.source,
        subject: {slo: slo.name, ...(report.trippedBy ? {trippedBy: report.trippedBy} : {})},
        ...(ongoing ? {ongoing: true} : {}),
      });
    });
    // An end hole shorter than one SLO step (the alert grid, finer, reaching past the data) holds
    // no SLO step: the SLO is unknown from where the data stopped all the same.
    const was = previous === null ? undefined : WAS[previous];
    if (stopped && !told && was !== undefined) events.push(stoppedEvent(slo, was, stopped.from, where));
  }
  return events;
}

function stoppedEvent(slo: SloDefinition, was: string, at: number, where: {context: string; source: string}): TimelineEvent {
  return {at, kind: 'slo-unknown', context: where.context, service: slo.service, text: `${slo.name} was ${was} when the data stopped: status unknown`, source: where.source, subject: {slo: slo.name}};
}

/**
 * The status of every SLO at the last step: which are still burning. A hole at the end (`holes`)
 * leaves every SLO unknown, even one shorter than an SLO step: its long windows still reach the data before
 * the outage, and would tell an SLO as burning at an instant Prometheus held nothing.
 */
export function sloStatusAtEnd(slos: readonly SloDefinition[], steps: readonly SloStep[], holes: readonly DataHole[] = []): SloReport[] {
  const last = steps.at(-1);
  const stopped = endHole(holes);
  // Decided on the hole, not on the last step: the SLO grid, coarser, may end before the hole begins.
  if (stopped) {
    const at = last?.at ?? stopped.from;
    const error = `no data held since ${new Date(stopped.from).toISOString()}`;
    return slos.map((slo) => reportAt(slo, {slo: slo.name, at, ratios: [], error}, at));
  }
  return slos.map((slo) => reportAt(slo, last?.measurements.find((m) => m.slo === slo.name), last?.at ?? 0));
}

/**
 * The fraction of an SLO's error budget (over its whole period) spent in a span: the span's error
 * ratio ÷ budget × span ÷ period. 0.25 = a quarter of the month's budget. `null` = no data.
 */
export function budgetSpent(slo: SloDefinition, spanRatio: number | null, spanMs: number): number | null {
  const burn = burnRate(spanRatio, slo.objective);
  const period = parseDuration(slo.window);
  if (burn === null || period === null || spanMs <= 0) return null;
  return budgetConsumed(burn, spanMs, period);
}

/**
 * What of each SLO's history could not be read, one line per SLO and reason: the windows whose
 * range request failed or refused its query (over every step), or why it could not be measured at
 * all. Each is a missing part of the timeline: its burn lines there are unknown, not calm.
 */
export function unreadSloHistory(steps: readonly SloStep[]): string[] {
  const bySlo = new Map<string, {error?: string; windows: Map<string, string[]>}>();
  for (const step of steps) {
    for (const m of step.measurements) {
      const entry = bySlo.get(m.slo) ?? {windows: new Map<string, string[]>()};
      if (m.error !== undefined) entry.error ??= m.error;
      for (const r of m.ratios) {
        if (r.unread === undefined) continue;
        const ws = entry.windows.get(r.unread) ?? [];
        if (!ws.includes(r.window)) ws.push(r.window);
        entry.windows.set(r.unread, ws);
      }
      bySlo.set(m.slo, entry);
    }
  }
  return [...bySlo].flatMap(([slo, {error, windows}]) => {
    if (error !== undefined) return [`SLO ${slo} could not be read: ${error}`];
    return [...windows].map(([why, ws]) => `SLO ${slo}: the ${ws.join(', ')} window${ws.length === 1 ? '' : 's'} could not be read (${why}); its status is unknown wherever ${ws.length === 1 ? 'it' : 'they'} could change it`);
  });
}
