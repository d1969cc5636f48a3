import {describe, expect, it} from 'vitest';
import {evaluateSlo} from '../../../src/domain/slo-math.ts';
import {FREEZE_LINES_MAX, freezeLines} from '../../../src/view/rows/run-lines.ts';
import {flatRatios, makeSlo, T0} from '../../queries/fakes.ts';

// A report whose budget is spent (2 % errors against 99.9 %) or not.
const report = (service: string, spent: boolean) => evaluateSlo(makeSlo({name: `${service}-availability`, service}), {slo: `${service}-availability`, at: T0, ratios: [...flatRatios(spent ? 0.02 : 0.0001)]});

describe('freezeLines', () => {
  it('names each service whose budget is spent, one line each, and none whose budget is left', () => {
    expect(freezeLines([report('checkout', true), report('search', false), report('cart', true)]).map((l) => l.text)).toEqual([
      'DEPLOY FREEZE: cart has spent its error budget (rollbacks still allowed)',
      'DEPLOY FREEZE: checkout has spent its error budget (rollbacks still allowed)',
    ]);
  });

  it('folds many into one line naming them all, so they do not push the deploys out of the pane', () => {
    const services = Array.from({length: FREEZE_LINES_MAX + 5}, (_, i) => `svc-${String(i).padStart(2, '0')}`);
    const lines = freezeLines(services.map((s) => report(s, true)));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.text).toBe(`DEPLOY FREEZE: ${services.length} services have spent their error budget (rollbacks still allowed): ${services.join(', ')}`);
    expect(lines[0]!.tone).toBe('warn');
  });
});
