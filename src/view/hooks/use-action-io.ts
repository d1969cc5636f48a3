/**
 * The terminal, pager and opener an action runs with (declared in actions/action-io.ts), made
 * from what the CLI hands the dashboard and Ink's terminal hand-over: the pager needs Ink to leave
 * the alternate screen and raw mode while `$PAGER` owns the terminal.
 */
import {useApp, useStdin} from 'ink';
import {useMemo} from 'react';
import type {Opener, Pager, Terminal} from '../../actions/action-io.ts';
import {openUrl, type Spawn} from '../../platform/open-url.ts';
import {pagerCommand, runPager, type PagerOutcome, type PagerSpawn} from '../../platform/pager.ts';
import {readRunbookFile} from '../../platform/runbook-file.ts';
import {osc52} from '../../platform/terminal-links.ts';

/** What the dashboard may do to the terminal and the machine around it (supplied by the CLI). */
export interface TerminalAccess {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  /** Writes raw bytes to the terminal (an OSC 52 copy); never used for backend text. */
  writeRaw(bytes: string): void;
  /** Starts the browser opener (default: `child_process.spawn`). */
  spawn?: Spawn;
  /** Starts `$PAGER` on a local runbook (default: `child_process.spawn`). */
  spawnPager?: PagerSpawn;
}

/** The injected world of the action runner, stable while `access` is. */
export function useActionIo(access: TerminalAccess): {terminal: Terminal; pager: Pager; opener: Opener} {
  const {suspendTerminal} = useApp();
  const {stdin} = useStdin();
  return useMemo(() => {
    // A second `o` in the same burst of keys must not try to hand over a terminal already handed over.
    let paging = false;
    const pager: Pager = {
      read: (path) => readRunbookFile(path),
      command: () => pagerCommand(access.env),
      busy: () => paging,
      async page(command, path) {
        paging = true;
        const result: {outcome?: PagerOutcome} = {};
        try {
          // Ink draws nothing meanwhile (polling goes on), then redraws all.
          await suspendTerminal(async () => {
            result.outcome = await runPager(command, path, {input: stdin, ...(access.spawnPager ? {spawn: access.spawnPager} : {})});
          });
        } catch (error) {
          result.outcome ??= {ok: false, error: `could not hand over the terminal (${error instanceof Error ? error.message : String(error)})`};
        } finally {
          paging = false;
        }
        return result.outcome ?? {ok: false, error: 'the pager did not run'};
      },
    };
    const opener: Opener = {open: (url) => openUrl(url, {env: access.env, platform: access.platform, ...(access.spawn ? {spawn: access.spawn} : {})})};
    const terminal: Terminal = {env: access.env, copy: (text) => access.writeRaw(osc52(text))};
    return {terminal, pager, opener};
  }, [access, suspendTerminal, stdin]);
}
