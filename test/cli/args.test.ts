import {describe, expect, it} from 'vitest';
import {closest, editDistance, parseArgs, parseWithYargs, withSuggestion, type CliArgs} from '../../src/cli/args.ts';

async function parse(argv: string[]) {
  let printed = '';
  const result = await parseArgs(argv, '9.9.9', (text) => {
    printed += text;
  });
  return {result, printed};
}

async function args(argv: string[]): Promise<CliArgs> {
  const {result} = await parse(argv);
  if ('message' in result) throw new Error(`usage error: ${result.message}`);
  return result;
}

async function usageError(argv: string[]): Promise<string> {
  const {result} = await parse(argv);
  if (!('message' in result)) throw new Error(`parsed: ${JSON.stringify(result)}`);
  return result.message;
}

describe('parseArgs: commands', () => {
  it('opens the dashboard with no command', async () => {
    expect(await args([])).toEqual({command: 'dashboard', demo: false, readOnly: false, json: false});
  });

  it('knows demo, status, config validate, config path', async () => {
    expect((await args(['demo'])).command).toBe('demo');
    expect(await args(['status'])).toMatchObject({command: 'status', json: false, demo: false});
    expect(await args(['status', '--json', '--demo'])).toMatchObject({command: 'status', json: true, demo: true});
    expect((await args(['config', 'validate'])).command).toBe('config-validate');
    expect(await args(['config', 'path', '--config', 'my.yaml'])).toMatchObject({command: 'config-path', config: 'my.yaml'});
  });

  it('reads the global flags', async () => {
    expect(await args(['--context', 'prod-eu', '--read-only', '--theme', 'light', '--config', 'c.yaml'])).toEqual({
      command: 'dashboard',
      config: 'c.yaml',
      context: 'prod-eu',
      demo: false,
      readOnly: true,
      theme: 'light',
      json: false,
    });
  });

  it('--no-color and --color set color; neither leaves it undefined for NO_COLOR to decide', async () => {
    expect((await args(['--no-color'])).color).toBe(false);
    expect((await args(['status', '--color'])).color).toBe(true);
    expect((await args(['status'])).color).toBeUndefined();
  });

  it('prints version and help through print and reports them handled', async () => {
    const version = await parse(['--version']);
    expect(version.result).toMatchObject({command: 'handled'});
    expect(version.printed).toBe('9.9.9');
    const help = await parse(['--help']);
    expect(help.result).toMatchObject({command: 'handled'});
    expect(help.printed).toContain('oncall [command] [options]');
    expect(help.printed).toContain('--no-color');
    expect(help.printed).toContain('status');
  });
});

describe('parseArgs: usage errors', () => {
  it('suggests the closest command for a typo', async () => {
    expect(await usageError(['stauts'])).toBe('Unknown argument: stauts\nDid you mean status?');
    expect(await usageError(['demoo'])).toBe('Unknown argument: demoo\nDid you mean demo?');
  });

  it('suggests the closest flag for a typo', async () => {
    expect(await usageError(['--contxt', 'prod'])).toBe('Unknown argument: contxt\nDid you mean --context?');
    expect(await usageError(['status', '--jsno'])).toContain('Did you mean --json?');
  });

  it('rejects extra words, a missing or unknown config action', async () => {
    expect(await usageError(['status', 'now'])).toBe('Unknown argument: now');
    expect(await usageError(['config'])).toBe('Missing required argument: action');
    expect(await usageError(['config', 'edit'])).toContain('Choices: "validate", "path"');
  });

  it('does not suggest anything far away', async () => {
    expect(await usageError(['xylophone'])).toBe('Unknown argument: xylophone');
  });
});

describe('suggestion helpers', () => {
  it('editDistance is the Levenshtein distance', () => {
    expect(editDistance('stauts', 'status')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('closest picks the nearest within three edits', () => {
    expect(closest('contxt', ['config', 'context', 'demo'])).toBe('context');
    expect(closest('zzzzzzz', ['config', 'context'])).toBeNull();
  });

  it('withSuggestion leaves other messages alone and handles several unknown words', () => {
    expect(withSuggestion('Missing required argument: action')).toBe('Missing required argument: action');
    // yargs strips the dashes: argv tells a mistyped flag from a mistyped command.
    expect(withSuggestion('Unknown arguments: contxt, stauts', ['--contxt', 'stauts'])).toBe('Unknown arguments: contxt, stauts\nDid you mean --context, status?');
    expect(withSuggestion('Unknown argument: confg', ['confg'])).toBe('Unknown argument: confg\nDid you mean config?');
    expect(withSuggestion('Unknown argument: confg', ['--confg=x'])).toBe('Unknown argument: confg\nDid you mean --config?');
  });
});

describe('parseArgs without yargs', () => {
  it('reads `oncall` and `oncall demo` exactly as yargs does, key for key', async () => {
    const none = () => {};
    for (const argv of [[], ['demo']]) {
      const fast = await parseArgs([...argv], '9.9.9', none);
      const full = await parseWithYargs([...argv], '9.9.9', none);
      expect(fast).toStrictEqual(full);
      expect(Object.keys(fast)).toEqual(Object.keys(full));
    }
    expect(await parseArgs(['demo'], '9.9.9', none)).toMatchObject({command: 'demo', demo: false, readOnly: false, json: false, config: undefined, theme: undefined});
  });

  it('reads `oncall alerts` with its plain flags exactly as yargs does, key for key, and leaves the rest to yargs', async () => {
    const none = () => {};
    const lines = [
      ['alerts'],
      ['alerts', '--json'],
      ['alerts', '--json', '--config', 'c.yaml'],
      ['alerts', '--config=c.yaml', '--context', 'prod-eu,prod-us', '--json'],
      ['alerts', '--all-contexts', '--filter', 'severity=critical service=~"check.*"', '--json'],
      ['alerts', '--filter=a=b', '--context=*'],
      ['alerts', '--context', '123'],
    ];
    for (const argv of lines) {
      const fast = await parseArgs([...argv], '9.9.9', none);
      const full = await parseWithYargs([...argv], '9.9.9', none);
      expect(fast, argv.join(' ')).toStrictEqual(full);
      expect(Object.keys(fast)).toEqual(Object.keys(full));
    }
    expect(await parseArgs(['alerts', '--json', '--config', 'c.yaml'], '9.9.9', none)).toMatchObject({command: 'alerts', json: true, config: 'c.yaml'});
    // Anything else is yargs' to read or refuse: a typo, a repeated or unknown flag, a short one, a missing value.
    for (const argv of [['alerts', '--jsn'], ['alerts', '--json', '--json'], ['alerts', '-h'], ['alerts', '--config'], ['alerts', '--read-only'], ['alerts', 'extra']]) {
      expect(await parseArgs([...argv], '9.9.9', none), argv.join(' ')).toStrictEqual(await parseWithYargs([...argv], '9.9.9', none));
    }
    expect(await parseArgs(['alerts', '--jsn'], '9.9.9', none)).toMatchObject({message: expect.stringContaining('--json')});
  });

  it('leaves everything else to yargs: a flag, another command, a typo', async () => {
    expect(await args(['demo', '--read-only'])).toMatchObject({command: 'demo', readOnly: true});
    expect(await args(['--demo'])).toMatchObject({command: 'dashboard', demo: true});
    expect(await usageError(['demoo'])).toBe('Unknown argument: demoo\nDid you mean demo?');
  });
});

describe('parseArgs: --at for the dashboard', () => {
  it('takes --at with the dashboard, `oncall dashboard` and the demo', async () => {
    expect(await args(['--at', '30m'])).toMatchObject({command: 'dashboard', at: '30m'});
    expect(await args(['dashboard', '--at', '2026-12-04T03:12:05Z'])).toMatchObject({command: 'dashboard', at: '2026-12-04T03:12:05Z'});
    expect(await args(['demo', '--at', '30m'])).toMatchObject({command: 'demo', at: '30m'});
  });

  it('takes a time written with a minus (--at -5m) as its value, not as flags -5 and -m', async () => {
    expect(await args(['status', '--at', '-5m'])).toMatchObject({command: 'status', at: '-5m'});
    expect(await args(['--at', '-30m'])).toMatchObject({command: 'dashboard', at: '-30m'});
    expect(await args(['timeline', '--from', '-3h', '--to', '-1h'])).toMatchObject({command: 'timeline', from: '-3h', until: '-1h'});
  });

  it('refuses --at where it means nothing, rather than ignore it', async () => {
    expect(await usageError(['alerts', '--at', '30m'])).toBe('--at works with status and the dashboard (oncall --at 30m, oncall demo --at 30m)');
  });

  it('refuses --json for ack and unack (it has no JSON output there) rather than ignore it', async () => {
    expect(await usageError(['ack', 'abc123', '--json'])).toMatch(/^--json works with status, alerts, deploys and whoison; ack prints text/);
    expect(await usageError(['--json', 'unack', 'alertname=X'])).toMatch(/^--json works with status, alerts, deploys and whoison; unack prints text/);
    expect((await args(['ack', 'abc123'])).json).toBe(false);
  });

  it('refuses --json wherever it has no JSON form: rollback, timeline, handover, the dashboard', async () => {
    expect(await usageError(['rollback', 'checkout', '--yes', '--json'])).toMatch(/^--json works with status, alerts, deploys and whoison; rollback prints text/);
    expect(await usageError(['timeline', '--json'])).toMatch(/timeline takes --format json$/);
    expect(await usageError(['handover', '--json'])).toMatch(/handover takes --format json$/);
    expect(await usageError(['--json'])).toMatch(/the dashboard has no JSON form$/);
    expect((await args(['whoison', '--json'])).json).toBe(true);
    expect((await args(['deploys', '--json'])).json).toBe(true);
  });
});

describe('parseArgs: each command offers the flags it takes, and only those', () => {
  async function help(argv: string[]): Promise<string> {
    const {result, printed} = await parse([...argv, '--help']);
    expect(result).toMatchObject({command: 'handled'});
    return printed;
  }
  async function completions(argv: string[]): Promise<string[]> {
    const {printed} = await parse(['--get-yargs-completions', 'oncall', ...argv, '--']);
    return printed.split('\n');
  }
  const flagLine = (name: string) => new RegExp(`^\\s+--${name}\\s`, 'm');

  it('lists --json in the help and completion of status, alerts, deploys and whoison', async () => {
    for (const cmd of ['status', 'alerts', 'deploys', 'whoison']) {
      expect(await help([cmd]), cmd).toMatch(flagLine('json'));
      expect(await completions([cmd]), cmd).toContain('--json');
    }
  });

  it('offers --at only to the dashboard, the demo and status, and keeps refusing it elsewhere', async () => {
    for (const argv of [[], ['dashboard'], ['demo'], ['status']]) {
      expect(await help(argv), argv.join(' ')).toMatch(flagLine('at'));
    }
    expect(await completions(['status'])).toContain('--at');
    for (const cmd of ['alerts', 'ack', 'unack', 'whoison', 'deploys', 'rollback', 'timeline', 'handover', 'config']) {
      expect(await help([cmd]), cmd).not.toMatch(flagLine('at'));
      expect(await completions([cmd]), cmd).not.toContain('--at');
    }
    for (const argv of [['ack', 'x'], ['unack', 'x'], ['rollback', 'x'], ['deploys'], ['whoison'], ['timeline'], ['handover'], ['config', 'validate']]) {
      expect(await usageError([...argv, '--at', '5m']), argv.join(' ')).toMatch(/^--at works with status and the dashboard/);
    }
  });

  it('says where --config falls back to when XDG_CONFIG_HOME is not set', async () => {
    expect(await help(['status'])).toContain('${XDG_CONFIG_HOME:-~/.config}/oncall/config.yaml');
  });

  it('keeps --json out of the help of commands that refuse it', async () => {
    for (const argv of [[], ['demo'], ['ack'], ['rollback'], ['timeline'], ['config']]) {
      expect(await help(argv), argv.join(' ')).not.toMatch(flagLine('json'));
    }
    expect(await usageError(['config', 'validate', '--json'])).toMatch(/^--json works with status, alerts, deploys and whoison; config has no JSON form/);
    expect(await usageError(['demo', '--json'])).toMatch(/demo has no JSON form$/);
  });

  it('refuses --json and --at for completion as for the other commands, naming where they work', async () => {
    // Not yargs' bare "Unknown argument: json", which names no command that takes it.
    expect(await usageError(['completion', '--json'])).toBe('--json works with status, alerts, deploys and whoison; completion has no JSON form');
    expect(await usageError(['completion', 'bash', '--json'])).toMatch(/completion has no JSON form$/);
    expect(await usageError(['completion', '--at', '30m'])).toMatch(/^--at works with status and the dashboard/);
    expect(await help(['completion'])).not.toMatch(flagLine('json'));
    expect(await help(['completion'])).not.toMatch(flagLine('at'));
    expect(await completions(['completion'])).not.toContain('--json');
  });
});

describe('parseArgs: completion', () => {
  it('answers `completion --help` with its help', async () => {
    const {result, printed} = await parse(['completion', '--help']);
    expect(result).toMatchObject({command: 'handled'});
    expect(printed).toMatch(/^oncall completion \[shell\]/);
  });

  it('prints the script for the shell named, whatever $SHELL says, and leaves $SHELL as it was', async () => {
    const before = process.env['SHELL'];
    const bash = await parse(['completion', 'bash']);
    expect(bash.result).toMatchObject({command: 'handled'});
    expect(bash.printed).toMatch(/complete -o bashdefault .* oncall/);
    expect(bash.printed).toContain('--get-yargs-completions');
    const zsh = await parse(['completion', 'zsh']);
    expect(zsh.printed).toMatch(/^#compdef oncall/);
    expect(process.env['SHELL']).toBe(before);
    expect((await parse(['completion'])).printed).toContain('--get-yargs-completions');
  });

  it('answers a TAB with candidates only, never the command under the cursor', async () => {
    for (const words of [['demo'], ['--demo', 'status'], ['ack'], ['ack', 'x'], ['rollback', 'checkout'], ['completion'], ['config', 'path']]) {
      const {result, printed} = await parse(['--get-yargs-completions', 'oncall', ...words]);
      expect(result, words.join(' ')).toEqual({command: 'handled', demo: false, readOnly: false, json: false});
      expect(printed, words.join(' ')).not.toContain('--get-yargs-completions');
    }
  });

  it('offers a whole command name back, so the shell adds the space', async () => {
    expect((await parse(['--get-yargs-completions', 'oncall', 'demo'])).printed).toBe('demo');
    expect((await parse(['--get-yargs-completions', 'oncall', '--demo', 'status'])).printed).toBe('status');
    expect((await parse(['--get-yargs-completions', 'oncall', 'completion'])).printed).toBe('completion');
    // A service that happens to be named like a command is no command.
    expect((await parse(['--get-yargs-completions', 'oncall', 'whoison', 'demo'])).printed).toBe('');
  });

  it('never suggests the word that was typed', async () => {
    expect(closest('completion', ['completion', 'config'])).toBeNull();
    expect(withSuggestion('Unknown argument: status', ['x', 'status'])).toBe('Unknown argument: status');
  });
});
