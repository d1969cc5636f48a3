/**
 * README: "a bad override is reported at start and skipped, never fatal. `oncall config validate`
 * names each one". YAML reads an unquoted digit (`keys: {focusPanels: 5}`) as a number, and the
 * schema refused it as a top-level config error: every command exited 2, and validate named only
 * that entry. A number is now the key it spells; any other wrong type is one more skipped override.
 */
import {afterAll, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A config whose Prometheus refuses at once (status exits 3 when it runs at all) with `keys`. */
function config(name: string, keys: string): string {
  return tmp.write(name, `current-context: prod\nkeys: ${keys}\ncontexts:\n  - name: prod\n    prometheus: {url: http://127.0.0.1:1}\n`);
}

describe('key overrides of the wrong type', () => {
  it('`keys: {focusPanels: 5}` is the key 5: status runs and validate accepts it', async () => {
    const file = config('digit.yaml', '{focusPanels: 5}');
    const status = await run(['status', '--config', file], {HOME: tmp.dir});
    expect(status.code).toBe(3);
    expect(status.out).toContain('context prod');
    const validate = await run(['config', 'validate', '--config', file], {HOME: tmp.dir});
    expect(validate.err).toBe('');
    expect(validate.code).toBe(0);
  });

  it('a wrong-typed override does not stop status, and validate names it beside the others', async () => {
    const file = config('typed.yaml', '{nosuchaction: x, quit: true, help: {k: v}}');
    const status = await run(['status', '--config', file], {HOME: tmp.dir});
    expect(status.code).toBe(3);
    const res = await run(['config', 'validate', '--config', file], {HOME: tmp.dir});
    expect(res.code).toBe(2);
    expect(res.err).toContain('keys.nosuchaction');
    expect(res.err).toMatch(/keys\.quit: .*got true/);
    expect(res.err).toMatch(/keys\.help: .*got a map/);
  });
});
