/**
 * Reading a local Markdown runbook for display in the dashboard or a pager. The file is the
 * user's own, but it is still drawn on a terminal: every line is sanitized like backend text.
 */
import {open} from 'node:fs/promises';
import {sanitize} from '../domain/sanitize.ts';

/** A runbook is a page of text; anything larger is a wrong path, not a runbook. */
export const RUNBOOK_MAX_BYTES = 1024 * 1024;

/** The lines to show, or why the file could not be read. */
export type RunbookFile = {ok: true; lines: string[]} | {ok: false; error: string};

/** Reads `path` as UTF-8 and returns sanitized lines (tabs as four spaces). Never throws. */
export async function readRunbookFile(path: string, maxBytes: number = RUNBOOK_MAX_BYTES): Promise<RunbookFile> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as {code?: unknown}).code;
    return {ok: false, error: `${sanitize(path)}: ${code === 'ENOENT' ? 'no such file' : `cannot open (${String(code ?? 'error')})`}`};
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return {ok: false, error: `${sanitize(path)}: not a file`};
    if (info.size > maxBytes) return {ok: false, error: `${sanitize(path)}: too large for a runbook (${info.size} bytes)`};
    const text = await handle.readFile({encoding: 'utf8'});
    const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
    return {ok: true, lines: lines.map((line) => sanitize(line.replace(/\t/g, '    ')))};
  } catch (error) {
    return {ok: false, error: `${sanitize(path)}: cannot read (${String((error as {code?: unknown}).code ?? 'error')})`};
  } finally {
    await handle.close();
  }
}
