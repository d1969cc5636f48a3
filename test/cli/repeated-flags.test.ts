/**
 * A string flag given twice (a script that appends `--context $CTX` to a command line already
 * holding one, an alias with `--config`) crashes with `oncall: unexpected error: … is not a
 * function` instead of a usage error naming the flag (README: unknown or bad flags fail with a
 * message and exit 2).
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let config: string;
beforeAll(() => {
  tmp = tempDir();
  config = tmp.write('c.yaml', 'current-context: a\ncontexts:\n  - name: a\n    prometheus: {url: "http://127.0.0.1:9"}\n  - name: b\n    prometheus: {url: "http://127.0.0.1:9"}\n');
});
afterAll(() => tmp.cleanup());

describe('a string flag given twice', () => {
  for (const argv of [
    ['status', '--json', '--context', 'a', '--context', 'b'],
    ['alerts', '--context', 'a', '--context', 'b'],
    ['alerts', '--filter', 'severity=critical', '--filter', 'service=api'],
    ['ack', 'alertname=X', '--duration', '1h', '--duration', '2h'],
  ]) {
    it(`${argv.join(' ')}: a usage error naming the flag, not an internal crash`, async () => {
      const r = await run([...argv, '--config', config], {HOME: tmp.dir});
      expect(r.code).toBe(2);
      // Today: "oncall: unexpected error: (A.context ?? e.current-context).trim is not a function" and the like.
      expect(r.err).not.toMatch(/unexpected error|is not a function/);
      expect(r.err).toMatch(/--(context|filter|duration)/);
    });
  }
  it('--config given twice: a usage error, not an internal crash', async () => {
    const r = await run(['status', '--config', config, '--config', config], {HOME: tmp.dir});
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/unexpected error|is not a function/);
  });
});
