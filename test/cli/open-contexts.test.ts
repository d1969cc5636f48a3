/**
 * The dashboard's `:ctx` through the runtime: a list, a group and `*` resolve as `--context` does;
 * a context already open is reused (same services object, so its feed keeps its data); an unknown
 * name is the config error; each member reaches the dashboard with its production mark and cadences.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {CliArgs} from '../../src/cli/args.ts';
import {dashboardContext} from '../../src/cli/dashboard-command.tsx';
import {configRuntime, type Runtime} from '../../src/cli/runtime.ts';
import {tempDir} from './cli-fixtures.ts';

let runtime: Runtime | null = null;
let tmp: ReturnType<typeof tempDir> | null = null;

afterEach(async () => {
  await runtime?.close();
  runtime = null;
  tmp?.cleanup();
  tmp = null;
});

async function load(context: string): Promise<Runtime> {
  tmp = tempDir();
  const config = tmp.write(
    'config.yaml',
    `current-context: prod-eu
contextGroups: {prod: [prod-us, prod-eu]}
contexts:
  - name: prod-eu
    prometheus: {url: http://127.0.0.1:9}
  - name: prod-us
    production: true
    refresh: {alerts: 3s}
    prometheus: {url: http://127.0.0.1:9}
  - name: dev
    readOnly: true
    prometheus: {url: http://127.0.0.1:9}
`,
  );
  const made = await configRuntime({command: 'dashboard', config, context, demo: false, readOnly: false, json: false} as CliArgs, {HOME: tmp.dir}, () => 0);
  if (typeof made === 'string') throw new Error(made);
  return made;
}

describe('runtime.openContexts', () => {
  it('resolves a list, a group and *, reusing the contexts already open', async () => {
    runtime = await load('prod-eu');
    const first = runtime.members[0]!;
    const group = runtime.openContexts('prod');
    if (typeof group === 'string') throw new Error(group);
    expect(group.map((m) => m.composed.services.context)).toEqual(['prod-us', 'prod-eu']);
    expect(group[1]).toBe(first);
    const all = runtime.openContexts('*');
    if (typeof all === 'string') throw new Error(all);
    expect(all.map((m) => m.composed.services.context)).toEqual(['prod-eu', 'prod-us', 'dev']);
    expect(all[1]).toBe(group[0]);
    expect(runtime.openContexts('dev, prod-eu')).toEqual([all[2], first]);
    expect(runtime.openContexts('prod-ap')).toMatch(/no context or group named "prod-ap"/);
  });

  it('hands each context to the dashboard with its production mark, read-only flag and own cadences, one object per context', async () => {
    runtime = await load('prod-eu,prod-us,dev');
    const [eu, us, dev] = runtime.members.map(dashboardContext);
    expect(eu).toMatchObject({production: false, intervals: {alerts: 15_000}});
    expect(us).toMatchObject({production: true, intervals: {alerts: 3000}});
    expect(dev!.services.readOnly).toBe(true);
    expect(dashboardContext(runtime.members[1]!)).toBe(us);
  });
});
