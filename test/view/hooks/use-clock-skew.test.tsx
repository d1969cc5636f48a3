/**
 * The dashboard follows its runtime's clock skew: when the first answers show this machine's
 * clock is off (or it is put right), every live query reads again at once, so no answer stamped
 * by the old clock shows as minutes old until its next poll; not while paused or in the past.
 */
import {QueryObserver, type QueryClient} from '@tanstack/query-core';
import {Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createQueryClient} from '../../../src/queries/query-client.ts';
import {useClockSkew} from '../../../src/view/hooks/use-clock-skew.ts';
import {until} from './until.ts';

let client: QueryClient;
let reads: number;
let stop: () => void;

beforeEach(() => {
  client = createQueryClient({retry: 0});
  reads = 0;
  // A live query polled once a minute: without the hook it would not read again for a minute.
  const observer = new QueryObserver(client, {queryKey: ['live'], queryFn: async () => ++reads, staleTime: 60_000, refetchInterval: 60_000});
  stop = observer.subscribe(() => {});
});

afterEach(() => {
  stop();
  cleanup();
  client.clear();
  client.unmount();
});

function Probe({skew, quiet}: {skew: number; quiet: boolean}) {
  const shown = useClockSkew(client, () => skew, quiet);
  return <Text>{`skew ${shown}`}</Text>;
}

describe('useClockSkew', () => {
  it('reads every live query again when the skew changes, and not when it stays', async () => {
    const {rerender, lastFrame} = render(<Probe skew={0} quiet={false} />);
    await until(() => reads === 1);
    rerender(<Probe skew={0} quiet={false} />);
    await new Promise((done) => setTimeout(done, 50));
    expect(reads).toBe(1);
    rerender(<Probe skew={-300_000} quiet={false} />);
    await until(() => reads === 2);
    expect(lastFrame()).toBe('skew -300000');
  });

  it('waits for the polls on a change under 10 s, and reads everything at most once a minute', async () => {
    const {rerender} = render(<Probe skew={0} quiet={false} />);
    await until(() => reads === 1);
    rerender(<Probe skew={3_000} quiet={false} />);
    await new Promise((done) => setTimeout(done, 50));
    expect(reads).toBe(1);
    rerender(<Probe skew={-300_000} quiet={false} />);
    await until(() => reads === 2);
    // Answers that disagree (a server with another clock) must not start a storm of reads.
    rerender(<Probe skew={0} quiet={false} />);
    rerender(<Probe skew={-300_000} quiet={false} />);
    await new Promise((done) => setTimeout(done, 50));
    expect(reads).toBe(2);
  });

  it('reads nothing while polling is paused or the screen shows the past', async () => {
    const {rerender} = render(<Probe skew={0} quiet />);
    await until(() => reads === 1);
    rerender(<Probe skew={1_200_000} quiet />);
    await new Promise((done) => setTimeout(done, 50));
    expect(reads).toBe(1);
  });
});
