/**
 * Maps a document path back to a line and column in the YAML source, so every error points at
 * the text the user has to change.
 */
import {isMap, isScalar, isSeq, type Document, type LineCounter, type Node} from 'yaml';
import type {ConfigPath} from './config-errors.ts';

/** A 1-based position, or nulls when the document has no node to point at. */
export interface SourcePos {
  line: number | null;
  column: number | null;
}

/** What to point at for a path. */
export type LocateTarget = 'value' | 'key';

/** Finds positions of paths in one parsed document. */
export type Locator = (path: ConfigPath, target?: LocateTarget) => SourcePos;

function keyText(node: unknown): unknown {
  return isScalar(node) ? node.value : node;
}

/**
 * Builds a locator for a document. A path that ends inside the document points at its value
 * (or at its key with `target: 'key'`, for unknown and duplicate keys); a path to something
 * missing points at the key of the deepest part that exists, which is where the missing key
 * belongs.
 */
export function makeLocator(doc: Document, lines: LineCounter): Locator {
  const at = (offset: number | undefined): SourcePos => {
    if (offset === undefined) return {line: null, column: null};
    const {line, col} = lines.linePos(offset);
    return {line, column: col};
  };
  return (path, target = 'value') => {
    let node: unknown = doc.contents;
    let keyNode: Node | null = null;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p.key) === seg);
        if (!pair) return at((keyNode ?? node).range?.[0]);
        keyNode = (pair.key as Node | null) ?? keyNode;
        node = pair.value;
        if (i === path.length - 1 && target === 'key') return at(keyNode?.range?.[0]);
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
        node = node.items[seg];
        keyNode = null;
      } else {
        // Missing here: point at what holds the missing key.
        return at((keyNode ?? (node as Node | null))?.range?.[0]);
      }
    }
    const valueNode = node as Node | null;
    // An empty value (`url:`) has no useful range of its own: point at its key.
    if (valueNode?.range && !(isScalar(valueNode) && valueNode.value === null && keyNode)) {
      return at(valueNode.range[0]);
    }
    return at(keyNode?.range?.[0] ?? (doc.contents as Node | null)?.range?.[0] ?? 0);
  };
}
