/**
 * The file side of SLO files: expands a context's `sloFiles` globs (already absolute, resolved
 * against the config's folder) with Node's own `fs.glob`, reads every match once, and hands the
 * texts to the pure parser. A pattern that matches nothing is an error: a typo in a path must
 * not quietly leave the dashboard without its SLOs.
 */
// A namespace import: a named import of `glob` (Node ≥ 22) would fail at link time on an older
// Node, before the bundle's version check could explain the problem.
import * as fsp from 'node:fs/promises';
import {join} from 'node:path';
import {sanitize} from '../../domain/sanitize.ts';
import {formatConfigErrors, type ConfigError} from '../config-errors.ts';
import type {ContextConfig} from '../config-types.ts';
import {parseSloFiles, type SloFileText, type SloFilesResult} from './slo-files-parse.ts';

const GLOB_CHARS = /[*?[\]{}]/;

function fileError(file: string, message: string): ConfigError {
  return {file, line: null, column: null, path: '', message};
}

function readFailure(err: unknown): string {
  const code = (err as {code?: unknown} | null)?.code;
  if (code === 'EACCES') return 'cannot read SLO file: permission denied';
  if (code === 'ENOENT') return 'SLO file disappeared while being read';
  return `cannot read SLO file (${typeof code === 'string' ? code : 'unknown error'})`;
}

/** The files one pattern matches, sorted so the load order never depends on the file system. */
async function expand(pattern: string): Promise<{files: string[]; errors: ConfigError[]}> {
  const files: string[] = [];
  const errors: ConfigError[] = [];
  let directory = false;
  try {
    for await (const entry of fsp.glob(pattern, {withFileTypes: true})) {
      if (entry.isDirectory()) directory = true;
      else files.push(join(entry.parentPath, entry.name));
    }
  } catch (err) {
    errors.push(fileError(pattern, `sloFiles: bad pattern (${err instanceof Error ? err.message : String(err)})`));
    return {files, errors};
  }
  if (files.length === 0) {
    const message = directory
      ? 'sloFiles: is a directory; name the files, e.g. slos/*.yaml'
      : GLOB_CHARS.test(pattern)
        ? 'sloFiles: pattern matches no file'
        : 'sloFiles: file not found';
    errors.push(fileError(pattern, message));
  }
  return {files: files.sort(), errors};
}

/**
 * Loads SLO definitions from Sloth, Pyrra and OpenSLO files. Never throws: problems come back
 * as config errors (`file:line:col: path: message`), all at once, next to every SLO that loaded.
 * `nativeNames` are the config's own SLO names, which the files may not reuse.
 */
export async function loadSloFiles(globs: readonly string[], nativeNames: readonly string[] = []): Promise<SloFilesResult> {
  // Expanded in parallel, reported in the order of the patterns.
  const matched = await Promise.all(globs.map((g) => expand(g)));
  const errors = matched.flatMap((m) => m.errors);
  const paths = [...new Set(matched.flatMap((m) => m.files))];
  const texts: SloFileText[] = [];
  for (const file of paths) {
    try {
      texts.push({file, text: await fsp.readFile(file, 'utf8')});
    } catch (err) {
      errors.push(fileError(file, readFailure(err)));
    }
  }
  const parsed = parseSloFiles(texts, nativeNames);
  return {definitions: parsed.definitions, errors: [...errors, ...parsed.errors]};
}

/** What SLO file loading needs of a context: its globs, and its native SLOs' names. */
export type SloFilesContext = Pick<ContextConfig, 'name' | 'sloFiles'> & {slos: ReadonlyArray<{name: string}>};

/** Loads the SLO files of one context, checked against its native SLO names. */
export function loadContextSloFiles(ctx: Omit<SloFilesContext, 'name'>): Promise<SloFilesResult> {
  return loadSloFiles(ctx.sloFiles, ctx.slos.map((s) => s.name));
}

/**
 * Loads the SLO files of every context that has some, keyed by context name, so that switching
 * context (which is synchronous) finds its SLOs already read.
 */
export async function loadConfigSloFiles(config: {contexts: readonly SloFilesContext[]}): Promise<Map<string, SloFilesResult>> {
  const withFiles = config.contexts.filter((c) => c.sloFiles.length > 0);
  const results = await Promise.all(withFiles.map((c) => loadContextSloFiles(c)));
  return new Map(withFiles.map((c, i) => [c.name, results[i] ?? {definitions: [], errors: []}]));
}

/**
 * SLO file problems as notes for the dashboard's start message or stderr: the first `max`
 * lines, then a pointer to `oncall config validate`, which lists them all.
 */
export function sloFileNotes(errors: readonly ConfigError[], max = 3): string[] {
  const lines = errors.slice(0, max).map((e) => `sloFiles: ${formatConfigErrors([e])}`);
  const more = errors.length - max;
  if (more > 0) lines.push(`sloFiles: ${more} more problem${more === 1 ? '' : 's'}; "oncall config validate" lists them all`);
  return lines;
}

/**
 * SLO file problems as `status --json` lists them: the file, and the rest of the error line
 * (position, key path, message), sanitized. Every one, unlike the notes: a script counts them.
 */
export function sloFileErrorEntries(errors: readonly ConfigError[]): Array<{file: string; error: string}> {
  return errors.map((e) => {
    // As `formatConfigErrors` writes it, less the file, which has its own field.
    const at = e.line === null ? '' : `${e.line}:${e.column ?? 1}: `;
    return {file: sanitize(e.file), error: sanitize(`${at}${e.path === '' ? '' : `${e.path}: `}${e.message}`)};
  });
}

export type {SloFilesResult} from './slo-files-parse.ts';
