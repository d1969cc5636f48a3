import {describe, expect, it} from 'vitest';
import {createRequestGate} from '../../src/sources/http/request-gate.ts';

describe('createRequestGate', () => {
  it('lets at most max runs go at once, the rest in arrival order, and frees a slot on failure', async () => {
    const gate = createRequestGate(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const release: Array<() => void> = [];
    const runs = [0, 1, 2, 3, 4].map((i) =>
      gate(async () => {
        running++;
        most = Math.max(most, running);
        order.push(i);
        await new Promise<void>((resolve) => release.push(resolve));
        running--;
        if (i === 0) throw new Error('boom');
        return i;
      }),
    );
    const settled = Promise.allSettled(runs);
    while (order.length < 5) {
      await new Promise((r) => setImmediate(r));
      release.shift()?.();
    }
    release.forEach((r) => r());
    const results = await settled;
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected'))).toEqual(['rejected', 1, 2, 3, 4]);
  });
});

describe('createRequestGate per backend', () => {
  /** A run that stays in flight until released; records when it started. */
  function held(started: string[], name: string, releases: Array<() => void>) {
    return () => {
      started.push(name);
      return new Promise<string>((resolve) => releases.push(() => resolve(name)));
    };
  }
  const turn = () => new Promise((r) => setImmediate(r));

  it('a backend that never answers holds at most its share; the other backends keep the rest of the slots', async () => {
    const gate = createRequestGate(4);
    const started: string[] = [];
    const hung: Array<() => void> = [];
    const live: Array<() => void> = [];
    // A hung context's seven SLO reads arrive first, as a poll of twenty contexts would order them.
    const dead = Array.from({length: 7}, (_, i) => gate(held(started, `dead${i}`, hung), 'http://dead'));
    const others = ['a', 'b', 'c', 'd'].map((name) => gate(held(started, name, live), `http://${name}`));
    await turn();
    // Half of 4 slots to the hung backend; the other two go to a and b at once.
    expect(started).toEqual(['dead0', 'dead1', 'a', 'b']);
    live.splice(0).forEach((release) => release());
    await turn();
    await turn();
    // a's and b's slots went to c and d, not to the hung backend's waiting reads.
    expect(started).toEqual(['dead0', 'dead1', 'a', 'b', 'c', 'd']);
    live.splice(0).forEach((release) => release());
    expect(await Promise.all(others)).toEqual(['a', 'b', 'c', 'd']);
    // Its own reads go on, two at a time, as its slots free.
    hung.splice(0).forEach((release) => release());
    await turn();
    expect(started.filter((s) => s.startsWith('dead'))).toEqual(['dead0', 'dead1', 'dead2', 'dead3']);
    while (hung.length > 0) {
      hung.splice(0).forEach((release) => release());
      await turn();
    }
    expect(await Promise.all(dead)).toHaveLength(7);
  });

  it('the share is configurable, and unnamed runs count against the global bound only', async () => {
    const gate = createRequestGate(3, 1);
    const started: string[] = [];
    const releases: Array<() => void> = [];
    const runs = [gate(held(started, 'x1', releases), 'x'), gate(held(started, 'x2', releases), 'x'), gate(held(started, 'u1', releases)), gate(held(started, 'u2', releases)), gate(held(started, 'u3', releases))];
    await turn();
    expect(started).toEqual(['x1', 'u1', 'u2']);
    releases.splice(0, 1)[0]!();
    await turn();
    await turn();
    // x1's slot: x2 waited longest and x is now below its share.
    expect(started).toEqual(['x1', 'u1', 'u2', 'x2']);
    while (releases.length > 0) {
      releases.splice(0).forEach((release) => release());
      await turn();
    }
    expect(await Promise.all(runs)).toEqual(['x1', 'x2', 'u1', 'u2', 'u3']);
  });
});

describe('createRequestGate background runs', () => {
  const turn = () => new Promise((r) => setImmediate(r));

  it('a background run waits while other runs wait for a slot, and takes a free one when none does', async () => {
    const gate = createRequestGate(2, 2);
    const started: string[] = [];
    const releases = new Map<string, () => void>();
    const run = (name: string, backend: string, background = false) =>
      gate(
        () => {
          started.push(name);
          return new Promise<string>((resolve) => releases.set(name, () => resolve(name)));
        },
        backend,
        background,
      );
    const runs = [run('now1', 'a'), run('now2', 'b'), run('spark-a', 'a', true), run('now3', 'c'), run('spark-b', 'b', true), run('now4', 'd')];
    await turn();
    expect(started).toEqual(['now1', 'now2']);
    // Slots free one by one: the current values first, though the sparklines asked earlier.
    for (const name of ['now1', 'now2', 'now3', 'now4']) {
      releases.get(name)!();
      await turn();
      await turn();
    }
    expect(started).toEqual(['now1', 'now2', 'now3', 'now4', 'spark-a', 'spark-b']);
    for (const name of ['spark-a', 'spark-b']) releases.get(name)!();
    expect(await Promise.all(runs)).toHaveLength(6);
    // Nothing waiting: a background run goes at once.
    const alone = run('spark-alone', 'a', true);
    await turn();
    expect(started.at(-1)).toBe('spark-alone');
    releases.get('spark-alone')!();
    await alone;
  });
});

describe('createRequestGate with an abort signal', () => {
  const turn = () => new Promise((r) => setImmediate(r));

  it('takes an aborted run out of the queue: it never starts, rejects with the reason, and the next run gets the slot', async () => {
    const gate = createRequestGate(1);
    const started: string[] = [];
    let releaseFirst = () => {};
    const first = gate(() => {
      started.push('first');
      return new Promise<string>((resolve) => (releaseFirst = () => resolve('first')));
    });
    const controller = new AbortController();
    const abandoned = gate(async () => started.push('abandoned'), undefined, false, controller.signal);
    const next = gate(async () => (started.push('next'), 'next'));
    await turn();
    controller.abort(new Error('the refresh failed'));
    await expect(abandoned).rejects.toThrow('the refresh failed');
    releaseFirst();
    expect(await Promise.all([first, next])).toEqual(['first', 'next']);
    expect(started).toEqual(['first', 'next']);
  });

  it('refuses a run whose signal is already aborted, and a started run is not taken back', async () => {
    const gate = createRequestGate(1);
    await expect(gate(async () => 'ran', undefined, false, AbortSignal.abort(new Error('too late')))).rejects.toThrow('too late');
    const controller = new AbortController();
    let release = () => {};
    const running = gate(() => new Promise<string>((resolve) => (release = () => resolve('finished'))), undefined, false, controller.signal);
    await turn();
    // Aborting a run that holds its slot is the run's own business (its request's signal).
    controller.abort();
    release();
    expect(await running).toBe('finished');
    expect(await gate(async () => 'slot free')).toBe('slot free');
  });
});
