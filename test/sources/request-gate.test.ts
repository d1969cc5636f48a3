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
