/**
 * Command-line parsing (yargs): commands, global flags, completion, and usage errors that name
 * the closest valid command or flag. Parsing only: dispatch happens in `main.ts`. yargs is
 * imported only when needed: `oncall` and `oncall demo` without flags are read without it.
 */

/** The parsed command line. */
export interface CliArgs {
  command: 'dashboard' | 'demo' | 'status' | 'alerts' | 'ack' | 'unack' | 'whoison' | 'deploys' | 'rollback' | 'timeline' | 'handover' | 'config-validate' | 'config-path' | 'completion' | 'handled';
  config?: string;
  /** `--context`: a context, several separated by commas, a group (`contextGroups`) or `*`. */
  context?: string;
  /** `--all-contexts`: every context of the config at once. */
  allContexts?: boolean;
  demo: boolean;
  readOnly: boolean;
  theme?: string;
  color?: boolean;
  /** `--glyphs ascii|unicode`: over `ONCALL_GLYPHS`, the config and the locale (platform/glyph-mode.ts). */
  glyphs?: 'ascii' | 'unicode';
  json: boolean;
  /** `alerts --filter`: label matchers and words, as in the dashboard's `/` box. */
  filter?: string;
  /** `ack`: fingerprint or matchers; `unack`: silence id or fingerprint. */
  targets?: string[];
  /** `ack --duration`, e.g. `1h`. */
  duration?: string;
  /** `ack --comment`: appended after the ack prefix. */
  comment?: string;
  /** `rollback <service>`; `whoison [service]`. */
  service?: string;
  /** `rollback --to VERSION`: the version to go back to (no deploy history needed). */
  to?: string;
  /** `rollback --environment ENV` (default: the context's). */
  environment?: string;
  /** `rollback --dry-run`: print the plan, call nothing (Argo CD: ask with dryRun). */
  dryRun?: boolean;
  /** `rollback --yes`: confirmed without typing the service name (needed without a TTY). */
  yes?: boolean;
  /** `unack --any-author`: expire other users' acks of the alerts too, not only the user's own. */
  anyAuthor?: boolean;
  /** `timeline`/`handover --since 2h`: the range ends now. */
  since?: string;
  /** `timeline --from T [--to T]`: RFC 3339 or a duration ago. */
  from?: string;
  /** See {@link CliArgs.from}. */
  until?: string;
  /** `timeline --service S`: only that service. */
  onlyService?: string;
  /** `timeline`/`handover --format md|json`. */
  format?: 'md' | 'json';
  /** `status --at T`, `oncall [dashboard|demo] --at T`: as it was at T (RFC 3339 or a duration ago). */
  at?: string;
}

/** A usage error: the message, with a suggestion when one is close. */
export interface UsageError {
  message: string;
}

/** The commands that print a JSON document for `--json`; every other refuses the flag. */
const JSON_COMMANDS: ReadonlySet<string> = new Set(['status', 'alerts', 'deploys', 'whoison']);
const GLOBAL_FLAGS = ['config', 'context', 'all-contexts', 'demo', 'read-only', 'theme', 'color', 'no-color', 'glyphs', 'help', 'version', 'json', 'filter', 'duration', 'comment', 'to', 'dry-run', 'yes', 'any-author', 'environment', 'since', 'from', 'service', 'format', 'at'];
/** Flags that exist only on one command: used elsewhere, the hint names the command. */
const COMMAND_FLAGS: Readonly<Record<string, string>> = {filter: 'alerts', duration: 'ack', comment: 'ack', to: 'rollback', 'dry-run': 'rollback', yes: 'rollback', 'any-author': 'unack', environment: 'rollback', since: 'timeline', from: 'timeline', service: 'timeline', format: 'timeline', at: 'status" or "oncall --at'};
const COMMANDS = ['dashboard', 'demo', 'status', 'alerts', 'ack', 'unack', 'whoison', 'deploys', 'rollback', 'timeline', 'handover', 'config', 'completion'];

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({length: b.length + 1}, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/**
 * The closest of `known` to `word` within an edit distance of 3, or null; never `word` itself.
 * Short names need a closer match (at most half their length), so `now` does not suggest `ack`.
 */
export function closest(word: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 4;
  for (const k of known) {
    // The word itself, typed where it does not belong, is no suggestion.
    if (k === word) continue;
    const d = editDistance(word, k);
    if (d < bestDistance && d <= Math.ceil(Math.max(word.length, k.length) / 2)) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Adds "did you mean" to yargs' unknown-argument messages. yargs strips the dashes of an unknown
 * flag, so `argv` tells a mistyped flag (`--contxt`) from a mistyped command (`stauts`).
 */
export function withSuggestion(message: string, argv: readonly string[] = []): string {
  const unknownArg = /Unknown arguments?: (.+)/.exec(message);
  if (!unknownArg) return message;
  const words = unknownArg[1]!.split(',').map((w) => w.trim());
  const hints = words.flatMap((w) => {
    const flag = w.replace(/^-+/, '');
    const typedAsFlag = w.startsWith('-') || argv.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`) || a === `-${flag}`);
    const pool = typedAsFlag ? GLOBAL_FLAGS : COMMANDS;
    if (typedAsFlag && COMMAND_FLAGS[flag]) return [`--${flag} (an option of "oncall ${COMMAND_FLAGS[flag]}")`];
    const match = closest(flag, pool);
    if (!match) return [];
    return [pool === GLOBAL_FLAGS ? `--${match}` : match];
  });
  const unique = [...new Set(hints)];
  return unique.length > 0 ? `${message}\nDid you mean ${unique.join(', ')}?` : message;
}

type Yargs = import('yargs').Argv;

const AT_DESCRIBE = 'as it was then: an RFC 3339 time or a duration ago (30m)';

/**
 * `--json` and `--at` for a command that refuses them, hidden: declared so that the command line
 * parses and `fromParsed` says where they work, rather than yargs' bare "Unknown argument".
 * Hidden per command (not once, globally): a global hidden option hides the same name from every
 * command's help and completion, also where a command describes it.
 */
function refused(y: Yargs, flags: {json?: boolean; at?: boolean} = {json: true, at: true}): Yargs {
  let out = y;
  if (flags.json) out = out.option('json', {type: 'boolean', default: false, hidden: true});
  if (flags.at) out = out.option('at', {type: 'string', hidden: true});
  return out;
}

/** Builds the yargs parser; `print` receives help, version and completion output. */
async function parser(argv: string[], version: string) {
  const {default: yargs} = await import('yargs');
  return yargs(argv)
    .scriptName('oncall')
    .usage('$0 [command] [options]\n\nA terminal on-call dashboard: SLO burn, alerts and deploys on one screen.\nWith no command: the dashboard for the current context.')
    .command('dashboard', 'open the dashboard (the default; --at TIME: as it was then)', (y) => refused(y, {json: true}).option('at', {type: 'string', describe: `the dashboard ${AT_DESCRIBE}`}))
    .command('demo', 'open the dashboard on the built-in demo environment (offline; --at TIME: as it was then)', (y) => refused(y, {json: true}).option('at', {type: 'string', describe: `the dashboard ${AT_DESCRIBE}`}))
    .command('status', 'print SLOs, alerts and deploys once; exit 1 when something pages', (y) =>
      y
        .option('json', {type: 'boolean', default: false, describe: 'print one JSON document (see README)'})
        .option('at', {type: 'string', describe: AT_DESCRIBE}),
    )
    .command('alerts', 'print the active alerts once (deduplicated across Alertmanagers)', (y) =>
      refused(y, {at: true})
        .option('json', {type: 'boolean', default: false, describe: 'print one JSON document'})
        .option('filter', {type: 'string', describe: 'label matchers and words, e.g. \'severity=critical service=~"check.*"\''}),
    )
    .command('ack <targets..>', 'ack alerts with a short silence: a fingerprint, or label matchers (exit 1 if any Alertmanager failed)', (y) =>
      refused(y)
        .positional('targets', {type: 'string', array: true, describe: 'an alert fingerprint, or matchers such as alertname=HighLatency service=api'})
        .option('duration', {type: 'string', describe: 'how long, e.g. 15m, 1h, 4h (default: ack.duration, 15m)'})
        .option('comment', {type: 'string', describe: 'text after the ack prefix in the silence comment'}),
    )
    .command('unack <targets..>', 'expire an ack: a silence id, or an alert fingerprint or matchers (your ack silences)', (y) =>
      refused(y)
        .positional('targets', {type: 'string', array: true, describe: 'a silence id, an alert fingerprint or label matchers'})
        .option('any-author', {type: 'boolean', default: false, describe: "also expire other users' acks of the alerts (by default only yours)"}),
    )
    .command('whoison [service]', 'print who is on call now, per escalation level (PagerDuty), for a service or all', (y) =>
      refused(y, {at: true})
        .positional('service', {type: 'string', describe: 'a service as SLOs and alerts name it, e.g. checkout'})
        .option('json', {type: 'boolean', default: false, describe: 'print one JSON document'}),
    )
    .command('deploys', 'print the recent deploys once, suspects marked', (y) =>
      refused(y, {at: true}).option('json', {type: 'boolean', default: false, describe: 'print JSON: the deploys as an array, or a document naming the sources when several contexts are read or the history failed (see README)'}),
    )
    .command('rollback <service>', 'roll a service back to its previous good deploy (or --to VERSION), then follow the run', (y) =>
      refused(y)
        .positional('service', {type: 'string', describe: 'the service to roll back, e.g. checkout'})
        .option('to', {type: 'string', describe: 'the version to roll back to (no deploy history needed)'})
        .option('environment', {type: 'string', describe: "the environment (default: the context's)"})
        .option('dry-run', {type: 'boolean', default: false, describe: 'print the plan and call nothing (Argo CD: a server-side dry run)'})
        .option('yes', {type: 'boolean', default: false, describe: 'do not ask to type the service name (required without a terminal)'}),
    )
    .command('timeline', 'print what happened: alerts, SLO status changes, deploys, acks, rollbacks and notes, oldest first', (y) =>
      refused(y)
        .option('since', {type: 'string', describe: 'how far back, e.g. 2h (default 2h)'})
        .option('from', {type: 'string', describe: 'start: an RFC 3339 time or a duration ago'})
        .option('to', {type: 'string', describe: 'end (with --from): an RFC 3339 time or a duration ago (default now)'})
        .option('service', {type: 'string', describe: 'only this service'})
        .option('format', {choices: ['md', 'json'] as const, default: 'md' as const, describe: 'Markdown (for a postmortem) or JSON'}),
    )
    .command('handover', 'print the shift summary for the next on-call: pages, acks, rollbacks, SLO budget, what still fires, notes', (y) =>
      refused(y)
        .option('since', {type: 'string', describe: 'the shift, e.g. 12h (default 12h)'})
        .option('format', {choices: ['md', 'json'] as const, default: 'md' as const, describe: 'Markdown or JSON'}),
    )
    .command('config <action>', 'inspect the configuration', (y) =>
      refused(y).positional('action', {choices: ['validate', 'path'] as const, describe: 'validate: check the file; path: show where it is looked for'}),
    )
    // An ordinary command, not yargs' `.completion()`: that one is answered only when typed
    // alone (no --help, no shell). `--get-yargs-completions`, which the script calls, works
    // without it. `refused`, as every other command: `completion --json` said only yargs' bare
    // "Unknown argument: json", naming no command that takes it.
    .command('completion [shell]', 'print a shell completion script (bash/zsh): oncall completion >> ~/.bashrc', (y) =>
      refused(y).positional('shell', {choices: COMPLETION_SHELLS, describe: 'the shell (default: from $SHELL)'}),
    )
    .option('config', {type: 'string', describe: 'config file (default: $ONCALL_CONFIG, then ${XDG_CONFIG_HOME:-~/.config}/oncall/config.yaml)'})
    .option('context', {type: 'string', describe: 'context to use instead of current-context; several: a,b, a group (contextGroups) or *'})
    .option('all-contexts', {type: 'boolean', describe: 'every context of the config at once'})
    .option('demo', {type: 'boolean', default: false, describe: 'use the built-in demo environment'})
    .option('read-only', {type: 'boolean', default: false, describe: 'disable ack and rollback'})
    .option('theme', {type: 'string', describe: 'theme name (dark, light, high-contrast, prod)'})
    .option('color', {type: 'boolean', describe: 'colour output; --no-color or NO_COLOR turns it off'})
    .option('glyphs', {choices: ['ascii', 'unicode'] as const, describe: 'ascii: draw only ASCII, for terminals without UTF-8 (default: from LC_ALL, LC_CTYPE, LANG; also ONCALL_GLYPHS)'})
    // The dashboard's own (no command): not global, so each command declares them as it takes them.
    .option('json', {type: 'boolean', default: false, hidden: true, global: false})
    .option('at', {type: 'string', global: false, describe: `the dashboard ${AT_DESCRIBE}`})
    .strict()
    .recommendCommands()
    .version(version)
    .alias('h', 'help')
    .alias('v', 'version')
    .help()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false);
}

/** The shells `oncall completion SHELL` writes a script for. */
const COMPLETION_SHELLS = ['bash', 'zsh'] as const;

/**
 * The completion script for `shell`, or for the one in `$SHELL` when not given. yargs picks its
 * template from `SHELL`/`ZSH_NAME` when the parser is built, so those are set for that moment
 * and put back; it writes the script with console.log, captured so `print` stays the only output.
 */
async function completionScript(shell: string | undefined, version: string): Promise<string> {
  const saved = {SHELL: process.env['SHELL'], ZSH_NAME: process.env['ZSH_NAME']};
  const log = console.log;
  let script = '';
  try {
    if (shell !== undefined) {
      process.env['SHELL'] = `/bin/${shell}`;
      delete process.env['ZSH_NAME'];
    }
    const y = await parser([], version);
    console.log = (text: string) => {
      script += text;
    };
    y.showCompletionScript();
  } finally {
    console.log = log;
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  return script;
}

/**
 * Parses argv. Help, version and completion print through `print` and return `handled`.
 * @returns the arguments, or a usage error (exit code 2)
 */
export async function parseArgs(given: string[], version: string, print: (text: string) => void): Promise<CliArgs | UsageError> {
  const argv = withNegativeTimes(given);
  if (argv.length === 0 || (argv.length === 1 && argv[0] === 'demo')) {
    // The two ways to open the dashboard, without a flag: yargs' set-up (and the help text it
    // prepares for every command) would be ~30 ms of the start-up, which is a target. The same
    // mapping, from what yargs gives for them (the tests hold the two results equal).
    return fromParsed({_: [...argv], demo: false, 'read-only': false, json: false});
  }
  // `oncall alerts` with its plain flags, likewise: its target is the speed of fetching the
  // alerts, and yargs' set-up was a tenth of its own work.
  const alerts = plainAlertsArgs(argv);
  if (alerts !== null) return fromParsed(alerts);
  return parseWithYargs(argv, version, print);
}

// The flags whose value is an instant or a duration, which a person may write with a minus.
const TIME_FLAGS = new Set(['--at', '--from', '--to', '--since']);

/**
 * `--at -5m` as `--at=-5m`: the parser reads a value starting with a minus as flags (`-5`, `-m`,
 * "Unknown arguments: 5, m"), though a time before now is what the person meant.
 */
function withNegativeTimes(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (TIME_FLAGS.has(argv[i]!) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]!);
  }
  return out;
}

const ALERTS_VALUES = new Set(['config', 'context', 'filter']);
const ALERTS_SWITCHES = new Set(['json', 'all-contexts']);

/**
 * What yargs gives for `alerts` followed only by `--json`, `--all-contexts`, `--config X`,
 * `--context X`, `--filter X` (or `--name=X`), each at most once, no value starting with `-`;
 * null for anything else (yargs then parses it, and reports what is wrong).
 */
function plainAlertsArgs(argv: readonly string[]): Record<string, unknown> | null {
  if (argv[0] !== 'alerts') return null;
  const parsed: Record<string, unknown> = {_: ['alerts'], demo: false, 'read-only': false, json: false};
  const seen = new Set<string>();
  for (let i = 1; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(argv[i]!);
    if (m === null || seen.has(m[1]!)) return null;
    const name = m[1]!;
    seen.add(name);
    if (ALERTS_SWITCHES.has(name) && m[2] === undefined) parsed[name] = true;
    else if (ALERTS_VALUES.has(name)) {
      const value = m[2] ?? argv[++i];
      if (value === undefined || value.startsWith('-') || value === '') return null;
      parsed[name] = value;
    } else return null;
  }
  return parsed;
}

/** {@link parseArgs} for any command line, always through yargs. */
export async function parseWithYargs(argv: string[], version: string, print: (text: string) => void): Promise<CliArgs | UsageError> {
  let failure: string | null = null;
  let output = '';
  const y = (await parser(argv, version)).fail((msg, err) => {
    failure = msg ?? err?.message ?? 'invalid arguments';
  });
  let parsed: Record<string, unknown>;
  try {
    parsed = (await y.parseAsync(argv, {}, (_err, _argv, out) => {
      output = out;
    })) as Record<string, unknown>;
  } catch (error) {
    failure ??= error instanceof Error ? error.message : String(error);
    parsed = {};
  }
  if (argv.includes(COMPLETION_REQUEST)) {
    // yargs fills `output` for a TAB but still returns the parsed command line: dispatched, the
    // word under the cursor would run (`oncall demo<TAB>` started the dashboard inside the
    // completion subshell and froze the shell; `status<TAB>` read every backend). A completion
    // request prints candidates and nothing else, not even a usage error over the prompt.
    const candidates = output || wholeCommand(argv);
    if (candidates) print(candidates);
    return {command: 'handled', demo: false, readOnly: false, json: false};
  }
  if (failure !== null) return {message: withSuggestion(failure, argv)};
  if (output) {
    print(output);
    return {command: 'handled', demo: false, readOnly: false, json: false};
  }
  const args = fromParsed(parsed, argv);
  if ('command' in args && args.command === 'completion') {
    print(await completionScript(parsed['shell'] as string | undefined, version));
    return {command: 'handled', demo: false, readOnly: false, json: false};
  }
  return args;
}

/** The flag the completion script passes, followed by the words typed so far. */
const COMPLETION_REQUEST = '--get-yargs-completions';

/**
 * The word under the cursor when it is a whole command name (`oncall demo<TAB>`), for which yargs
 * offers nothing (it moves into the command); offered back so the shell completes it with a
 * space, rather than falling back to file names. Empty otherwise.
 */
function wholeCommand(argv: readonly string[]): string {
  const words = argv.slice(argv.indexOf(COMPLETION_REQUEST) + 1);
  const current = words.at(-1) ?? '';
  // words[0] is the program's own name; a command is the first word that is not a flag.
  const first = words.slice(1).find((w) => !w.startsWith('-'));
  return words.length > 1 && current === first && COMMANDS.includes(current) ? current : '';
}

/**
 * The usage error of a flag that takes one value given several times (a script appending
 * `--context $CTX` to a line that has one), or null. yargs gives such a flag as an array, which
 * every reader of it took for a string; which of the values was meant is not for us to guess.
 */
function repeatedFlag(parsed: Record<string, unknown>): string | null {
  for (const [name, value] of Object.entries(parsed)) {
    // `_` and the positional lists are arrays by design; yargs' camelCase twins repeat the names.
    if (name === '_' || name === 'targets' || /[A-Z]/.test(name) || !Array.isArray(value)) continue;
    if (!value.some((v) => typeof v === 'string')) continue;
    const hint = name === 'context' ? '; several contexts go in one: --context a,b' : name === 'filter' ? "; several matchers go in one: --filter 'a=1 b=2'" : '';
    return `--${name} given more than once (${value.map((v) => JSON.stringify(String(v))).join(', ')})${hint}`;
  }
  return null;
}

/** The command line from yargs' result (or the same shape built without yargs). */
function fromParsed(parsed: Record<string, unknown>, argv: readonly string[] = []): CliArgs | UsageError {
  const positional = (parsed['_'] as Array<string | number>).map(String);
  const action = parsed['action'] as string | undefined;
  let command: CliArgs['command'] = 'dashboard';
  if (positional[0] === 'demo') command = 'demo';
  else if (positional[0] === 'dashboard') command = 'dashboard';
  else if (positional[0] === 'status') command = 'status';
  else if (positional[0] === 'alerts' || positional[0] === 'ack' || positional[0] === 'unack' || positional[0] === 'whoison') command = positional[0];
  else if (positional[0] === 'deploys' || positional[0] === 'rollback') command = positional[0];
  else if (positional[0] === 'timeline' || positional[0] === 'handover') command = positional[0];
  else if (positional[0] === 'config') command = action === 'path' ? 'config-path' : 'config-validate';
  else if (positional[0] === 'completion') command = 'completion';
  if (positional.length > 1 || (positional[0] !== undefined && !COMMANDS.includes(positional[0]))) {
    return {message: withSuggestion(`Unknown argument: ${positional.slice(positional[0] && COMMANDS.includes(positional[0]) ? 1 : 0).join(', ')}`, argv)};
  }
  const repeated = repeatedFlag(parsed);
  if (repeated !== null) return {message: repeated};
  if (typeof parsed['at'] === 'string' && command !== 'status' && command !== 'dashboard' && command !== 'demo') {
    return {message: '--at works with status and the dashboard (oncall --at 30m, oncall demo --at 30m)'};
  }
  if (parsed['json'] === true && !JSON_COMMANDS.has(command)) {
    // A hidden global flag, so yargs takes it anywhere; ignored, a script would get text (or a
    // screen) where it asked for JSON and parse nothing. The outcome of an action is its exit
    // code and the action log; timeline and handover have --format.
    const name = positional[0] ?? 'the dashboard';
    const instead = command === 'timeline' || command === 'handover' ? `${name} takes --format json` : command === 'ack' || command === 'unack' || command === 'rollback' ? `${name} prints text (its exit code says whether it landed, the action log what landed where)` : `${name} has no JSON form`;
    return {message: `--json works with status, alerts, deploys and whoison; ${instead}`};
  }
  return {
    command,
    config: parsed['config'] as string | undefined,
    context: parsed['context'] as string | undefined,
    // Set only when given, so the other commands' arguments stay as they were.
    ...(parsed['all-contexts'] === true ? {allContexts: true} : {}),
    demo: Boolean(parsed['demo']),
    readOnly: Boolean(parsed['read-only']),
    theme: parsed['theme'] as string | undefined,
    color: parsed['color'] as boolean | undefined,
    // Set only when given, so the other commands' arguments stay as they were.
    ...(parsed['glyphs'] === 'ascii' || parsed['glyphs'] === 'unicode' ? {glyphs: parsed['glyphs']} : {}),
    json: Boolean(parsed['json']),
    filter: parsed['filter'] as string | undefined,
    targets: Array.isArray(parsed['targets']) ? (parsed['targets'] as unknown[]).map(String) : undefined,
    duration: parsed['duration'] as string | undefined,
    comment: parsed['comment'] as string | undefined,
    service: parsed['service'] === undefined ? undefined : String(parsed['service']),
    to: parsed['to'] === undefined ? undefined : String(parsed['to']),
    environment: parsed['environment'] as string | undefined,
    // Set only when given, so the other commands' arguments stay as they were.
    dryRun: parsed['dry-run'] === true || undefined,
    yes: parsed['yes'] === true || undefined,
    anyAuthor: parsed['any-author'] === true || undefined,
    ...timelineFlags(parsed, command),
  };
}

/** The flags of `timeline`, `handover` and `status --at`, set only when given. */
function timelineFlags(parsed: Record<string, unknown>, command: CliArgs['command']): Partial<CliArgs> {
  const text = (name: string) => (typeof parsed[name] === 'string' ? (parsed[name] as string) : undefined);
  const out: Partial<CliArgs> = {};
  if (text('since') !== undefined) out.since = text('since');
  if (text('from') !== undefined) out.from = text('from');
  // `--to` is also rollback's target version; for the timeline it ends the range.
  if (command === 'timeline' && text('to') !== undefined) out.until = text('to');
  if (text('service') !== undefined) out.onlyService = text('service');
  if (command === 'timeline' || command === 'handover') out.format = parsed['format'] === 'json' ? 'json' : 'md';
  if (text('at') !== undefined && (command === 'status' || command === 'dashboard' || command === 'demo')) out.at = text('at');
  return out;
}
