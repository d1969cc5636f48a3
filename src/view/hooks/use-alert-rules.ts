/** Subscribes the alert details to today's alerting rules of the row's context, read when they open. */
import type {QueryClient} from '@tanstack/query-core';
import {useMemo} from 'react';
import {describeFailure} from '../../queries/source-outcome.ts';
import {rulesQueryOptions, rulesSource} from '../../queries/rule-queries.ts';
import type {ContextServices} from '../../sources/capabilities.ts';
import type {RulesView} from '../rows/rule-lines.ts';
import {useQueryObserver} from './use-query-observer.ts';

/**
 * The rules of `services`' context as the details show them, or null while no alert details
 * are `open`. Nothing is read until they are; a read answered within the last minute is reused.
 * @param opts.now the live clock, for the read's time
 * @param opts.liveNow the live time of this frame (evaluation ages, also while in the past)
 * @param opts.past time travelling: the rule shown is today's
 */
export function useAlertRules(client: QueryClient, services: ContextServices, opts: {open: boolean; now: () => number; liveNow: number; past: boolean}): RulesView | null {
  const {open, now, liveNow, past} = opts;
  const options = useMemo(() => rulesQueryOptions(services, {open, now}), [services, open, now]);
  const {data, error} = useQueryObserver(client, options);
  const readable = rulesSource(services) !== null;
  return useMemo((): RulesView | null => {
    if (!open) return null;
    const at = liveNow;
    if (!readable) return {read: {state: 'none', reason: 'this context has no Prometheus-compatible source whose rules can be read'}, past, now: at};
    if (data) return {read: {state: 'read', rules: data.rules, source: data.source}, past, now: at};
    if (error) return {read: {state: 'failed', reason: describeFailure(error)}, past, now: at};
    return {read: {state: 'loading'}, past, now: at};
  }, [open, readable, data, error, past, liveNow]);
}
