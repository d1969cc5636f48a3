/**
 * The rollback preview's subscription to the action log check (`queries/logged-open-rollbacks.ts`):
 * the log read for the rollback being confirmed, then the provider's word on its superseded runs.
 * What the log holds is shown as soon as the file is read; a read that fails is said on the
 * preview instead of passing for "nothing open". Until the file is read, Enter on the
 * confirmation sends nothing (`unreadLogHold` in `actions/deploy-actions.ts`).
 */
import type {QueryClient} from '@tanstack/query-core';
import {useMemo} from 'react';
import type {ActionLogRead} from '../../domain/action-log.ts';
import {openRollbackName} from '../../domain/open-rollbacks.ts';
import {endedRunsQueryOptions, loggedOpenQueryOptions, loggedOpenRollbacks, type LoggedOpenRollbacks, type OpenRollbackQuestion} from '../../queries/logged-open-rollbacks.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import {useQueryObserver} from './use-query-observer.ts';

const NO_RUNS: never[] = [];

/**
 * The log's answer for `question` (null, or `readActions` absent: off). `services`: those of the
 * question's context, whose rollback provider is asked about superseded runs (null: none ended).
 */
export function useLoggedOpenRollbacks(
  client: QueryClient,
  question: OpenRollbackQuestion | null,
  deps: {readActions: (() => Promise<ActionLogRead>) | undefined; now: () => number; services: ContextServices | null},
): LoggedOpenRollbacks {
  const asked = deps.readActions ? question : null;
  const {context, service, environment, idempotencyKey} = asked ?? {};
  const logOptions = useMemo(
    () => loggedOpenQueryOptions(client, asked, {readActions: deps.readActions, now: deps.now}),
    [client, context, service, environment, idempotencyKey, deps.readActions, deps.now],
  );
  const log = useQueryObserver(client, logOptions);
  const runs = asked ? (log.data?.runs ?? NO_RUNS) : NO_RUNS;
  const endedOptions = useMemo(() => endedRunsQueryOptions(asked, runs, deps.services), [logOptions, runs, deps.services]);
  const ended = useQueryObserver(client, endedOptions);
  return loggedOpenRollbacks(asked ? log : null, ended);
}

/** The preview's line about the log read, or null when there is nothing to say (read and answered, or off). */
export function loggedOpenNote(answer: LoggedOpenRollbacks): {text: string; tone: 'muted' | 'warn'} | null {
  // Milliseconds (a local file), said as unread rather than passing for "nothing open"; Enter
  // meanwhile sends nothing (`unreadLogHold`).
  if (answer.state === 'reading') return {text: 'checking the action log for rollbacks started elsewhere… (none shown yet; a confirmation before it is not sent)', tone: 'warn'};
  // Not a refusal: a log that cannot be read must not keep R from working.
  if (answer.state === 'failed') return {text: `the action log could not be read (${answer.error}): a rollback started elsewhere (oncall rollback, another dashboard) is not checked`, tone: 'warn'};
  if (answer.state === 'read' && answer.asking.length > 0) {
    return {text: `asking the provider whether ${answer.asking.map(openRollbackName).join(', ')} ended; warned of until it answers`, tone: 'muted'};
  }
  return null;
}
