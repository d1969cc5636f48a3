import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {renderKeybindingsMarkdown} from '../../src/actions/keybindings-doc.ts';
import {defaultKeymap, type Binding} from '../../src/actions/keymap.ts';

describe('renderKeybindingsMarkdown', () => {
  it('matches docs/keybindings.md', () => {
    const onDisk = readFileSync(new URL('../../docs/keybindings.md', import.meta.url), 'utf8');
    expect(onDisk === renderKeybindingsMarkdown(defaultKeymap), 'docs/keybindings.md is out of date: run npm run docs:keys').toBe(true);
  });

  it('documents every action with its keys, scope and notes', () => {
    const md = renderKeybindingsMarkdown(defaultKeymap);
    for (const b of defaultKeymap) expect(md).toContain(`| \`${b.id}\` |`);
    expect(md).toContain('| `R` | `rollback` | Roll back the selected or suspect deploy | **dangerous**: asks you to type the target name to confirm; removed in read-only contexts; needs a rollback backend; also in: alerts pane, SLO pane |');
    expect(md).toContain('## Alerts pane (`alerts`)');
    expect(md).toContain('keys:\n  down: [j, down, ctrl+n]');
  });

  it('escapes pipes and marks unbound actions', () => {
    const rows: Binding[] = [
      {id: 'filter', keys: ['|'], scope: 'pane', description: 'a | b', hint: null, dangerous: false, mutating: false, group: 'Selected row'},
      {id: 'refresh', keys: [], scope: 'global', description: 'Refresh', hint: null, dangerous: false, mutating: false, group: 'General'},
    ];
    const md = renderKeybindingsMarkdown(rows);
    expect(md).toContain('| `\\|` | `filter` | a \\| b |  |');
    expect(md).toContain('| *unbound* | `refresh` | Refresh |  |');
  });
});
