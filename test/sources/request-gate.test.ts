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

describe('createRequestGate per tenant of a backend', () => {
  /** A run that stays in flight until released; records when it started. */
  function held(started: string[], name: string, releases: Array<() => void>) {
    return () => {
      started.push(name);
      return new Promise<string>((resolve) => releases.push(() => resolve(name)));
    };
  }
  const turn = () => new Promise((r) => setImmediate(r));
  /** Releases every run in flight, turn after turn, until `runs` all settled. */
  async function drain(runs: Array<Promise<string>>, ...releases: Array<Array<() => void>>): Promise<string[]> {
    let done = false;
    const all = Promise.all(runs).finally(() => (done = true));
    while (!done) {
      for (const list of releases) list.splice(0).forEach((release) => release());
      await turn();
    }
    return all;
  }

  it("a tenant that hangs holds at most half of its backend's share; the backend's other tenant keeps slots", async () => {
    // 8 slots, 4 per backend, 2 per tenant of a backend that has two.
    const gate = createRequestGate(8);
    const started: string[] = [];
    const hung: Array<() => void> = [];
    const live: Array<() => void> = [];
    // The clients are made (and known) before the first poll.
    gate.know?.({root: 'http://mimir', tenant: 'dead'});
    gate.know?.({root: 'http://mimir', tenant: 'live'});
    const dead = Array.from({length: 7}, (_, i) => gate(held(started, `dead${i}`, hung), {root: 'http://mimir', tenant: 'dead'}));
    const other = ['a', 'b', 'c'].map((name) => gate(held(started, name, live), {root: 'http://mimir', tenant: 'live'}));
    await turn();
    // Keyed by the root alone, the hung tenant took all 4 of the root's slots and the live one none.
    expect(started).toEqual(['dead0', 'dead1', 'a', 'b']);
    live.splice(0).forEach((release) => release());
    await turn();
    await turn();
    // The live tenant's slots went to its own next read, not to the hung tenant's waiting ones.
    expect(started).toEqual(['dead0', 'dead1', 'a', 'b', 'c']);
    expect(await drain([...dead, ...other], hung, live)).toEqual([...Array.from({length: 7}, (_, i) => `dead${i}`), 'a', 'b', 'c']);
  });

  it('a backend with one tenant keeps its whole share, and its tenants all hung hold no more than that share', async () => {
    const gate = createRequestGate(8);
    const started: string[] = [];
    const releases: Array<() => void> = [];
    const alone = Array.from({length: 5}, (_, i) => gate(held(started, `alone${i}`, releases), {root: 'http://prom', tenant: 'only'}));
    await turn();
    expect(started).toEqual(['alone0', 'alone1', 'alone2', 'alone3']);
    await drain(alone, releases);
    started.length = 0;
    // Three tenants of one backend, all hanging: 4 of the 8 slots at most; another backend gets the rest.
    for (const tenant of ['t1', 't2', 't3']) gate.know?.({root: 'http://mimir', tenant});
    const tenants = ['t1', 't2', 't3'].flatMap((tenant) => Array.from({length: 3}, (_, i) => gate(held(started, `${tenant}.${i}`, releases), {root: 'http://mimir', tenant})));
    const elsewhere = Array.from({length: 4}, (_, i) => gate(held(started, `other${i}`, releases), 'http://other'));
    await turn();
    expect(started).toEqual(['t1.0', 't1.1', 't2.0', 't2.1', 'other0', 'other1', 'other2', 'other3']);
    expect(await drain([...tenants, ...elsewhere], releases)).toHaveLength(13);
  });
});
