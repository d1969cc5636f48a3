/**
 * Renders docs/keybindings.md from the keymap, so the document cannot drift from the keys
 * (a test compares the file with this output; `npm run docs:keys` rewrites it).
 */
import {SCOPES, type Scope} from './action-ids.ts';
import {paneSpec, perPane} from './panes.ts';
import {isPrintableKey, NAMED_KEYS} from './key-names.ts';
import {scopeLabel} from './key-hints.ts';
import {bindingScopes, type Binding} from './keymap.ts';

const SCOPE_INTRO: Record<Scope, string> = {
  global: 'Work everywhere except inside a text input (there `ctrl+c` cancels the input, as Esc does).',
  pane: 'Work in whichever pane has focus.',
  ...perPane((p) => `Work only while the ${paneSpec(p).name} pane has focus.`),
  filter: 'Work while typing a filter; every other printable key is text.',
  command: 'Work while typing a `:` command; every other printable key is text.',
  help: 'Work while the help overlay is open.',
  detail: 'Work while the details overlay is open.',
  confirm: 'Work while a confirmation is open; every other printable key is text.',
  timeline: 'Work while the timeline (`t`, `T`) is open.',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function notes(b: Binding): string {
  const out: string[] = [];
  if (b.dangerous) out.push('**dangerous**: asks you to type the target name to confirm');
  if (b.mutating || b.dangerous) out.push('removed in read-only contexts');
  if (b.requires) out.push(`needs ${b.requires}`);
  if (b.alsoIn && b.alsoIn.length > 0) out.push(`also in: ${b.alsoIn.map(scopeLabel).join(', ')}`);
  return out.join('; ');
}

function table(bindings: readonly Binding[]): string[] {
  const rows = bindings.map((b) => {
    const keys = b.keys.length > 0 ? b.keys.map((k) => `\`${cell(k)}\``).join(', ') : '*unbound*';
    return `| ${keys} | \`${b.id}\` | ${cell(b.description)} | ${cell(notes(b))} |`;
  });
  return ['| Keys | Action | Description | Notes |', '|---|---|---|---|', ...rows];
}

const OVERRIDES = [
  '## Changing keys',
  '',
  'Set `keys:` at the top level of the config file: each entry maps an action id to one key or a',
  'list of keys, which replaces that action\'s default keys.',
  '',
  '```yaml',
  'keys:',
  '  down: [j, down, ctrl+n]',
  '  up: [k, up, ctrl+p]',
  '  refresh: [r, ctrl+r]',
  '```',
  '',
  'Key names: a single character as itself (case matters: `G` is not `g`), `ctrl+a` … `ctrl+z`',
  '(but `ctrl+h`, `ctrl+i`, `ctrl+j` and `ctrl+m`, which the terminal sends as Backspace, Tab and',
  'Enter: an override naming one is reported and ignored), or',
  `one of ${NAMED_KEYS.map((k) => `\`${k}\``).join(', ')}.`,
  'A digit needs no quotes (`focusPanels: 5`). Other numbers are read as written: `0x5` or `5.0` is a bad key name, not `5`.',
  'The spellings `esc`, `return`, `pgup`, `pgdn`, `del`, `C-x` and `^x` are',
  'accepted too. `f1` … `f12` are accepted names, but the terminal input layer does not report',
  'function keys yet, so binding one has no effect.',
  '',
  'A problem in an override never stops the dashboard or any command: an unknown action id, a value',
  'that is not a key (`true`, a map), a bad key name, or a key already used by another action in',
  'the same scope is reported at start-up and that one override is ignored (the defaults stay);',
  '`oncall config validate` names each one. Overrides are checked together, so two actions can',
  'swap keys. An empty `keys:` (every override commented out) is no overrides; a `keys:` that is',
  'not a mapping fails the config, as any other section does.',
  'Keys for the filter input, the command line and the confirmation must be named keys, since',
  'printable keys are text there.',
  '',
  '`ctrl+c`, `escape` and `enter` are reserved: only the actions that hold them by default (quit',
  'and cancelInput; back; details, submit and timeTravel) may hold them, in any scope, so no',
  'override makes Ctrl+C, Esc or Enter ack or roll back. Given to another action, the override is',
  'reported and ignored. An override of `quit` or `cancelInput` that leaves `ctrl+c` out keeps it',
  '(`quit: x` binds `x` and `ctrl+c`): Ctrl+C always quits, or cancels the input.',
  '',
  '## Read-only contexts',
  '',
  'In a context marked `readOnly`, every action noted "removed in read-only contexts" is removed',
  'from the key registry: its keys do nothing, and the help overlay lists it as disabled, saying',
  '"read-only context" once after the title of each section (`read-only context: a, A, u, R disabled`).',
  '',
  '## The past',
  '',
  'While the dashboard shows the past (Enter on a timeline event, or `--at`), the same actions',
  '(everything removed in read-only contexts) are disabled: the key says why, and Esc returns to',
  'live.',
];

/** The full text of docs/keybindings.md for `bindings`. */
export function renderKeybindingsMarkdown(bindings: readonly Binding[]): string {
  // The details' named keys: below a confirmation (a text input) only those reach its list.
  const scrolls = bindings.filter((b) => bindingScopes(b).includes('detail')).flatMap((b) => b.keys.filter((k) => !isPrintableKey(k)));
  const lines = [
    '# Key bindings',
    '',
    '<!-- Generated from src/actions/keymap.ts by `npm run docs:keys`; do not edit by hand. -->',
    '',
    'A key is looked up in the open scopes, top first: the open overlay (help, details, filter',
    'input, command line or confirmation), then the focused pane, then any pane, then everywhere.',
    'The first scope that binds the key wins. Press `?` in the dashboard for the same list, with',
    'the reason any action is unavailable right now.',
    '',
    'Inside a text input every printable key is text. A confirmation that lists what it would do',
    '(an ack that would also silence other alerts, a group\'s unack) scrolls with the named keys of',
    `the details (${scrolls.map((k) => `\`${k}\``).join(', ')}),`,
    'never with `j` or `k`, which are typed; what to type stays in view below the list.',
    '',
  ];
  for (const scope of SCOPES) {
    const own = bindings.filter((b) => b.scope === scope);
    if (own.length === 0) continue;
    lines.push(`## ${scopeLabel(scope)[0]!.toUpperCase()}${scopeLabel(scope).slice(1)} (\`${scope}\`)`, '', SCOPE_INTRO[scope], '', ...table(own), '');
  }
  lines.push(...OVERRIDES);
  return `${lines.join('\n')}\n`;
}
