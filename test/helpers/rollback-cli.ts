/**
 * One `oncall rollback` (or `deploys`) run in process against a fake CI: a fresh temp home, a
 * one-context config whose `deploys` and `rollback` point at the fake, and a terminal that never
 * answers a prompt and never waits, so a test sees only what the command decides on its own.
 */
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, expect} from 'vitest';
import {main} from '../../src/cli/main.ts';
import type {RollbackTerminal} from '../../src/cli/rollback-follow.ts';
import {tempDir} from '../cli/cli-fixtures.ts';
import {startFakeCi, type FakeCi, type FakeFlavor} from './fake-ci.ts';

/** How {@link useRollbackCli} sets up the fake CI and the config that points at it. */
export interface RollbackCliOptions {
  flavor: FakeFlavor;
  /** The token the fake demands, handed to the CLI in `tokenEnv`. */
  token: string;
  /** The environment variable the config's `tokenEnv` names. */
  tokenEnv: string;
  /** The CLI's clock, in ms since the epoch. */
  now: number;
  /** Registers the fake's routes (called after each start of the fake). */
  routes: (fake: FakeCi) => void;
  /** The `deploys:` flow map of the context `prod`, given the fake's URL. */
  deploys: (url: string) => string;
  /** The `rollback:` flow map of the context `prod`, given the fake's URL. */
  rollback: (url: string) => string;
}

/** What one in-process CLI run returned and wrote. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** The fake of the running test and a way to run the CLI against it. */
export interface RollbackCli {
  /** The fake CI of the running test (a fresh one per test). */
  readonly fake: FakeCi;
  /** Runs `oncall <argv> --config <the config>` in process. */
  run(...argv: string[]): Promise<CliRun>;
}

/** A stdin already at its end and no real waiting: prompts get no answer, follow-ups no delay. */
export function quietTerminal(): RollbackTerminal {
  const stdin = Object.assign(new PassThrough(), {isTTY: false});
  stdin.end();
  return {stdin, onInterrupt: () => () => {}, onEnd: () => () => {}, sleep: async () => {}};
}

/**
 * Registers a `beforeEach` that starts the fake and a temp home, and an `afterEach` that checks the
 * fake saw no request off its contract, then stops it. Call at the top of a test file.
 */
export function useRollbackCli(options: RollbackCliOptions): RollbackCli {
  let tmp: ReturnType<typeof tempDir> | undefined;
  let fake: FakeCi | undefined;

  beforeEach(async () => {
    tmp = tempDir();
    fake = await startFakeCi({flavor: options.flavor, token: options.token});
    options.routes(fake);
  });

  afterEach(async () => {
    expect(fake?.problems).toEqual([]);
    await fake?.close();
    tmp?.cleanup();
  });

  const started = (): {tmp: ReturnType<typeof tempDir>; fake: FakeCi} => {
    if (!tmp || !fake) throw new Error('useRollbackCli: used outside a test');
    return {tmp, fake};
  };

  return {
    get fake() {
      return started().fake;
    },
    async run(...argv) {
      const {tmp: home, fake: ci} = started();
      const config = home.write(
        'config.yaml',
        `current-context: prod
contexts:
  - name: prod
    deploys: ${options.deploys(ci.url)}
    rollback: ${options.rollback(ci.url)}
`,
      );
      let out = '';
      let err = '';
      const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: home.dir, XDG_CONFIG_HOME: join(home.dir, 'xdg'), XDG_STATE_HOME: join(home.dir, 'state'), [options.tokenEnv]: options.token};
      const io = {out: (t: string) => void (out += t), err: (t: string) => void (err += t)};
      const code = await main([...argv, '--config', config], env, io, {now: () => options.now, terminal: quietTerminal()});
      return {code, out, err};
    },
  };
}
