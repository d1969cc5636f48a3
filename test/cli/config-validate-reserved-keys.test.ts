/**
 * `oncall config validate` exited 0 on `keys: {ack: ctrl+c}`, a config that made Ctrl+C ack the
 * selected alert. It names the file, line and `keys.ack`, says why, and exits 2.
 */
import {afterAll, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('config validate and a reserved key', () => {
  it('refuses `keys: {ack: ctrl+c}` with file, line, keys.ack and why', async () => {
    const file = tmp.write('ctrlc.yaml', 'current-context: prod\nkeys:\n  ack: ctrl+c\ncontexts:\n  - name: prod\n    prometheus: {url: http://127.0.0.1:1}\n');
    const res = await run(['config', 'validate', '--config', file], {HOME: tmp.dir});
    expect(res.code).toBe(2);
    expect(res.err).toContain(`${file}:3`);
    expect(res.err).toContain('keys.ack');
    expect(res.err).toContain('"ctrl+c" is reserved for quit');
  });
});
