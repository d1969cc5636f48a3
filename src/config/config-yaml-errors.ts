/**
 * YAML syntax errors in the user's words. The library's messages name its own API ("please use
 * YAML.parseAllDocuments()") or only a position ("Map keys must be unique"): the two a hand-edited
 * config meets most, a key written twice and a stray `---`, are said here with the key's path.
 */
import {isPair, isScalar, isSeq, visit, type Document, type YAMLError} from 'yaml';
import {formatPath, shownKey, type ConfigPath} from './config-errors.ts';

/** The path and name of the key at `offset` in `doc`, or null when none starts there. */
function keyAt(doc: Document, offset: number): {path: ConfigPath; key: string} | null {
  let found: {path: ConfigPath; key: string} | null = null;
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      const path: Array<string | number> = [];
      ancestors.forEach((node, i) => {
        if (isPair(node) && isScalar(node.key)) path.push(String(node.key.value));
        else if (isSeq(node)) path.push(node.items.indexOf(ancestors[i + 1] as never));
      });
      found = {path, key: String(pair.key.value)};
      return visit.BREAK;
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
