/**
 * YAML syntax errors in the user's words. The library's messages name its own API ("please use
 * YAML.parseAllDocuments()") or only a position ("Map keys must be unique"): the two a hand-edited
 * config meets most, a key written twice and a stray `---`, are said here with the key's path.
 */
import {isAlias, isPair, isScalar, isSeq, visit, type Document, type Scalar, type YAMLError} from 'yaml';
import {formatPath, shownKey, type ConfigPath} from './config-errors.ts';

/**
 * A key as the user wrote it. With merge keys on, the library keeps `<<` as Symbol('<<'),
 * which String() would show as a key no one wrote.
 */
function keyName(key: Scalar): string {
  return typeof key.value === 'symbol' ? (key.source ?? '<<') : String(key.value);
}

/** The key path down `ancestors` (as `visit` passes them) to `node`, the one they hold. */
function ancestorPath(ancestors: readonly unknown[], node: unknown): ConfigPath {
  const path: Array<string | number> = [];
  ancestors.forEach((holder, i) => {
    if (isPair(holder) && isScalar(holder.key)) path.push(keyName(holder.key));
    else if (isSeq(holder)) path.push(holder.items.indexOf((ancestors[i + 1] ?? node) as never));
  });
  return path;
}

/** The path and name of the key at `offset` in `doc`, or null when none starts there. */
function keyAt(doc: Document, offset: number): {path: ConfigPath; key: string} | null {
  let found: {path: ConfigPath; key: string} | null = null;
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      found = {path: ancestorPath(ancestors, pair), key: keyName(pair.key)};
      return visit.BREAK;
    },
  });
  return found;
}

/** An alias inside the node its anchor names, where it starts, and the key path to it. */
export interface AliasCycle {
  offset: number;
  path: string;
  message: string;
}

/**
 * Every alias inside the node its anchor names (`x-a: &a [*a]`, a context holding `self: *c`).
 * Such a value has no end: the library turns it into a circular object without an error, and
 * each later walk over it overflows the stack, so it is refused before, with the alias' place.
 * An anchor must come before its aliases, so every cycle passes through one of these.
 *
 * One walk: an alias names the last node anchored so before it in document order (the rule
 * `Alias.resolve` follows), kept here as the walk goes. Resolving each alias instead walks the
 * whole document once per alias, which a config reusing anchors in every context pays at
 * every command.
 */
export function aliasCycles(doc: Document): AliasCycle[] {
  const found: AliasCycle[] = [];
  const anchored = new Map<string, unknown>();
  visit(doc, {
    Node(_, node, ancestors) {
      if (!isAlias(node)) {
        if (node.anchor) anchored.set(node.anchor, node);
        return;
      }
      const target = anchored.get(node.source);
      if (target === undefined || !ancestors.includes(target as never)) return;
      found.push({
        offset: node.range?.[0] ?? 0,
        path: formatPath(ancestorPath(ancestors, node)),
        message: `YAML error: alias *${node.source} refers to the node that holds it (a cycle)`,
      });
    },
  });
  return found;
}

/** A YAML error's key path (empty for the whole file) and message. */
export function yamlErrorText(doc: Document, err: YAMLError): {path: string; message: string} {
  if (err.code === 'DUPLICATE_KEY') {
    const at = keyAt(doc, err.pos[0]);
    if (at !== null) {
      return {path: formatPath([...at.path, at.key]), message: `duplicate key ${shownKey(at.key)}: this mapping already has it above; keep one (YAML would not say which wins)`};
    }
    return {path: '', message: 'duplicate key: this mapping already has a key of this name above; keep one'};
  }
  if (err.code === 'MULTIPLE_DOCS') {
    return {path: '', message: 'a second YAML document starts here (---): a config is one document; remove this line, and merge what follows it into the first'};
  }
  // Without prettyErrors the message is one line; the position is ours to add.
  return {path: '', message: `YAML syntax error: ${err.message}`};
}
