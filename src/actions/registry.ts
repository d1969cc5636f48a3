/**
 * The key registry: the keymap with user overrides merged in, indexed by scope and key. Override
 * problems are collected as messages and that override is skipped, never thrown: a typo in
 * `keys:` must not stop an on-call engineer from opening the dashboard.
 */
import {ACTION_IDS, actionWord, isActionId, isTextScope, type ActionId, type Scope} from './action-ids.ts';
import {isPrintableKey, normalizeKeyName, unpressableReason} from './key-names.ts';
import {READ_ONLY_REASON, bindingScopes, type ActionContext, type Binding} from './keymap.ts';

/** The merged, indexed keymap. Treat as immutable. */
export interface Registry {
  /** Every binding with its effective keys, in keymap order, including read-only removals. */
  bindings: readonly Binding[];
  /** Actions removed at the registry (read-only context), with the reason shown in help. */
  removed: ReadonlyMap<ActionId, string>;
  /** scope → key → binding, for resolution; removed actions are absent. */
  table: ReadonlyMap<Scope, ReadonlyMap<string, Binding>>;
}

/** Options of {@link createRegistry}. */
export interface RegistryOptions {
  /** Removes dangerous and mutating actions (acks, rollback) from resolution. */
  readOnly: boolean;
}

/** Key overrides as written under `keys:` in the config: action id → key name or names. */
export type KeyOverrides = Readonly<Record<string, unknown>>;

interface Candidate {
  keys: string[];
}

// The config loader hands numbers over as written (`focusPanels: 5` gives '5'); a number from
// elsewhere is the key it spells.
const asKeyName = (v: unknown): unknown => (typeof v === 'number' ? String(v) : v);

// What a value of the wrong type is, in the words of the YAML it came from.
function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list holding something other than keys';
  if (typeof v === 'object') return 'a map';
  return String(v);
}

/**
 * The keys an engineer presses to get out or to go on. Only the actions holding one by default
 * may hold it: the conflict check compares one scope at a time, so without this `ack: ctrl+c`
 * (alerts scope) would shadow quit (global) and Ctrl+C in the alerts pane would ack.
 */
export const RESERVED_KEYS: readonly string[] = ['ctrl+c', 'escape', 'enter'];

// Ctrl+C quits, or cancels an input, whatever `keys:` says: an override that leaves it out of
// such an action keeps it (README: "Ctrl+C quits too"), as a config cannot take the panic key away.
const KEPT_KEY = 'ctrl+c';

// Why `key` may not be given to `id`, or null: a reserved key belongs to its default holders.
function reservedKeyProblem(id: ActionId, key: string, bindings: readonly Binding[]): string | null {
  if (!RESERVED_KEYS.includes(key)) return null;
  const owners = bindings.filter((b) => b.keys.includes(key));
  if (owners.length === 0 || owners.some((b) => b.id === id)) return null;
  const words = owners.map((b) => actionWord(b.hint, b.id));
  const who = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
  return `keys.${id}: "${key}" is reserved for ${who}; use another key`;
}

function checkOverride(id: string, value: unknown, byId: Map<ActionId, Binding>): Candidate | string {
  if (!isActionId(id) || !byId.has(id)) return `keys.${id}: unknown action "${id}" (actions: ${ACTION_IDS.join(', ')})`;
  const raw = Array.isArray(value) ? value.map(asKeyName) : [asKeyName(value)];
  if (raw.some((k) => typeof k !== 'string')) return `keys.${id}: expected a key name or a list of key names, e.g. q or [r, ctrl+r] (got ${describeValue(value)})`;
  const keys: string[] = [];
  const bad: string[] = [];
  for (const name of raw as string[]) {
    const key = normalizeKeyName(name);
    if (key === null) bad.push(JSON.stringify(name));
    else if (!keys.includes(key)) keys.push(key);
  }
  if (bad.length > 0) return `keys.${id}: ${bad.join(', ')} ${bad.length === 1 ? 'is not a key name' : 'are not key names'} (see docs/keybindings.md)`;
  for (const key of keys) {
    const unpressable = unpressableReason(key);
    if (unpressable !== null) return `keys.${id}: "${key}" ${unpressable}`;
  }
  const binding = byId.get(id)!;
  const textScope = bindingScopes(binding).find(isTextScope);
  const typed = keys.find(isPrintableKey);
  if (textScope && typed) return `keys.${id}: "${typed}" would be typed as text in the ${textScope} input; use a named key such as enter or ctrl+x`;
  for (const key of keys) {
    const problem = reservedKeyProblem(id, key, [...byId.values()]);
    if (problem !== null) return problem;
  }
  if (binding.keys.includes(KEPT_KEY) && !keys.includes(KEPT_KEY)) keys.push(KEPT_KEY);
  return {keys};
}

interface Conflict {
  scope: Scope;
  key: string;
  ids: ActionId[];
}

function findConflicts(bindings: readonly Binding[]): Conflict[] {
  const owners = new Map<string, ActionId[]>();
  for (const b of bindings) {
    for (const scope of bindingScopes(b)) {
      for (const key of b.keys) {
        const slot = `${scope}\u0000${key}`;
        const list = owners.get(slot) ?? [];
        if (!list.includes(b.id)) list.push(b.id);
        owners.set(slot, list);
      }
    }
  }
  const out: Conflict[] = [];
  for (const [slot, ids] of owners) {
    if (ids.length < 2) continue;
    const [scope, key] = slot.split('\u0000') as [Scope, string];
    out.push({scope, key, ids});
  }
  return out;
}

function applyOverrides(bindings: readonly Binding[], active: Map<ActionId, Candidate>): Binding[] {
  return bindings.map((b) => {
    const o = active.get(b.id);
    return o ? {...b, keys: o.keys} : b;
  });
}

/**
 * Merges `overrides` into `bindings` and indexes the result. A number is the key it spells (`5`).
 * Unknown action ids, values that are not keys, bad key names, a reserved key (Ctrl+C, Esc,
 * Enter: see {@link RESERVED_KEYS}) or a key no terminal sends as itself (`ctrl+j`) given to an action that does not hold it by default, and
 * keys that clash with another action in the same scope are reported in `errors` and that override is skipped. Overrides are
 * judged together, so swapping two actions' keys works.
 */
export function createRegistry(bindings: readonly Binding[], overrides: KeyOverrides, options: RegistryOptions): {registry: Registry; errors: string[]} {
  const errors: string[] = [];
  const byId = new Map(bindings.map((b) => [b.id, b] as const));
  const active = new Map<ActionId, Candidate>();
  for (const [id, value] of Object.entries(overrides)) {
    const checked = checkOverride(id, value, byId);
    if (typeof checked === 'string') errors.push(checked);
    else active.set(id as ActionId, checked);
  }
  // Skip every override caught in a clash, then look again: each round removes at least one.
  let merged = applyOverrides(bindings, active);
  for (;;) {
    const blamed = new Map<ActionId, string>();
    for (const c of findConflicts(merged)) {
      for (const id of c.ids) {
        if (!active.has(id) || blamed.has(id)) continue;
        const others = c.ids.filter((x) => x !== id).map((x) => `"${x}"`).join(', ');
        blamed.set(id, `keys.${id}: "${c.key}" is already bound to ${others} in the ${c.scope} scope`);
      }
    }
    if (blamed.size === 0) break;
    for (const [id, message] of blamed) {
      active.delete(id);
      errors.push(message);
    }
    merged = applyOverrides(bindings, active);
  }
  const removed = new Map<ActionId, string>();
  if (options.readOnly) {
    for (const b of merged) if (b.dangerous || b.mutating) removed.set(b.id, READ_ONLY_REASON);
  }
  const table = new Map<Scope, Map<string, Binding>>();
  for (const b of merged) {
    if (removed.has(b.id)) continue;
    for (const scope of bindingScopes(b)) {
      const keys = table.get(scope) ?? new Map<string, Binding>();
      for (const key of b.keys) if (!keys.has(key)) keys.set(key, b);
      table.set(scope, keys);
    }
  }
  return {registry: {bindings: merged, removed, table}, errors};
}

/**
 * The action `key` triggers with the given scopes open, or null. `scopeStack` is top first
 * (modal > pane > global, as built by `scopeStack(state)`); the first scope binding the key wins.
 */
export function resolve(registry: Registry, key: string | null, scopeStack: readonly Scope[]): ActionId | null {
  if (key === null) return null;
  for (const scope of scopeStack) {
    const hit = registry.table.get(scope)?.get(key);
    if (hit) return hit.id;
    // Below a text input a printable key is text: a confirmation scrolls with ↓, never with `j`.
    if (isTextScope(scope) && isPrintableKey(key)) return null;
  }
  return null;
}

/** The bindings active in `scope` (its own and `alsoIn` ones), in keymap order, removed ones left out. */
export function bindingsForScope(registry: Registry, scope: Scope): Binding[] {
  return registry.bindings.filter((b) => !registry.removed.has(b.id) && bindingScopes(b).includes(scope));
}

/** The effective binding of an action. */
export function bindingOf(registry: Registry, id: ActionId): Binding | undefined {
  return registry.bindings.find((b) => b.id === id);
}

/**
 * Why `id` cannot run now: the read-only removal first, then the past (time travel), a row gone
 * or not drawn, then the binding's own check; null = it can.
 */
export function actionDisabledReason(registry: Registry, id: ActionId, ctx: ActionContext): string | null {
  const removed = registry.removed.get(id);
  if (removed !== undefined) return removed;
  const binding = bindingOf(registry, id);
  // The past cannot be changed: every action that would change the present waits for live.
  if (ctx.past && (binding?.mutating || binding?.dangerous)) return ctx.past;
  // Nor a row gone from under its open details: its neighbour holds the selection now.
  if (ctx.gone && (binding?.mutating || binding?.dangerous)) return ctx.gone;
  const reason = binding?.disabledReason?.(ctx) ?? null;
  // Nor a row not drawn: an action whose check reads the selected row (it answers otherwise
  // without one) acts on that row, which the user cannot see.
  if (ctx.unseen && binding?.disabledReason && binding.disabledReason({...ctx, selection: null}) !== reason) return ctx.unseen;
  return reason;
}

/**
 * The removed binding `key` would have triggered in these scopes, so the view can say why the
 * key did nothing ("ack: read-only context") instead of staying silent.
 */
export function removedBindingFor(registry: Registry, key: string | null, scopeStack: readonly Scope[]): Binding | null {
  if (key === null || resolve(registry, key, scopeStack) !== null) return null;
  for (const scope of scopeStack) {
    const hit = registry.bindings.find((b) => registry.removed.has(b.id) && b.keys.includes(key) && bindingScopes(b).includes(scope));
    if (hit) return hit;
  }
  return null;
}
