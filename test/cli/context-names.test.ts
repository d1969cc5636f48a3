/**
 * Context and source names come from the config, often a team's shared repository, and YAML can
 * spell any character in them (`"\e"`, `"\a"`, `"\u202e"`). `config validate` called such a
 * context name valid and printed it raw, as did `--context typo`, `unack` over several contexts,
 * a `ctx=` filter passing none and the notes every command prints. The config rules now refuse a
 * context or group name that sanitizing would change (such a context is left out, the others
 * still open), and every message that lists names shows them escaped, as `status` does.
 */
import {afterAll, describe, expect, it} from 'vitest';
import type {CliArgs} from '../../src/cli/args.ts';
import {applyContextFilter} from '../../src/cli/context-filter-arg.ts';
import type {Runtime} from '../../src/cli/runtime.ts';
import {selectContexts} from '../../src/config/context-selection.ts';
import {run, tempDir} from './cli-fixtures.ts';

// Raw in a terminal, any of these acts on it.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/u;
const tmp = tempDir();
afterAll(() => tmp.cleanup());
const contexts = `contexts:
  - name: "prod\\e]52;c;ZWNobyBoaQ==\\a"
    prometheus: {url: "http://127.0.0.1:1"}
  - name: "stg\\e[2J\\u202e"
    prometheus: {url: "http://127.0.0.1:1"}
  - name: prod
    prometheus: {url: "http://127.0.0.1:1"}
`;
const cfg = tmp.write('config.yaml', `current-context: prod\n${contexts}`);

describe('context names with escapes in the config', () => {
  it('config validate refuses them, naming the file, the line and the path', async () => {
    const {code, out, err} = await run(['config', 'validate', '--config', cfg], {});
    expect(code).toBe(2);
    expect(err).toContain(`${cfg}:3:11: contexts[0].name: a context name "prod\\u001b]52;c;ZWNobyBoaQ==\\u0007" cannot hold control or invisible characters`);
    expect(err).toContain(`${cfg}:5:11: contexts[1].name: a context name "stg\\u001b[2J\\u202e" cannot hold control or invisible characters`);
    expect(out + err).not.toMatch(UNSAFE);
  });

  it('other commands leave those contexts out and name them escaped: the note, and an unknown --context', async () => {
    const alerts = await run(['alerts', '--config', cfg], {});
    expect(alerts.err).toContain('(context stg␛[2J\\u202e is not selected; it will not open)');
    expect(alerts.out + alerts.err).not.toMatch(UNSAFE);
    const unknown = await run(['status', '--context', 'nosuch', '--config', cfg], {});
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('(contexts: prod␛]52;c;ZWNobyBoaQ==\\x07, stg␛[2J\\u202e, prod)');
    expect(unknown.out + unknown.err).not.toMatch(UNSAFE);
  });

  it('a selection of them is refused with their errors, escaped', async () => {
    for (const argv of [['unack', 'abc'], ['alerts', '--filter', 'ctx=zzz']]) {
      const {code, out, err} = await run([...argv, '--context', '*', '--config', cfg], {});
      expect(code, argv.join(' ')).toBe(2);
      expect(err, argv.join(' ')).toContain('contexts[0].name: a context name "prod\\u001b]52;c;ZWNobyBoaQ==\\u0007" cannot hold control or invisible characters');
      expect(out + err, argv.join(' ')).not.toMatch(UNSAFE);
    }
  });
});

describe('names printed in CLI messages are escaped', () => {
  it('the note on a source that cannot be set up, printed by every command', async () => {
    const config = tmp.write('source.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    alertSources:\n      - kind: pagerduty\n        name: "pd\\e]52;c;ZWNobyBoaQ==\\a"\n        apiUrl: "http://127.0.0.1:1"\n        tokenEnv: PD_TOKEN\n        from: alice@example.com\n        serviceIds: [PSVC001]\n`);
    const {out, err} = await run(['alerts', '--config', config], {});
    expect(err).toContain('note: pd␛]52;c;ZWNobyBoaQ==\\x07: token');
    expect(out + err).not.toMatch(UNSAFE);
  });

  it('an unknown --context lists the contexts and groups escaped, whoever made the names', () => {
    // Names the config rules refuse; a caller of its own (an older config, a test) may pass them.
    const config = {'current-context': 'prod', contexts: [{name: 'prod\x1b]52;c;aGk=\x07'}, {name: 'stg'}], contextGroups: {'eu\u202e': ['stg']}};
    expect(selectContexts(config, {context: 'nosuch'}, 'config.yaml')).toBe('config.yaml: no context or group named "nosuch" (contexts: prod␛]52;c;aGk=\\x07, stg; contextGroups: eu\\u202e)');
  });

  it('a ctx= filter that no selected context passes lists the selection escaped', async () => {
    let said = '';
    const members = ['prod\x1b]52;c;aGk=\x07', 'stg\u202e'].map((context) => ({composed: {services: {context}}}));
    const runtime = {members, close: async () => {}} as unknown as Runtime;
    const code = await applyContextFilter({command: 'alerts', filter: 'ctx=zzz'} as CliArgs, runtime, {out: () => {}, err: (t) => (said += t)});
    expect(code).toBe(1);
    expect(said).toBe('--filter: no selected context passes its ctx= matchers (selected: prod␛]52;c;aGk=\\x07, stg\\u202e)\n');
  });
});

describe('the refusal of a name with a hidden character says which name', () => {
  // The user typed or configured `prod`: only the name escaped shows it is `prod` and a hidden character.
  it('quotes a selected context and a selected group escaped', async () => {
    const ctx = (n: string) => `  - name: "${n}"\n    prometheus: {url: "http://127.0.0.1:1"}\n`;
    const hidden = tmp.write('hidden.yaml', `current-context: "prod\\u200b"\ncontextGroups:\n  "all\\u200b": [stg]\ncontexts:\n${ctx('prod\\u200b')}${ctx('stg')}`);
    const context = await run(['status', '--config', hidden], {});
    expect(context.code).toBe(2);
    expect(context.err).toContain('contexts[0].name: a context name "prod\\u200b" cannot hold control or invisible characters');
    const group = await run(['status', '--context', 'all\u200b', '--config', hidden], {});
    expect(group.code).toBe(2);
    expect(group.err).toContain('contextGroups["all\\u200b"]: a group name "all\\u200b" cannot hold control or invisible characters');
    expect(context.out + context.err + group.out + group.err).not.toMatch(UNSAFE);
  });
});
