/**
 * A group name with an invisible character (a zero-width space pasted from a wiki) is refused,
 * as a context's is, but it must not stop every context mid-incident: the group is left out,
 * noted, and refused only when it is selected.
 */
import {afterAll, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';

// Raw in a terminal, any of these acts on it.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/u;
const tmp = tempDir();
afterAll(() => tmp.cleanup());
const ctx = (name: string) => `  - name: "${name}"\n    prometheus: {url: "http://127.0.0.1:1"}\n`;
const cfg = tmp.write('groups.yaml', `current-context: prod\ncontextGroups:\n  "all\\u200b": [stg]\n  eu: [prod]\ncontexts:\n${ctx('prod')}${ctx('stg')}`);

describe('a group name with an invisible character', () => {
  it('leaves that group out: the other contexts and groups open, with a note naming it escaped', async () => {
    for (const argv of [['--context', 'stg'], ['--context', 'eu'], []]) {
      const {code, out, err} = await run(['status', ...argv, '--config', cfg], {});
      expect(code, argv.join(' ')).not.toBe(2);
      expect(out, argv.join(' ')).toMatch(/context (stg|prod)/);
      expect(err, argv.join(' ')).toContain('(group all\\u200b is not selected; selecting it is refused)');
      expect(out + err, argv.join(' ')).not.toMatch(UNSAFE);
    }
  });

  it('is refused with its error when selected, alone or with others', async () => {
    for (const selection of ['all\u200b', 'stg,all\u200b']) {
      const {code, out, err} = await run(['status', '--context', selection, '--config', cfg], {});
      expect(code, selection).toBe(2);
      expect(err, selection).toContain('contextGroups["all\\u200b"]: a group name');
      expect(out + err, selection).not.toMatch(UNSAFE);
    }
  });

  it('is suggested, escaped, for the name typed without its hidden character', async () => {
    const {code, err} = await run(['status', '--context', 'all', '--config', cfg], {});
    expect(code).toBe(2);
    expect(err).toContain('did you mean "all\\u200b"?');
  });

  it('is still an error to config validate', async () => {
    const {code, err} = await run(['config', 'validate', '--config', cfg], {});
    expect(code).toBe(2);
    expect(err).toContain('contextGroups["all\\u200b"]: a group name');
  });
});
