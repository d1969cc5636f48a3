/**
 * Writes docs/keybindings.md from the default keymap (`npm run docs:keys`).
 */
import {writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {renderKeybindingsMarkdown} from '../src/actions/keybindings-doc.ts';
import {defaultKeymap} from '../src/actions/keymap.ts';

const target = fileURLToPath(new URL('../docs/keybindings.md', import.meta.url));
writeFileSync(target, renderKeybindingsMarkdown(defaultKeymap));
console.log('wrote docs/keybindings.md');
