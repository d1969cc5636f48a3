/**
 * Runs the actions on a selected row (ack, group ack, unack, runbook, copy, rollback) that the
 * reducer queued as effects, with the target captured when the key was pressed. Answers go to
 * the footer; an ack that would silence more than the selection asks first.
 */
import type {QueryClient} from '@tanstack/query-core';
import {useCallback, useState} from 'react';
import type {ActionId} from '../../actions/action-ids.ts';
import type {SelectionInfo} from '../../actions/keymap.ts';
import type {UiEvent} from '../../actions/ui-state.ts';
import type {ActionRecorder} from '../../domain/action-log.ts';
import type {AckPlan} from '../../domain/ack-plan.ts';
import type {Alert} from '../../domain/alert.ts';
import {runbookUrlOf} from '../../domain/runbook.ts';
import {osc52} from '../../platform/terminal-links.ts';
import {ackCommands, rollbackCommands} from '../command-lines.ts';
import {sanitize} from '../../domain/sanitize.ts';
import type {AckStates} from '../../queries/ack-state.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import type {DashboardTables} from './use-dashboard-tables.ts';
import {useAlertActions, type AckSettings, type ActionMessage, type TerminalAccess} from './use-alert-actions.ts';
import type {RollbackRuns} from './use-rollback-runs.ts';

/** An ack waiting for the user to accept that it silences more alerts than selected. */
export interface PendingAck {
  plan: AckPlan;
  what: string;
}

/** A local runbook being read in the dashboard. */
export interface RunbookView {
  title: string;
  lines: string[];
}

/** Everything the row actions need. */
export interface RowActionDeps {
  client: QueryClient;
  services: ContextServices;
  built: DashboardTables;
  rollbacks: RollbackRuns;
  record: ActionRecorder;
  now: () => number;
  ack: AckSettings;
  runbookTemplate?: string;
  terminal: TerminalAccess;
  /** Each alert's latest ack or unack, read once by the dashboard from the MutationCache. */
  ackStates: AckStates;
  dispatch(event: UiEvent): void;
}

function alertsOf(target: SelectionInfo, built: DashboardTables): Alert[] {
  const fingerprints = target.groupFingerprints ?? [target.id];
  return fingerprints.flatMap((f) => {
    const a = built.alerts.get(`a:${f}`);
    return a ? [a] : [];
  });
}

/** The row actions and what they show (pending confirmation, runbook text). */
export function useRowActions(deps: RowActionDeps) {
  const {built, dispatch, now} = deps;
  const alertActions = useAlertActions(deps.client, deps.services, {
    record: deps.record,
    now: deps.now,
    ack: deps.ack,
    runbookTemplate: deps.runbookTemplate,
    terminal: deps.terminal,
  });
  const [pendingAck, setPendingAck] = useState<PendingAck | null>(null);
  const [runbook, setRunbook] = useState<RunbookView | null>(null);

  const say = useCallback((m: ActionMessage) => dispatch({type: 'flash', text: m.text, tone: m.tone, now: now()}), [dispatch, now]);

  const ack = useCallback(
    (target: SelectionInfo, opts: {durationMs?: number; comment?: string} = {}) => {
      const alerts = alertsOf(target, built);
      if (alerts.length === 0) return say({text: 'ack: the alert is gone (resolved?)', tone: 'info'});
      const single = alerts.length === 1 ? alerts[0]! : null;
      const state = single ? deps.ackStates.get(single.fingerprint) : undefined;
      const plain = !opts.comment && !opts.durationMs;
      if (single && plain && state?.action === 'ack' && (state.status === 'failed' || state.status === 'partial' || state.status === 'retrying')) {
        say({text: `retrying ack of ${sanitize(single.name)}…`, tone: 'info'});
        return void alertActions.retry(single).then(say);
      }
      // Acked on some Alertmanagers only: send the same ack to exactly the ones missing it.
      if (single?.partialAck && plain) {
        say({text: `acking ${sanitize(single.name)} where it is missing (${single.partialAck.missing.map((m) => sanitize(m)).join(', ')})…`, tone: 'info'});
        return void alertActions.complete(single).then(say);
      }
      const what = single ? sanitize(single.name) : `${alerts.length} alerts of ${sanitize(target.label)}`;
      const confirmed = target.confirmed && pendingAck !== null;
      const plan = confirmed ? pendingAck.plan : alertActions.plan(alerts, [...built.alerts.values()], opts);
      if (!confirmed && plan.overreach.length > 0) {
        setPendingAck({plan, what});
        return dispatch({type: 'ask', action: 'ack', target, expected: 'yes'});
      }
      setPendingAck(null);
      say({text: `acking ${what}…`, tone: 'info'});
      void alertActions.send(plan, what).then(say);
    },
    [built, alertActions, pendingAck, dispatch, say, deps.ackStates],
  );

  const run = useCallback(
    (action: ActionId, target: SelectionInfo) => {
      const alert = built.alerts.get(`a:${target.id}`);
      switch (action) {
        case 'ack':
          return ack(target);
        case 'ackGroup': {
          const group = groupOf(target, built);
          return group ? ack(group) : say({text: 'select an alert or a group first', tone: 'warn'});
        }
        case 'unack':
          if (!alert) return say({text: 'unack: the alert is gone', tone: 'info'});
          say({text: `unacking ${sanitize(alert.name)}…`, tone: 'info'});
          return void alertActions.unack(alert).then(say);
        case 'openRunbook': {
          const owner = runbookOwner(target, built);
          if (!owner) return say({text: target.groupFingerprints ? 'no alert of this group has a runbook' : 'select an alert first', tone: 'warn'});
          return void alertActions.openRunbook(owner.alert, owner.whose).then((m) => {
            say(m);
            if (m.lines) {
              setRunbook({title: m.title ?? m.text, lines: m.lines});
              dispatch({type: 'action', id: 'details', rowCounts: {slos: 1, alerts: 1, deploys: 1}, pageSize: 1, now: now()});
            }
          });
        }
        case 'copyLink': {
          if (target.kind === 'alert') {
            const owner = runbookOwner(target, built);
            const url = owner ? runbookUrlOf(owner.alert, deps.runbookTemplate) : null;
            return say(alertActions.copy(url ?? alert?.generatorUrl ?? null, `runbook${owner?.whose ?? ''}`));
          }
          const deploy = built.deploys.find((d) => d.id === target.id);
          return say(alertActions.copy(deploy?.url ?? null, target.kind));
        }
        case 'copyCommand': {
          const copied =
            target.kind === 'alert'
              ? alertsOf(target, built).length === 0
                ? {error: 'the alert is gone (resolved?)'}
                : ackCommands(alertActions.plan(alertsOf(target, built), [...built.alerts.values()]), deps.services)
              : rollbackCommands(target, built.deploys, deps.services);
          if ('error' in copied) return say({text: `c: ${copied.error}`, tone: 'warn'});
          // One line (OSC 52 copies are sanitized: a newline would not survive): `;` runs each.
          deps.terminal.writeRaw(osc52(copied.commands.join('; ')));
          say({text: `copied: ${copied.commands[0]}${copied.commands.length > 1 ? ` (+${copied.commands.length - 1} more)` : ''}`, tone: 'ok'});
          setRunbook({title: copied.title, lines: [...copied.commands.flatMap((c) => [c, '']), ...copied.notes.map((n) => `note: ${n}`)]});
          return dispatch({type: 'action', id: 'details', rowCounts: {slos: 1, alerts: 1, deploys: 1}, pageSize: 1, now: now()});
        }
        case 'rollback': {
          const plan = target.rollbackPlan;
          if (!plan) return say({text: 'rollback: nothing to roll back to', tone: 'warn'});
          say({text: `rollback of ${plan.service} to ${plan.toVersion}: sending…`, tone: 'info'});
          return void deps.rollbacks.start(plan).then((r) => say({text: r.text, tone: r.ok ? 'ok' : 'critical'}));
        }
        default:
          return say({text: `${action}: not available here`, tone: 'warn'});
      }
    },
    [built, ack, alertActions, deps.rollbacks, deps.runbookTemplate, dispatch, now, say],
  );

  return {run, ack, pendingAck, runbook, closeRunbook: () => setRunbook(null)};
}

/**
 * The alert whose runbook `o`/`y` act on (the row's own, or the one the group header stands
 * for) and a note for the message when it is not obviously the selected row's.
 */
function runbookOwner(target: SelectionInfo, built: DashboardTables): {alert: Alert; whose: string} | null {
  const alert = built.alerts.get(`a:${target.runbook?.fingerprint ?? target.id}`);
  if (!alert) return null;
  return {alert, whose: target.runbook?.how === 'first-firing' ? ` (first firing alert's, ${sanitize(alert.name)})` : ''};
}

/** The group of the selected alert (or the selected group), as a group target, from the rows' own identity. */
function groupOf(target: SelectionInfo, built: DashboardTables): SelectionInfo | null {
  if (target.groupFingerprints) return target;
  const rows = built.tables.alerts.rows;
  const parent = rows.find((r) => r.key === `a:${target.id}`)?.parent;
  const header = parent === undefined ? undefined : rows.find((r) => r.key === parent);
  if (!header?.group) return null;
  return {kind: 'alert', id: header.key, label: header.group.label || 'group', groupFingerprints: [...header.group.ids]};
}
