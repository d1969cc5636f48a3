/**
 * Runs the reducer's effects: a plain object, not a hook. A row action is looked up by id among
 * the records, planned against the row captured at the key press (unless a confirmation already
 * holds its intent), asked about when the plan wants a confirmation, and run with the injected
 * deps; every answer is dispatched back as a footer message, and text to show as `show-text`.
 */
import {actionWord, type ActionId} from './action-ids.ts';
import type {ActionData, ActionDeps, ActionMessage, ActionRecord, ActionResult, PlanContext} from './action-record.ts';
import {NOT_AN_INCIDENT} from './incident-actions.ts';
import {defaultKeymap, type SelectionInfo} from './keymap.ts';
import type {UiEffect, UiEvent} from './ui-state.ts';

/** What the dashboard does for the app-wide effects (quit, refresh, `:ctx`, `:theme`). */
export interface AppEffects {
  quit(): void;
  refresh(): void;
  /** Opens another context; resolves to the message to show. */
  switchContext(name: string): ActionMessage;
  /** Loads a theme; an error is reported through `say`. */
  switchTheme(name: string, say: (message: ActionMessage) => void): void;
  /** Appends a note to the action log (`:note`); resolves to the message to show. Absent: notes are not kept here. */
  note?(text: string, service: string | null): Promise<ActionMessage>;
}

/** Everything the runner needs: the action deps, the data on screen, and where answers go. */
export interface RunnerDeps extends ActionDeps {
  dispatch(event: UiEvent): void;
  now(): number;
  data: ActionData;
  readOnly: boolean;
  /** Why what changes the present is disabled now (the dashboard shows the past); null or absent: live. */
  past?: string | null;
  app: AppEffects;
  /** The records to run (default: the keymap's). */
  records?: readonly ActionRecord[];
}

/** The runner of one render's effects; cheap to make, so the view makes one per render. */
export interface ActionRunner {
  /** Runs `id` on `target`: plans it unless `intent` (from a confirmation) is given. */
  run(id: ActionId, target: SelectionInfo, intent?: unknown, options?: PlanContext['options']): void;
  /** Runs the queued effects and tells the reducer they were taken. */
  runEffects(effects: readonly UiEffect[]): void;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Why a command typed on an alert row may not act now: its context no longer reads the alert (it
 * resolved while the line was typed). Its neighbour took its place on screen, so the command is
 * refused rather than sent to the row now selected. An alert the filter or a hide toggle keeps
 * off the table is still read, so it is acted on. Null: still read, or not an alert row (an SLO
 * or deploy row is not among the alert rows, and its own plan says why `:resolve` does not apply).
 */
function goneReason(what: string, target: SelectionInfo, data: ActionData): ActionMessage | null {
  if (target.kind !== 'alert' || target.rowKey === undefined || data.alertRows.some((r) => r.key === target.rowKey)) return null;
  if ((target.groupFingerprints ?? [target.id]).some((id) => data.alerts.has(`a:${id}`))) return null;
  return {text: `${what}: ${target.label} is no longer listed (resolved?); nothing was sent`, tone: 'warn'};
}

/** Makes the runner. */
export function createActionRunner(deps: RunnerDeps): ActionRunner {
  const records = deps.records ?? defaultKeymap;
  const say = (m: ActionMessage) => deps.dispatch({type: 'flash', text: m.text, tone: m.tone, now: deps.now()});
  const finish = (result: ActionResult) => {
    say({text: result.text, tone: result.tone});
    if (result.show) deps.dispatch({type: 'show-text', text: result.show});
  };

  const run: ActionRunner['run'] = (id, target, intent, options) => {
    const record = records.find((r) => r.id === id);
    if (!record?.plan || !record.run) return say({text: `${actionWord(record?.hint, id)}: not available here`, tone: 'warn'});
    let chosen = intent;
    if (chosen === undefined) {
      const planned = record.plan({target, data: deps.data, ...(options ? {options} : {})});
      if (planned.kind === 'refuse') return say(planned.message);
      if (planned.kind === 'confirm') {
        return deps.dispatch({type: 'ask', action: record.confirmAs ?? id, target, expected: planned.expected, intent: planned.intent});
      }
      chosen = planned.intent;
    }
    const progress = record.progress?.(chosen);
    if (progress) say(progress);
    const failed = (error: unknown) => say({text: `${actionWord(record.hint, id)}: ${errorText(error)}`, tone: 'critical'});
    try {
      const result = record.run(chosen, deps);
      if (result instanceof Promise) result.then(finish, failed);
      else finish(result);
    } catch (error) {
      failed(error);
    }
  };

  const runEffect = (effect: UiEffect) => {
    switch (effect.kind) {
      case 'quit':
        return deps.app.quit();
      case 'refresh':
        // The past is read once for its instant and never polled: saying "refreshing…" there
        // would claim a read that does not happen.
        if (deps.past) return say({text: `refresh: ${deps.past}`, tone: 'warn'});
        deps.app.refresh();
        return say({text: 'refreshing…', tone: 'info'});
      case 'switch-context':
        return say(deps.app.switchContext(effect.name));
      case 'switch-theme':
        return deps.app.switchTheme(effect.name, say);
      case 'run-action':
        return run(effect.action, effect.target, effect.intent);
      case 'resolve': {
        // `:resolve` acts on the row selected when the command line was opened; its plan says
        // why not (not an incident, read-only) and asks for the service name.
        if (deps.past) return say({text: `resolve: ${deps.past}`, tone: 'warn'});
        if (!effect.target) return say({text: `resolve: ${NOT_AN_INCIDENT}`, tone: 'warn'});
        const gone = goneReason('resolve', effect.target, deps.data);
        return gone ? say(gone) : run('resolve', effect.target);
      }
      case 'note':
        if (!deps.app.note) return say({text: 'note: no action log here', tone: 'warn'});
        return void deps.app.note(effect.text, effect.service).then(say, (error: unknown) => say({text: `note: ${errorText(error)}`, tone: 'critical'}));
      case 'ack': {
        if (deps.past) return say({text: `ack: ${deps.past}`, tone: 'warn'});
        // `:ack 1h comment` acts on the row selected when the command line was opened.
        const target = effect.target;
        const readOnly = deps.readOnly || target?.readOnly === true;
        if (target?.kind !== 'alert' || readOnly) {
          return say({text: readOnly ? 'ack: read-only context' : 'ack: select an alert first', tone: 'warn'});
        }
        const gone = goneReason('ack', target, deps.data);
        return gone ? say(gone) : run('ack', target, undefined, {...(effect.durationMs === null ? {} : {durationMs: effect.durationMs}), comment: effect.comment});
      }
    }
  };

  return {
    run,
    runEffects(effects) {
      if (effects.length === 0) return;
      for (const effect of effects) runEffect(effect);
      deps.dispatch({type: 'effects-taken', count: effects.length});
    },
  };
}
