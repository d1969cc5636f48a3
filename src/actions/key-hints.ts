/**
 * Footer hints, generated from the registry so they can never disagree with what the keys
 * actually do (overrides and read-only removals included); the help overlay's rows are in
 * help-sections.ts.
 */
import {type ActionId, type Scope} from './action-ids.ts';
import {keyLabel} from './key-names.ts';
import type {KeyNamer} from './key-namer.ts';
import {paneSpec, PANES, perPane, type Pane} from './panes.ts';
import {bindingScopes, type ActionContext} from './keymap.ts';
import {actionDisabledReason, bindingOf, resolve, type Registry} from './registry.ts';

/** One footer item, e.g. `{keys: 'j/k', hint: 'move'}`. */
export interface FooterHint {
  /** Display label of the key(s), several joined by `/`. */
  keys: string;
  hint: string;
  /** True when the action cannot run now (the view dims it or marks it). */
  disabled: boolean;
  /** The actions behind this item (two when `j`/`k` share `move`). */
  ids: ActionId[];
}

/**
 * Footer items for the open scopes: the top scope's hints first (the focused pane before the
 * global ones), each in keymap order. An item shows the first of its keys that still reaches it
 * (a key shadowed by a higher scope is not advertised); adjacent items with the same hint merge,
 * so `down` and `up` become `j/k move`. Read-only removals, hint-less bindings and, in the past,
 * the actions the past disables are left out.
 */
export function footerHints(registry: Registry, scopeStack: readonly Scope[], ctx: ActionContext): FooterHint[] {
  const seen = new Set<ActionId>();
  const out: FooterHint[] = [];
  for (const scope of scopeStack) {
    for (const b of registry.bindings) {
      if (seen.has(b.id) || registry.removed.has(b.id) || !bindingScopes(b).includes(scope)) continue;
      seen.add(b.id);
      const key = b.keys.find((k) => resolve(registry, k, scopeStack) === b.id);
      if (b.hint === null || key === undefined) continue;
      const reason = actionDisabledReason(registry, b.id, ctx);
      // In the past an action that would change or read the present can never apply, however
      // the selection moves: it is left out of the footer (the banner says they are off, the
      // help lists them disabled with the reason), rather than offered.
      if (reason !== null && ctx.past && reason === ctx.past) continue;
      const disabled = reason !== null;
      const hint = disabled ? b.hint : (b.hintFor?.(ctx) ?? b.hint);
      const last = out.at(-1);
      if (last && last.hint === hint) {
        last.keys = `${last.keys}/${keyLabel(key)}`;
        last.ids.push(b.id);
        last.disabled = last.disabled && disabled;
      } else {
        out.push({keys: keyLabel(key), hint, disabled, ids: [b.id]});
      }
    }
  }
  return out;
}

/**
 * The keys an overlay's title lists, taken from the footer's hints with the overlay on top (its
 * scope over the global one), so the two never disagree: its own actions, movement left to the
 * footer, then the key that leaves it.
 */
export function overlayKeyHints(registry: Registry, scope: Scope, ctx: ActionContext): FooterHint[] {
  const own = new Set(registry.bindings.filter((b) => bindingScopes(b).includes(scope) && b.group !== 'Navigation').map((b) => b.id));
  return footerHints(registry, [scope, 'global'], ctx).filter((h) => h.ids.some((id) => own.has(id) || id === 'back'));
}

// Esc and Enter as the overlays always wrote them; the other keys as the footer labels them.
const titleLabel = (key: string): string => (key === 'escape' ? 'Esc' : key === 'enter' ? 'Enter' : keyLabel(key));

/**
 * The first key of `id` that reaches it with `scopeStack` open, labelled for a title (`Esc`,
 * `Enter`, `R`), `keys:` overrides included; null when none does (unbound, shadowed, or removed
 * in a read-only context). What a message or hint names as "press X".
 */
export function reachingKey(registry: Registry, id: ActionId, scopeStack: readonly Scope[]): string | null {
  const key = bindingOf(registry, id)?.keys.find((k) => resolve(registry, k, scopeStack) === id);
  return key === undefined ? null : titleLabel(key);
}

/**
 * The title's note of a scrolled overlay (the details, a runbook, a confirmation that lists): the
 * keys that leave and scroll it as they reach it now, `keys:` overrides included. In a typed
 * confirmation, where letters are typed, those are the named ones: `Esc back, ↓/↑ scroll`.
 */
export function overlayTitleKeys(registry: Registry, scopeStack: readonly Scope[]): string {
  const back = reachingKey(registry, 'back', scopeStack);
  const scroll = scrollKeys(registry, scopeStack);
  return [...(back ? [`${back} back`] : []), ...(scroll ? [`${scroll} scroll`] : [])].join(', ');
}

/** The help overlay's title note: `? or Esc to close, j/k to scroll`, as the keys are bound. */
export function helpTitleKeys(registry: Registry, scopeStack: readonly Scope[]): string {
  const close = (['help', 'back'] as const).map((id) => reachingKey(registry, id, scopeStack)).filter((k) => k !== null);
  const scroll = scrollKeys(registry, scopeStack);
  return [...(close.length > 0 ? [`${close.join(' or ')} to close`] : []), ...(scroll ? [`${scroll} to scroll`] : [])].join(', ');
}

/** The keys a typed confirmation's instruction names: the one that confirms and the one that cancels. */
export interface ConfirmKeys {
  submit: string;
  back: string;
}

/**
 * The keys that confirm and cancel with `scopeStack` open (`Enter`, `Esc` unless `keys:` moved
 * them). With back left without a key, the one that cancels is cancelInput's (`ctrl+c`, which it
 * keeps): Esc would then do nothing.
 */
export function confirmKeys(registry: Registry, scopeStack: readonly Scope[]): ConfirmKeys {
  const back = reachingKey(registry, 'back', scopeStack) ?? reachingKey(registry, 'cancelInput', scopeStack) ?? 'Esc';
  return {submit: reachingKey(registry, 'submit', scopeStack) ?? 'Enter', back};
}

/**
 * Names the key that reaches each action in the pane it is pressed in (`keys:` overrides
 * included, a key a pane's action shadows there left out), for messages that say which key to
 * press: the `focus` pane when the action works there, else its own (`u` is pressed in the
 * alerts pane, whichever has focus when its retry is said). Null for an action no key reaches
 * there (the message says no key then).
 */
export function registryKeyNamer(registry: Registry, focus: Pane): KeyNamer {
  return (id) => {
    const binding = bindingOf(registry, id);
    if (binding === undefined) return null;
    const scopes = bindingScopes(binding);
    const own = scopes.find((s): s is Pane => (PANES as readonly Scope[]).includes(s));
    const pane = own === undefined || scopes.includes(focus) ? focus : own;
    return reachingKey(registry, id, [pane, 'pane', 'global']);
  };
}

/**
 * The key that returns from the past to live in `focus`'s pane (Esc unless `keys:` moved back):
 * what the past's banner and its refusals name.
 */
export function liveKey(registry: Registry, focus: Scope): string {
  return reachingKey(registry, 'back', [focus, 'pane', 'global']) ?? 'Esc';
}

/** `j/k`: the keys that scroll down and up, when both reach them. */
function scrollKeys(registry: Registry, scopeStack: readonly Scope[]): string | null {
  const down = reachingKey(registry, 'down', scopeStack);
  const up = reachingKey(registry, 'up', scopeStack);
  return down && up ? `${down}/${up}` : null;
}

const SCOPE_LABELS: Record<Scope, string> = {
  global: 'everywhere',
  pane: 'any pane',
  ...perPane((p) => `${paneSpec(p).name} pane`),
  filter: 'filter input',
  command: 'command line',
  help: 'help',
  detail: 'details',
  confirm: 'confirmation',
  timeline: 'timeline',
};

/** A human label for a scope (`alerts` → `alerts pane`), shared with the generated docs. */
export function scopeLabel(scope: Scope): string {
  return SCOPE_LABELS[scope];
}
