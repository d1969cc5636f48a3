import {describe, expect, it} from 'vitest';
import {evaluateSlo} from '../../../src/domain/slo-math.ts';
import {FREEZE_LINES_MAX, failureLines, freezeLines, runLines} from '../../../src/view/rows/run-lines.ts';
import {flatRatios, makeSlo, T0} from '../../queries/fakes.ts';
import {HOSTILE, rawControl} from '../hostile.ts';

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

describe('runLines: a run whose reads fail', () => {
  const plan = {service: 'checkout', environment: 'production', fromVersion: 'v2.14.0', toVersion: 'v2.13.2', description: 'github-actions', idempotencyKey: 'k'};
  const run = {id: '555', plan, status: 'in_progress' as const, url: 'https://github.com/acme/shop/actions/runs/555', updatedAt: T0 - 5 * 60_000};
  const since = Date.parse('2026-05-04T10:42:30Z');

  it('leads with since when the run could not be read, says its state only as it was, then why', () => {
    const [line] = runLines([{...run, unread: {since, failures: 7, error: 'unavailable: github-actions acme/shop rollback.yml: server error (HTTP 503)'}}], since + 60_000);
    expect(line).toEqual({
      text: 'ROLLBACK ? unreadable since 10:42Z ×7: checkout v2.14.0 → v2.13.2 (was ↻ running)  https://github.com/acme/shop/actions/runs/555  (unavailable: github-actions acme/shop rollback.yml: server error (HTTP 503))',
      tone: 'warn',
    });
    const [once] = runLines([{...run, status: 'queued', unread: {since, failures: 1, error: 'timeout: no answer in 10s'}}], since);
    expect(once!.text).toBe('ROLLBACK ? unreadable since 10:42Z: checkout v2.14.0 → v2.13.2 (was … queued)  https://github.com/acme/shop/actions/runs/555  (timeout: no answer in 10s)');
  });

  it("draws the provider's message and the run's names with their control characters escaped", () => {
    const [line] = runLines([{...run, plan: {...plan, service: HOSTILE}, url: `https://ci.example/${HOSTILE}`, unread: {since, failures: 2, error: `bad-response: ${HOSTILE}`}}], since);
    expect(rawControl(line!.text)).toBeNull();
    expect(line!.tone).toBe('warn');
  });

  it('a finished run is drawn by its outcome even if a later read failed (a refresh during an outage): it cannot change', () => {
    const unread = {since, failures: 3, error: 'unavailable: github-actions acme/shop rollback.yml: server error (HTTP 503)'};
    const [done] = runLines([{...run, status: 'success', updatedAt: since, unread}], since + 60_000);
    expect(done).toEqual({text: 'ROLLBACK ✔ done: checkout v2.14.0 → v2.13.2 (1m ago)  https://github.com/acme/shop/actions/runs/555', tone: 'ok'});
    expect(runLines([{...run, status: 'failure', unread}], T0)[0]!.text).toMatch(/^ROLLBACK ✖ failed:/);
  });

  it('a run read again is drawn by its state', () => {
    expect(runLines([run], T0)[0]!.text).toBe('ROLLBACK ↻ running: checkout v2.14.0 → v2.13.2 (5m ago)  https://github.com/acme/shop/actions/runs/555');
  });
});
