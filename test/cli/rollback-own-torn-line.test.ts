/**
 * A rollback confirmed over the "would NOT be logged" warning on a full disk: the failed append
 * still wrote what fit (a torn line, the attempt's own start). The claim reads the log back and
 * must not take that fragment for a rollback started elsewhere: the user confirmed, so it is sent.
 */
import {appendFile as realAppend, mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {MutationObserver} from '@tanstack/query-core';
import {expect, it} from 'vitest';
import {logClaimer} from '../../src/cli/rollback-claim.ts';
import type {RollbackPlan} from '../../src/domain/deploy.ts';
import {createActionLog, type ActionLogFs} from '../../src/platform/action-log.ts';
import {createQueryClient} from '../../src/queries/query-client.ts';
import {rollbackMutationOptions} from '../../src/queries/rollback-queries.ts';
import {emptyServices} from '../queries/fakes.ts';

// A disk full except for the slack of the log's last block: an append writes what fits and then
// fails with ENOSPC (as write(2) does), leaving a torn line.
function fullDiskFs(room: number): ActionLogFs {
  let left = room;
  return {
    mkdir: async () => undefined,
    endsWithNewline: async (path) => {
      const text = await readFile(path, 'utf8').catch(() => '');
      return text === '' || text.endsWith('\n');
    },
    appendFile: async (path, data, options) => {
      const fits = data.slice(0, left);
      left -= fits.length;
      if (fits.length > 0) await realAppend(path, fits, options);
      if (fits.length < data.length) throw Object.assign(new Error('ENOSPC: no space left on device, write'), {code: 'ENOSPC'});
    },
  };
}

it('a rollback confirmed by typing over a full-disk warning is sent, not refused by its own torn attempt line', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'oncall-own-torn-'));
  const path = join(dir, 'actions.jsonl');
  // An older, finished ack: the log as the check before the confirmation read it (no rollback).
  await writeFile(path, `${JSON.stringify({at: new Date(Date.now() - 3_600_000).toISOString(), action: 'ack', phase: 'success', context: 'prod', target: {alertname: 'X'}})}\n`);
  const log = createActionLog(path, fullDiskFs(120));
  let sent = 0;
  const rollbacker = {name: 'ci', kind: 'rollback', capabilities: {rollback: async (plan: RollbackPlan) => (sent++, {id: 'run-1', plan, status: 'queued', url: null, updatedAt: 0}), preview: () => []}};
  const services = emptyServices({rollbacker: rollbacker as never, context: 'prod'} as never);
  const plan: RollbackPlan = {service: 'checkout', environment: 'production', fromVersion: 'v2', toVersion: 'v1', description: 'back to v1', idempotencyKey: `oncall:prod:checkout:production:v2->v1:${Date.now()}`};
  // As `oncall rollback` composes it: the check saw no attempt and no torn line.
  const seen = {attempts: 0, mayBeRollback: 0, readFailed: false};
  const claimLog = logClaimer(path, Date.now);
  const claim = (p: RollbackPlan, claimId: string | null) => claimLog(services.context, p, seen, claimId);
  // The user is told the attempt was not logged and types the service name again: send.
  const sendUnlogged = async () => true;
  const client = createQueryClient();
  const outcome = await new MutationObserver(client, rollbackMutationOptions(client, services, {record: log.record, now: Date.now, claim, sendUnlogged}))
    .mutate(plan)
    .then(() => 'sent', (e: unknown) => `${(e as Error).name}: ${(e as Error).message}`);
  expect(outcome).toBe('sent');
  expect(sent).toBe(1);
});
