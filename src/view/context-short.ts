/**
 * Short names of the contexts shown together, for a CONTEXT column cut narrow and the header's
 * health parts when they are shortened: `PROD prod-eu` and `PROD prod-us` both cut to
 * `PROD p…`, which no longer says which region a row is in. Each short name keeps what tells a
 * context from the others shown (the name less the prefix or suffix it shares with another) and
 * a production context's PROD word (or `P`, still a letter, not a colour), and is unique among
 * the set. Pure; computed once per set of contexts, not per row.
 */
import {sanitize} from '../domain/sanitize.ts';
import {cellWidth, graphemes, truncate, truncateStart} from './text-fit.ts';

/** The width a short name aims at: that of a merged pane's CONTEXT column cut to its least. */
export const SHORT_CONTEXT_WIDTH = 7;

/** What a production context's CONTEXT cell and header name say: a word, not only a colour. */
export function contextLabel(name: string, production: boolean): string {
  return production ? `PROD ${name}` : name;
}

const fullLabel = (c: NamedContext): string => contextLabel(c.name, c.production);

/** One context as its short name needs it. */
export interface NamedContext {
  name: string;
  production: boolean;
}

// Where a name splits into words: a prefix or suffix is shared only as whole words.
const SEPARATOR = /[-_./: ]/;

/** The longest prefix of `a` and `b` that ends just after a separator (`prod-`), or ''. */
function sharedPrefix(a: string, b: string): string {
  let end = 0;
  for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i++) if (SEPARATOR.test(a[i]!)) end = i + 1;
  return a.slice(0, end);
}

const reverse = (s: string) => [...s].reverse().join('');

/** The longest suffix of `a` and `b` that starts with a separator (`-prod`), or ''. */
function sharedSuffix(a: string, b: string): string {
  return reverse(sharedPrefix(reverse(a), reverse(b)));
}

/** What tells `name` from the `others`: less the longest word prefix and suffix it shares with any of them. */
function core(name: string, others: readonly string[]): string {
  const prefix = others.reduce((p, o) => {
    const s = sharedPrefix(name, o);
    return s.length > p.length ? s : p;
  }, '');
  const suffix = others.reduce((p, o) => {
    const s = sharedSuffix(name, o);
    return s.length > p.length ? s : p;
  }, '');
  // A name that is all shared words (`eu` beside `eu-1` and `x-eu`) keeps what it can.
  const both = name.slice(prefix.length, name.length - suffix.length);
  if (prefix.length + suffix.length < name.length && both !== '') return both;
  if (prefix.length < name.length) return name.slice(prefix.length);
  if (suffix.length < name.length) return name.slice(0, name.length - suffix.length);
  return name;
}

/** `text` in at most `cells` cells, cut in the middle (`pay…st-1`): a name's end tells regions apart as often as its start. */
function cutMiddle(text: string, cells: number): string {
  if (cellWidth(text) <= cells) return text;
  const chars = [...text];
  const tail = Math.floor((cells - 1) / 2);
  const head = truncate(chars.slice(0, chars.length - tail).join(''), cells - tail);
  return `${head}${chars.slice(chars.length - tail).join('')}`;
}

/**
 * Each context's short name (by context name), at most {@link SHORT_CONTEXT_WIDTH} cells where
 * the set allows it and unique among `list`: `PROD eu`, `PROD us`, `staging`; `P pay…1` when
 * `PROD` and the name do not fit together. Where the labels cut to that width already differ,
 * each keeps its full label (`PROD prod-eu`, `staging`). Where no short form is unique (names
 * the same but for a middle that does not fit), each context keeps its full label too: cut as
 * before, never made to read like another.
 */
export function shortContextNames(list: readonly NamedContext[]): Map<string, string> {
  const full = list.map((c) => fullLabel(c));
  // Cut as they are, the labels already differ (`staging`, `PROD p…`): they stay as the user knows them.
  const cuts = full.map((l) => truncate(l, SHORT_CONTEXT_WIDTH));
  if (new Set(cuts).size === cuts.length) return new Map(list.map((c, i) => [c.name, full[i]!]));
  const names = list.map((c) => c.name);
  const cores = list.map((c) => core(c.name, names.filter((n) => n !== c.name)));
  const fits = (mark: string) => list.every((c, i) => !c.production || cellWidth(mark + cores[i]!) <= SHORT_CONTEXT_WIDTH);
  // One production mark for the whole set, so the same word means the same thing in every row.
  const mark = fits('PROD ') ? 'PROD ' : 'P ';
  const short = list.map((c, i) => (c.production ? mark : '') + cutMiddle(cores[i]!, SHORT_CONTEXT_WIDTH - (c.production ? mark.length : 0)));
  const unique = new Set(short).size === short.length && short.every((s, i) => s === list[i]!.name || !names.includes(s));
  return new Map(list.map((c, i) => [c.name, unique ? short[i]! : full[i]!]));
}

/**
 * The short name of contexts that read the same alerts (`prod-eu+prod-us`, one row naming
 * both): the members' short names joined by `+`, one production mark for all when all are
 * production (`PROD eu+us`). The mark is the set's own, as every other row's short name says
 * it, even where the joined name is wider than {@link SHORT_CONTEXT_WIDTH}: a `P` here beside
 * `PROD eu` in the next row read as another kind of context. The CONTEXT column is cut no
 * narrower than such a name ({@link leastContextWidth}).
 */
export function shortJoinedName(members: readonly NamedContext[], short: ReadonlyMap<string, string>): string {
  const own = members.map((m) => short.get(m.name) ?? fullLabel(m));
  // Not shortened: the joined full labels, as the cell says them.
  if (own.every((s, i) => s === fullLabel(members[i]!))) return own.join('+');
  if (members.length < 2 || !members.every((m) => m.production)) return own.join('+');
  const mark = own.every((s) => s.startsWith('PROD ')) ? 'PROD ' : own.every((s) => s.startsWith('P ')) ? 'P ' : null;
  if (mark === null) return own.join('+');
  return mark + own.map((s) => s.slice(mark.length)).join('+');
}

/**
 * The least a merged pane's CONTEXT column is cut to, at most `width`: the short width, or the
 * widest of its cells' short names (a shared set's `PROD eu+us`), so none is cut to read like
 * another row's (`PROD e…`).
 */
export function leastContextWidth(narrows: readonly string[], width: number): number {
  return Math.min(width, Math.max(SHORT_CONTEXT_WIDTH, ...narrows.map((n) => cellWidth(n))));
}

let last: {key: string; names: ReadonlyMap<string, string>} | null = null;

/**
 * {@link shortContextNames}, kept while the set's names and production marks are the same: the
 * merge of every clock second and the header ask for the same set's names, computed once.
 */
export function shortNamesFor(list: readonly NamedContext[]): ReadonlyMap<string, string> {
  const key = list.map((c) => `${c.production ? 1 : 0}${c.name}`).join('\n');
  if (last?.key !== key) last = {key, names: shortContextNames(list)};
  return last.names;
}

/**
 * A context's label (`PROD name`) in at most `cells` cells: whole when it fits, else with the
 * name cut in the middle (`PROD gke_pay…main-us`), the production word kept whole. The cut falls
 * between whole characters and is counted in cells: cut inside an emoji or an accented letter, a
 * stray mark that draws nothing was left beside the `…` (and hid what the label reads as); a wide
 * character counted as one made the cut too wide. Null when no cut fits, when the cut is not
 * text sanitize leaves as it is, or when the cut could read as one of the `others` (another
 * context's name starts with what is kept of the head and ends with what is kept of the tail,
 * compared character by character as drawn): a label that names a context must name one. A long
 * cluster name then still names its context on an 80-column line.
 */
export function cutContextLabel(name: string, production: boolean, others: readonly string[], cells: number): string | null {
  const whole = contextLabel(name, production);
  if (cellWidth(whole) <= cells) return whole;
  const room = cells - cellWidth(whole) + cellWidth(name);
  // Less than a character each side of the ellipsis says too little to tell contexts apart.
  if (room < 3) return null;
  // As `cutMiddle` cuts it, with the kept head and tail apart (the name may hold a `…` itself).
  // The name is wider than `room`, so both cuts below do cut, and each ends in or starts with `…`.
  const tail = truncateStart(name, Math.floor((room - 1) / 2) + 1).slice(1);
  const head = truncate(name.slice(0, name.length - tail.length), room - cellWidth(tail)).slice(0, -1);
  const label = contextLabel(`${head}…${tail}`, production);
  if (head === '' || tail === '' || cellWidth(label) > cells || sanitize(label) !== label) return null;
  const h = graphemes(head);
  const t = graphemes(tail);
  const readsAs = (o: string) => {
    const g = graphemes(o);
    return g.length >= h.length + t.length && h.every((c, i) => g[i] === c) && t.every((c, i) => g[g.length - t.length + i] === c);
  };
  return others.some((o) => o !== name && readsAs(o)) ? null : label;
}
