/**
 * The OpenSLO v1alpha getting-started SLO (good over total, the dialect Sloth reads) and its
 * Sloth prometheus/v1 twin (errors over total) measured by a real Prometheus over the same
 * backfilled traffic: `oncall status --json` must report the same SLO, number for number.
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateBackfill, seededRandom} from '../../scripts/slo-backfill.ts';
import {main} from '../../src/cli/main.ts';
import type {StatusDocument} from '../../src/domain/status-document.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const MIN = 60;
const fixture = (name: string) => fileURLToPath(new URL(`../config/slo-files/fixtures/${name}`, import.meta.url));

describe('OpenSLO v1alpha and its Sloth twin against a real Prometheus', () => {
  let backends: Backends;
  let dir: string;
  const end = Math.floor(Date.now() / 1000 / MIN) * MIN;

  beforeAll(async () => {
    const random = seededRandom(14);
    // Three days of checkout traffic with 3 % errors in the last hour: the SLO pages.
    const backfill = generateBackfill(
      [{service: 'checkout', requestsPerStep: () => 900 + Math.floor(random() * 200), errorRatio: (i) => (i > 3 * 24 * 60 + 60 ? 0.03 : random() * 0.001)}],
      end - 3 * 24 * 3600 - 2 * 3600,
      end,
    );
    backends = await startTestBackends({openMetrics: backfill.openMetrics, alertmanager: false});
    dir = await mkdtemp(join(tmpdir(), 'oncall-openslo-twin-'));
    const context = (name: string, file: string) => [`  - name: ${name}`, '    prometheus:', `      url: ${backends.prometheusUrl}`, `    sloFiles: ['${fixture(file)}']`];
    const yaml = ['current-context: sloth', 'contexts:', ...context('sloth', 'sloth-getting-started.yaml'), ...context('openslo', 'openslo-v1alpha-getting-started.yaml'), ''];
    await writeFile(join(dir, 'config.yaml'), yaml.join('\n'));
  });

  afterAll(async () => {
    await backends?.stop();
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  async function status(context: string): Promise<StatusDocument> {
    let out = '';
    let err = '';
    const io = {out: (t: string) => void (out += t), err: (t: string) => void (err += t)};
    await main(['status', '--json', '--context', context, '--config', join(dir, 'config.yaml')], {HOME: dir}, io, {now: () => end * 1000});
    expect(err).toBe('');
    return JSON.parse(out) as StatusDocument;
  }

  it('reports the same status, budget and burn rates for both', async () => {
    const [sloth] = (await status('sloth')).slos;
    const [openslo] = (await status('openslo')).slos;
    expect(sloth).toMatchObject({name: 'checkout-requests-availability', source: 'sloth', status: 'page', trippedBy: '1h&5m'});
    expect(openslo).toMatchObject({name: 'checkout-requests-availability', source: 'openslo', status: 'page', trippedBy: '1h&5m'});
    const {source: _a, burnRates: burnA, sli: sliA, errorBudgetRemaining: budgetA, exhaustsInSeconds: _ea, ...restA} = sloth!;
    const {source: _b, burnRates: burnB, sli: sliB, errorBudgetRemaining: budgetB, exhaustsInSeconds: _eb, ...restB} = openslo!;
    expect(restB).toEqual(restA);
    // total − good and errors are the same events; only floating point may differ.
    for (const [w, rate] of Object.entries(burnA)) expect(burnB[w], w).toBeCloseTo(rate ?? NaN, 6);
    expect(sliB).toBeCloseTo(sliA ?? NaN, 9);
    expect(budgetB).toBeCloseTo(budgetA ?? NaN, 6);
    expect(burnA['1h']).toBeGreaterThan(14.4);
  });
});
