/**
 * The standalone executable's dashboard restart (scripts/sea-entry.cjs) with the user's own
 * `--node-options=…`, the only way to give the executable Node flags (its blob is built with
 * execArgvExtension 'cli', so NODE_OPTIONS is not read). The restart used to replace them with
 * its heap flags alone: a heap cap for a small bastion (`--max-old-space-size=200`) was silently
 * dropped. Flags given by hand win (docs/architecture.md), as in the bundle's launcher.
 */
import {readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {builtExe, makeBastion, type Bastion} from '../helpers/standalone.ts';
import {TmuxTerminal} from '../helpers/tmux.ts';

let host: Bastion;
beforeAll(() => {
  host = makeBastion(builtExe());
});
afterAll(() => host?.cleanup());

/** The command lines of running processes that carry `marker`. */
function cmdlinesWith(marker: string): string[][] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
        return argv[0]?.endsWith(host.exe) && argv.some((a) => a.includes(marker)) ? [argv] : [];
      } catch {
        return [];
      }
    });
}

describe("the standalone dashboard's restart with the user's --node-options", () => {
  it("keeps the user's Node flags after its heap flags", {timeout: 40_000}, async () => {
    const config = join(host.dir, 'node-options.yaml');
    writeFileSync(config, 'current-context: h\ncontexts:\n  - name: h\n    alertmanagers:\n      - url: http://127.0.0.1:9\n');
    const t = await TmuxTerminal.start(host.commandLine(['--node-options=--max-old-space-size=200', '--config', config], {}, ['TERM']), 100, 30, {TERM: 'xterm-256color'});
    try {
      await t.waitFor(/Alerts/, 20_000);
      const running = cmdlinesWith(config);
      expect(running).toHaveLength(1);
      const options = running[0]!.find((a) => a.startsWith('--node-options='));
      expect(options).toBe('--node-options=--max-semi-space-size=1 --max-old-space-size=200');
    } finally {
      await t.kill();
    }
  });
});
