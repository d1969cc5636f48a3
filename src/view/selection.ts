/** The selected row as `SelectionInfo`: what an action targets, captured at key press. */
import type {Pane} from '../actions/action-ids.ts';
import type {SelectionInfo} from '../actions/keymap.ts';
import {deployNotLiveWarning, liveDeploy, planRollback, runsSuspect, suspectNotLiveReason} from '../domain/rollback-plan.ts';
import {runbookPathOf} from '../domain/runbook-file.ts';
import {groupRunbook} from '../domain/runbook-group.ts';
import {runbookUrlOf} from '../domain/runbook.ts';
import {sanitize} from '../domain/sanitize.ts';
import type {DashboardTables} from './hooks/use-dashboard-tables.ts';
import {PANE_VIEWS} from './panes/pane-registry.ts';

/** Where the selection is taken: the context and rollback provider names, and the time of the key press. */
export interface SelectionContext {
  context: string;
  provider: string;
  now: number;
  runbookTemplate?: string;
  /** Each alert's latest ack or unack of this dashboard: an ack still missing somewhere is not done. */
  ackStates?: ReadonlyMap<string, {action: 'ack' | 'unack'; status: string}>;
}

/**
 * The rollback of the suspect deploy of `service` (`suspectByService`: the one its rows show), so
 * `R` on a burning SLO or a firing alert rolls back what probably caused it, with the same preview
 * and confirmation. Only while that suspect is what runs (a re-sync or redeploy of its version
 * since counts as it): after a hotfix or a rollback since, `R` says what is live instead.
 */
function suspectRollback(service: string | undefined, built: DashboardTables, where: SelectionContext): Pick<SelectionInfo, 'rollbackPlan' | 'confirmText' | 'rollbackRefusal'> {
  if (!service) return {};
  const suspect = built.suspectByService.get(service);
  if (!suspect) return {};
  const live = liveDeploy(built.deploys, suspect.service, suspect.environment, where.now);
  const superseded = suspectNotLiveReason(suspect, live, where.now, built.deploys);
  if (superseded !== null) return {rollbackRefusal: sanitize(superseded)};
  // A re-sync or redeploy of the suspect's own version since is what runs and what the rollback
  // replaces: plan from it, as the Deploys pane and `oncall rollback` would.
  const from = live !== null && runsSuspect(suspect, live, built.deploys) ? live : suspect;
  const planned = planRollback(from, built.deploys, {context: where.context, pressedAt: where.now, provider: where.provider});
  // No target: `R` says why, beside the row's `⚑`, rather than that the row has no suspect.
  return planned.ok ? {rollbackPlan: planned.plan, confirmText: sanitize(service)} : {rollbackRefusal: sanitize(planned.reason)};
}

function unfinished(state: {action: 'ack' | 'unack'; status: string} | undefined): boolean {
  return state?.action === 'ack' && state.status !== 'done';
}

/** Describes row `index` of the focused pane, or null when the pane is empty; with the service the row is about (for `t`). */
export function selectionInfo(pane: Pane, built: DashboardTables, index: number, where: SelectionContext): SelectionInfo | null {
  const found = rowSelection(pane, built, index, where);
  const row = built.tables[pane].rows[index];
  if (!found || !row) return found;
  // Its key: what an action captured earlier (`:ack`) checks is still listed before acting.
  const info = {...found, rowKey: row.key};
  const service = PANE_VIEWS[pane].serviceOf?.(row, built);
  return service ? {...info, service} : info;
}

function rowSelection(pane: Pane, built: DashboardTables, index: number, where: SelectionContext): SelectionInfo | null {
  const row = built.tables[pane].rows[index];
  if (!row) return null;
  if (pane === 'slos') {
    const report = built.reports.get(row.key);
    return report ? {kind: 'slo', id: row.key, label: sanitize(report.definition.name), ...suspectRollback(report.definition.service, built, where)} : null;
  }
  if (pane === 'alerts') {
    const alert = row.id === undefined ? undefined : built.alerts.get(`a:${row.id}`);
    if (!alert) {
      if (!row.group) return null;
      // A group header: actions on it act on every alert of the group (the row says which).
      const groupFingerprints = [...row.group.ids];
      const members = groupFingerprints.flatMap((f) => built.alerts.get(`a:${f}`) ?? []);
      const service = members[0]?.labels['service'];
      // `o`/`y` on the header act on the group's runbook: where the cursor lands after `2`.
      const rb = groupRunbook(members, where.runbookTemplate);
      const runbook = rb ? {fingerprint: rb.alert.fingerprint, how: rb.how, name: sanitize(rb.alert.name)} : undefined;
      const hasLink = rb !== null && runbookUrlOf(rb.alert, where.runbookTemplate) !== null;
      // `u` on the header expires the user's acks of its alerts: there is something to unack when any is acked.
      const hasAck = members.some((a) => a.ack !== null || Boolean(a.partialAck));
      return {kind: 'alert', id: row.key, label: row.group.label || 'group', groupFingerprints, acked: false, hasAck, hasRunbook: rb !== null, hasLink, ...(runbook ? {runbook} : {}), ...suspectRollback(service, built, where)};
    }
    const hasRunbook = runbookUrlOf(alert, where.runbookTemplate) !== null || runbookPathOf(alert, where.runbookTemplate) !== null;
    return {
      kind: 'alert',
      id: alert.fingerprint,
      label: sanitize(alert.name),
      // Acked only when it holds everywhere: `a` on a partial or still-retrying ack finishes it.
      acked: alert.ack !== null && !unfinished(where.ackStates?.get(alert.fingerprint)),
      hasAck: alert.ack !== null || Boolean(alert.partialAck) || unfinished(where.ackStates?.get(alert.fingerprint)),
      ...(alert.ackUnknown && alert.ackUnknown.length > 0 ? {ackUnknown: alert.ackUnknown.map((name) => sanitize(name))} : {}),
      ...(alert.source !== undefined && alert.incident ? {incident: true} : {}),
      // A local Markdown runbook (a file-path template) counts as much as a web link.
      hasRunbook,
      ...(hasRunbook ? {runbook: {fingerprint: alert.fingerprint, how: 'alert' as const, name: sanitize(alert.name)}} : {}),
      hasLink: alert.generatorUrl !== null || runbookUrlOf(alert, where.runbookTemplate) !== null,
      ...suspectRollback(alert.labels['service'], built, where),
    };
  }
  if (pane !== 'deploys') {
    // A self-contained pane's row (a panel …): what it shows is its entry's business.
    const label = PANE_VIEWS[pane].label?.(row, built);
    return label === undefined ? null : {kind: 'row', id: row.key, label};
  }
  const deploy = built.deploys.find((d) => d.id === row.key);
  if (!deploy) return null;
  const planned = planRollback(deploy, built.deploys, {context: where.context, pressedAt: where.now, provider: where.provider});
  // A row that is not what runs plans "from" a version that does not run: its preview names the
  // live one, which confirming replaces (the row stays the place to roll any deploy back).
  const live = liveDeploy(built.deploys, deploy.service, deploy.environment, where.now);
  const notLive = planned.ok ? deployNotLiveWarning(deploy, live, planned.target, where.now, built.deploys) : null;
  return {
    kind: 'deploy',
    id: deploy.id,
    label: sanitize(`${deploy.service} ${deploy.version}`),
    hasLink: deploy.url !== null,
    canRollback: planned.ok,
    confirmText: sanitize(deploy.service),
    ...(planned.ok ? {rollbackPlan: planned.plan} : {}),
    ...(notLive === null ? {} : {rollbackWarnings: [sanitize(notLive)]}),
  };
}
