/**
 * Subscribes a component to a query-core observer, the way react-query's useBaseQuery does:
 * the observer owns polling; React only reads snapshots through useSyncExternalStore.
 */
import {QueryObserver, type QueryClient, type QueryKey, type QueryObserverOptions, type QueryObserverResult} from '@tanstack/query-core';
import {useCallback, useEffect, useState, useSyncExternalStore} from 'react';

/**
 * Returns the current result of a query and re-renders when it changes.
 * @param options query options; changing them (e.g. pausing) updates the same observer
 */
export function useQueryObserver<TData, TKey extends QueryKey>(
  client: QueryClient,
  options: QueryObserverOptions<TData, Error, TData, TData, TKey>,
): QueryObserverResult<TData, Error> {
  const [observer] = useState(() => new QueryObserver<TData, Error, TData, TData, TKey>(client, options));
  useEffect(() => {
    observer.setOptions(options);
  }, [observer, options]);
  const subscribe = useCallback((onChange: () => void) => observer.subscribe(onChange), [observer]);
  return useSyncExternalStore(subscribe, () => observer.getCurrentResult(), () => observer.getCurrentResult());
}
