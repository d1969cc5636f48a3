/** Polling of alerts from every alert source of a context, deduplicated and marked with acks. */
import type {QueryObserverOptions} from '@tanstack/query-core';
import type {Ack, Alert, PartialAck, Silence} from '../domain/alert.ts';
import {ackAcrossSources, type SilenceReport} from '../domain/alert-ack.ts';
import {dedupeAlerts} from '../domain/alert-dedupe.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import {alignedInterval} from './query-client.ts';
import {AllSourcesFailed, describeFailure, type SourceOutcome} from './source-outcome.ts';

/** What the alert pane shows: deduplicated alerts and what each source answered. */
export interface AlertSnapshot {
  alerts: Alert[];
  at: number;
  outcomes: SourceOutcome[];
}

/** Query key of a context's alerts; invalidate it after an ack or unack. */
export const alertKey = (context: string) => ['alerts', context] as const;

/**
 * Options to poll every alert source in parallel. One source failing does not hide the others'
 * alerts: the snapshot carries per-source outcomes, and only when all fail does the query fail.
 */
export function alertQueryOptions(
  services: ContextServices,
  opts: {intervalMs: number | false; now: () => number; ackPrefix: string},
): QueryObserverOptions<AlertSnapshot, Error, AlertSnapshot, AlertSnapshot, ReturnType<typeof alertKey>> {
  return {
    queryKey: alertKey(services.context),
    enabled: services.alertSources.length > 0,
    refetchInterval: alignedInterval(opts.intervalMs, opts.now),
    queryFn: async () => {
      const at = opts.now();
      const settled = await Promise.allSettled(
        services.alertSources.map(async (source) => {
          const [alerts, silences] = await Promise.all([
            source.capabilities.listAlerts(),
            source.capabilities.listSilences?.() ?? Promise.resolve({value: [] as Silence[], warnings: []}),
          ]);
          return {source, alerts: alerts.value, silences: silences.value, warnings: [...alerts.warnings, ...silences.warnings]};
        }),
      );
      const outcomes: SourceOutcome[] = settled.map((r, i) => {
        const source = services.alertSources[i]!;
        return r.status === 'fulfilled'
          ? {name: source.name, kind: source.kind, ok: true, error: null, warnings: r.value.warnings}
          : {name: source.name, kind: source.kind, ok: false, error: describeFailure(r.reason), warnings: []};
      });
      const answered = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      if (answered.length === 0) throw new AllSourcesFailed(outcomes);
      // Acks are judged per Alertmanager: one that reports the alert unsilenced still notifies.
      const reports: SilenceReport[] = answered
        .filter((a) => typeof a.source.capabilities.listSilences === 'function')
        .map((a) => ({source: a.source.name, alerts: new Map(a.alerts.map((x) => [x.fingerprint, x])), silences: a.silences}));
      const alerts = dedupeAlerts(answered.map((a) => a.alerts)).map((alert) => withAck(alert, ackAcrossSources(alert, reports, opts.ackPrefix, at)));
      return {alerts, at, outcomes};
    },
    // query-core's default sharing compares the new data with the old deeply: 10,000 alerts
    // walked on the main thread every poll. The sources already keep every unchanged alert as
    // the identical object; only the list is kept when nothing in it changed.
    structuralSharing: (old, next) => shareAlerts(old as AlertSnapshot | undefined, next as AlertSnapshot),
    // Only the context on screen is polled: another's alerts need not outlive a context switch.
    gcTime: ALERTS_GC_MS,
  };
}

/** How long the alerts of a context no longer observed (after `:ctx`) are kept. */
export const ALERTS_GC_MS = 5 * 60_000;

// The acked copy made for an alert object, so that an acked alert that did not change stays
// the identical object too. Weak: a copy goes with its alert.
const ackedCopies = new WeakMap<Alert, Alert>();

function sameAck(a: Ack | null, b: Ack | null): boolean {
  return a === b || (a !== null && b !== null && a.by === b.by && a.until === b.until && a.silenceId === b.silenceId && a.comment === b.comment);
}

// A partial ack is rare (an ack sent to some peers only): compared as data.
function samePartial(a: PartialAck | null, b: PartialAck | null): boolean {
  return a === b || (a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));
}

type AckState = {ack: Ack | null; partialAck: PartialAck | null};
// An alert straight from a source has no `partialAck` yet: it gets its copy (made once, then kept).
const sameState = (alert: Alert, s: AckState) => alert.partialAck !== undefined && sameAck(alert.ack, s.ack) && samePartial(alert.partialAck, s.partialAck);

function withAck(alert: Alert, state: AckState): Alert {
  if (sameState(alert, state)) return alert;
  const copy = ackedCopies.get(alert);
  if (copy !== undefined && sameState(copy, state)) return copy;
  const made = {...alert, ...state};
  ackedCopies.set(alert, made);
  return made;
}

/** `next`, with the previous alert list itself when it holds the same alert objects in the same order. */
export function shareAlerts(old: AlertSnapshot | undefined, next: AlertSnapshot): AlertSnapshot {
  if (old === undefined || old.alerts === next.alerts || old.alerts.length !== next.alerts.length) return next;
  for (let i = 0; i < next.alerts.length; i++) if (old.alerts[i] !== next.alerts[i]) return next;
  return {...next, alerts: old.alerts};
}
