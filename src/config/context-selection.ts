/**
 * Which contexts a command shows: `--context a,b`, `--context GROUP` (config `contextGroups`),
 * `--all-contexts` or `*`, else `current-context`. Resolved once, at start (and again by `:ctx`),
 * into a list of context names in the order given; an unknown name is an error naming the file.
 */
import {sanitize} from '../domain/sanitize.ts';
import {closestKey, quote} from './config-errors.ts';
import type {OncallConfig} from './config-types.ts';

/** What the user asked for: a selection as typed, or every context. */
export interface ContextRequest {
  /** `a,b`, a group name, `*`, or a single context name; undefined = current-context. */
  context?: string | undefined;
  /** `--all-contexts`. */
  all?: boolean | undefined;
}

/** A resolved selection: the names in order, and how the user called it (for headers and JSON). */
export interface ContextSelection {
  names: string[];
  /** The selection as typed (`prod`, `prod-eu,prod-us`, `*`), or the single context's name. */
  label: string;
  /** The groups it named, so a caller can refuse one the config left out. */
  groups: string[];
}

/**
 * Resolves a selection against the config. Each comma-separated word is a context, a group (its
 * members, in the group's order) or `*`; repeats are dropped, the first place kept.
 * @param file the config file, named in the error
 * @returns the selection, or a message naming the file and what is wrong
 */
export function selectContexts(config: Pick<OncallConfig, 'contextGroups' | 'current-context'> & {contexts: ReadonlyArray<{name: string}>}, request: ContextRequest, file: string): ContextSelection | string {
  const names = config.contexts.map((c) => c.name);
  const groups = config.contextGroups ?? {};
  if (request.all) return {names, label: '*', groups: []};
  const typed = (request.context ?? config['current-context']).trim();
  const words = typed.split(',').map((w) => w.trim()).filter((w) => w !== '');
  if (words.length === 0) return `${file}: --context: give a context name, several separated by commas, a group (contextGroups) or *`;
  const out: string[] = [];
  const unknown: string[] = [];
  const named = words.filter((word) => word !== '*' && Object.hasOwn(groups, word));
  for (const word of words) {
    const found = word === '*' ? names : Object.hasOwn(groups, word) ? groups[word]! : names.includes(word) ? [word] : null;
    if (found === null) unknown.push(word);
    else for (const n of found) if (!out.includes(n)) out.push(n);
  }
  if (unknown.length > 0) return unknownMessage(unknown, names, Object.keys(groups), file);
  return {names: out, label: words.length === 1 && !Object.hasOwn(groups, words[0]!) && words[0] !== '*' ? words[0]! : words.join(','), groups: [...new Set(named)]};
}

function unknownMessage(unknown: string[], names: string[], groups: string[], file: string): string {
  const known = [...names, ...groups];
  const hints = unknown.flatMap((u) => {
    const guess = closestKey(u, known);
    return guess === null ? [] : [quote(guess)];
  });
  const what = `${groups.length > 0 ? 'context or group' : 'context'} named ${unknown.map(quote).join(', ')}`;
  const groupText = groups.length > 0 ? `; contextGroups: ${groups.join(', ')}` : '';
  // Names from the config and words typed are shown escaped (quote's JSON leaves C1 controls and
  // bidi overrides as they are); a name the config rules refused is still listed when it is skipped.
  return sanitize(`${file}: no ${what} (contexts: ${names.join(', ')}${groupText})${hints.length > 0 ? `; did you mean ${hints.join(', ')}?` : ''}`);
}
