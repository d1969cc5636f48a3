/**
 * The rollback preview's action log check as queries: the log read keyed by the confirmation
 * (reading, read, failed, no answer in LOG_READ_WAIT_MS, an answer after that), and the provider's
 * word on superseded runs narrowing what is open only once it answers.
 */
import {QueryObserver, type QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import type {RollbackRun} from '../../src/domain/deploy.ts';
import {
  endedRunsQueryOptions,
  LOG_READ_WAIT_MS,
  loggedOpenKey,
  loggedOpenQueryOptions,
  loggedOpenRollbacks,
  type LogRead,
  type OpenRollbackQuestion,
} from '../../src/queries/logged-open-rollbacks.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {emptyServices, T0} from './fakes.ts';
import {freshQueryClientEachTest} from './query-harness.ts';

let client: QueryClient;
freshQueryClientEachTest((c) => (client = c));

const question: OpenRollbackQuestion = {context: 'prod', service: 'checkout', environment: 'production', idempotencyKey: `oncall:prod:checkout:production:v2->v1:${T0}`};
const target = (key: string) => ({service: 'checkout', environment: 'production', from: 'v2', to: 'v1', idempotencyKey: key});
const at = (ms: number) => new Date(ms).toISOString();

/** Run 540 with no outcome, superseded by run 550 that finished successfully; and an unknown request of another window after both. */
const LOG: ActionLogEntry[] = [
  {at: at(T0 - 30 * 60_000), action: 'rollback', phase: 'attempt', context: 'prod', source: 'gh', target: target('k-540')},
  {at: at(T0 - 30 * 60_000), action: 'rollback', phase: 'success', context: 'prod', source: 'gh', target: target('k-540'), details: {runId: '540', status: 'queued', url: null}},
  {at: at(T0 - 20 * 60_000), action: 'rollback', phase: 'attempt', context: 'prod', source: 'gh', target: target('k-550')},
  {at: at(T0 - 20 * 60_000), action: 'rollback', phase: 'success', context: 'prod', source: 'gh', target: target('k-550'), details: {runId: '550', status: 'queued', url: null}},
  {at: at(T0 - 10 * 60_000), action: 'rollback-watch', phase: 'success', context: 'prod', source: 'gh', target: target('k-550'), details: {runId: '550', status: 'success', url: null}},
  {at: at(T0 - 5 * 60_000), action: 'rollback', phase: 'attempt', context: 'prod', source: 'gh', target: target('k-other')},
  {at: at(T0 - 5 * 60_000), action: 'rollback', phase: 'unknown', context: 'prod', source: 'gh', target: target('k-other'), error: 'timed out'},
];

/** A context `prod` whose rollback provider reads runs with `getRun` (a promise the test may hold). */
function provider(getRun: (id: string) => Promise<RollbackRun>): ContextServices {
  return emptyServices({context: 'prod', rollbacker: {name: 'gh', kind: 'github-actions', capabilities: {rollback: vi.fn(), getRun: vi.fn(getRun)}} as unknown as ContextServices['rollbacker']});
}
const run = (id: string, status: RollbackRun['status']) => ({id, status, url: null, updatedAt: T0}) as RollbackRun;

/** Observes both queries for `question` as the preview does, and answers their combined state. */
function observe(readEntries: (() => Promise<ActionLogEntry[]>) | undefined, services: ContextServices | null, q: OpenRollbackQuestion | null = question) {
  const readActions = readEntries && (() => readEntries().then((entries) => ({entries, torn: []})));
  const log = new QueryObserver(client, loggedOpenQueryOptions(client, q, {readActions, now: () => Date.now()}));
  const ended = new QueryObserver(client, endedRunsQueryOptions(q, [], services));
  const stops = [log.subscribe(() => {}), ended.subscribe(() => {})];
  // The provider query follows the runs of the log read, as the preview's memo does.
  let runs: LogRead['runs'] = [];
  const state = () => {
    const next = log.getCurrentResult().data?.runs ?? [];
    if (next !== runs) ended.setOptions(endedRunsQueryOptions(q, (runs = next), services));
    return loggedOpenRollbacks(q && readActions ? log.getCurrentResult() : null, ended.getCurrentResult());
  };
  return {state, stop: () => stops.forEach((s) => s())};
}

const names = (list: readonly {runId: string | null; requestId: string}[]) => list.map((o) => o.runId ?? o.requestId);

describe('the log read keyed by the confirmation', () => {
  it('is off without a confirmation or without a log reader, and reads nothing', async () => {
    const read = vi.fn(async () => LOG);
    expect(observe(read, null, null).state()).toEqual({state: 'off'});
    expect(observe(undefined, null).state()).toEqual({state: 'off'});
    await vi.advanceTimersByTimeAsync(0);
    expect(read).not.toHaveBeenCalled();
  });

  it('is reading until the file answers, then read: every superseded run open while the provider is asked', async () => {
    let answer: (entries: ActionLogEntry[]) => void = () => {};
    const o = observe(() => new Promise((resolve) => void (answer = resolve)), provider(() => new Promise(() => {})));
    await vi.advanceTimersByTimeAsync(0);
    expect(o.state()).toEqual({state: 'reading'});
    answer(LOG);
    await vi.advanceTimersByTimeAsync(0);
    const read = o.state();
    expect(read.state).toBe('read');
    if (read.state !== 'read') return;
    expect(names(read.open)).toEqual(['k-other', '540']);
    expect(names(read.asking)).toEqual(['540']);
  });

  it('a read that fails is said with its code, never as "nothing open"', async () => {
    const o = observe(() => Promise.reject(Object.assign(new Error('permission denied'), {code: 'EACCES'})), null);
    await vi.advanceTimersByTimeAsync(0);
    expect(o.state()).toEqual({state: 'failed', error: 'EACCES'});
  });

  it(`a read with no answer in ${LOG_READ_WAIT_MS / 1000}s fails; an answer after that still lands`, async () => {
    let answer: (entries: ActionLogEntry[]) => void = () => {};
    const o = observe(() => new Promise((resolve) => void (answer = resolve)), null);
    await vi.advanceTimersByTimeAsync(LOG_READ_WAIT_MS - 1);
    expect(o.state()).toEqual({state: 'reading'});
    await vi.advanceTimersByTimeAsync(1);
    expect(o.state()).toEqual({state: 'failed', error: `no answer in ${LOG_READ_WAIT_MS / 1000}s`});
    answer(LOG);
    await vi.advanceTimersByTimeAsync(0);
    const late = o.state();
    expect(late.state).toBe('read');
    if (late.state === 'read') expect(names(late.open)).toContain('k-other');
  });

  it('is keyed by the confirmation: another request id reads the log again', async () => {
    const read = vi.fn(async () => LOG);
    observe(read, null);
    observe(read, null, {...question, idempotencyKey: `${question.idempotencyKey}1`});
    await vi.advanceTimersByTimeAsync(0);
    expect(read).toHaveBeenCalledTimes(2);
    expect(loggedOpenKey(question)).toEqual(['logged-open-rollbacks', 'prod', question.idempotencyKey]);
  });
});

describe('the provider narrowing superseded runs', () => {
  it('drops a run only once the provider says it ended, and keeps what else the log holds', async () => {
    const ended = Promise.withResolvers<RollbackRun>();
    const services = provider(() => ended.promise);
    const o = observe(async () => LOG, services);
    await vi.advanceTimersByTimeAsync(0);
    // The read's runs reach the provider query, as the preview's next render hands them on.
    o.state();
    await vi.advanceTimersByTimeAsync(0);
    const asking = o.state();
    expect(asking.state === 'read' && names(asking.open)).toEqual(['k-other', '540']);
    expect(services.rollbacker?.capabilities.getRun).toHaveBeenCalledWith('540', {loggedAt: T0 - 30 * 60_000});
    ended.resolve(run('540', 'cancelled'));
    await vi.advanceTimersByTimeAsync(0);
    const narrowed = o.state();
    expect(narrowed.state).toBe('read');
    if (narrowed.state !== 'read') return;
    expect(names(narrowed.open)).toEqual(['k-other']);
    expect(names(narrowed.superseded)).toContain('540');
    expect(narrowed.asking).toEqual([]);
  });

  it('keeps a run the provider says is still queued, or cannot read, open', async () => {
    for (const getRun of [async (id: string) => run(id, 'queued'), () => Promise.reject(new Error('timeout'))]) {
      const o = observe(async () => LOG, provider(getRun));
      await vi.advanceTimersByTimeAsync(0);
      o.state();
      await vi.advanceTimersByTimeAsync(0);
      const answered = o.state();
      expect(answered.state === 'read' && {open: names(answered.open), asking: answered.asking}).toEqual({open: ['k-other', '540'], asking: []});
      o.stop();
      client.clear();
    }
  });
});
