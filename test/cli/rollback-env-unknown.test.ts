/**
 * A rollback's target is (context, service, environment). With the history up, `oncall rollback
 * checkout --yes` takes the environment from it (`production`) and logs its attempt so. With the
 * history down, `--to` is used (as the error advises) and, no template using {{environment}}, the
 * plan has none (''). An unknown environment is not another one: the rollback of checkout in
 * production whose outcome is unknown must stop the second `--yes`, which sends nothing.
 */
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import type {RollbackTerminal} from '../../src/cli/rollback-follow.ts';
import {readActionLog} from '../../src/platform/action-log.ts';
import {tempDir} from './cli-fixtures.ts';

const NOW = Date.parse('2026-05-04T10:00:00Z');
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

function term(): RollbackTerminal {
  const stdin = Object.assign(new PassThrough(), {isTTY: false});
  stdin.end();
  return {stdin, onInterrupt: () => () => {}, onEnd: () => () => {}, sleep: async () => {}};
}

it('--yes refuses a rollback planned with no environment (history down, --to) over one of the service in production whose outcome is unknown', async () => {
  const feed = [
    {id: 'd2', service: 'checkout', version: 'v2', environment: 'production', status: 'success', startedAt: '2026-05-04T09:00:00Z'},
    {id: 'd1', service: 'checkout', version: 'v1', environment: 'production', status: 'success', startedAt: '2026-05-03T08:00:00Z'},
  ];
  const feedPath = tmp.write('deploys.json', JSON.stringify(feed));
  const marks = join(tmp.dir, 'sent.txt');
  // The first call hangs past its timeout (killed: outcome unknown); each call leaves a mark.
  const config = tmp.write(
    'config.yaml',
    `current-context: prod
contexts:
  - name: prod
    deploys: {provider: json, file: ${feedPath}}
    rollback: {provider: command, timeout: 1s, command: [sh, -c, 'echo "$0" >> ${marks}; sleep 3', '{{version}}']}
`,
  );
  const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state')};
  const cli = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = await main([...argv, '--config', config], env, {out: (t) => (out += t), err: (t) => (err += t)}, {now: () => NOW, terminal: term()});
    return {code, out, err};
  };
  const first = await cli('rollback', 'checkout', '--yes');
  expect(first.err).toMatch(/outcome unknown/);
  // The history's source goes down; the user names the version, as the error says.
  rmSync(feedPath);
  const second = await cli('rollback', 'checkout', '--to', 'v1', '--yes');
  const sent = existsSync(marks) ? readFileSync(marks, 'utf8').trim().split('\n') : [];
  const log = await readActionLog(join(tmp.dir, 'state', 'oncall', 'actions.jsonl'));
  const attempts = log.filter((e) => e.action === 'rollback' && e.phase === 'attempt').map((e) => e.target?.['environment']);
  expect({sent, attempts, secondCode: second.code}).toEqual({sent: ['v1'], attempts: ['production'], secondCode: 1});
  // The warning names where the open one was logged: that is where to check.
  expect(second.out).toMatch(/a rollback of checkout in production may have started/);
  expect(second.err).toMatch(/not starting a second rollback of checkout with --yes/);
}, 30_000);

it('--yes with no environment refuses over an unknown one with no environment, though staging was rolled back successfully since', async () => {
  // History down, `--to` (no environment): outcome unknown. Then checkout in staging was rolled
  // back and succeeded. That success ends nothing of the unknown request, which may have gone
  // to production: the second `--to v1 --yes` must not send v1 again.
  const at = (ms: number) => new Date(ms).toISOString();
  const target = (environment: string, key: string) => ({service: 'checkout', environment, from: 'unknown', to: 'v1', idempotencyKey: key});
  const log = [
    {at: at(NOW - 70_000), action: 'rollback', phase: 'attempt', context: 'prod', source: 'command', target: target('', 'k-none')},
    {at: at(NOW - 60_000), action: 'rollback', phase: 'unknown', context: 'prod', source: 'command', target: target('', 'k-none'), error: 'timed out'},
    {at: at(NOW - 50_000), action: 'rollback', phase: 'attempt', context: 'prod', source: 'command', target: target('staging', 'k-s')},
    {at: at(NOW - 40_000), action: 'rollback', phase: 'success', context: 'prod', source: 'command', target: target('staging', 'k-s'), details: {runId: '7', status: 'queued', url: null}},
    {at: at(NOW - 30_000), action: 'rollback-watch', phase: 'success', context: 'prod', source: 'command', target: target('staging', 'k-s'), details: {runId: '7', status: 'success', url: null}},
  ];
  const state = join(tmp.dir, 'state');
  mkdirSync(join(state, 'oncall'), {recursive: true});
  writeFileSync(join(state, 'oncall', 'actions.jsonl'), log.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const marks = join(tmp.dir, 'sent.txt');
  const config = tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    rollback: {provider: command, command: [sh, -c, 'echo "$0" >> ${marks}', '{{version}}']}\n`);
  const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: state};
  for (const environment of [[], ['--environment', 'production']]) {
    let err = '';
    const code = await main(['rollback', 'checkout', '--to', 'v1', '--yes', ...environment, '--config', config], env, {out: () => {}, err: (t) => (err += t)}, {now: () => NOW, terminal: term()});
    const sent = existsSync(marks) ? readFileSync(marks, 'utf8').trim() : null;
    expect({environment, code, sent}).toEqual({environment, code: 1, sent: null});
    expect(err).toMatch(/not starting a second rollback of checkout with --yes/);
  }
});
