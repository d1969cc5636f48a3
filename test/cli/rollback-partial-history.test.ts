/**
 * `oncall rollback` planned from a deploy history read only in part: the newest deploy of the
 * service is an entry the provider skipped (with a warning). The plan then goes "from" an older
 * deploy said to be running, past a good version. It must say so before confirming, and `--yes`
 * without `--to` must send nothing (exit 3, as for a source read in part).
 */
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import type {RollbackTerminal} from '../../src/cli/rollback-follow.ts';
import {tempDir} from './cli-fixtures.ts';

const NOW = Date.parse('2026-05-04T10:00:00Z');
// The deploy that runs now has a time in a form the feed does not read: it is skipped, warned of.
const FEED = [
  {id: 'd3', service: 'checkout', version: 'v3', environment: 'production', status: 'success', startedAt: '2026/05/04 09:50'},
  {id: 'd2', service: 'checkout', version: 'v2', environment: 'production', status: 'success', startedAt: '2026-05-04T09:00:00Z'},
  {id: 'd1', service: 'checkout', version: 'v1', environment: 'production', status: 'success', startedAt: '2026-05-04T08:00:00Z'},
];

let tmp: ReturnType<typeof tempDir>;
let sent: string;
let config: string;
beforeEach(() => {
  tmp = tempDir();
  tmp.write('deploys.json', JSON.stringify(FEED));
  sent = join(tmp.dir, 'sent.txt');
  config = tmp.write(
    'config.yaml',
    `current-context: prod
contexts:
  - name: prod
    deploys: {provider: json, file: ${join(tmp.dir, 'deploys.json')}}
    rollback: {provider: command, command: [sh, -c, 'echo "$0" > ${sent}', '{{version}}']}
`,
  );
});
afterEach(() => tmp.cleanup());

function term(): RollbackTerminal {
  const stdin = Object.assign(new PassThrough(), {isTTY: false});
  stdin.end();
  return {stdin, onInterrupt: () => () => {}, onEnd: () => () => {}, sleep: async () => {}};
}

async function cli(...argv: string[]): Promise<{code: number; out: string; err: string; sent: string | null}> {
  let out = '';
  let err = '';
  const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state')};
  const code = await main([...argv, '--config', config], env, {out: (t) => (out += t), err: (t) => (err += t)}, {now: () => NOW, terminal: term()});
  return {code, out, err, sent: existsSync(sent) ? readFileSync(sent, 'utf8').trim() : null};
}

const WARNING = /⚠ the deploy history was read in part, so the newest deploy of checkout may be missing and "from → to" may be wrong \(.*skipped.*\); check before confirming/;

it('--dry-run says the plan was made from a history read in part, naming what was skipped', async () => {
  const deploys = await cli('deploys');
  expect(deploys.code).toBe(3);
  const dry = await cli('rollback', 'checkout', '--dry-run');
  expect(dry.out).toMatch(/from {8}v2/);
  expect(dry.out).toMatch(WARNING);
  expect({code: dry.code, sent: dry.sent}).toEqual({code: 0, sent: null});
});

it('--yes without --to refuses (exit 3) and sends nothing: it would roll v3 back past the good v2', async () => {
  const yes = await cli('rollback', 'checkout', '--yes');
  expect(yes.out).toMatch(WARNING);
  expect(yes.err).toMatch(/not starting a rollback of checkout with --yes from a deploy history read in part .*name the version with --to VERSION.*\(nothing was called\)/);
  expect({code: yes.code, sent: yes.sent}).toEqual({code: 3, sent: null});
});

it('--yes with --to goes ahead (the user named the version), still warning that "from" may be wrong', async () => {
  const yes = await cli('rollback', 'checkout', '--to', 'v2', '--yes');
  expect(yes.out).toMatch(WARNING);
  expect({code: yes.code, sent: yes.sent}).toEqual({code: 0, sent: 'v2'});
});

describe('a history whose warnings cannot hide a deploy', () => {
  // Every entry read; only another service's old `sha: "main"` is ignored (the entry is kept).
  // Nothing is missing: "from → to" is what runs → the good version before it, so a scripted
  // `--yes` goes ahead and nothing says the newest deploy may be missing.
  const whole = [
    {id: 'd3', service: 'checkout', version: 'v3', environment: 'production', status: 'success', startedAt: '2026-05-04T09:50:00Z'},
    {id: 'd2', service: 'checkout', version: 'v2', environment: 'production', status: 'success', startedAt: '2026-05-04T09:00:00Z'},
    {id: 'p1', service: 'payments', version: 'p1', environment: 'production', status: 'success', startedAt: '2026-05-01T08:00:00Z', sha: 'main'},
  ];
  beforeEach(() => void tmp.write('deploys.json', JSON.stringify(whole)));

  it('--dry-run plans v3 → v2 with no word of a missing deploy', async () => {
    const dry = await cli('rollback', 'checkout', '--dry-run');
    expect(dry.out).toMatch(/from {8}v3/);
    expect(dry.out).not.toMatch(/newest deploy of checkout may be missing/);
  });

  it('--yes rolls checkout back to v2', async () => {
    const yes = await cli('rollback', 'checkout', '--yes');
    expect({code: yes.code, sent: yes.sent, err: yes.err}).toEqual({code: 0, sent: 'v2', err: expect.not.stringMatching(/read in part/)});
  });
});
