/**
 * The demo's scripted incident in a real terminal (tmux) at 80x24, as an on-call engineer works
 * it: see the page, ack the alert, read and copy its runbook link (OSC 52, taken by tmux into a
 * paste buffer), roll the suspect deploy back and watch the run finish. Run twice: with the
 * bundle (`node dist/oncall.mjs demo`) and with the standalone executable copied to an empty
 * directory and started with `env -i`, no node on PATH, as a user who is not root.
 */
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {makeBastion, type Bastion} from '../helpers/standalone.ts';
import {TmuxTerminal, shellQuote} from '../helpers/tmux.ts';
import {SMALL, focusOn, frameProblems} from './dashboard-checks.ts';
import {paneRegions, screenLines} from './screen.ts';
import {removeDir} from '../helpers/remove-dir.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUNBOOK = 'https://runbooks.example.com/checkout/high-error-rate';
const {cols, rows} = SMALL;

let term: TmuxTerminal | null = null;
let cleanups: Array<() => void> = [];

afterEach(async () => {
  await term?.kill();
  term = null;
  for (const c of cleanups) c();
  cleanups = [];
});

/** How each build is started: a shell command line for tmux. */
const BUILDS: Array<{name: string; command: () => string; env: () => Record<string, string>}> = [
  {
    name: 'bundle',
    command: () => `${shellQuote(process.execPath)} ${shellQuote(join(ROOT, 'dist', 'oncall.mjs'))} demo`,
    env: () => {
      const home = mkdtempSync(join(tmpdir(), 'oncall-e2e-'));
      cleanups.push(() => removeDir(home));
      return {XDG_CONFIG_HOME: home, XDG_STATE_HOME: home};
    },
  },
  {
    name: 'standalone executable',
    command: () => {
      const host: Bastion = makeBastion();
      cleanups.push(() => host.cleanup());
      return host.commandLine(['demo'], {}, ['TERM']);
    },
    env: () => ({}),
  },
];

const footer = (s: string) => screenLines(s).at(-1) ?? '';

/** Waits for a screen `problems` accepts, after pressing `key` (if any); returns it. */
async function step(t: TmuxTerminal, key: string | null, problems: (s: string) => string[], timeoutMs?: number): Promise<string> {
  if (key !== null) await t.keys(key);
  let last: string[] = [];
  const screen = await t.waitFor((s) => (last = problems(s)).length === 0, timeoutMs).catch((error: unknown) => {
    throw new Error(`${problems.name}: ${last.join('; ')}\n${String(error)}`);
  });
  return screen;
}

const has = (what: string, test: (s: string) => boolean) => (s: string) => (test(s) ? [] : [what]);

describe.each(BUILDS)('the demo incident at 80x24 in tmux ($name)', (build) => {
  it('page → ack → runbook link shown and copied → rollback of the suspect deploy → run done', {timeout: 90_000}, async () => {
    const env = build.env();
    const t = (term = await TmuxTerminal.start(build.command(), cols, rows, env));
    await t.serverOption('set-clipboard', 'on');

    // The page, with the SLO pane expanded.
    await step(t, null, function paging(s) {
      const slos = paneRegions(s, cols, rows)?.slos ?? [];
      return [...frameProblems(s, cols, rows), ...(slos.some((l) => /› ✖ PAGE 1h&5m +checkout-availability/.test(l)) ? [] : ['no paging checkout-availability row'])];
    });

    // Ack: the critical group is selected first; `a` acks it, the alert row says ACK.
    await step(t, '2', function alerts(s) {
      const pane = paneRegions(s, cols, rows)?.alerts ?? [];
      return [...focusOn('alerts', cols, rows)(s), ...(pane.some((l) => /› CRIT .*CheckoutHighErrorRate/.test(l)) ? [] : ['critical group not selected'])];
    });
    await step(t, 'a', function acked(s) {
      const pane = paneRegions(s, cols, rows)?.alerts ?? [];
      return [
        ...(pane.some((l) => /CRIT +ACK +CheckoutHighErrorRate/.test(l)) ? [] : ['alert row does not say ACK']),
        ...has('footer does not confirm the ack', (x) => footer(x).startsWith('acked CheckoutHighErrorRate for 15m'))(s),
      ];
    });

    // The runbook: in the details, shown (not launched: no display) and copied with OSC 52.
    await step(t, 'j', has('alert row not selected', (s) => /› CRIT +ACK +CheckoutHighErrorRate/.test(s)));
    await step(t, 'Enter', has('no runbook line in the details', (s) => s.includes(`runbook        ${RUNBOOK}`)));
    await step(t, 'o', has('runbook link not shown in the footer', (s) => footer(s).startsWith(`runbook: ${RUNBOOK}`)));
    await step(t, 'y', has('copy not confirmed', (s) => footer(s) === `copied runbook link: ${RUNBOOK}`));
    expect(await t.pasteBuffer()).toBe(RUNBOOK);

    // Rollback: the suspect deploy is selected first; R previews, the typed name confirms.
    await step(t, 'Escape', has('details still open', (s) => s.includes('2 Alerts (')));
    await step(t, '3', has('suspect deploy not selected', (s) => /› ✔ ok +checkout +v2\.14\.0 +production .*⚑ SUSPECT/.test(s)));
    await step(t, 'R', function preview(s) {
      return [...has('no rollback preview', (x) => x.includes('ROLL BACK checkout?'))(s), ...has('wrong target', (x) => x.includes('from → to     v2.14.0 → v2.13.2'))(s)];
    });
    await t.type('checkout');
    await step(t, null, has('typed name not shown', (s) => footer(s).includes('checkout')));
    await step(t, 'Enter', has('rollback not started', (s) => footer(s).startsWith('rollback of checkout to v2.13.2 started')));
    // The demo CI: queued, running, done 10 s after the confirmation; then it is the newest deploy.
    await step(
      t,
      null,
      function done(s) {
        const pane = paneRegions(s, cols, rows)?.deploys ?? [];
        const newest = pane[pane.findIndex((l) => /STATUS +SERVICE/.test(l)) + 1] ?? '';
        return [
          ...has('run not done', (x) => x.includes('ROLLBACK ✔ done: checkout v2.14.0 → v2.13.2'))(s),
          ...(/✔ ok +checkout +v2\.13\.2 \(rollbac/.test(newest) ? [] : [`newest deploy row is ${JSON.stringify(newest)}`]),
        ];
      },
      30_000,
    );
  });
});
