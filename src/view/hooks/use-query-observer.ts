/**
 * Subscribes a component to a query-core observer, the way react-query's useBaseQuery does:
 * the observer owns polling; React is told of changes through useSyncExternalStore, and only of
 * changes to the result properties the component read (query-core's tracked results).
 */
import {QueriesObserver, QueryObserver, type QueryClient, type QueryKey, type QueryObserverOptions, type QueryObserverResult} from '@tanstack/query-core';
import {useCallback, useEffect, useMemo, useSyncExternalStore} from 'react';

/**
 * Returns the current result of a query and re-renders when a property the caller read changes.
 * The result is query-core's tracking proxy (`observer.trackResult`): a dashboard that reads only
 * `data` and `dataUpdatedAt` is not re-rendered when `isFetching` flips at every poll, nor when a
 * poll brings back structurally equal data. A property read once stays tracked. Without
 * `notifyOnChangeProps`, an observer whose result is never read is notified of every change, as
 * in react-query.
 * @param options query options, memoized by the caller; changing them (e.g. pausing) updates the same observer (another client makes another)
 */
export function useQueryObserver<TData, TKey extends QueryKey>(
  client: QueryClient,
  options: QueryObserverOptions<TData, Error, TData, TData, TKey>,
): QueryObserverResult<TData, Error> {
  const defaulted = useMemo(() => client.defaultQueryOptions(options), [client, options]);
  // One observer per client: the past dashboard (time travel) reads from a client of its own,
  // and returning to live subscribes to the live client's queries again.
  const observer = useMemo(() => new QueryObserver<TData, Error, TData, TData, TKey>(client, defaulted), [client]);
  // The result for the options of this render, before the effect below hands them to the observer.
  const result = observer.getOptimisticResult(defaulted);
  const subscribe = useCallback(
    (onChange: () => void) => {
      const unsubscribe = observer.subscribe(onChange);
      // A change between the render and this subscription would otherwise go unseen.
      observer.updateResult();
      return unsubscribe;
    },
    [observer],
  );
  const snapshot = useCallback(() => observer.getCurrentResult(), [observer]);
  useSyncExternalStore(subscribe, snapshot, snapshot);
  useEffect(() => {
    observer.setOptions(defaulted);
  }, [observer, defaulted]);
  return observer.trackResult(result);
}

const NO_RESULTS: never[] = [];

/**
 * Subscribes a component to several queries at once (query-core's `QueriesObserver`), each polled
 * on its own; the results in the order of `options` once the observer has them (an empty list
 * before). Re-renders on any change of any of them.
 * @param options memoized by the caller; a new list (more, fewer or other queries) updates the same observer
 */
export function useQueriesObserver<TData>(client: QueryClient, options: readonly QueryObserverOptions[]): QueryObserverResult<TData, Error>[] {
  const observer = useMemo(() => new QueriesObserver<QueryObserverResult<TData, Error>[]>(client, []), [client]);
  useEffect(() => () => observer.destroy(), [observer]);
  useEffect(() => {
    observer.setQueries([...options]);
  }, [observer, options]);
  const subscribe = useCallback((onChange: () => void) => observer.subscribe(onChange), [observer]);
  const current = useCallback(() => (observer.getCurrentResult() as QueryObserverResult<TData, Error>[] | undefined) ?? NO_RESULTS, [observer]);
  return useSyncExternalStore(subscribe, current, current);
}
