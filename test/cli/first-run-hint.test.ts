/**
 * With no config, oncall says to start from examples/config.yaml and "copy it to" the path it
 * looks at first. Doing just that gave a config `oncall config validate` refused (exit 2): the
 * example's `sloFiles: [slos/*.yaml]` is relative to the config file, and nothing told the user to
 * copy examples/slos/ too. The hint followed to the letter must give a config that validates.
 */
import {copyFileSync, mkdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/config.yaml', import.meta.url));
const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('first run: following the no-config hint', () => {
  it('copying examples/config.yaml where the hint says gives a config that validates', async () => {
    const first = await run(['status'], {HOME: tmp.dir});
    expect(first.code).toBe(2);
    const target = join(tmp.dir, '.config', 'oncall', 'config.yaml');
    expect(first.err).toContain(`copy it to ${target}`);
    mkdirSync(dirname(target), {recursive: true});
    copyFileSync(EXAMPLE, target);
    const res = await run(['config', 'validate'], {HOME: tmp.dir});
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
  });
});
