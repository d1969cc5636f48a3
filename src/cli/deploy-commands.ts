/**
 * The one-shot deploy commands: `oncall deploys` and `oncall rollback`. They use the dashboard's
 * query options, domain planning and rollback mutation (never retried, every attempt and result
 * in the action log). Exit codes: 0 done (or accepted by a webhook, which has nothing to follow),
 * 1 failed, outcome unknown (the request may have started it), cancelled, or not followed to the end,
 * 2 usage, config, a read-only context, or no TTY to confirm on without `--yes`, 3 a source
 * could not be read (or only in part: `deploys` prints what it skipped; `rollback --yes` without
 * `--to` refuses to plan from such a history).
 */
import {MutationObserver, type QueryClient} from '@tanstack/query-core';
import type {Deploy, RollbackPlan, RollbackRun} from '../domain/deploy.ts';
import {unreadableLinesCheck, unreadableLinesWarning} from '../domain/action-log.ts';
import {countTornLines} from '../domain/torn-lines.ts';
import {formatAge} from '../domain/duration.ts';
import {EXIT_OK, EXIT_SOURCE_FAILED} from '../domain/exit-codes.ts';
import {NO_ENVIRONMENT, liveDeploy, planRollback, planRollbackTo} from '../domain/rollback-plan.ts';
import {sanitize} from '../domain/sanitize.ts';
import {createActionLog, readActionLogChecked} from '../platform/action-log.ts';
import {openRollbackName, openRollbacks, openRollbackWarning, supersededRuns} from '../domain/open-rollbacks.ts';
import {rollbackAttempts} from '../domain/rollback-claim.ts';
import {endedRuns} from '../queries/open-run-check.ts';
import {userActionLogPath} from '../platform/paths.ts';
import {deployQueryOptions, type DeploySnapshot} from '../queries/deploy-queries.ts';
import {partialHistoryWarning} from '../domain/rollback-history.ts';
import {RollbackNotLogged, RollbackRefused, RollbackStopped, rollbackMutationOptions} from '../queries/rollback-queries.ts';
import {logClaimer} from './rollback-claim.ts';
import {describeFailure} from '../queries/source-outcome.ts';
import {RollbackOutcomeUnknown} from '../sources/capabilities.ts';
import {collectStatus} from '../queries/status-queries.ts';
import type {StatusDocument} from '../domain/status-document.ts';
import type {CliArgs} from './args.ts';
import type {Env} from './compose.ts';
import type {Io} from './main.ts';
import {endSignalExitCode, followRun, interruptible, processTerminal, readLine, runWord, stopNotice, type RollbackTerminal} from './rollback-follow.ts';
import {safeJson, withClient} from './one-shot.ts';
import {deployStatusText, deployVersionText} from './status-text.ts';
import {cellWidth, fit} from '../view/text-fit.ts';
import type {Runtime} from './runtime.ts';



/** `oncall deploys [--json]`: the recent deploys, suspects marked as in `status`. */
export async function deploysCommand(args: CliArgs, runtime: Runtime, io: Io): Promise<number> {
  const {services} = runtime.composed;
  if (!services.deploySource) {
    io.err(`deploys: context ${sanitize(services.context)} has no deploy history (add deploys: to it in the config)\n`);
    await runtime.close();
    return 2;
  }
  const source = services.deploySource.name;
  return withClient(runtime, async (client) => {
    const doc = await collectStatus(client, services, runtime.settings);
    const failed = doc.sources.filter((s) => !s.ok);
    const own = doc.sources.find((s) => s.name === source);
    if (own && !own.ok) {
      io.err(`deploys: ${sanitize(own.error ?? 'failed')}\n`);
      // The history could not be read: a bare `[]` would read as "no deploys", so the JSON is
      // the document the several-context form prints, its deploy source marked failed.
      if (args.json) io.out(`${safeJson({context: doc.context, generatedAt: doc.generatedAt, sources: doc.sources, deploys: []})}\n`);
      return EXIT_SOURCE_FAILED;
    }
    // Suspects come from SLO burn and alerts: without them a suspect may go unmarked.
    for (const s of failed) io.err(`note: ${sanitize(s.name)} failed (${sanitize(s.error ?? '')}); suspect marks may be missing\n`);
    // A deploy provider warns only about what it left out or could not read (skipped entries,
    // bad shas, an unreadable rollback workflow): the list printed is not the whole history.
    const warnings = own?.warnings ?? [];
    for (const w of warnings) io.err(`warning: ${sanitize(w)}\n`);
    const code = failed.length > 0 || warnings.length > 0 ? EXIT_SOURCE_FAILED : EXIT_OK;
    if (args.json) {
      io.out(`${safeJson(doc.deploys)}\n`);
      return code;
    }
    io.out(deployLines(doc, runtime.settings.now()));
    return code;
  });
}

/**
 * The human form of `oncall deploys` for one context: a count line, then one aligned line per
 * deploy. When the context's deploy history (the source named `source`) could not be read, it
 * says so with the error instead of a count: "0 deploys" would read as a quiet history.
 */
export function deployLines(doc: StatusDocument, now: number, source?: string): string {
  const own = source === undefined ? undefined : doc.sources.find((s) => s.name === source);
  if (own && !own.ok) return `context ${sanitize(doc.context)}: deploy history unavailable (${sanitize(own.error ?? 'failed')})\n`;
  const suspects = doc.deploys.filter((d) => d.suspect).length;
  let text = `context ${sanitize(doc.context)}: ${doc.deploys.length} deploy${doc.deploys.length === 1 ? '' : 's'}, ${suspects} suspect\n`;
  const cells = doc.deploys.map((d) => [
    d.suspect ? 'SUSPECT' : '',
    sanitize(d.service),
    deployVersionText(d),
    deployStatusText(d),
    sanitize(d.environment),
    `${formatAge(now - Date.parse(d.startedAt))} ago`,
    d.author ? `by ${sanitize(d.author)}` : '',
    d.url ? sanitize(d.url) : '',
  ]);
  // Measured and padded in terminal cells, not UTF-16 units: a CJK author or an emoji in a
  // service name takes two cells a character, and would push the rest of its line out of line.
  const widths = cells.reduce<number[]>((w, row) => row.map((c, i) => Math.max(w[i] ?? 0, cellWidth(c))), []);
  for (const row of cells) text += `  ${row.map((c, i) => fit(c, widths[i] ?? 0)).join('  ').trimEnd()}\n`;
  return text;
}

/** A plan and the deploys it goes from and to, when the history knows them. */
interface Planned {
  plan: RollbackPlan;
  from: Deploy | null;
  to: Deploy | null;
  /**
   * What the deploy history's provider says may hide a deploy from the read planned from
   * (`DeployGaps`: skipped entries, a page not read; unsanitized); empty: none. A warning that
   * cannot hide one (a sha field ignored on a kept entry) is not here: it leaves the plan right.
   */
  partial: string[];
}

type PlanOutcome = Planned | {error: string; code: number};

async function readDeploys(client: QueryClient, runtime: Runtime): Promise<DeploySnapshot> {
  const options = deployQueryOptions(runtime.composed.services, {intervalMs: false, now: runtime.settings.now});
  return client.fetchQuery({...options, staleTime: 0});
}

/**
 * Decides what to roll back: from the live deploy of the service to the previous good one, or
 * to `--to VERSION` (history optional then). The environment is `--environment`, else the
 * context's, else the only one the service is deployed to.
 */
async function planFor(args: CliArgs, runtime: Runtime, client: QueryClient, io: Io): Promise<PlanOutcome> {
  const {services} = runtime.composed;
  const service = args.service ?? '';
  const context = sanitize(services.context);
  if (!args.to && !services.deploySource) {
    return {error: `context ${context} has no deploy history (deploys: in the config) to find the previous version in; name it with --to VERSION`, code: 2};
  }
  let deploys: Deploy[] | null = null;
  // Everything the provider warned of: an error below says why the history may lack what it lacks.
  let partial: string[] = [];
  // Of it, what may hide a deploy (entries skipped, a page not read): the newest may be among them.
  let hiding: string[] = [];
  if (services.deploySource) {
    try {
      const snapshot = await readDeploys(client, runtime);
      deploys = snapshot.deploys;
      partial = snapshot.outcome.partial ?? [];
      hiding = snapshot.outcome.hiding ?? [];
    } catch (error) {
      if (!args.to) return {error: `could not read the deploy history: ${sanitize(describeFailure(error))}`, code: EXIT_SOURCE_FAILED};
      io.err(`note: deploy history unavailable (${sanitize(describeFailure(error))}); the version running now is shown as unknown\n`);
    }
  }
  const ofService = (deploys ?? []).filter((d) => d.service === service);
  // Why the history may lack what an error says it lacks.
  const inPart = partial.length > 0 ? `; the deploy history was read in part (${partial.map((p) => sanitize(p)).join('; ')})` : '';
  if (deploys && ofService.length === 0 && !args.to) {
    const known = [...new Set(deploys.map((d) => sanitize(d.service)))].sort();
    return {error: `no deploy of ${sanitize(service)} in the history of context ${context}${known.length > 0 ? ` (services: ${known.join(', ')})` : ''}${inPart}`, code: 2};
  }
  let environment = args.environment ?? services.environment;
  if (environment === undefined) {
    const seen = [...new Set(ofService.map((d) => d.environment))];
    // What the rollback would send that needs one; unknown (a provider that cannot tell) counts as needing it.
    const needs = services.rollbacker?.capabilities.templatesUsing?.('environment') ?? null;
    if (seen.length === 1) environment = seen[0]!;
    else if (seen.length === 0 && needs !== null && needs.length === 0) environment = NO_ENVIRONMENT;
    else {
      const where = seen.length === 0 ? `context ${context} does not name one` : `${sanitize(service)} is deployed to ${seen.map((e) => sanitize(e)).join(', ')}`;
      const why = needs !== null && needs.length > 0 ? ` and ${sanitize(needs.join(', '))} uses {{environment}}` : '';
      return {error: `which environment? ${where}${why}: give --environment ENV`, code: 2};
    }
  }
  const pressedAt = runtime.settings.now();
  const live = deploys ? liveDeploy(deploys, service, environment, pressedAt) : null;
  const opts = {context: services.context, pressedAt, provider: services.rollbacker?.name ?? 'rollback'};
  if (args.to) {
    const known = ofService.filter((d) => d.environment === environment && d.version === args.to && d.status === 'success');
    // The history's commit for that version, only when every such deploy agrees on one: a moved
    // tag or a re-used version name must not pick one of two commits for `{{sha}}`.
    const shas = new Set(known.map((d) => d.sha));
    const toSha = shas.size === 1 ? [...shas][0] : undefined;
    const target = {service, environment, fromVersion: live?.version ?? 'unknown', toVersion: args.to};
    const plan = planRollbackTo(toSha === undefined ? target : {...target, toSha}, opts);
    const to = known[0] ?? null;
    if (live?.version === args.to) io.err(`note: ${sanitize(service)} already runs ${sanitize(args.to)} in ${sanitize(environment)}\n`);
    return {plan, from: live, to, partial: hiding};
  }
  if (!live) return {error: `no running deploy of ${sanitize(service)} in ${sanitize(environment)} to roll back from; name the version with --to VERSION${inPart}`, code: 1};
  const planned = planRollback(live, deploys ?? [], opts);
  if (!planned.ok) return {error: `${sanitize(planned.reason)}; name the version with --to VERSION${inPart}`, code: 1};
  return {plan: planned.plan, from: live, to: planned.target, partial: hiding};
}

function deployNote(d: Deploy | null, now: number, missing: string): string {
  if (!d) return `  (${missing})`;
  return `  (deploy ${sanitize(d.id)}, ${formatAge(now - d.startedAt)} ago${d.author ? ` by ${sanitize(d.author)}` : ''})`;
}

/**
 * The plan as printed before anything is called: what, where, and the provider's own lines
 * (`resolved`: those the provider read from the backend, naming the exact target).
 */
export function planText(planned: Planned, services: Runtime['composed']['services'], now: number, hasHistory: boolean, resolved?: string[]): string {
  const {plan} = planned;
  const handle = services.rollbacker;
  const sends = resolved ?? handle?.capabilities.preview?.(plan) ?? [plan.description];
  const lines = [
    `Rollback of ${sanitize(plan.service)}${plan.environment === NO_ENVIRONMENT ? ' (no environment: the rollback sends none)' : ` in ${sanitize(plan.environment)}`} (context ${sanitize(services.context)}):`,
    `  provider    ${sanitize(handle?.name ?? 'none')}`,
    `  from        ${sanitize(plan.fromVersion)}${deployNote(planned.from, now, hasHistory ? 'not running per the deploy history' : 'no deploy history')}`,
    `  to          ${sanitize(plan.toVersion)}${deployNote(planned.to, now, hasHistory ? 'not in the deploy history' : 'no deploy history')}`,
    `  request id  ${sanitize(plan.idempotencyKey)}`,
    ...sends.map((line, i) => `  ${i === 0 ? 'sends' : '     '}       ${sanitize(line)}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Asks for the service name on a terminal; `null` = confirmed, else the exit code and why. */
async function confirm(args: CliArgs, service: string, terminal: RollbackTerminal, io: Io): Promise<{code: number; why: string} | null> {
  if (args.yes) return null;
  if (!terminal.stdin.isTTY) {
    return {code: 2, why: 'stdin is not a terminal, so nobody can type the confirmation; add --yes to confirm from a script (nothing was called)'};
  }
  io.err(`Type "${sanitize(service)}" and Enter to roll back (anything else cancels): `);
  const line = await readLine(terminal.stdin);
  if (line?.trim() === service) return null;
  return {code: 1, why: 'cancelled; nothing was called'};
}

/** `oncall rollback <service> [--to VERSION] [--dry-run] [--yes] [--environment ENV]`. */
export async function rollbackCommand(args: CliArgs, runtime: Runtime, env: Env, io: Io, terminal: RollbackTerminal = processTerminal): Promise<number> {
  const {services} = runtime.composed;
  const refusal = services.readOnly
    ? `context ${sanitize(services.context)} is read-only (readOnly: true in the config, or --read-only); nothing was called`
    : !services.rollbacker
      ? `context ${sanitize(services.context)} has no rollback provider (add rollback: to it in the config); nothing was called`
      : null;
  if (refusal !== null || !args.service) {
    io.err(`rollback: ${refusal ?? 'name the service to roll back, e.g. oncall rollback checkout'}\n`);
    await runtime.close();
    return 2;
  }
  const service = args.service;
  return withClient(runtime, async (client) => {
    const planned = await planFor(args, runtime, client, io);
    if ('error' in planned) {
      io.err(`rollback: ${planned.error}\n`);
      return planned.code;
    }
    const {plan} = planned;
    const handle = services.rollbacker!;
    // A backend that cannot roll this service back at all (Argo CD's one application of another
    // service) refuses before anything is read or asked: a config matter, like a read-only context.
    const scope = handle.capabilities.refusal?.(plan) ?? null;
    if (scope !== null) {
      io.err(`rollback: ${sanitize(scope)}; nothing was called\n`);
      return 2;
    }
    const hasHistory = services.deploySource !== null;
    const logPath = userActionLogPath(env, runtime.demo);
    // A run of this rollback started before (here, or by a dashboard) and not known to have ended.
    // A log that cannot be read is said, never taken for an empty one: a rollback started
    // earlier would not be seen, so `--yes` refuses below as for one known to be open.
    const read = await readActionLogChecked(logPath).then(
      ({entries, torn}) => ({entries, torn, error: null}),
      (error: unknown) => ({entries: [], torn: [], error: error instanceof Error ? error.message : String(error)}),
    );
    const {entries} = read;
    const where = {context: services.context, service: plan.service, environment: plan.environment};
    const torn = countTornLines(read.torn, where, runtime.settings.now());
    // A run a later success superseded is over only when its provider says so (it may still be queued).
    const superseded = supersededRuns(entries, where, runtime.settings.now());
    const ended = await endedRuns(services, superseded);
    const open = openRollbacks(entries, where, runtime.settings.now()).filter((o) => o.runId === null || !ended.has(o.runId));
    // Every one that may still be going, newest first, as the dashboard's preview lists them:
    // the newest alone hid an older one that may also start.
    const latest = open[0];
    // A torn line that may be a recent rollback of this target counts as an unreadable log: it may
    // have been its attempt, cut short by a crash after its request went out. One older than the
    // window, or legibly of another action or target, cannot be, and refusing over it would
    // refuse every later rollback until the file is edited by hand.
    // A plan from a history read in part may go from a deploy that no longer runs, past a good
    // version: said before asking, and `--yes` goes ahead only when `--to` named the version.
    const partialWarning = planned.partial.length > 0 ? partialHistoryWarning(planned.partial, plan.service) : null;
    const refusesPartial = partialWarning !== null && args.yes === true && !args.dryRun && !args.to;
    const refusesYes = args.yes === true && !args.dryRun && (read.error !== null || torn.mayBeRollback > 0 || latest !== undefined || refusesPartial);
    // A provider that picks its target itself (Argo CD's history entry) names it in the plan,
    // and a target it cannot pick (none, or several matching) is refused before anything is sent.
    // Not asked when `--yes` is refused below anyway: a refusal sends no request at all.
    let resolved: string[] | undefined;
    if (handle.capabilities.resolvedPreview && !refusesYes) {
      try {
        resolved = await handle.capabilities.resolvedPreview(plan);
      } catch (error) {
        io.out(planText(planned, services, runtime.settings.now(), hasHistory));
        io.err(`rollback: ${sanitize(describeFailure(error))} (nothing was sent)\n`);
        return 1;
      }
    }
    io.out(planText(planned, services, runtime.settings.now(), hasHistory, resolved));
    if (partialWarning !== null) io.out(`⚠ ${sanitize(partialWarning)}\n`);
    if (read.error !== null) io.out(`⚠ the action log cannot be read (${sanitize(read.error)}): a rollback of ${sanitize(plan.service)} started earlier, here or from a dashboard, would not be seen\n`);
    // A torn line (a crash or a full disk mid-write) is said, not skipped in silence: it may have
    // been a rollback's, and then what to check before confirming is said too, as in the preview.
    if (torn.unreadable > 0) io.out(`⚠ ${sanitize(unreadableLinesWarning(torn, plan))}${torn.mayBeRollback > 0 ? `. ${sanitize(unreadableLinesCheck(plan))}.` : ''}\n`);
    for (const o of open) io.out(`⚠ ${sanitize(openRollbackWarning(o, plan))}\n`);
    if (args.dryRun) return dryRun(plan, handle, io);
    if (read.error !== null && args.yes) {
      io.err(`rollback: not starting a rollback of ${sanitize(plan.service)} with --yes while the action log cannot be read (an earlier one may be running unseen); check, then confirm without --yes (nothing was called)\n`);
      return 1;
    }
    if (latest !== undefined && args.yes) {
      const state = latest.kind === 'unknown' || latest.kind === 'in-flight' ? 'may have started' : 'may still be running';
      io.err(`rollback: not starting a second rollback of ${sanitize(plan.service)} with --yes while ${sanitize(openRollbackName(latest))} ${state}; check it, then confirm without --yes to start another (nothing was called)\n`);
      return 1;
    }
    // After a known open rollback, which is the more telling reason to give.
    if (torn.mayBeRollback > 0 && args.yes) {
      io.err(`rollback: not starting a rollback of ${sanitize(plan.service)} with --yes while the action log has ${torn.mayBeRollback === 1 ? 'a line' : 'lines'} that cannot be read (an earlier rollback may have been sent unlogged); check the log, then confirm without --yes (nothing was called)\n`);
      return 1;
    }
    // The history could not be read whole: as a source read in part, exit 3.
    if (refusesPartial) {
      io.err(`rollback: not starting a rollback of ${sanitize(plan.service)} with --yes from a deploy history read in part (its newest deploy may be missing, so "from → to" may be wrong); check the plan, then name the version with --to VERSION, or confirm without --yes (nothing was called)\n`);
      return EXIT_SOURCE_FAILED;
    }
    const refused = await confirm(args, service, terminal, io);
    if (refused) {
      io.err(`rollback: ${refused.why}\n`);
      return refused.code;
    }
    const log = createActionLog(logPath);
    // Once the attempt is written the log is read again: an attempt of a rollback of the same
    // target this check did not see (one started while the user typed, or by a second `--yes` at
    // the same moment) that comes before this one in the log refuses it. What the check read is
    // what the user confirmed over.
    const seen = {attempts: rollbackAttempts(entries, where).length, mayBeRollback: torn.mayBeRollback, readFailed: read.error !== null};
    const claimLog = logClaimer(logPath, runtime.settings.now);
    const claim = (p: RollbackPlan, claimId: string | null) => claimLog(services.context, p, seen, claimId);
    // Set when the attempt could not be logged and the user, told so, sent it anyway.
    let unlogged = false;
    // Set when nothing was sent for want of a log entry: no run to speak of at the end.
    let notSent = false;
    // With --yes nobody is there to ask: the mutation refuses to send what the log cannot hold.
    const sendUnlogged = args.yes
      ? undefined
      : async (reason: string) => {
          io.err(`⚠ ${sanitize(reason)}: this rollback would NOT be logged, so a later oncall rollback --yes would not see it and could start another\n`);
          const again = await confirm(args, service, terminal, io);
          unlogged = again === null;
          return unlogged;
        };
    // Ctrl-C is said where the other messages go; a hangup's notice on stdout, with the run's
    // progress lines, where a reader that is still there (a file, a pipe) gets it.
    const stop = interruptible(terminal, (signal) => (signal === 'SIGINT' ? io.err : io.out)(stopNotice(signal)));
    try {
      let run: RollbackRun;
      const mutation = new MutationObserver(client, rollbackMutationOptions(client, services, {
        record: log.record,
        now: runtime.settings.now,
        claim,
        stopped: stop.interrupted,
        // "calling" only once nothing is left to refuse: a refused or stopped rollback calls nothing.
        sending: () => io.out(`calling ${sanitize(handle.name)}…\n`),
        ...(sendUnlogged ? {sendUnlogged} : {}),
      }));
      try {
        run = await mutation.mutate(plan);
      } catch (error) {
        if (error instanceof RollbackNotLogged) {
          notSent = true;
          const how = args.yes ? 'check the log (free space, permissions), or confirm without --yes to send it unlogged' : 'cancelled';
          io.err(`rollback: not sending a rollback of ${sanitize(plan.service)}: ${sanitize(error.reason)}, so a later oncall rollback --yes would not see it; ${how} (nothing was called)\n`);
          return 1;
        }
        if (error instanceof RollbackStopped) {
          notSent = true;
          const signal = stop.ended();
          io.err(`rollback: not sending a rollback of ${sanitize(plan.service)}: stopped before its request went out (nothing was called)\n`);
          return signal ? endSignalExitCode(signal) : 1;
        }
        if (error instanceof RollbackRefused) {
          notSent = true;
          io.err(`rollback: not sending a rollback of ${sanitize(plan.service)}: ${sanitize(error.reason)}; check it, then run oncall rollback again to confirm over it (nothing was called)\n`);
          return 1;
        }
        if (error instanceof RollbackOutcomeUnknown) {
          // Neither failed nor started as far as we know: never invite a plain retry. A message
          // that says itself what is unknown is not wrapped in a second "may have" of the same.
          const why = error.unknownSaid ? sanitize(error.message) : `the request may have reached ${sanitize(handle.name)}, so the rollback may have started (${sanitize(describeFailure(error))})`;
          io.err(`rollback outcome unknown: ${why}\n`);
          io.err(`  check ${sanitize(error.check)} before trying again; until then oncall rollback --yes refuses to start another\n`);
          return 1;
        }
        io.err(`rollback failed: ${sanitize(describeFailure(error))}\n`);
        return 1;
      }
      if (run.unfollowable && run.unidentified !== undefined) {
        // Dispatched, but its run can never be told from another's: following it could only end
        // as unknown after minutes, so its outcome is said at once as unknown (exit 1).
        const where = run.url ? `: check the workflow's runs at ${sanitize(run.url)}` : '';
        io.out(`called ${sanitize(handle.name)}: dispatched; its run cannot be identified from here (${sanitize(run.unidentified)})${where}\n`);
        io.err(`rollback outcome unknown: oncall rollback --yes refuses to start another rollback of ${sanitize(plan.service)} over it; check it, then confirm without --yes\n`);
        return 1;
      }
      if (run.unfollowable) {
        // A webhook's 2xx: it took the request; what it did is not ours to see, nor is there a run.
        io.out(`called ${sanitize(handle.name)}: accepted by the webhook; its outcome cannot be followed from here (status unknown)\n`);
        return 0;
      }
      io.out(`called ${sanitize(handle.name)}: run ${sanitize(run.id)} ${runWord(run.status)}${run.url ? ` ${sanitize(run.url)}` : ''}\n`);
      io.out(`following the run every 2s (Ctrl-C stops following; the run keeps going):\n  ${runWord(run.status)}\n`);
      const outcome = await followRun(client, services, run, {io, stop, record: log.record, now: runtime.settings.now});
      const where = outcome.run.url ? `: ${sanitize(outcome.run.url)}` : '';
      if (outcome.kind === 'stopped') {
        io.err(`rollback: ${sanitize(outcome.why)}; run ${sanitize(outcome.run.id)} keeps going in ${sanitize(handle.name)}${where}\n`);
        // SIGHUP/SIGTERM: the code a shell gives a process the signal ended (129, 143).
        if (outcome.signal) return endSignalExitCode(outcome.signal);
        // The run could no longer be read: the CI source failed, the rollback's fate is unknown.
        return outcome.lostTrack ? EXIT_SOURCE_FAILED : 1;
      }
      if (outcome.run.status === 'success') {
        io.out(`rollback of ${sanitize(plan.service)} to ${sanitize(plan.toVersion)} done${where}\n`);
        return 0;
      }
      io.err(`rollback run ${sanitize(outcome.run.id)} ${runWord(outcome.run.status)}${where}\n`);
      return 1;
    } finally {
      stop.release();
      const problems = log.problems();
      for (const p of problems) io.err(`warning: ${sanitize(p)}\n`);
      // "Logged" only when every entry landed: the next `--yes` decides on what this run left.
      if (problems.length === 0) io.err(`(attempt and result logged to ${log.path})\n`);
      else if (unlogged) io.err(`(NOT logged (${sanitize(problems.join('; '))}): a later \`oncall rollback --yes\` will not see this run)\n`);
      else if (!notSent) io.err(`(NOT fully logged (${sanitize(problems.join('; '))}): a later \`oncall rollback --yes\` may not see how this run ended)\n`);
    }
  });
}

async function dryRun(plan: RollbackPlan, handle: NonNullable<Runtime['composed']['services']['rollbacker']>, io: Io): Promise<number> {
  if (!handle.capabilities.dryRun) {
    io.out(`dry run: nothing was called (${sanitize(handle.name)} has no server-side dry run)\n`);
    return 0;
  }
  try {
    io.out(`dry run: ${sanitize(await handle.capabilities.dryRun(plan))}\n`);
    return 0;
  } catch (error) {
    io.err(`dry run refused: ${sanitize(describeFailure(error))}\n`);
    return 1;
  }
}
