/**
 * One-shot collection for `oncall status`: the same query options as the dashboard, fetched once
 * through the same client, so scripts and the screen agree on every number.
 */
import type {QueryClient} from '@tanstack/query-core';
import {mergeSourceHealth, type SourceHealth} from '../domain/health.ts';
import {evaluateSlo} from '../domain/slo-math.ts';
import {buildStatusDocument, type StatusDocument} from '../domain/status-document.ts';
import type {ContextServices} from '../sources/capabilities.ts';
import {alertQueryOptions} from './alert-queries.ts';
import {deployQueryOptions} from './deploy-queries.ts';
import {sloHistoryQueryOptions, sloQueryOptions} from './slo-queries.ts';
import {AllSourcesFailed, describeFailure, failedHealth, readHealth, toHealth, unreadHealth} from './source-outcome.ts';

/** Settings shared by the dashboard and the one-shot commands. */
export interface PollSettings {
  now: () => number;
  ackPrefix: string;
  suspectWindowMs: number;
  runbookTemplate?: string;
}

async function settle<T>(enabled: boolean | undefined, run: () => Promise<T>): Promise<PromiseSettledResult<T> | null> {
  if (enabled === false) return null;
  try {
    return {status: 'fulfilled', value: await run()};
  } catch (reason) {
    return {status: 'rejected', reason};
  }
}

/** Fetches SLOs, history, alerts and deploys once, in parallel, and builds the status document. */
export async function collectStatus(client: QueryClient, services: ContextServices, settings: PollSettings): Promise<StatusDocument> {
  const once = {intervalMs: false as const, now: settings.now};
  const sloOpts = sloQueryOptions(services, once);
  const historyOpts = sloHistoryQueryOptions(services, once);
  const alertOpts = alertQueryOptions(services, {...once, ackPrefix: settings.ackPrefix, once: true});
  const deployOpts = deployQueryOptions(services, once);
  const [slos, history, alerts, deploys] = await Promise.all([
    settle(sloOpts.enabled as boolean, () => client.fetchQuery(sloOpts)),
    settle(historyOpts.enabled as boolean, () => client.fetchQuery(historyOpts)),
    settle(alertOpts.enabled as boolean, () => client.fetchQuery(alertOpts)),
    settle(deployOpts.enabled as boolean, () => client.fetchQuery(deployOpts)),
  ]);
  const now = settings.now();
  const sources: SourceHealth[] = [];
  // Not asked (no SLOs defined) is neither ok nor failed: the same source may still answer for alerts.
  if (services.sloReader && slos !== null) {
    sources.push(slos.status === 'fulfilled' ? toHealth(slos.value.outcome, slos.value.at) : failedHealth(services.sloReader, slos.reason, null));
  }
  if (alerts?.status === 'fulfilled') sources.push(...readHealth(alerts.value.outcomes, alerts.value.at));
  else if (alerts?.status === 'rejected') {
    const reason = alerts.reason;
    sources.push(...(reason instanceof AllSourcesFailed ? readHealth(reason.outcomes, null) : services.alertSources.map((s) => failedHealth(s, reason, null))));
  }
  if (services.deploySource) {
    const s = services.deploySource;
    // Skipped entries are read in part already (deployQueryOptions): exit 3, as `oncall deploys`.
    sources.push(deploys?.status === 'fulfilled' ? toHealth(deploys.value.outcome, deploys.value.at) : failedHealth(s, deploys?.status === 'rejected' ? deploys.reason : 'not fetched', null));
  }
  const historyByName = history?.status === 'fulfilled' ? history.value : {};
  // A failed read still lists every SLO, as unknown with the source's failure: a script must see
  // that it could not tell, and not take it for an SLO with no traffic (`no-data`).
  const unread = slos?.status === 'rejected' ? `${services.sloReader?.name ?? 'SLO source'}: ${describeFailure(slos.reason)}` : 'no SLO source configured';
  const reports =
    slos?.status === 'fulfilled'
      ? slos.value.reports.map((r) => ({...r, history: historyByName[r.definition.name]}))
      : services.slos.map((slo) => evaluateSlo(slo, {slo: slo.name, at: now, ratios: [], error: unread}));
  // Alert sources not read here (the past's, `servicesAt`) are listed as such, after the ones
  // asked: left out, the alerts counted would read as all of the context's.
  const unreadAlerts = services.unreadAlertSources ?? [];
  return buildStatusDocument({
    context: services.context,
    now,
    sources: [...mergeSourceHealth(sources), ...unreadAlerts.map(unreadHealth)],
    slos: reports,
    alerts: alerts?.status === 'fulfilled' ? alerts.value.alerts : [],
    deploys: deploys?.status === 'fulfilled' ? deploys.value.deploys : [],
    suspectWindowMs: settings.suspectWindowMs,
    runbookTemplate: settings.runbookTemplate,
    environment: services.environment,
    alertSources: [...services.alertSources, ...unreadAlerts].map((s) => s.name),
    slosReadInPart: slos?.status === 'fulfilled' && (slos.value.outcome.partial?.length ?? 0) > 0,
    sloFileErrors: services.sloFileErrors ?? [],
  });
}

/**
 * {@link collectStatus} for every context of a selection, all at once (the HTTP clients' shared
 * gate bounds the requests), read at one instant so the documents can be merged.
 * @returns one document per context, in the order given
 */
export async function collectStatusSet(client: QueryClient, members: ReadonlyArray<{services: ContextServices; settings: PollSettings}>): Promise<StatusDocument[]> {
  const at = members[0]?.settings.now() ?? 0;
  return Promise.all(members.map((m) => collectStatus(client, m.services, {...m.settings, now: () => at})));
}
