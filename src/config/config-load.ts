/**
 * Reads and checks `config.yaml`. Parsing is pure (`parseConfig`), so every rule is tested on
 * strings; `loadConfig` only adds the file read. Errors are collected, never thrown: a broken
 * config is reported whole, with file, line and column, and without a stack trace.
 */
import {readFile} from 'node:fs/promises';
import {homedir} from 'node:os';
import {dirname, resolve} from 'node:path';
import {isMap, LineCounter, parseDocument, visit, type Document, type YAMLError} from 'yaml';
import {describeValue, formatPath, sortConfigErrors, type ConfigError, type Finding} from './config-errors.ts';
import {makeIssueMapper} from './config-issues.ts';
import {makeLocator, type Locator} from './config-locate.ts';
import {resolveConfigPaths} from './config-resolve.ts';
import {checkConfigRules} from './config-rules.ts';
import {configSchema} from './config-schema.ts';
import {findLiteralSecrets} from './config-secrets.ts';
import {isRecord} from './config-rule-kit.ts';
import {contextOnlyFindings} from './config-skip.ts';
import {aliasCycles, yamlErrorText} from './config-yaml-errors.ts';
import type {ConfigResult, OncallConfig, SkippedContext, SkippedGroup} from './config-types.ts';

/** Where relative paths in the config start (default: the config file's folder) and `~`. */
export interface ParseOptions {
  baseDir?: string;
  home?: string;
  /**
   * Load the other contexts when every error lies inside some context entries (below their
   * names): those entries are left out and listed in `skipped`. Validation leaves it off.
   */
  keepGoodContexts?: boolean;
}

function failure(errors: ConfigError[]): ConfigResult {
  return {ok: false, errors: sortConfigErrors(errors)};
}

function fileError(file: string, message: string): ConfigError {
  return {file, line: null, column: null, path: '', message};
}

function yamlError(file: string, lines: LineCounter, doc: Document, err: YAMLError): ConfigError {
  const {line, col} = lines.linePos(err.pos[0]);
  return {file, line, column: col, ...yamlErrorText(doc, err)};
}

/** Keeps the first finding per path: secrets and rules are more specific than schema issues. */
function toErrors(file: string, findings: Finding[], locate: Locator): ConfigError[] {
  const seen = new Set<string>();
  const errors: ConfigError[] = [];
  for (const f of findings) {
    const path = formatPath(f.path);
    if (seen.has(path)) continue;
    seen.add(path);
    errors.push({file, ...locate(f.path, f.target), path, message: f.message});
  }
  return errors;
}

/**
 * Turns each number under `keys:` back into its text: YAML computes `0x5`, `5.0` and `5e0` to 5,
 * but only the digit `5` as written is the key it spells; every other spelling is then refused
 * as the user wrote it (`"0x5" is not a key name`), never bound to a digit or shown as `1000`.
 */
function keyNumbersAsWritten(doc: Document): void {
  const keys = doc.get('keys', true);
  if (!isMap(keys)) return;
  visit(keys, {
    Scalar(_, node) {
      if (typeof node.value === 'number' && typeof node.source === 'string') node.value = node.source;
    },
  });
}

/**
 * Parses and validates config text. `file` is used in error messages and, by default, as the
 * base for relative paths; no file is read.
 */
export function parseConfig(text: string, file: string, options: ParseOptions = {}): ConfigResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, {lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true});
  if (doc.errors.length > 0) return failure(doc.errors.map((e) => yamlError(file, lines, doc, e)));
  if (doc.contents === null) return failure([fileError(file, 'config file is empty; see examples/config.yaml for a starting point')]);
  keyNumbersAsWritten(doc);
  const cycles = aliasCycles(doc);
  if (cycles.length > 0) {
    return failure(cycles.map(({offset, path, message}) => {
      const {line, col} = lines.linePos(offset);
      return {file, line, column: col, path, message};
    }));
  }
  let raw: unknown;
  try {
    raw = doc.toJS({maxAliasCount: 100});
  } catch (err) {
    // Only alias expansion throws here (a "billion laughs" document).
    return failure([fileError(file, `YAML error: ${err instanceof Error ? err.message : String(err)}`)]);
  }
  const locate = makeLocator(doc, lines);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const {line, column} = locate([]);
    return failure([{file, line, column, path: '', message: `config must be a mapping of keys, got ${describeValue(raw)}`}]);
  }
  // Top-level `x-` keys hold YAML anchors to reuse (`<<: *prom`), as in Compose files.
  const data = Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith('x-')));
  const mapper = makeIssueMapper();
  const parsed = configSchema.safeParse(data, {error: mapper.errorMap, reportInput: true});
  const findings = [
    ...findLiteralSecrets(raw),
    ...checkConfigRules(data),
    ...(parsed.success ? [] : mapper.toFindings(parsed.error.issues)),
  ];
  const base = {baseDir: options.baseDir ?? dirname(file), home: options.home};
  if (findings.length > 0 || !parsed.success) {
    const kept = options.keepGoodContexts ? withoutBrokenContexts(data, findings, file, locate) : null;
    if (kept === null) return failure(toErrors(file, findings, locate));
    return {ok: true, config: resolveConfigPaths(kept.config, base), skipped: kept.skipped, ...(kept.skippedGroups.length > 0 ? {skippedGroups: kept.skippedGroups} : {})};
  }
  return {ok: true, config: resolveConfigPaths(parsed.data, base)};
}

/**
 * The config without the context entries (and groups) that hold every error, and those with
 * their errors; null when an error lies elsewhere or the rest does not validate on its own.
 */
function withoutBrokenContexts(data: Record<string, unknown>, findings: Finding[], file: string, locate: Locator): {config: OncallConfig; skipped: SkippedContext[]; skippedGroups: SkippedGroup[]} | null {
  const split = contextOnlyFindings(data, findings);
  if (split === null) return null;
  const contexts = data['contexts'] as unknown[];
  const groups = data['contextGroups'];
  const keptGroups = isRecord(groups) && split.groups.size > 0 ? {contextGroups: Object.fromEntries(Object.entries(groups).filter(([name]) => !split.groups.has(name)))} : {};
  const parsed = configSchema.safeParse({...data, ...keptGroups, contexts: contexts.filter((_, i) => !split.broken.has(i))});
  if (!parsed.success) return null;
  // In the file's order, as the notes are read.
  const skipped = [...split.broken].sort(([a], [b]) => a - b).map(([index, name]) => ({
    name,
    index,
    errors: sortConfigErrors(toErrors(file, findings.filter((f) => f.path[0] === 'contexts' && f.path[1] === index), locate)),
  }));
  const skippedGroups = [...split.groups].map((name) => {
    const members = isRecord(groups) ? groups[name] : undefined;
    return {
      name,
      members: Array.isArray(members) ? members.filter((m): m is string => typeof m === 'string') : [],
      errors: sortConfigErrors(toErrors(file, findings.filter((f) => f.path[0] === 'contextGroups' && f.path[1] === name), locate)),
    };
  });
  return {config: parsed.data, skipped, skippedGroups};
}

function readFailure(err: unknown): string {
  const code = (err as {code?: unknown} | null)?.code;
  if (code === 'ENOENT') return 'config file not found; create it (see examples/config.yaml) or pass --config';
  if (code === 'EACCES') return 'cannot read config file: permission denied';
  if (code === 'EISDIR') return 'config path is a directory, not a file';
  return `cannot read config file (${typeof code === 'string' ? code : 'unknown error'})`;
}

/** Reads a config file and parses it; a missing or unreadable file is a single error naming it. */
export async function loadConfig(path: string, options: Pick<ParseOptions, 'keepGoodContexts'> = {}): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return failure([fileError(path, readFailure(err))]);
  }
  return parseConfig(text, path, {baseDir: dirname(resolve(path)), home: homeOrUndefined(), ...options});
}

// The home directory for `~/` in the config's paths; none (no $HOME, no user entry: a container
// under an arbitrary user id) leaves such paths as written rather than failing the whole load.
function homeOrUndefined(): string | undefined {
  try {
    return homedir() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Positions in a config file, for problems found after it loaded (key overrides, checked against
 * the keymap by the CLI); a file that cannot be read again gives no positions.
 */
export async function configFileLocator(path: string): Promise<Locator> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return () => ({line: null, column: null});
  }
  const lines = new LineCounter();
  return makeLocator(parseDocument(text, {lineCounter: lines, prettyErrors: false, merge: true}), lines);
}
