import {createServer, type Server} from 'node:http';
import {MutationObserver} from '@tanstack/query-core';
import {afterEach, expect, it} from 'vitest';
import {closeConnections, settleActions} from '../../src/cli/dashboard-shutdown.ts';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import type {RollbackPlan} from '../../src/domain/deploy.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {rollbackMutationOptions} from '../../src/queries/rollback-queries.ts';
import {RollbackOutcomeUnknown} from '../../src/sources/capabilities.ts';
import {createHttpClient} from '../../src/sources/http/http-client.ts';
import {emptyServices} from '../queries/fakes.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => {
  server?.closeAllConnections();
  server?.close(() => resolve());
}));

// A provider that accepts a dispatch after `answerMs`, its client's own timeout far longer; the
// dashboard's rollback of it started, and its action log.
async function dispatchInFlight(answerMs: number) {
  server = createServer((_req, res) => void setTimeout(() => res.writeHead(200, {'content-type': 'application/json'}).end('{"id":"run-7"}'), answerMs));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  const http = createHttpClient({baseUrl: `http://127.0.0.1:${(server.address() as {port: number}).port}`, timeoutMs: 30_000});
  const rollback = async () => {
    try {
      await http.postJson('/dispatch', {});
    } catch (error) {
      throw new RollbackOutcomeUnknown('unavailable', `dispatch: ${(error as Error).message}`, 'the provider');
    }
    return {id: 'run-7', plan: {} as never, status: 'queued', url: null, updatedAt: 0};
  };
  const rollbacker = {name: 'ci', kind: 'rollback', capabilities: {rollback, getRun: () => Promise.reject(new Error('not followed here')), preview: () => []}};
  const services = emptyServices({rollbacker: rollbacker as never});
  const client = createQueryClient();
  const log: ActionLogEntry[] = [];
  const record = async (e: ActionLogEntry) => void log.push(e);
  const plan: RollbackPlan = {service: 'checkout', environment: 'production', fromVersion: 'v2', toVersion: 'v1', description: 'back to v1', idempotencyKey: 'k'};
  const sent = new MutationObserver(client, rollbackMutationOptions(client, services, {record, now: Date.now})).mutate(plan).then(() => 'started', (e: unknown) => (e as Error).name);
  await new Promise((resolve) => setTimeout(resolve, 50));
  return {http, client, log, sent};
}

it('a plain quit waits for a rollback dispatch past the alert sources\' bound and logs its real outcome', async () => {
  const {http, client, log, sent} = await dispatchInFlight(600);
  const never = new Promise<void>(() => {});
  // The bound of the alert sources' timeouts passes long before the provider answers.
  const unanswered = await settleActions(client, {drain: async () => {}}, {boundMs: 200, cut: never});
  await closeConnections((how) => http.close(how), unanswered, never);
  expect(unanswered).toBe(false);
  expect(await sent).toBe('started');
  expect(log.map((e) => e.phase)).toEqual(['attempt', 'success']);
  expect(log[1]?.details).toMatchObject({runId: 'run-7'});
});

it('a second signal still cuts a rollback dispatch in flight, which is logged as unknown, never failed', async () => {
  const {http, client, log, sent} = await dispatchInFlight(5_000);
  let signal: () => void = () => {};
  const cut = new Promise<void>((resolve) => (signal = resolve));
  setTimeout(signal, 300);
  const started = Date.now();
  const unanswered = await settleActions(client, {drain: async () => {}}, {boundMs: 10_000, cut});
  await closeConnections((how) => http.close(how), unanswered, cut);
  expect(unanswered).toBe(true);
  expect(await sent).toBe('RollbackOutcomeUnknown');
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(log.map((e) => e.phase)).toEqual(['attempt', 'unknown']);
});
