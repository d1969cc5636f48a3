/**
 * The deploy actions as records: the rollback, planned at the key press (on a deploy, or the
 * suspect deploy of an alert or SLO) so a refresh cannot change what was confirmed. The plan is
 * in the row captured then, which the confirmation keeps. A deploy history whose last read
 * failed (or that stopped answering) plans nothing: the confirmation never opens, and the footer
 * says why and which command needs no history.
 */
import type {RollbackPlan} from '../domain/deploy.ts';
import {action, readOnlyHere, readOnlyReason, refuse, type ActionRecord} from './action-record.ts';
import type {ConfirmHold} from './ui-types.ts';
import {defaultKeyNamer, pressKey, type KeyNamer} from './key-namer.ts';

/**
 * The hold on a rollback's confirmation while the action log is still being read for rollbacks
 * started elsewhere: Enter typed ahead of that read (a paste, keys buffered while the screen was
 * busy) would otherwise confirm over warnings never shown. The read is a local file, bounded by
 * `LOG_READ_WAIT_MS` (queries/logged-open-rollbacks.ts), so the hold is too; not the provider's.
 * `keys` names the rollback's key as bound.
 */
export function unreadLogHold(plan: RollbackPlan, keys: KeyNamer = defaultKeyNamer): ConfirmHold {
  return {
    idempotencyKey: plan.idempotencyKey,
    text: [`rollback of ${plan.service} not sent: the action log was still being read for rollbacks started elsewhere`, pressKey(keys, 'rollback', 'to see what it holds and confirm again')].filter((t) => t !== null).join('; '),
  };
}

/**
 * The hold on a rollback's confirmation in a terminal too short or narrow to show what it
 * confirms (`rollbackPreviewFits`): what Enter would confirm is not on the screen. `keys` names
 * the rollback's key as bound.
 */
export function tooShortHold(plan: RollbackPlan, keys: KeyNamer = defaultKeyNamer): ConfirmHold {
  const again = pressKey(keys, 'rollback', 'again');
  return {
    idempotencyKey: plan.idempotencyKey,
    text: `rollback of ${plan.service} not sent: the terminal is too small to show what would be confirmed; enlarge it${again === null ? '' : ` and ${again}`}`,
  };
}

/** The actions on deploys, in keymap order. */
export const deployActions: readonly ActionRecord[] = [
  action<RollbackPlan>({
    id: 'rollback', keys: ['R'], scope: 'deploys', alsoIn: ['alerts', 'slos'], hint: 'rollback', group: 'Deploys', dangerous: true, mutating: true, requires: 'a rollback backend',
    description: 'Roll back the selected or suspect deploy',
    disabledReason: (ctx) => {
      if (readOnlyHere(ctx)) return readOnlyReason(ctx);
      if (!ctx.hasRollback) return 'no rollback backend is configured';
      // Before "no suspect deploy": a history that is not read may be why there is none.
      if (ctx.selection?.historyRefusal && ctx.selection.kind !== 'row') return ctx.selection.historyRefusal;
      if (ctx.selection?.rollbackRefusal && ctx.selection.kind !== 'row') return ctx.selection.rollbackRefusal;
      if (ctx.selection?.kind !== 'deploy' && !ctx.selection?.rollbackPlan) return ctx.selection ? 'no suspect deploy for this row' : 'select a deploy first';
      return ctx.selection.canRollback === false ? 'no earlier good deploy to roll back to' : null;
    },
    plan: ({target}) => (target.rollbackPlan ? {kind: 'run', intent: target.rollbackPlan} : refuse('rollback: nothing to roll back to')),
    progress: (plan) => ({text: `rollback of ${plan.service} to ${plan.toVersion}: sending…`, tone: 'info'}),
    run: async (plan, deps) => {
      const r = await deps.rollbacks.start(plan);
      // An unknown outcome is not a failure to retry: it may have started.
      return {text: r.text, tone: r.ok ? 'ok' : r.unknown ? 'warn' : 'critical'};
    },
  }),
];
