/**
 * The world an action's `run` may touch, as interfaces: the terminal (the session's env and an OSC 52
 * copy), a pager for local runbooks and an opener for links. They are declared here
 * and supplied from outside (the CLI hands in the terminal's parts; the view adds Ink's terminal
 * hand-over), so records and the runner are tested with plain fakes and never import a platform.
 */

/** The terminal around the dashboard: the session's env and the clipboard. */
export interface Terminal {
  env: Readonly<Record<string, string | undefined>>;
  /** Copies text to the user's clipboard with OSC 52 (works over SSH); the text is sanitized there. */
  copy(text: string): void;
}

/** A local runbook read for showing: its lines, or why it cannot be shown. */
export type FileLines = {ok: true; lines: string[]} | {ok: false; error: string};

/** Whether the pager ran (quitting `less` is not a failure), or why not. */
export type PageOutcome = {ok: true} | {ok: false; error: string};

/** Local runbook files: read them, and hand the terminal to `$PAGER` on one. */
export interface Pager {
  read(path: string): Promise<FileLines>;
  /** The `$PAGER` command line, or null when none is set (the dashboard shows the file itself). */
  command(): string[] | null;
  /** True while a pager holds the terminal: a second `o` in the same burst must not start another. */
  busy(): boolean;
  /** Runs the pager on `path` until it exits; the dashboard draws nothing meanwhile. */
  page(command: readonly string[], path: string): Promise<PageOutcome>;
}

/**
 * Opens a link in a browser, or says why not (over SSH, no display, not http(s), the opener
 * could not start): settled once the opener has started or failed to, so "opened" is true.
 */
export interface Opener {
  open(url: string): Promise<{opened: boolean; reason: string}>;
}
