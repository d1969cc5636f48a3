/**
 * A mistake inside one context's entry need not stop the others: the loader can leave that entry
 * out and load the rest, keeping its errors so a command that selects it still refuses with them
 * (and the others say it was left out). Only errors inside a named entry qualify: one at the top
 * level, in a context's name (the selection is by name; but see `Finding.ownEntry`) or in the
 * list itself stops everything. A group whose own name is wrong that way (`ownEntry`) is left out
 * too, and refused only when selected.
 */
import type {Finding} from './config-errors.ts';
import {isRecord} from './config-rule-kit.ts';

/** The context entries and groups whose findings are all their own. */
export interface ContextFindings {
  /** The entries to leave out, by index in the file's list, with their names. */
  broken: Map<number, string>;
  /** The groups (`contextGroups`) to leave out, by name. */
  groups: Set<string>;
}

/** The index of the context entry a finding lies in, below its name; null when it is not in one. */
function entryOf({path, ownEntry}: Finding): number | null {
  if (path[0] !== 'contexts' || typeof path[1] !== 'number') return null;
  // The entry as a whole (`context has no sources`) is its own; its name is what selects it,
  // unless the finding says the name still selects that entry alone.
  if (path[2] === 'name' && ownEntry !== true) return null;
  return path[1];
}

/** The group a finding on a group's own name is about, when it leaves that name selecting it alone. */
function groupOf({path, ownEntry}: Finding): string | null {
  return path[0] === 'contextGroups' && typeof path[1] === 'string' && path.length === 2 && ownEntry === true ? path[1] : null;
}

/**
 * Splits findings by context entry (or group) when every one of them lies inside a named entry
 * (or is a group's own), and at least one context entry is left without any; otherwise null (the
 * file as a whole is wrong).
 */
export function contextOnlyFindings(data: Record<string, unknown>, findings: Finding[]): ContextFindings | null {
  const contexts = data['contexts'];
  if (!Array.isArray(contexts) || findings.length === 0) return null;
  const broken = new Map<number, string>();
  const groups = new Set<string>();
  for (const f of findings) {
    const group = groupOf(f);
    if (group !== null) {
      groups.add(group);
      continue;
    }
    const i = entryOf(f);
    if (i === null) return null;
    const entry: unknown = contexts[i];
    const name = isRecord(entry) ? entry['name'] : undefined;
    if (typeof name !== 'string') return null;
    broken.set(i, name);
  }
  if (broken.size >= contexts.length) return null;
  return {broken, groups};
}
