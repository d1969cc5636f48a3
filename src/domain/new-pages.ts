/**
 * What is paging now, and what started paging since the last look: an SLO whose status is
 * `page`, or a critical alert that fires unacked (its state `firing`, not suppressed; no ack). The
 * dashboard rings the terminal bell once per refresh that brings a new one, never on the first
 * data after start (what already paged then is not news), never again while it keeps paging.
 */
import type {Alert} from './alert.ts';
import type {SloReport} from './slo.ts';

/** The pages seen so far, per kind; `null` until that kind's first data (its baseline). */
export interface PageMemory {
  slos: ReadonlySet<string> | null;
  alerts: ReadonlySet<string> | null;
}

/** Nothing seen yet: the first data of each kind is the baseline. */
export const NO_PAGES: PageMemory = {slos: null, alerts: null};

/** The SLOs that page now, by name. */
export function pagingSlos(reports: readonly SloReport[]): Set<string> {
  return new Set(reports.filter((r) => r.status === 'page').map((r) => r.definition.name));
}

/**
 * The critical alerts firing unacked now, by fingerprint. `state` alone says whether an alert is
 * suppressed: merged over several Alertmanagers, `silencedBy`/`inhibitedBy` are the union of
 * every peer's, while `state` is `firing` as long as one peer still notifies (silenced on one,
 * firing on another, it pages).
 */
export function pagingAlerts(alerts: readonly Alert[]): Map<string, Alert> {
  return new Map(alerts.filter((a) => a.severity === 'critical' && a.state === 'firing' && a.ack === null).map((a) => [a.fingerprint, a]));
}

/** The result of one look: the names of what newly pages (SLO names, alert names) and the memory to keep. */
export interface PageCheck {
  fresh: string[];
  memory: PageMemory;
}

/**
 * Compares what pages now with `memory`. `slos`/`alerts` are `null` when that kind has no data
 * yet (its memory is kept as is). A kind's first data only sets its baseline.
 */
export function checkPages(memory: PageMemory, now: {slos: readonly SloReport[] | null; alerts: readonly Alert[] | null}): PageCheck {
  const fresh: string[] = [];
  let {slos, alerts} = memory;
  if (now.slos !== null) {
    const paging = pagingSlos(now.slos);
    if (slos !== null) for (const name of paging) if (!slos.has(name)) fresh.push(name);
    slos = paging;
  }
  if (now.alerts !== null) {
    const paging = pagingAlerts(now.alerts);
    const before = alerts;
    if (before !== null) for (const page of pagesOf(paging.values())) if (!page.members.some((fp) => before.has(fp))) fresh.push(page.name);
    alerts = new Set(paging.keys());
  }
  return {fresh, memory: {slos, alerts}};
}

/** One page as a person is paged: an incident with the alerts that paged it, or a lone alert. */
interface Page {
  name: string;
  members: string[];
}

/**
 * The paging alerts as pages: an incident row (PagerDuty) and the Alertmanager alerts linked to
 * it are one page, named after the first such alert (what fired, rather than the incident's
 * title). Counted by alert they rang twice for one incident, and again when the incident was
 * first read a poll after its alert: a page is new only when none of its members paged before.
 */
function pagesOf(paging: Iterable<Alert>): Page[] {
  const pages = new Map<string, Page & {named: boolean}>();
  for (const alert of paging) {
    const key = alert.incident ? `incident\u0000${alert.incident.source}\u0000${alert.incident.id}` : `alert\u0000${alert.fingerprint}`;
    const page = pages.get(key);
    const own = alert.source === undefined;
    if (page === undefined) pages.set(key, {name: alert.name, members: [alert.fingerprint], named: own});
    else {
      page.members.push(alert.fingerprint);
      if (!page.named && own) {
        page.name = alert.name;
        page.named = true;
      }
    }
  }
  return [...pages.values()];
}
