/**
 * A whole JSON line that is no entry (a note edited by hand with its time mistyped) is read as a
 * torn line, said as missing; what it still says is read from its JSON, whatever its spacing or
 * key order. Read with the patterns for a torn fragment (compact form, `{"at":` first), a spaced
 * note about checkout said nothing legible, so it "may have been" a rollback of every service and
 * `rollback --yes` of payments refused over it.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {countTornLines} from '../../src/domain/torn-lines.ts';
import {readActionLogChecked} from '../../src/platform/action-log.ts';

const NOW = Date.parse('2026-12-07T10:00:00Z');
const payments = {context: 'prod', service: 'payments', environment: 'production'};
const older = JSON.stringify({at: '2026-12-01T09:00:00Z', action: 'ack', phase: 'result', context: 'prod', target: {alertname: 'X'}});

/** The log holding `lines`, read back, and its torn lines counted against a rollback of `target`. */
async function counted(lines: string[], target = payments) {
  const path = join(mkdtempSync(join(tmpdir(), 'oncall-torn-json-')), 'actions.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const read = await readActionLogChecked(path);
  return {read, count: countTornLines(read.torn, target, NOW)};
}

describe('a JSON line with a mistyped time', () => {
  it('is a torn line, and a spaced note about checkout is no possible rollback of payments', async () => {
    const note = '{"at": "2026-12-07 09:3O", "action": "note", "phase": "result", "context": "prod", "target": {"service": "checkout"}, "details": {"text": "looked at checkout"}}';
    const {read, count} = await counted([older, note]);
    expect(read.torn).toHaveLength(1);
    expect(read.torn[0]).toMatchObject({at: null, action: 'note', context: 'prod', service: 'checkout', environment: null});
    expect(count.mayBeRollback).toBe(0);
  });

  it('nor one whose keys come in another order', async () => {
    const note = JSON.stringify({action: 'note', phase: 'result', context: 'prod', at: 'yesterday 9:30', target: {service: 'checkout'}});
    expect((await counted([older, note])).count.mayBeRollback).toBe(0);
  });

  it('while a spaced rollback of payments with its time mistyped still may be one', async () => {
    const line = '{"at": "2026-12-07 09:5O", "action": "rollback", "phase": "attempt", "context": "prod", "target": {"service": "payments", "environment": "production"}}';
    expect((await counted([older, line])).count.mayBeRollback).toBe(1);
  });
});
