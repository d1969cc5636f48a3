/**
 * The action log is read line by line (a stream), not as one string: a log appended to for months
 * passes V8's string limit (~512 MiB) and, read whole, could never be read again. Proving that
 * needs a 540 MB file and most of a minute, so this checks what the streaming read must keep of
 * the whole-string one: lines split across the stream's chunks (multi-byte characters too), torn
 * lines and entries glued after them, CRLF, and a last line with no newline.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {actionLogLine, readActionLogChecked} from '../../src/platform/action-log.ts';

const dir = mkdtempSync(join(tmpdir(), 'oncall-log-stream-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const entry = (i: number): ActionLogEntry => ({at: new Date(Date.UTC(2026, 4, 4, 10) + i * 1000).toISOString(), action: 'note', phase: 'success', context: 'prod', target: {service: 'checkout'}, details: {text: `note ${i} ${'é€😀'.repeat(i % 7)}`, by: 'alice'}});

describe('reading the action log as a stream', () => {
  it('reads every entry of a log of many chunks, with torn lines, glued entries, CRLF and no final newline', async () => {
    const path = join(dir, 'actions.jsonl');
    const lines: string[] = [];
    const expected: ActionLogEntry[] = [];
    for (let i = 0; i < 20_000; i++) {
      const line = actionLogLine(entry(i));
      expected.push(entry(i));
      if (i % 5000 === 1) lines.push(line.slice(0, 40)); // torn alone
      if (i % 5000 === 2) lines.push(`${line.slice(0, 30)}${actionLogLine(entry(i))}`); // glued after a torn one
      else lines.push(i % 3 === 0 ? `${line}\r` : line);
    }
    writeFileSync(path, lines.join('\n'));
    const read = await readActionLogChecked(path);
    expect(read.entries).toHaveLength(expected.length);
    expect(read.entries).toEqual(expected);
    expect(read.torn).toHaveLength(8);
  });

  it('a log saved by an editor with a UTF-8 byte order mark has no unreadable line', async () => {
    const path = join(dir, 'bom.jsonl');
    writeFileSync(path, `\uFEFF${actionLogLine(entry(1))}\n${actionLogLine(entry(2))}\n`);
    const read = await readActionLogChecked(path);
    expect({entries: read.entries, torn: read.torn.length}).toEqual({entries: [entry(1), entry(2)], torn: 0});
  });

  it('a missing file is an empty log; a directory in its place is a failed read', async () => {
    expect(await readActionLogChecked(join(dir, 'none.jsonl'))).toEqual({entries: [], torn: []});
    await expect(readActionLogChecked(dir)).rejects.toThrow(/EISDIR/);
  });
});
