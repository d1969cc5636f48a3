/**
 * A mistake inside one context's entry stops only that context: the others load, the broken one
 * is named in a note, and selecting it (`--context`, `:ctx`) refuses with its errors. Validation
 * and mistakes outside the contexts still stop everything.
 */
import {afterEach, expect, it} from 'vitest';
import type {CliArgs} from '../../src/cli/args.ts';
import {configRuntime, runtimeNotes} from '../../src/cli/runtime.ts';
import {runIn, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
afterEach(() => tmp?.cleanup());

const TWO = `current-context: prod
contexts:
  - name: prod
    alertmanagers: [{name: am, url: "http://127.0.0.1:1"}]
  - name: staging
    prometheus: {url: "htp://staging-prom:9090"}
`;
// Two mistakes in one context: said together, on one line in the dashboard's flash.
const TWO_ERRORS = TWO.replace('prometheus: {url: "htp://staging-prom:9090"}', 'prometheus: {url: "htp://staging-prom:9090", timeout: soon}');
const ERROR = /config\.yaml:6:23: contexts\[1\]\.prometheus\.url: must be an http or https URL/;

it('status --context prod runs with a note when the unselected staging has a bad URL', async () => {
  tmp = tempDir();
  const config = tmp.write('config.yaml', TWO);
  const r = await runIn(tmp)('status', '--json', '--config', config, '--context', 'prod');
  // prod's Alertmanager is down (port 1): exit 3 with a document saying so, not 2 with nothing.
  expect(r.code).toBe(3);
  expect(r.out).toContain('"context": "prod"');
  expect(r.err).toMatch(new RegExp(`note: .*${ERROR.source} \\(got "htp://staging-prom:9090"\\) \\(context staging is not selected; it will not open\\)\n`));
});

it('selecting the broken context refuses with its error, as before', async () => {
  tmp = tempDir();
  const config = tmp.write('config.yaml', TWO);
  const one = await runIn(tmp)('status', '--config', config, '--context', 'staging');
  expect(one.code).toBe(2);
  expect(one.err).toMatch(ERROR);
  expect(one.err).not.toContain('not selected');
  const all = await runIn(tmp)('status', '--config', config, '--all-contexts');
  expect(all.code).toBe(2);
  expect(all.err).toMatch(ERROR);
});

it('config validate still fails on an error in any context', async () => {
  tmp = tempDir();
  const config = tmp.write('config.yaml', TWO);
  const r = await runIn(tmp)('config', 'validate', '--config', config);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(ERROR);
});

it('an error outside the contexts, or in a context name, still stops every command', async () => {
  tmp = tempDir();
  const top = tmp.write('top.yaml', `${TWO}notify: loud\n`);
  const topRun = await runIn(tmp)('status', '--config', top, '--context', 'prod');
  expect(topRun.code).toBe(2);
  expect(topRun.err).toMatch(/notify/);
  expect(topRun.err).toMatch(/contexts\[1\]\.prometheus\.url/);
  const named = tmp.write('named.yaml', TWO.replace('name: staging', 'name: prod'));
  const namedRun = await runIn(tmp)('status', '--config', named, '--context', 'prod');
  expect(namedRun.code).toBe(2);
  expect(namedRun.err).toMatch(/duplicate context name/);
});

it(':ctx to the broken context refuses naming its error; the runtime notes it at start', async () => {
  tmp = tempDir();
  const config = tmp.write('config.yaml', TWO);
  const args = {command: 'dashboard', config, demo: false, readOnly: false, json: false} as CliArgs;
  const runtime = await configRuntime(args, {HOME: tmp.dir}, () => Date.now());
  if (typeof runtime === 'string') throw new Error(runtime);
  try {
    expect(runtime.members.map((m) => m.composed.services.context)).toEqual(['prod']);
    expect(runtimeNotes(runtime).join('\n')).toMatch(/context staging is not selected/);
    const opened = runtime.openContexts('staging');
    expect(typeof opened).toBe('string');
    expect(opened).toMatch(ERROR);
    expect(runtime.openContexts('prod,staging')).toMatch(ERROR);
    expect(runtime.openContexts('prod')).not.toBeTypeOf('string');
    expect(runtime.openContext('staging')).toMatch(ERROR);
  } finally {
    await runtime.close();
  }
});

it(':ctx to a context with several errors says them all on one line', async () => {
  tmp = tempDir();
  const config = tmp.write('config.yaml', TWO_ERRORS);
  const args = {command: 'dashboard', config, demo: false, readOnly: false, json: false} as CliArgs;
  const runtime = await configRuntime(args, {HOME: tmp.dir}, () => Date.now());
  if (typeof runtime === 'string') throw new Error(runtime);
  try {
    const refused = runtime.openContexts('staging');
    expect(refused).toBeTypeOf('string');
    expect(refused).not.toContain('\n');
    expect(String(refused).split(' · ')).toHaveLength(2);
  } finally {
    await runtime.close();
  }
});
