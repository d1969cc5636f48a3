/** The dashboard fault matrix for Alertmanager: the twelve fault kinds in one dashboard session (see fault-matrix.ts). */
import {afterAll, beforeAll, describe, it} from 'vitest';
import {FAULT_KINDS, runFault, startMatrix, waitHealthy, type Matrix} from './fault-matrix.ts';

let matrix: Matrix | null = null;

beforeAll(async () => {
  matrix = await startMatrix();
  await waitHealthy(matrix, 'am', 30_000);
}, 90_000);

afterAll(async () => {
  await matrix?.stop();
});

describe('Alertmanager failing in each of the twelve ways, the dashboard running', () => {
  for (const fault of FAULT_KINDS) {
    it(`${fault}: says which source failed and why, the age grows, rows stay stale, back by itself`, async () => {
      await runFault(matrix!, 'am', fault);
    }, 45_000);
  }
});
