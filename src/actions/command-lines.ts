/**
 * What `c` shows and copies: the command line that does what the selected row's action does,
 * `amtool silence add …` for an alert's ack (the same silences `a` sends, one per Alertmanager
 * that would get one) and the rollback provider's CLI for a deploy. Pure: the ack plan and the
 * rollback's command come in.
 */
import type {SelectionInfo} from './keymap.ts';
import type {AckPlan} from '../domain/ack-plan.ts';
import {amtoolSilenceArgs} from '../domain/amtool-command.ts';
import type {Deploy} from '../domain/deploy.ts';
import {planRollback} from '../domain/rollback-plan.ts';
import {shellLine} from '../domain/shell-command.ts';
import type {ContextServices} from '../sources/capabilities.ts';

/** The commands (one per line), a title, and notes to show under them; or why there is none. */
export type CommandCopy = {title: string; commands: string[]; notes: string[]} | {error: string};

/** The Alertmanagers an ack goes to: each one, or one per declared HA cluster (peers gossip silences). */
function silenceTargets(services: ContextServices): Array<{name: string; url: string}> {
  const seen = new Set<string>();
  const out: Array<{name: string; url: string}> = [];
  for (const s of services.alertSources) {
    if (!s.capabilities.createSilence || s.cliUrl === undefined) continue;
    const group = s.cluster === undefined ? `am:${s.name}` : `cluster:${s.cluster}`;
    if (seen.has(group)) continue;
    seen.add(group);
    out.push({name: s.name, url: s.cliUrl});
  }
  return out;
}

/** Why `c` on an alert has no command: no Alertmanager that takes silences has a URL for amtool. */
export const NO_AMTOOL_TARGET = 'no Alertmanager with a URL to give amtool';

/**
 * Some Alertmanager would get an ack's `amtool` line: what `c` on an alert needs, asked by the
 * same test {@link ackCommands} plans with, so the keys and the help never offer a `c` that
 * can only refuse.
 */
export function hasAmtoolTarget(services: ContextServices): boolean {
  return silenceTargets(services).length > 0;
}

/** `amtool silence add` for every silence of `plan`, against every Alertmanager that would get it. */
export function ackCommands(plan: AckPlan, services: ContextServices): CommandCopy {
  const targets = silenceTargets(services);
  if (targets.length === 0) return {error: NO_AMTOOL_TARGET};
  const commands = plan.drafts.flatMap((d) => targets.map((t) => shellLine(amtoolSilenceArgs(d.draft, t.url))));
  const notes = targets.length > 1 ? [`one command per Alertmanager (${targets.map((t) => t.name).join(', ')}), as a sends it`] : [];
  if (plan.overreach.length > 0) notes.push(`these matchers also silence ${plan.overreach.length} other alert(s)`);
  return {title: 'amtool command for this ack (copied with OSC 52)', commands, notes};
}

/** Why `c` on a deploy has no command: the rollback backend cannot write one (the demo's). */
export const NO_ROLLBACK_COMMAND = 'the rollback backend has no command line to copy';

/** The rollback backend can write its rollback as a command line: what `c` on a deploy needs. */
export function hasRollbackCommand(services: ContextServices): boolean {
  return services.rollbacker?.capabilities.commandLine !== undefined;
}

/** The rollback provider's command for the rollback `target` would trigger. */
export function rollbackCommands(target: SelectionInfo, deploys: readonly Deploy[], services: ContextServices): CommandCopy {
  const plan = target.rollbackPlan;
  const line = services.rollbacker?.capabilities.commandLine;
  if (!line) return {error: NO_ROLLBACK_COMMAND};
  if (!plan) return {error: 'no rollback to write a command for'};
  // "From → to" of a stale history may be wrong, as for `R`: no command built from it is copied.
  if (target.historyRefusal) return {error: `no rollback command copied: ${target.historyRefusal}`};
  // Nor one `R` refuses for what it would roll back (another service's Argo CD app, a plan not from what runs).
  if (target.rollbackRefusal) return {error: `no rollback command copied: ${target.rollbackRefusal}`};
  // The deploy rolled back to: Argo CD's rollback names its history entry.
  const from = deploys.find((d) => d.service === plan.service && d.environment === plan.environment && d.version === plan.fromVersion);
  const to = from ? planRollback(from, deploys, {context: '', pressedAt: 0, provider: ''}) : null;
  const built = line(plan, to?.ok ? to.target.id : undefined);
  if ('error' in built) return {error: `rollback command: ${built.error}`};
  return {title: `${services.rollbacker?.name ?? 'rollback'} command for this rollback (copied with OSC 52)`, commands: [shellLine(built.argv, built.env)], notes: built.note ? [built.note] : []};
}
