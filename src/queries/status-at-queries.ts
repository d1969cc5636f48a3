/**
 * `status --at T`: the status as it was at T, through the same collection as `status` with the
 * clock set to T. SLOs are evaluated at T (Prometheus' `time=`); the alerts are those `ALERTS`
 * held at T, not Alertmanager's present ones; deploys are those started by T, a deploy that had
 * not finished by then shown as in progress.
 */
import type {QueryClient} from '@tanstack/query-core';
import type {Alert} from '../domain/alert.ts';
import type {Deploy} from '../domain/deploy.ts';
import {deployDepthReason, deployReach} from '../domain/timeline-deploys.ts';
import type {StatusDocument} from '../domain/status-document.ts';
import {withRuleRunbooks} from '../domain/rule-runbook.ts';
import {ALERT_HISTORY_SPAN_MS, noneFired} from '../domain/timeline-coverage.ts';
import {alertFingerprint} from '../sources/alert-fingerprint.ts';
import {severityOf} from '../sources/alert-fields.ts';
import {SourceFailure, type ContextServices, type HistoryReader, type SloRatioReader} from '../sources/capabilities.ts';
import {describeFailure} from './source-outcome.ts';
import {collectStatus, type PollSettings} from './status-queries.ts';

type AlertSource = ContextServices['alertSources'][number];

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
 * Before `at`, the span in which Prometheus must hold a sample for it to count as up then: its
 * own lookback for an instant query (5 minutes).
 */
const DATA_AT_SPAN_MS = 5 * 60_000;

type Count = (from: number, to: number) => Promise<{value: number; warnings: string[]}>;

/**
 * What to say when no alert was firing at `at`: nothing when the Prometheus holds `ALERTS`
 * series in the {@link ALERT_HISTORY_SPAN_MS} up to `at` (then "none" is its answer), nor when it
 * holds none there but evaluates alerting rules and held data at `at` (its rules ran and nothing
 * fired: a quiet week, as the timeline tells it, {@link noneFired}); else that it keeps no alert
 * history then, so an empty list must not read as calm. Only up to `at`: series after it are no
 * history of `at` (an instant before the oldest data it holds has them).
 */
async function historyNote(reads: {countAlertSeries?: Count; countLabelNames?: Count; countAlertingRules?: () => Promise<{value: number; warnings: string[]}>}, at: number): Promise<string[]> {
  if (!reads.countAlertSeries) return [];
  try {
    const {value, warnings} = await reads.countAlertSeries(at - ALERT_HISTORY_SPAN_MS, at);
    if (value > 0) return warnings;
    if (await rulesRanQuietly(reads, at)) return warnings;
    return [...warnings, `no alert history: no ALERTS series in the 7d up to ${new Date(at).toISOString()}, so no alerts listed is not "nothing was firing"`];
  } catch (error) {
    return [`alert history not checked (${describeFailure(error)}): no alerts listed may not mean "nothing was firing"`];
  }
}

// Whether the rules ran and nothing fired; a lookup that fails or is not offered is no proof of
// calm, so the "no alert history" warning then stays.
async function rulesRanQuietly(reads: {countLabelNames?: Count; countAlertingRules?: () => Promise<{value: number; warnings: string[]}>}, at: number): Promise<boolean> {
  if (!reads.countAlertingRules || !reads.countLabelNames) return false;
  try {
    const [rules, held] = await Promise.all([reads.countAlertingRules(), reads.countLabelNames(at - DATA_AT_SPAN_MS, at)]);
    return noneFired({context: '', source: '', from: at, to: at, read: ['alerts'], dataAtStart: held.value > 0, alertSeries: 0, alertRules: rules.value});
  } catch {
    return false;
  }
}

// The history lookups the source offers, bound to it.
function historyReads(c: Partial<HistoryReader>): Parameters<typeof historyNote>[0] {
  return {
    countAlertSeries: c.countAlertSeries?.bind(c),
    countLabelNames: c.countLabelNames?.bind(c),
    countAlertingRules: c.countAlertingRules?.bind(c),
  };
}

/**
 * The alerts with the runbook links of today's rules (`withRuleRunbooks`): `ALERTS` keeps no
 * annotations. One rules read, only when there are alerts; a read that fails leaves them without
 * and says so, since the alerts themselves are right.
 */
async function runbooksFromRules(reads: Partial<HistoryReader>, alerts: Alert[]): Promise<{alerts: Alert[]; warnings: string[]}> {
  if (alerts.length === 0 || !reads.readAlertingRules) return {alerts, warnings: []};
  try {
    const {value, warnings} = await reads.readAlertingRules();
    return {alerts: withRuleRunbooks(alerts, value), warnings};
  } catch (error) {
    return {alerts, warnings: [`runbooks of today's rules not read (${describeFailure(error)}): alerts of the past are shown without them`]};
  }
}

/**
 * An alert source that always fails, saying why the past's alerts cannot be read: stood in for
 * the history where there is none, so an empty list does not read as "nothing was firing" and
 * the outcome is unknown (exit 3), not calm.
 */
function noAlertHistory(services: ContextServices): AlertSource {
  const name = services.sloReader?.name ?? 'alert history';
  const reason = services.sloReader ? `${name} keeps no alert history` : 'no Prometheus configured: alert history unknown';
  return {name, kind: 'prometheus', capabilities: {listAlerts: async () => {
    throw new SourceFailure('unavailable', reason);
  }}};
}

/** Why an alert source other than the Prometheus is not read at an instant of the past. */
export const NOT_IN_THE_PAST = 'not read in the past';

/**
 * The context's services answering as of `at` (alerts from Prometheus' history, deploys cut at
 * `at`), for `status --at` and the dashboard's past alike. Where the context has alert sources
 * but no history of alerts can be read (no Prometheus, or one without the history reads), the
 * alerts are a failed source saying so; a context with no alert source at all has none then either.
 * The other alert sources (an incident service, Grafana, an Alertmanager) keep no history read
 * here: they are listed in `unreadAlertSources`, so the screen can say they are not read.
 */
export function servicesAt(services: ContextServices, at: number): ContextServices {
  const prom = services.sloReader;
  const readAlertsAt = prom?.capabilities.readAlertsAt;
  const deploys = services.deploySource;
  // One read of what Prometheus held at an instant, shared by the alerts and the SLOs of it (a
  // failed read is not kept: the next asks again).
  const heldAt = new Map<number, ReturnType<NonNullable<typeof readAlertsAt>>>();
  const readHeld = (t: number) => {
    let read = heldAt.get(t);
    if (read === undefined) {
      read = readAlertsAt!(t);
      heldAt.set(t, read);
      read.catch(() => heldAt.delete(t));
    }
    return read;
  };
  const history: AlertSource[] = prom && readAlertsAt
    ? [{name: prom.name, kind: 'prometheus', capabilities: {listAlerts: async () => {
        const {value, warnings, partial, heartbeat} = await readHeld(at);
        const alerts = alertsFromSeries(value, prom.name);
        // Nothing at all held at `at` by a Prometheus that scraped before: it was down (or
        // scraping nothing) then, so what fired is unknown, never "nothing was firing".
        if (alerts.length === 0 && heartbeat === false) throw new SourceFailure('unavailable', `${prom.name} held no data at ${new Date(at).toISOString()} (down, or scraping nothing): what was firing then is unknown`);
        const notes = alerts.length === 0 ? await historyNote(historyReads(prom.capabilities), at) : [];
        const lent = await runbooksFromRules(prom.capabilities, alerts);
        // Read in part (a store behind Thanos did not answer): `partial: true`, exit 3, as now.
        return {value: lent.alerts, warnings: [...warnings, ...notes, ...lent.warnings], ...(partial && partial.length > 0 ? {partial} : {})};
      }}}]
    : services.alertSources.length > 0 ? [noAlertHistory(services)] : [];
  // Every alert source but the Prometheus whose history stands in is not read at `at`: said so, not dropped.
  const unread = services.alertSources.filter((s) => s.name !== prom?.name).map((s) => ({name: s.name, kind: s.kind, reason: NOT_IN_THE_PAST}));
  return {
    ...services,
    ...(prom && readAlertsAt ? {sloReader: {...prom, capabilities: {...prom.capabilities, readRatios: ratiosHeld(prom.name, prom.capabilities.readRatios, readHeld)}}} : {}),
    alertSources: history,
    ...(unread.length > 0 ? {unreadAlertSources: unread} : {}),
    deploySource: deploys ? {...deploys, capabilities: {listDeploys: async () => {
      const {value, warnings, newest, wholeSince, hiding} = await deploys.capabilities.listDeploys();
      // What the provider says may hide a deploy still may, as of `at` too.
      const gaps = hiding === undefined ? {} : {hiding};
      // A page of the newest deploys that all started after `at`: what was deployed by then is unknown, not none.
      const depth = deployDepthReason(value, at, newest, wholeSince);
      const reach = deployReach(value, at, newest, wholeSince);
      if (depth === null || reach === null) return {value: deploysAt(value, at), warnings, ...gaps};
      // Read in part: `status` counts the deploys of what was read and exits 3, never "0 recent".
      return {value: deploysAt(value, at), warnings: [...warnings, depth], partial: [depth], ...gaps, ...(Number.isFinite(reach) ? {readSince: reach} : {})};
    }}} : null,
  };
}

/**
 * `readRatios` as of an instant Prometheus held nothing at (down, or scraping nothing, having
 * scraped before: the alerts' heartbeat): every SLO unmeasured, so `unknown`, never judged by its
 * long windows reaching the data from before the outage (`ok`, or a ticket), as the timeline's
 * status at an end inside a hole says. A heartbeat that cannot be read leaves the SLOs read as
 * they are; the alerts say that failure.
 */
function ratiosHeld(
  name: string,
  readRatios: SloRatioReader['readRatios'],
  readHeld: (t: number) => Promise<{value: unknown[]; heartbeat?: false}>,
): SloRatioReader['readRatios'] {
  return async (slos, windows, t) => {
    const held = await readHeld(t).catch(() => null);
    if (held === null || held.heartbeat !== false || held.value.length > 0) return readRatios(slos, windows, t);
    const error = `${name} held no data at ${new Date(t).toISOString()} (down, or scraping nothing)`;
    return {value: slos.map((slo) => ({slo: slo.name, at: t, ratios: [], error})), warnings: []};
  };
}

/**
 * The status document as of `at`, with `at` in it and `generatedAt` the time it was made. The alert sources not read then are in its
 * `sources` as `not-in-past` (see `collectStatus`), so its counts are never taken for all alerts.
 */
export async function collectStatusAt(client: QueryClient, services: ContextServices, settings: PollSettings, at: number): Promise<StatusDocument & {at: string}> {
  const doc = await collectStatus(client, servicesAt(services, at), {...settings, now: () => at});
  // Read as of `at`, made now: a script checking how fresh the document is reads `generatedAt`.
  return {...doc, generatedAt: new Date(settings.now()).toISOString(), at: new Date(at).toISOString()};
}
