import {describe, expect, it} from 'vitest';
import {evaluateSlo} from '../../../src/domain/slo-math.ts';
import {FREEZE_LINES_MAX, failureLines, freezeLines, runLines} from '../../../src/view/rows/run-lines.ts';
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

describe('runLines and failureLines: outcomes that cannot be known', () => {
  const plan = {service: 'checkout', environment: 'production', fromVersion: 'v2', toVersion: 'v1', description: 'webhook', idempotencyKey: 'k'};
  it('a webhook\'s accepted request is neither done nor running: its outcome cannot be followed from here', () => {
    const [line] = runLines([{id: 'webhook:k', plan, status: 'unknown', url: null, updatedAt: T0 - 60_000, unfollowable: true}], T0);
    expect(line).toEqual({text: 'ROLLBACK ? accepted by the webhook; its outcome cannot be followed from here: checkout v2 → v1 (1m ago)', tone: 'info'});
  });

  it('a request of unknown outcome may have started, and says where to check; a refusal did not start', () => {
    const lines = failureLines([
      {plan, message: 'timeout: no answer', at: T0, check: 'the runs at https://ci/x'},
      {plan, message: 'bad-response: rejected (HTTP 422)', at: T0},
    ], T0);
    expect(lines).toEqual([
      {text: 'ROLLBACK ? outcome unknown, may have started (0s ago): checkout → v1: timeout: no answer; check the runs at https://ci/x before trying again', tone: 'warn'},
      {text: 'ROLLBACK ✖ not started (0s ago): checkout → v1: bad-response: rejected (HTTP 422)', tone: 'critical'},
    ]);
  });
});
