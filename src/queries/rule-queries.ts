/**
 * Today's alerting rules of a context, for the alert details: read once when details are
 * first opened, not polled. A rule changes with a deploy of the rule files, not between polls,
 * so the answer is fresh for a minute: opening the details of another alert, or the same one
 * again, reads nothing more. The read goes through the source's client, so it waits in the
 * request gate like every poll.
 */
import type {QueryObserverOptions} from '@tanstack/query-core';
import type {AlertingRule} from '../domain/rule-runbook.ts';
import type {ContextServices, Sourced} from '../sources/capabilities.ts';

/** How long a rules read is used before the next opening of details reads again. */
export const RULES_STALE_MS = 60_000;

/** What a rules read found: the rules, which source said so, and when. */
export interface RulesSnapshot {
  rules: AlertingRule[];
  source: string;
  at: number;
}

/** Query key of a context's alerting rules. */
export const rulesKey = (context: string) => ['alert-rules', context] as const;

/** The source of a context that lists its alerting rules, or null (an Alertmanager-only context). */
export function rulesSource(services: ContextServices): {name: string; read: () => Promise<Sourced<AlertingRule[]>>} | null {
  const reader = services.sloReader;
  const read = reader?.capabilities.readAlertingRules;
  return reader && read ? {name: reader.name, read: () => read.call(reader.capabilities)} : null;
}

/**
 * Options to read a context's alerting rules while `open` (details of one of its alerts are
 * shown). Not retried: a failure is said in the details at once, and the next opening after
 * it reads again.
 */
export function rulesQueryOptions(
  services: ContextServices,
  opts: {open: boolean; now: () => number},
): QueryObserverOptions<RulesSnapshot, Error, RulesSnapshot, RulesSnapshot, ReturnType<typeof rulesKey>> {
  const source = rulesSource(services);
  return {
    queryKey: rulesKey(services.context),
    enabled: opts.open && source !== null,
    staleTime: RULES_STALE_MS,
    retry: false,
    queryFn: async () => {
      const {value} = await source!.read();
      return {rules: value, source: source!.name, at: opts.now()};
    },
  };
}
