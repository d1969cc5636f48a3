/**
 * The action log on disk: `actions.jsonl` in the state directory, one JSON object per line,
 * appended and never rewritten. Each entry is one `appendFile` of one line (opened with
 * O_APPEND, so two oncall processes writing at once interleave whole lines, not bytes). A write
 * cut short (a crash, a full disk) leaves a last line with no newline; the next writer, whichever
 * process it is, starts its line on a new one, and the reader recovers an entry glued after such
 * a fragment by a writer that did not. The file is private to the user (0600, in a 0700
 * directory): it names alerts and services.
 */
import {appendFile, mkdir, open, type FileHandle} from 'node:fs/promises';
import {dirname} from 'node:path';
import type {ActionLogEntry, ActionLogRead, ActionNotLogged, ActionRecorder} from '../domain/action-log.ts';
import {readTornLine, type TornLine} from '../domain/torn-lines.ts';

export type {ActionLogRead} from '../domain/action-log.ts';

/**
 * Why the log has no place: its directory would be under a home directory there is none of (a
 * container run under an arbitrary user id) and `$XDG_STATE_HOME` does not give one.
 */
export const NO_LOG_PLACE = 'no home directory ($HOME not set, no user entry) and $XDG_STATE_HOME not set';

/** A writable action log. */
export interface ActionLog {
  /** Null when the log has no place ({@link NO_LOG_PLACE}): every entry is then not logged. */
  path: string | null;
  /** Appends one entry; never rejects (a failure lands in `problems()` and is answered as not logged). */
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
  /** Whether the file ends with a newline (or is empty or missing); absent: assumed so. */
  endsWithNewline?(path: string): Promise<boolean>;
}

async function endsWithNewline(path: string): Promise<boolean> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    if ((error as {code?: unknown}).code === 'ENOENT') return true;
    throw error;
  }
  try {
    const {size} = await file.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await file.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await file.close();
  }
}

const nodeFs: ActionLogFs = {appendFile, mkdir, endsWithNewline};

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
export function createActionLog(path: string | null, fs: ActionLogFs = nodeFs): ActionLog {
  if (path === null) return placelessLog();
  const problems: string[] = [];
  let ready: Promise<void> | null = null;
  let tail: Promise<void> = Promise.resolve();
  const note = (error: unknown): string => {
    const code = (error as {code?: unknown}).code;
    const reason = `action log ${path} not writable${typeof code === 'string' ? ` (${code})` : ''}`;
    if (!problems.includes(reason)) problems.push(reason);
    return reason;
  };
  const write = async (line: string): Promise<void | ActionNotLogged> => {
    try {
      ready ??= fs.mkdir(dirname(path), {recursive: true, mode: 0o700}).then(() => undefined);
      await ready;
      // A last line torn by a write cut short (here or in another process) would swallow this
      // entry: start on a new line. Another writer may append between the check and the write;
      // the newline then only makes a blank line, which the reader skips.
      const fresh = fs.endsWithNewline ? await fs.endsWithNewline(path) : true;
      await fs.appendFile(path, `${fresh ? '' : '\n'}${line}\n`, {mode: 0o600, encoding: 'utf8'});
      return undefined;
    } catch (error) {
      // A directory that failed to appear may appear later (a mount, a fixed permission).
      ready = null;
      return {notLogged: note(error)};
    }
  };
  return {
    path,
    record: (entry) => {
      let line: string;
      try {
        line = actionLogLine(entry);
      } catch (error) {
        return Promise.resolve({notLogged: note(error)});
      }
      const done = tail.then(() => write(line));
      tail = done.then(() => undefined);
      return done;
    },
    problems: () => [...problems],
    drain: () => tail,
  };
}


// A log with no place answers every entry as not logged, as an unwritable one does: acks still
// go out (and say the log missed them), and whatever refuses to act unlogged refuses.
function placelessLog(): ActionLog {
  const reason = `action log not writable (${NO_LOG_PLACE})`;
  let asked = false;
  return {
    path: null,
    record: () => {
      asked = true;
      return Promise.resolve({notLogged: reason});
    },
    problems: () => (asked ? [reason] : []),
    drain: () => Promise.resolve(),
  };
}

// Where an entry starts: every line is written time first (see `actionLogLine`).
const ENTRY_START = '{"at":';

/**
 * Reads the log back, with the lines that could not be read and what can still be read of each
 * (a reader that decides on what the log holds says so). A line that is JSON but no entry (no
 * `at`, `action`, `phase` or `context` string, no `target` object: edited by hand) is one of those. An entry glued after a torn line, by a writer that did not
 * start it on a new line, is recovered. Missing file: no entries. No place (`null`): rejects, as
 * for an unreadable file: no entries would say nothing was ever done.
 */
export async function readActionLogChecked(path: string | null): Promise<ActionLogRead> {
  if (path === null) throw new Error(`action log not readable (${NO_LOG_PLACE})`);
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    if ((error as {code?: unknown}).code === 'ENOENT') return {entries: [], torn: []};
    throw error;
  }
  try {
    return await readLines(file);
  } finally {
    await file.close().catch(() => undefined);
  }
}

// Line by line, never the whole file as one string: a log appended to for months passes V8's
// string limit (~512 MiB), and read whole it could never be read again (every `rollback --yes`
// refusing over an unreadable log).
async function readLines(file: FileHandle): Promise<ActionLogRead> {
  const entries: ActionLogEntry[] = [];
  const torn: TornLine[] = [];
  // Torn lines with no legible time, waiting for the next whole entry to bound when they were written.
  let pendingBound: number[] = [];
  const boundPending = (entry: ActionLogEntry) => {
    const at = Date.parse(entry.at);
    for (const i of pendingBound) if (torn[i]!.at === null) torn[i] = {...torn[i]!, before: Number.isFinite(at) ? at : null};
    pendingBound = [];
  };
  // `autoClose: false`: the handle is the caller's to close.
  let first = true;
  for await (const read of file.readLines({encoding: 'utf8', autoClose: false})) {
    // A byte order mark an editor saved the log with is no part of its first entry: kept, that
    // line would be unreadable for good (and may be taken for a rollback, refusing every --yes).
    const line = first && read.startsWith('\uFEFF') ? read.slice(1) : read;
    first = false;
    if (line.trim() === '') continue;
    const whole = parseEntry(line);
    if (whole !== null) {
      entries.push(whole);
      boundPending(whole);
      continue;
    }
    // A torn entry, alone or with a whole one glued after it: the fragment is lost either way.
    const start = line.lastIndexOf(ENTRY_START);
    const glued = start > 0 ? parseEntry(line.slice(start)) : null;
    // What the fragment still says (its time, its action …) tells whether it may have been a rollback.
    torn.push(readTornLine(glued === null ? line : line.slice(0, start)));
    if (glued !== null) entries.push(glued);
    // Until a whole entry follows it, a torn line whose time is cut off has no bound.
    pendingBound.push(torn.length - 1);
    if (glued !== null) boundPending(glued);
  }
  return {entries, torn};
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

// An entry only when it has what every reader takes for granted: a line that is valid JSON but
// lacks it (edited by hand, written by a tool of the user's own) is no entry, and is read as a
// torn line is (said, and counted when it may have been a rollback), never dereferenced blindly.
function parseEntry(text: string): ActionLogEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  const {at, action, phase, context, target} = value;
  if (typeof at !== 'string' || typeof action !== 'string' || typeof phase !== 'string' || typeof context !== 'string') return null;
  // A time that does not parse (`09:3O` typed by hand) places the entry nowhere: read as a torn
  // line (said as missing, bounded by its neighbours), never skipped by each reader in silence.
  if (!Number.isFinite(Date.parse(at))) return null;
  if (!isObject(target) || (value['details'] !== undefined && !isObject(value['details']))) return null;
  return value as unknown as ActionLogEntry;
}

/** Reads the log back (tests, the timeline); unreadable lines are skipped. Missing file: `[]`. */
export async function readActionLog(path: string | null): Promise<ActionLogEntry[]> {
  return (await readActionLogChecked(path)).entries;
}
