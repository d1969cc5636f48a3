import type {QueryClient} from '@tanstack/query-core';
import {Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {createQueryClient} from '../../../src/queries/query-client.ts';
import {useQueryObserver} from '../../../src/view/hooks/use-query-observer.ts';
import {until} from './until.ts';

let client: QueryClient;

afterEach(() => {
  cleanup();
  client.clear();
  client.unmount();
});

// A query whose answer the test sets; every refetch flips isFetching on and off.
function setup() {
  client = createQueryClient({retry: 0});
  const answer = {value: 'v1', fetches: 0};
  const options = {queryKey: ['probe'] as const, queryFn: async () => (answer.fetches++, answer.value)};
  const refetch = async () => {
    const before = answer.fetches;
    await client.refetchQueries({queryKey: ['probe']});
    expect(answer.fetches).toBe(before + 1);
  };
  return {answer, options, refetch};
}

describe('useQueryObserver', () => {
  it('does not re-render a component that reads only data when a refetch flips isFetching and brings the same data', async () => {
    const {answer, options, refetch} = setup();
    let renders = 0;
    function DataOnly() {
      renders++;
      return <Text>{useQueryObserver(client, options).data ?? 'loading'}</Text>;
    }
    const {lastFrame} = render(<DataOnly />);
    await until(() => lastFrame() === 'v1');
    const settled = renders;
    for (let i = 0; i < 3; i++) await refetch();
    // Three polls, six isFetching flips, the same data: nothing for this component to redraw.
    expect(renders).toBe(settled);
    answer.value = 'v2';
    await refetch();
    await until(() => lastFrame() === 'v2');
    expect(renders).toBe(settled + 1);
  });

  it('re-renders a component that reads isFetching at every flip', async () => {
    const {options, refetch} = setup();
    const seen: boolean[] = [];
    function Spinner() {
      const result = useQueryObserver(client, options);
      seen.push(result.isFetching);
      return <Text>{`${result.data ?? '-'} ${result.isFetching ? 'fetching' : 'idle'}`}</Text>;
    }
    const {lastFrame} = render(<Spinner />);
    await until(() => lastFrame() === 'v1 idle');
    seen.length = 0;
    await refetch();
    await until(() => lastFrame() === 'v1 idle');
    expect(seen).toEqual([true, false]);
  });
});
