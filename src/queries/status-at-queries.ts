/**
 * `status --at T`: the status as it was at T, through the same collection as `status` with the
 * clock set to T. SLOs are evaluated at T (Prometheus' `time=`); the alerts are those `ALERTS`
 * held at T, not Alertmanager's present ones; deploys are those started by T, a deploy that had
 * not finished by then shown as in progress.
 */
import type {QueryClient} from '@tanstack/query-core';
import type {Alert} from '../domain/alert.ts';
import type {Deploy} from '../domain/deploy.ts';
import type {StatusDocument} from '../domain/status-document.ts';
import {ALERT_HISTORY_SPAN_MS} from '../domain/timeline-coverage.ts';
import {alertFingerprint} from '../sources/alert-fingerprint.ts';
import {severityOf} from '../sources/alert-fields.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import {describeFailure} from './source-outcome.ts';
import {collectStatus, type PollSettings} from './status-queries.ts';

/**
 * Alerts from the `ALERTS` samples at one instant: firing wins when both states are there. An
 * alert starts when its series says it became active (`activeAt`), else its start is unknown:
 * its age is then `?`, never counted from the instant shown.
 */
export function alertsFromSeries(series: ReadonlyArray<{labels: Readonly<Record<string, string>>; points: ReadonlyArray<{value: number}>; activeAt?: number}>, source: string): Alert[] {
  const byIdentity = new Map<string, Alert>();
  for (const s of series) {
    const state = s.labels['alertstate'];
    if ((state !== 'firing' && state !== 'pending') || !s.points.some((p) => p.value > 0)) continue;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.labels)) if (k !== '__name__' && k !== 'alertstate') labels[k] = v;
    const fingerprint = alertFingerprint(labels);
    if (byIdentity.get(fingerprint)?.state === 'firing') continue;
    byIdentity.set(fingerprint, {fingerprint, name: labels['alertname'] ?? '', severity: severityOf(labels), state, labels, annotations: {}, startsAt: s.activeAt ?? null, generatorUrl: null, silencedBy: [], inhibitedBy: [], seenBy: [source], ack: null});
  }
  return [...byIdentity.values()];
}

/** Deploys as they stood at `at`: started by then, unfinished ones in progress. */
export function deploysAt(deploys: readonly Deploy[], at: number): Deploy[] {
  return deploys.filter((d) => d.startedAt <= at).map((d) => (d.finishedAt !== undefined && d.finishedAt > at ? {...d, status: 'in_progress', finishedAt: undefined} : d));
}

export {ALERT_HISTORY_SPAN_MS};

/**
 * What to say when no alert was firing at `at`: nothing when the Prometheus holds `ALERTS`
 * series in the {@link ALERT_HISTORY_SPAN_MS} up to `at` (then "none" is its answer), else that
 * it keeps no alert history then, so an empty list must not read as calm. Only up to `at`:
 * series after it are no history of `at` (an instant before the oldest data it holds has them).
 */
async function historyNote(count: ((from: number, to: number) => Promise<{value: number; warnings: string[]}>) | undefined, at: number): Promise<string[]> {
  if (!count) return [];
  try {
    const {value, warnings} = await count(at - ALERT_HISTORY_SPAN_MS, at);
    return value > 0 ? warnings : [...warnings, `no alert history: no ALERTS series in the 7d up to ${new Date(at).toISOString()}, so no alerts listed is not "nothing was firing"`];
  } catch (error) {
    return [`alert history not checked (${describeFailure(error)}): no alerts listed may not mean "nothing was firing"`];
  }
}

/** The context's services answering as of `at` (alerts from Prometheus' history, deploys cut at `at`). */
export function servicesAt(services: ContextServices, at: number): ContextServices {
  const prom = services.sloReader;
  const readAlertsAt = prom?.capabilities.readAlertsAt;
  const deploys = services.deploySource;
  return {
    ...services,
    alertSources:
      prom && readAlertsAt
        ? [{name: prom.name, kind: 'prometheus', capabilities: {listAlerts: async () => {
            const {value, warnings} = await readAlertsAt(at);
            const alerts = alertsFromSeries(value, prom.name);
            const notes = alerts.length === 0 ? await historyNote(prom.capabilities.countAlertSeries?.bind(prom.capabilities), at) : [];
            return {value: alerts, warnings: [...warnings, ...notes]};
          }}}]
        : [],
    deploySource: deploys ? {...deploys, capabilities: {listDeploys: async () => {
      const {value, warnings} = await deploys.capabilities.listDeploys();
      return {value: deploysAt(value, at), warnings};
    }}} : null,
  };
}

/** The status document as of `at`, with `at` in it. */
export async function collectStatusAt(client: QueryClient, services: ContextServices, settings: PollSettings, at: number): Promise<StatusDocument & {at: string}> {
  const doc = await collectStatus(client, servicesAt(services, at), {...settings, now: () => at});
  return {...doc, at: new Date(at).toISOString()};
}
