/**
 * The action log on disk: `actions.jsonl` in the state directory, one JSON object per line,
 * appended and never rewritten. Each entry is one `appendFile` of one line (opened with
 * O_APPEND, so two oncall processes writing at once interleave whole lines, not bytes). The
 * file is private to the user (0600, in a 0700 directory): it names alerts and services.
 */
import {appendFile, mkdir, readFile} from 'node:fs/promises';
import {dirname} from 'node:path';
import type {ActionLogEntry, ActionRecorder} from '../domain/action-log.ts';

/** A writable action log. */
export interface ActionLog {
  path: string;
  /** Appends one entry; never rejects (a failure lands in `problems()`). */
  record: ActionRecorder;
  /** Why writing failed, once per distinct reason, for the footer or stderr. Empty when fine. */
  problems(): string[];
  /** Resolves once every entry recorded so far is written (or has failed): before exiting. */
  drain(): Promise<void>;
}

/** The file operations the log uses; injectable so a test can make writing fail. */
export interface ActionLogFs {
  appendFile(path: string, data: string, options: {mode: number; encoding: 'utf8'}): Promise<void>;
  mkdir(path: string, options: {recursive: true; mode: number}): Promise<unknown>;
}

const nodeFs: ActionLogFs = {appendFile, mkdir};

// Defence in depth: entries are built from labels, ids and scrubbed messages, but a `details`
// key that names a credential is dropped rather than trusted to be harmless.
const SECRET_KEY = /token|secret|password|passwd|authorization|cookie|api[-_]?key/i;

function scrub(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!SECRET_KEY.test(k)) out[k] = scrub(v, depth + 1);
  return out;
}

/** The JSON line written for an entry (no trailing newline), time and action first for `grep`/`jq`. */
export function actionLogLine(entry: ActionLogEntry): string {
  const {at, action, phase, context, source, attempt, target, silenceId, error, details, ...rest} = entry;
  return JSON.stringify({at, action, phase, context, source, attempt, target, silenceId, error, ...rest, details: details === undefined ? undefined : scrub(details)});
}

/**
 * Opens (lazily creates) the action log at `path`. Writes are chained so entries land in the
 * order they were recorded.
 */
export function createActionLog(path: string, fs: ActionLogFs = nodeFs): ActionLog {
  const problems: string[] = [];
  let ready: Promise<void> | null = null;
  let tail: Promise<void> = Promise.resolve();
  const note = (error: unknown) => {
    const code = (error as {code?: unknown}).code;
    const reason = `action log ${path} not writable${typeof code === 'string' ? ` (${code})` : ''}`;
    if (!problems.includes(reason)) problems.push(reason);
  };
  const write = async (line: string) => {
    try {
      ready ??= fs.mkdir(dirname(path), {recursive: true, mode: 0o700}).then(() => undefined);
      await ready;
      await fs.appendFile(path, `${line}\n`, {mode: 0o600, encoding: 'utf8'});
    } catch (error) {
      // A directory that failed to appear may appear later (a mount, a fixed permission).
      ready = null;
      note(error);
    }
  };
  return {
    path,
    record: (entry) => {
      let line: string;
      try {
        line = actionLogLine(entry);
      } catch (error) {
        note(error);
        return Promise.resolve();
      }
      tail = tail.then(() => write(line));
      return tail;
    },
    problems: () => [...problems],
    drain: () => tail,
  };
}

/** Reads the log back (tests, a future `oncall log`); unparsable lines are skipped. Missing file: `[]`. */
export async function readActionLog(path: string): Promise<ActionLogEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as {code?: unknown}).code === 'ENOENT') return [];
    throw error;
  }
  const entries: ActionLogEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as ActionLogEntry);
    } catch {
      // A line torn by a crash mid-write: the rest of the log is still worth reading.
    }
  }
  return entries;
}
