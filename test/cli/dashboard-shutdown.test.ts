import {MutationObserver} from '@tanstack/query-core';
import {afterEach, expect, it} from 'vitest';
import {settleActions} from '../../src/cli/dashboard-shutdown.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';

const client = createQueryClient();
afterEach(() => client.clear());

it('waits for an action in flight to record its outcome before the log is drained', async () => {
  const written: string[] = [];
  let tail = Promise.resolve();
  const log = {
    record: (line: string) => {
      tail = tail.then(() => new Promise((resolve) => setTimeout(resolve, 5))).then(() => void written.push(line));
      return tail;
    },
    drain: () => tail,
  };
  // An ack whose answer comes after the screen closed, recording its outcome as the real ones do.
  const ack = new MutationObserver(client, {
    mutationFn: async () => {
      await log.record('attempt');
      await new Promise((resolve) => setTimeout(resolve, 150));
      await log.record('success');
    },
  });
  void ack.mutate();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await settleActions(client, log);
  expect(written).toEqual(['attempt', 'success']);
});

it('only drains when nothing is in flight', async () => {
  let drained = 0;
  await settleActions(client, {drain: async () => void drained++}, () => Promise.reject(new Error('no wait expected')));
  expect(drained).toBe(1);
});
