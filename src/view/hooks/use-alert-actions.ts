/**
 * Ack, unack, retry, runbook and copy from the dashboard: plans with the domain, sends through
 * the query-core mutations (retried with backoff, never duplicated, every attempt logged), and
 * reports each outcome as a footer message. The state of every ack is read back from the
 * MutationCache, so a failed ack stays visible on its alert until it is retried.
 */
import type {QueryClient} from '@tanstack/query-core';
import {useApp, useStdin} from 'ink';
import {useCallback, useMemo, useRef} from 'react';
import type {ActionRecorder} from '../../domain/action-log.ts';
import {planAck, type AckPlan} from '../../domain/ack-plan.ts';
import type {Alert} from '../../domain/alert.ts';
import {runbookPathOf} from '../../domain/runbook-file.ts';
import {formatDuration} from '../../domain/duration.ts';
import {runbookUrlOf} from '../../domain/runbook.ts';
import {sanitize} from '../../domain/sanitize.ts';
import {openUrl, type Spawn} from '../../platform/open-url.ts';
import {pagerCommand, runPager, type PagerOutcome, type PagerSpawn} from '../../platform/pager.ts';
import {readRunbookFile} from '../../platform/runbook-file.ts';
import {osc52} from '../../platform/terminal-links.ts';
import {ackMutationOptions, ackVariables, completionVariables, startSilenceMutation} from '../../queries/ack-mutations.ts';
import {unackMutationOptions} from '../../queries/unack-mutations.ts';
import {retryAck} from '../../queries/ack-state.ts';
import type {SilenceOutcome} from '../../queries/silence-results.ts';
import type {ContextServices} from '../../sources/capabilities.ts';

/** How acks are written (from the `ack:` config). */
export interface AckSettings {
  durationMs: number;
  author: string;
  prefix: string;
  volatileLabels: readonly string[];
}

/** What the dashboard may do to the terminal and the machine around it. */
export interface TerminalAccess {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  /** Writes raw bytes to the terminal (an OSC 52 copy); never used for backend text. */
  writeRaw(bytes: string): void;
  /** Starts the browser opener (default: `child_process.spawn`). */
  spawn?: Spawn;
  /** Starts `$PAGER` on a local runbook (default: `child_process.spawn`). */
  spawnPager?: PagerSpawn;
}

/** A message for the footer. */
export interface ActionMessage {
  text: string;
  tone: 'ok' | 'warn' | 'critical' | 'info';
}

/** What `o` did: the footer message, and a local runbook to show in the dashboard, if any. */
export interface RunbookMessage extends ActionMessage {
  /** The runbook's lines when the dashboard shows it (no `$PAGER`, or the pager failed). */
  lines?: string[];
  /** The title of the shown runbook. */
  title?: string;
  url?: string;
}

/**
 * The footer line of an ack or unack. `retrying`: the first try's outcome, while the failed
 * Alertmanagers go on being retried (the row shows it); `a` makes the next try go now.
 */
function outcomeText(verb: string, what: string, outcome: SilenceOutcome, retrying = false): ActionMessage {
  const failed = outcome.results.filter((r) => !r.ok);
  const ids = outcome.results.filter((r) => r.ok && r.silenceId).map((r) => `${r.source}: ${r.silenceId}`);
  if (outcome.status === 'ok') return {text: `${verb} ${what}${ids.length ? ` (${ids.join(', ')})` : ''}`, tone: 'ok'};
  const why = failed.map((r) => `${r.source}: ${r.error ?? 'failed'}`).join('; ');
  if (retrying) return {text: `${verb} ${what} ${outcome.status === 'partial' ? 'only partly' : 'not yet'}: ${why}; retrying until it answers`, tone: 'warn'};
  if (outcome.status === 'partial') return {text: `${verb} ${what} only partly: ${why}; press a to retry`, tone: 'warn'};
  return {text: `${verb} ${what} FAILED: ${why}; press a to retry`, tone: 'critical'};
}

/** The alert actions. */
export function useAlertActions(
  client: QueryClient,
  services: ContextServices,
  deps: {record: ActionRecorder; now: () => number; ack: AckSettings; runbookTemplate?: string; terminal: TerminalAccess},
) {
  const {suspendTerminal} = useApp();
  const {stdin} = useStdin();
  // A second `o` in the same burst of keys must not try to hand over a terminal already handed over.
  const paging = useRef(false);
  const mutationDeps = useMemo(
    () => ({record: deps.record, now: deps.now, context: services.context, prefix: deps.ack.prefix}),
    [deps.record, deps.now, services.context, deps.ack.prefix],
  );

  /** Plans an ack; the caller shows `overreach` and asks before sending when it is not empty. */
  const plan = useCallback(
    (selected: Alert[], all: Alert[], opts: {durationMs?: number; comment?: string} = {}): AckPlan =>
      planAck(selected, all, {
        volatileLabels: deps.ack.volatileLabels,
        durationMs: opts.durationMs ?? deps.ack.durationMs,
        author: deps.ack.author,
        prefix: deps.ack.prefix,
        comment: opts.comment,
        now: deps.now(),
      }),
    [deps.ack, deps.now],
  );

  const send = useCallback(
    async (planned: AckPlan, what: string): Promise<ActionMessage> => {
      const {outcome, settled} = await startSilenceMutation(client, ackMutationOptions(services, mutationDeps), ackVariables(services, planned.drafts));
      const first = planned.drafts[0]?.draft;
      const ms = first ? first.endsAt - first.startsAt : 0;
      const message = outcomeText('acked', ms > 0 ? `${what} for ${formatDuration(ms)}` : what, outcome, !settled);
      // The default ack is short on purpose; say once, where it is seen, how to take longer.
      if (outcome.status === 'ok' && ms === deps.ack.durationMs) return {...message, text: `${message.text} · :ack 1h (or 4h, 30m…) for longer`};
      return message;
    },
    [client, services, mutationDeps, deps.ack.durationMs],
  );

  /** Sends a partly acked alert's ack, unchanged, to exactly the Alertmanagers missing it. */
  const complete = useCallback(
    async (alert: Alert): Promise<ActionMessage> => {
      if (!alert.partialAck) return {text: 'nothing to complete', tone: 'info'};
      const variables = completionVariables(services, alert, alert.partialAck, deps.now());
      const {outcome, settled} = await startSilenceMutation(client, ackMutationOptions(services, mutationDeps), variables);
      return outcomeText('acked', `${sanitize(alert.name)} where it was missing`, outcome, !settled);
    },
    [client, services, mutationDeps, deps.now],
  );

  const unack = useCallback(
    async (alert: Alert): Promise<ActionMessage> => {
      const {outcome, settled} = await startSilenceMutation(client, unackMutationOptions(services, mutationDeps), {alerts: [alert]});
      return outcomeText('unacked', sanitize(alert.name), outcome, !settled);
    },
    [client, services, mutationDeps],
  );

  const retry = useCallback(
    async (alert: Alert): Promise<ActionMessage> => {
      const outcome = await retryAck(client, alert.fingerprint, services.context);
      if (outcome === 'woken') return {text: `retrying the ack of ${sanitize(alert.name)} now`, tone: 'info'};
      return outcome ? outcomeText('retried: acked', sanitize(alert.name), outcome, outcome.status !== 'ok') : {text: 'nothing to retry', tone: 'info'};
    },
    [client, services.context],
  );

  /**
   * Hands the terminal to `$PAGER` on the runbook file and waits for it to exit. Ink leaves the
   * alternate screen and raw mode, draws nothing meanwhile (polling goes on), then redraws all.
   */
  const page = useCallback(
    async (command: string[], path: string): Promise<PagerOutcome> => {
      paging.current = true;
      const result: {outcome?: PagerOutcome} = {};
      try {
        await suspendTerminal(async () => {
          result.outcome = await runPager(command, path, {input: stdin, ...(deps.terminal.spawnPager ? {spawn: deps.terminal.spawnPager} : {})});
        });
      } catch (error) {
        result.outcome ??= {ok: false, error: `could not hand over the terminal (${error instanceof Error ? error.message : String(error)})`};
      } finally {
        paging.current = false;
      }
      return result.outcome ?? {ok: false, error: 'the pager did not run'};
    },
    [suspendTerminal, stdin, deps.terminal],
  );

  /**
   * Opens the runbook: a local Markdown runbook goes to `$PAGER` when it is set, else (or when the
   * pager cannot start) the dashboard shows it; a web link opens in a browser only with a local
   * display, never over SSH (the link is shown instead). `whose` follows the word "runbook" in
   * what is said, when it is not the selected row's own (a group header's first firing alert).
   */
  const openRunbook = useCallback(
    async (alert: Alert, whose = ''): Promise<RunbookMessage> => {
      const path = runbookPathOf(alert, deps.runbookTemplate);
      // Read first: a missing or oversized file is reported, never handed to the pager, and the
      // lines are ready should the pager fail.
      const file = path ? await readRunbookFile(path) : null;
      if (path && file?.ok) {
        const title = `runbook${whose} ${sanitize(path)}`;
        const command = pagerCommand(deps.terminal.env);
        // The reason goes first: a long path must not push it out of a narrow footer.
        if (command === null) return {text: `$PAGER is not set: ${title} shown here`, tone: 'info', title, lines: file.lines};
        if (paging.current) return {text: 'the pager is already open', tone: 'info'};
        const outcome = await page(command, path);
        if (outcome.ok) return {text: `read in ${sanitize(command[0]!)}: ${title}`, tone: 'info'};
        return {text: `${sanitize(outcome.error)}: ${title} shown here instead`, tone: 'warn', title, lines: file.lines};
      }
      // No local file for this alert: its own link, when it has one, beats nothing mid-incident.
      const missing = file && !file.ok ? file.error : null;
      if (missing !== null && !runbookUrlOf(alert)) return {text: missing, tone: 'critical'};
      const url = runbookUrlOf(alert, deps.runbookTemplate);
      if (!url) return {text: 'no runbook for this alert', tone: 'warn'};
      // The link first: a narrow footer cuts the end, and the file's error is the lesser news.
      const also = missing === null ? '' : `; ${missing}`;
      const result = openUrl(url, {env: deps.terminal.env, platform: deps.terminal.platform, ...(deps.terminal.spawn ? {spawn: deps.terminal.spawn} : {})});
      if (result.opened) return {text: `opened ${sanitize(url)} in your browser${whose}${also}`, tone: 'ok', url};
      return {text: `runbook${whose}: ${sanitize(url)}  (${result.reason}; y copies it${also})`, tone: 'info', url};
    },
    [deps.runbookTemplate, deps.terminal, page],
  );

  /** Copies a link to the user's clipboard with OSC 52, which works over SSH. */
  const copy = useCallback(
    (url: string | null, what: string): ActionMessage => {
      if (!url) return {text: `no ${what} link to copy`, tone: 'warn'};
      deps.terminal.writeRaw(osc52(url));
      const tmux = deps.terminal.env['TMUX'] ? ' (in tmux this needs: set -g set-clipboard on)' : '';
      return {text: `copied ${what} link: ${sanitize(url)}${tmux}`, tone: 'ok'};
    },
    [deps.terminal],
  );

  return {plan, send, complete, unack, retry, openRunbook, copy};
}
