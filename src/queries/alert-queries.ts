/** Polling of alerts from every alert source of a context, deduplicated and marked with acks. */
import type {QueryObserverOptions} from '@tanstack/query-core';
import type {Alert, Silence} from '../domain/alert.ts';
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
      const alerts = dedupeAlerts(answered.map((a) => a.alerts)).map((alert) => ({...alert, ...ackAcrossSources(alert, reports, opts.ackPrefix, at)}));
      return {alerts, at, outcomes};
    },
  };
}
