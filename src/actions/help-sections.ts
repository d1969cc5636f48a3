/**
 * The rows of the `?` overlay, generated from the registry (overrides and read-only removals
 * included). The focused pane's actions come first, so on a small terminal the keys that act on
 * the selected row are on the first screen; navigation and global keys follow, then what only
 * works elsewhere (another pane, a text input).
 */
import {actionWord, type ActionId, type Pane, type Scope} from './action-ids.ts';
import {NO_AMTOOL_TARGET} from './command-lines.ts';
import {paneSpec} from './panes.ts';
import {reachingKey, scopeLabel} from './key-hints.ts';
import {keyLabel} from './key-names.ts';
import {bindingScopes, type ActionContext, type Binding} from './keymap.ts';
import {actionDisabledReason, bindingOf, resolve, type Registry} from './registry.ts';

/** One row of the `?` overlay. */
export interface HelpRow {
  id: ActionId;
  /**
   * Display labels of every key, joined by `, `; `unbound` when an override removed them all. A
   * key a higher scope takes in the focused pane is left out (see `shadowed`), and when that is
   * every key, `none here`.
   */
  keys: string;
  /** The keys another action takes in the focused pane, with that action: `r: runbook`; empty: none. */
  shadowed: string[];
  description: string;
  /** Where the keys work, e.g. `alerts pane` or `any pane, help, details`. */
  where: string;
  dangerous: boolean;
  /** Why it cannot run now (`read-only context` for removals), or null. */
  disabled: string | null;
  /** What it would act on now (which runbook `o` opens), or null. */
  now: string | null;
}

/** A disabled reason that several rows of a section share, and their keys. */
export interface SharedReason {
  reason: string;
  keys: string[];
}

/** One section of the `?` overlay. */
export interface HelpSection {
  title: string;
  rows: HelpRow[];
  /** The section title does not say where its keys work, so each row says it. */
  showWhere: boolean;
  /**
   * Reasons said once after the title (`read-only context: a, A, u, R disabled`) rather than on
   * each row: repeated, each took a wrapped line of its own and pushed the section's last keys
   * off the first screen at 80x24. The rows keep `disabled` (drawn dimmed) without the text.
   */
  shared: SharedReason[];
}

/**
 * The one-key reasons said after the title all the same: only amtool's (the demo's Alertmanager
 * has no URL for it), alike on every row. On its row it takes a wrapped line, and with a row's
 * own reasons (`u`, `o`, `R`, `y` on a demo group) pushed the section's last key off the first
 * screen at 80x24. Other one-key reasons (no rollback backend) stay on their row, as README says.
 */
const CONTEXT_REASONS: ReadonlySet<string> = new Set([NO_AMTOOL_TARGET]);

/** The reasons that two or more bound rows give, or the context does, in the order of their first row. */
function sharedReasons(rows: readonly HelpRow[]): SharedReason[] {
  const byReason = new Map<string, string[]>();
  for (const r of rows) {
    // An unbound row has no key to name in the title: it keeps its own reason.
    if (r.disabled === null || r.keys === 'unbound' || r.keys === 'none here') continue;
    byReason.set(r.disabled, [...(byReason.get(r.disabled) ?? []), r.keys]);
  }
  return [...byReason].filter(([reason, keys]) => keys.length > 1 || CONTEXT_REASONS.has(reason)).map(([reason, keys]) => ({reason, keys}));
}


// `SLO pane`, `Alerts pane`: the help's section titles.
const paneTitle = (pane: Pane) => {
  const {name} = paneSpec(pane);
  return `${name[0]!.toUpperCase()}${name.slice(1)} pane`;
};

// The keys of `b` that do something else with `stack` open, each with what they do there. Only
// a binding active there is judged: another pane's keys, a text input's, reach it elsewhere.
function shadowedKeys(registry: Registry, b: Binding, stack: readonly Scope[]): {key: string; by: string}[] {
  if (!bindingScopes(b).some((s) => stack.includes(s))) return [];
  return b.keys.flatMap((key) => {
    const id = resolve(registry, key, stack);
    if (id === null || id === b.id) return [];
    return [{key, by: actionWord(bindingOf(registry, id)?.hint, id)}];
  });
}

function helpRow(registry: Registry, b: Binding, ctx: ActionContext, stack: readonly Scope[]): HelpRow {
  const disabled = actionDisabledReason(registry, b.id, ctx);
  // A `keys:` override may give a pane action a key a global one has (`openRunbook: [o, r]`):
  // in that pane the key does the pane's action, and the help must not list it for the other.
  const shadowed = shadowedKeys(registry, b, stack);
  const reaching = b.keys.filter((k) => !shadowed.some((s) => s.key === k));
  return {
    id: b.id,
    keys: b.keys.length === 0 ? 'unbound' : reaching.length === 0 ? 'none here' : reaching.map(keyLabel).join(', '),
    shadowed: shadowed.map((s) => `${keyLabel(s.key)}: ${s.by}`),
    description: b.describeFor?.((id, scopes = stack) => reachingKey(registry, id, scopes)) ?? b.description,
    where: bindingScopes(b).map(scopeLabel).join(', '),
    dangerous: b.dangerous,
    disabled,
    now: disabled === null ? (b.nowFor?.(ctx) ?? null) : null,
  };
}

/**
 * Every binding exactly once, including removed and unbound ones: the actions of the `focus`
 * pane (its own first, then those of any pane), navigation, the other global keys, the actions
 * of the other panes, the actions without a key, and the text-input keys.
 */
export function helpSections(registry: Registry, ctx: ActionContext, focus: Pane): HelpSection[] {
  const left = [...registry.bindings];
  const take = (pick: (b: Binding) => boolean): Binding[] => {
    const taken = left.filter(pick);
    for (const b of taken) left.splice(left.indexOf(b), 1);
    return taken;
  };
  const inScope = (b: Binding, scope: Parameters<typeof scopeLabel>[0]) => bindingScopes(b).includes(scope);
  // An action without a key (`resolve`, or one a `keys:` override emptied) cannot be pressed in
  // the pane: its row (with its disabled reason, three lines at 80 columns) would push the keys
  // that work off the first screen, so it is listed after the other panes' keys.
  const bound = (b: Binding) => b.keys.length > 0;
  const groups: Array<[string, Binding[], boolean]> = [
    // What changes only the view (hide toggles) after what acts on the selected row.
    [
      `${paneTitle(focus)} (focused)`,
      [...take((b) => bound(b) && inScope(b, focus) && b.group !== 'View'), ...take((b) => bound(b) && inScope(b, 'pane') && b.group !== 'Navigation'), ...take((b) => bound(b) && inScope(b, focus))],
      false,
    ],
    ['Navigation', take((b) => bound(b) && b.group === 'Navigation'), false],
    ['General', take((b) => bound(b) && inScope(b, 'global')), false],
    ['Other panes', take((b) => bound(b) && b.group !== 'Text input'), true],
    ['Without a key', take((b) => !bound(b) && b.group !== 'Text input'), true],
    ['Text input', take(() => true), true],
  ];
  return groups
    .filter(([, rows]) => rows.length > 0)
    .map(([title, bindings, showWhere]) => {
      const rows = bindings.map((b) => helpRow(registry, b, ctx, [focus, 'pane', 'global']));
      return {title, rows, showWhere, shared: sharedReasons(rows)};
    });
}
