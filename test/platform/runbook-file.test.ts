import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {readRunbookFile} from '../../src/platform/runbook-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oncall-runbook-'));
});
afterEach(async () => {
  await rm(dir, {recursive: true, force: true});
});

describe('readRunbookFile', () => {
  it('returns the lines, sanitized, tabs expanded, CRLF handled', async () => {
    const path = join(dir, 'DiskFull.md');
    await writeFile(path, '# Disk full\r\n\r\n1. Check\tusage\r\n\x1b]52;c;ZXZpbA==\x07 \u202eevil\n');
    expect(await readRunbookFile(path)).toEqual({ok: true, lines: ['# Disk full', '', '1. Check    usage', '␛]52;c;ZXZpbA==\\x07 \\u202eevil']});
  });

  it('says why it cannot show a file', async () => {
    expect(await readRunbookFile(join(dir, 'missing.md'))).toEqual({ok: false, error: `${join(dir, 'missing.md')}: no such file`});
    expect(await readRunbookFile(dir)).toEqual({ok: false, error: `${dir}: not a file`});
    const big = join(dir, 'big.md');
    await writeFile(big, 'x'.repeat(100));
    expect(await readRunbookFile(big, 10)).toEqual({ok: false, error: `${big}: too large for a runbook (100 bytes)`});
  });
});
