import {appendFile, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {actionLogLine, createActionLog, NO_LOG_PLACE, readActionLog, readActionLogChecked, type ActionLogFs} from '../../src/platform/action-log.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oncall-action-log-'));
});
afterEach(async () => {
  await rm(dir, {recursive: true, force: true});
});

const entry = (over: Partial<ActionLogEntry> = {}): ActionLogEntry => ({
  at: '2026-05-01T10:00:00.000Z',
  action: 'ack',
  phase: 'attempt',
  context: 'prod',
  target: {alertname: 'HighLatency'},
  source: 'am-1',
  attempt: 1,
  ...over,
});

describe('createActionLog', () => {
  it('creates the directory and appends one JSON line per entry, in order, private to the user', async () => {
    const path = join(dir, 'state', 'oncall', 'actions.jsonl');
    const log = createActionLog(path);
    await Promise.all([log.record(entry()), log.record(entry({phase: 'success', silenceId: 's-1'})), log.record(entry({phase: 'failure', error: 'am-2: connection refused', source: 'am-2'}))]);
    const text = await readFile(path, 'utf8');
    expect(text).toBe(
      [
        '{"at":"2026-05-01T10:00:00.000Z","action":"ack","phase":"attempt","context":"prod","source":"am-1","attempt":1,"target":{"alertname":"HighLatency"}}',
        '{"at":"2026-05-01T10:00:00.000Z","action":"ack","phase":"success","context":"prod","source":"am-1","attempt":1,"target":{"alertname":"HighLatency"},"silenceId":"s-1"}',
        '{"at":"2026-05-01T10:00:00.000Z","action":"ack","phase":"failure","context":"prod","source":"am-2","attempt":1,"target":{"alertname":"HighLatency"},"error":"am-2: connection refused"}',
        '',
      ].join('\n'),
    );
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'state', 'oncall'))).mode & 0o777).toBe(0o700);
    expect(log.problems()).toEqual([]);
    expect((await readActionLog(path)).map((e) => e.phase)).toEqual(['attempt', 'success', 'failure']);
  });

  it('keeps appending to an existing log and keeps a label with a newline on one line', async () => {
    const path = join(dir, 'actions.jsonl');
    await writeFile(path, '{"at":"old"}\n');
    await createActionLog(path).record(entry({target: {alertname: 'A\nB'}}));
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1]!).target).toEqual({alertname: 'A\nB'});
  });

  it('never rejects: a failing write is answered as not logged and reported once in problems()', async () => {
    const failing: ActionLogFs = {
      mkdir: async () => undefined,
      appendFile: async () => {
        throw Object.assign(new Error('read-only file system'), {code: 'EROFS'});
      },
    };
    const log = createActionLog('/nowhere/actions.jsonl', failing);
    const reason = 'action log /nowhere/actions.jsonl not writable (EROFS)';
    await expect(log.record(entry())).resolves.toEqual({notLogged: reason});
    await expect(log.record(entry())).resolves.toEqual({notLogged: reason});
    expect(log.problems()).toEqual(['action log /nowhere/actions.jsonl not writable (EROFS)']);
  });

  it('drops details keys that name credentials', () => {
    const line = actionLogLine(entry({details: {runId: 7, token: 'ghp_secret', nested: {Authorization: 'Bearer x', ok: 1}}}));
    expect(JSON.parse(line).details).toEqual({runId: 7, nested: {ok: 1}});
    expect(line).not.toContain('ghp_secret');
    expect(line).not.toContain('Bearer');
  });

  it('readActionLog skips torn lines and treats a missing file as empty', async () => {
    const path = join(dir, 'actions.jsonl');
    expect(await readActionLog(path)).toEqual([]);
    await writeFile(path, `${actionLogLine(entry())}\n{"at":"2026-05-01T10:0\n`);
    expect(await readActionLog(path)).toEqual([entry()]);
  });

  it('an entry recorded after a torn last line starts on a line of its own', async () => {
    const path = join(dir, 'actions.jsonl');
    const torn = actionLogLine(entry({action: 'rollback'})).slice(0, 30);
    await writeFile(path, `${actionLogLine(entry())}\n${torn}`);
    const later = entry({phase: 'success', silenceId: 's-1'});
    await expect(createActionLog(path).record(later)).resolves.toBeUndefined();
    expect((await readFile(path, 'utf8')).split('\n')).toEqual([actionLogLine(entry()), torn, actionLogLine(later), '']);
    // Cut inside its time: nothing of it is legible but that it was written before the entry after it.
    expect(await readActionLogChecked(path)).toEqual({entries: [entry(), later], torn: [{at: null, before: Date.parse(later.at), action: null, context: null, service: null, environment: null}]});
  });

  it('the reader recovers an entry glued after a torn line (by a writer that did not start a new line) and counts the fragment', async () => {
    const path = join(dir, 'actions.jsonl');
    const later = entry({phase: 'success', silenceId: 's-2'});
    await writeFile(path, `${actionLogLine(entry()).slice(0, 90)}`);
    await appendFile(path, `${actionLogLine(later)}\n{"at":"2026-05-01T10:0\n`);
    // The glued fragment still says when and what it was; the last one nothing.
    const legible = {at: Date.parse('2026-05-01T10:00:00.000Z'), action: 'ack', context: 'prod', service: null, environment: null};
    expect(await readActionLogChecked(path)).toEqual({entries: [later], torn: [legible, {at: null, action: null, context: null, service: null, environment: null}]});
    expect(await readActionLog(path)).toEqual([later]);
  });

  it('a log with no place (no home directory, no $XDG_STATE_HOME) is not writable nor readable, and says why', async () => {
    const log = createActionLog(null);
    expect(log.problems()).toEqual([]);
    expect(await log.record(entry())).toEqual({notLogged: `action log not writable (${NO_LOG_PLACE})`});
    expect(log.problems()).toEqual([`action log not writable (${NO_LOG_PLACE})`]);
    // Never read as an empty log: that would say nothing was ever done.
    await expect(readActionLogChecked(null)).rejects.toThrow(NO_LOG_PLACE);
  });
});
