import {describe, expect, it} from 'vitest';
import {BURN_WINDOWS} from '../../src/domain/slo.ts';
import type {CliArgs} from '../../src/cli/args.ts';
import {demoRuntime, FROZEN_DEMO_ENV} from '../../src/cli/runtime.ts';

const T0 = Date.UTC(2026, 4, 1, 10, 0, 0);
const MINUTE = 60_000;
const args = {command: 'demo', readOnly: false} as CliArgs;

/** The demo's SLO ratios read at T0 and ten minutes later, with the clock moving between. */
async function twoReads(env: Record<string, string>) {
  let t = T0;
  const runtime = demoRuntime(args, env, () => t);
  const {slos, sloReader} = runtime.composed.services;
  const read = async () => (await sloReader!.capabilities.readRatios(slos, [...BURN_WINDOWS], t)).value.map((m) => m.ratios);
  const first = await read();
  t += 10 * MINUTE;
  return [first, await read()];
}

describe('demoRuntime', () => {
  it('runs the live scenario: the numbers move with the clock', async () => {
    const [first, later] = await twoReads({});
    expect(later).not.toEqual(first);
  });

  it(`with ${FROZEN_DEMO_ENV}=1 (the benchmarks' switch) stops the scenario at start`, async () => {
    expect(FROZEN_DEMO_ENV).toBe('ONCALL_BENCH_FROZEN_DEMO');
    const [first, later] = await twoReads({[FROZEN_DEMO_ENV]: '1'});
    expect(later).toEqual(first);
    // Any other value leaves it live.
    const [a, b] = await twoReads({[FROZEN_DEMO_ENV]: 'yes'});
    expect(b).not.toEqual(a);
  });
});
