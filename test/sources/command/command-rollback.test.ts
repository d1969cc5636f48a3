import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import type {RollbackPlan} from '../../../src/domain/deploy.ts';
import {createCommandRollbacker, outputTail} from '../../../src/sources/command/command-rollback.ts';
import {failureOf} from '../../helpers/failure.ts';
import {RollbackOutcomeUnknown} from '../../../src/sources/capabilities.ts';

const dir = mkdtempSync(join(tmpdir(), 'oncall-command-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const NODE = process.execPath;
// Appends its arguments (after the output file) as one JSON line: proof of what the program got.
const RECORD = 'const [out, ...rest] = process.argv.slice(1); require("fs").appendFileSync(out, JSON.stringify(rest) + "\\n")';

const plan: RollbackPlan = {
  service: 'checkout',
  environment: 'production',
  fromVersion: 'v2.14.0',
  toVersion: '$(id); rm -rf /',
  description: 'command: roll back checkout',
  idempotencyKey: 'oncall:prod:checkout:production:v2.14.0->x:1777888800000',
};

function outFile(): string {
  return join(dir, `args-${Math.random().toString(36).slice(2)}.jsonl`);
}

describe('createCommandRollbacker', () => {
  it('runs the argument list without a shell: metacharacters arrive literally, once per plan', async () => {
    const out = outFile();
    const command = createCommandRollbacker({provider: 'command', command: [NODE, '-e', RECORD, out, '; rm -rf /', '$(id)', '`id`', '&& echo pwned', '{{service}}', '--to={{version}}', '{{environment}}'], timeout: '10s'}, {now: () => 5});
    const run = await command.rollback(plan);
    await command.rollback(plan);
    expect(run).toEqual({id: `command:${plan.idempotencyKey}`, plan, status: 'success', url: null, updatedAt: 5});
    expect(await command.getRun(run.id)).toEqual(run);
    expect(readFileSync(out, 'utf8')).toBe(`${JSON.stringify(['; rm -rf /', '$(id)', '`id`', '&& echo pwned', 'checkout', '--to=$(id); rm -rf /', 'production'])}\n`);
  });

  it('fails with the exit code and the last lines of stderr', async () => {
    const script = 'for (let i = 1; i <= 8; i++) console.error("line " + i); process.exit(3)';
    const command = createCommandRollbacker({provider: 'command', command: [NODE, '-e', script]});
    const failure = await failureOf(command.rollback(plan));
    expect([failure.kind, failure.message]).toEqual(['unavailable', `command ${NODE} failed (exit code 3): line 4\nline 5\nline 6\nline 7\nline 8`]);
    await expect(command.getRun(`command:${plan.idempotencyKey}`)).rejects.toThrow('no rollback');
  });

  it('stops a command that outlives its timeout', async () => {
    // sh, not node: its line must be out within the 0.5 s even on a loaded machine, where
    // node alone can take longer than that to start.
    const command = createCommandRollbacker({provider: 'command', command: ['/bin/sh', '-c', 'echo waiting for rollout >&2; exec sleep 20'], timeout: '500ms'});
    const started = Date.now();
    const failure = await failureOf(command.rollback(plan));
    expect(Date.now() - started).toBeLessThan(5000);
    expect([failure.kind, failure.message]).toEqual(['timeout', 'command /bin/sh: no result within 0.5s, stopped; the rollback may be half done: waiting for rollout']);
    // It ran and was stopped: it may have acted, so its outcome is unknown, not a failure.
    expect(failure).toBeInstanceOf(RollbackOutcomeUnknown);
    expect((failure as RollbackOutcomeUnknown).check).toBe('the state of checkout in production (the command ran, and may have acted)');
  });

  it('a command killed by a signal has an unknown outcome; one that exits non-zero failed', async () => {
    const killed = await failureOf(createCommandRollbacker({provider: 'command', command: ['/bin/sh', '-c', 'kill -9 $$']}).rollback(plan));
    expect([killed.kind, killed.message]).toEqual(['unavailable', 'command /bin/sh: killed by SIGKILL before it finished']);
    expect(killed).toBeInstanceOf(RollbackOutcomeUnknown);
    const exited = await failureOf(createCommandRollbacker({provider: 'command', command: ['/bin/sh', '-c', 'exit 2']}).rollback(plan));
    expect(exited).not.toBeInstanceOf(RollbackOutcomeUnknown);
  });

  it('explains a program that is not installed', async () => {
    const failure = await failureOf(createCommandRollbacker({provider: 'command', command: ['oncall-no-such-program-xyz', 'undo']}).rollback(plan));
    expect([failure.kind, failure.message]).toEqual(['unavailable', 'command oncall-no-such-program-xyz: could not start (not found on PATH)']);
  });

  it('refuses a bad template before running anything', async () => {
    const out = outFile();
    const failure = await failureOf(createCommandRollbacker({provider: 'command', command: [NODE, '-e', RECORD, out, '{{image}}']}).rollback(plan));
    expect(failure.message).toBe('command: argument 5: unknown placeholder {{image}}; known: {{service}}, {{version}}, {{sha}}, {{environment}}');
    expect(existsSync(out)).toBe(false);
  });
});

describe('outputTail', () => {
  it('keeps the last five non-empty lines', () => {
    expect(outputTail('a\n\nb\r\nc\nd\ne\nf\n\n')).toBe('b\nc\nd\ne\nf');
    expect(outputTail('')).toBe('');
  });
});
