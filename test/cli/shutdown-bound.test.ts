/**
 * The end's wait for answers covers every context of the session: an ack sent in a context
 * opened with `:ctx` is given its own source's timeout, not only the start's contexts'.
 */
import {expect, it} from 'vitest';
import type {CliArgs} from '../../src/cli/args.ts';
import {contextOpener, lookLoader, shutdownBound} from '../../src/cli/dashboard-command.tsx';
import type {ContextMember} from '../../src/cli/runtime.ts';
import {configRuntime} from '../../src/cli/runtime.ts';
import {tempDir} from './cli-fixtures.ts';

it('the bound covers the alert sources of a context opened with :ctx', async () => {
  const tmp = tempDir();
  const config = tmp.write(
    'config.yaml',
    `current-context: dev
contexts:
  - name: dev
    alertmanagers: [{name: am-dev, url: http://127.0.0.1:9, timeout: 2s}]
  - name: prod
    alertmanagers: [{name: am-prod, url: http://127.0.0.1:9, timeout: 12s}]
`,
  );
  const args = {command: 'dashboard', config, context: 'dev', demo: false, readOnly: false, json: false} as CliArgs;
  const runtime = await configRuntime(args, {HOME: tmp.dir}, () => 0);
  if (typeof runtime === 'string') throw new Error(runtime);
  try {
    const session = new Set<ContextMember>(runtime.members);
    expect(shutdownBound(session)).toBe(2_000);
    const open = contextOpener(runtime, undefined, lookLoader(args, {HOME: tmp.dir}, false).load, (opened) => opened.forEach((m) => session.add(m)));
    const opened = open('prod');
    if (typeof opened === 'string') throw new Error(opened);
    expect(shutdownBound(session)).toBe(12_000);
  } finally {
    await runtime.close();
    tmp.cleanup();
  }
});
