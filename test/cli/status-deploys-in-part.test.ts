/**
 * A deploy history read in part (the feed holds an entry oncall cannot read and skips it):
 * `oncall deploys` exits 3, and `oncall status` reading the same history must not say "nothing
 * needs attention" (exit 0): the entry left out may be the suspect deploy.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;

beforeEach(() => {
  tmp = tempDir();
});

afterEach(() => tmp.cleanup());

function config(): string {
  const started = new Date(Date.now() - 20 * 60_000).toISOString();
  const feed = tmp.write('deploys.json', JSON.stringify([
    {id: 'd1', service: 'checkout', version: 'v1', environment: 'prod', status: 'success', startedAt: started, author: 'alice', url: 'https://ci.example/1'},
    // One entry the feed's writer got wrong: skipped, with a warning.
    {id: 'd2', service: 'checkout', version: 'v2', environment: 'prod', status: 'success', startedAt: 'not-a-time', author: 'bob', url: 'https://ci.example/2'},
  ]));
  return tmp.write('config.yaml', `current-context: t\ncontexts:\n  - name: t\n    deploys:\n      provider: json\n      file: ${feed}\n`);
}

describe('oncall status over a deploy history read in part', () => {
  it('exits 3 as oncall deploys does, its deploy source marked partial', async () => {
    const path = config();
    const env = {HOME: tmp.dir, XDG_STATE_HOME: tmp.dir};
    const listed = await run(['deploys', '--config', path], env);
    expect(listed.err).toMatch(/skipped 1 entry/);
    expect(listed.code).toBe(3);
    const status = await run(['status', '--json', '--config', path], env);
    const source = (JSON.parse(status.out) as {sources: Array<{kind: string; warnings: string[]; partial: boolean}>}).sources.find((s) => s.kind === 'deploys')!;
    expect(source.warnings.join(' ')).toMatch(/skipped 1 entry/);
    expect(source.partial).toBe(true);
    expect(status.code).toBe(3);
  });
});
