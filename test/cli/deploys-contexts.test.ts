/**
 * `oncall deploys --context a,b` when one context's deploy history cannot be read: its block
 * says the history is unavailable with the error (never "0 deploys"), the JSON document marks
 * its deploy source failed like `status --json`, and the exit code is 3.
 */
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
const NOW = Date.now();

beforeEach(() => {
  tmp = tempDir();
  const deploy = JSON.stringify([{id: 'd1', service: 'api', version: 'v7', environment: 'production', status: 'success', startedAt: new Date(NOW - 30 * 60_000).toISOString()}]);
  tmp.write('deploys-eu.json', deploy);
  // prod-us names a feed file that is not there: its history cannot be read.
  tmp.write(
    'config.yaml',
    `current-context: prod-eu
contexts:
  - name: prod-eu
    deploys: {provider: json, file: ${join(tmp.dir, 'deploys-eu.json')}}
  - name: prod-us
    deploys: {provider: json, file: ${join(tmp.dir, 'missing.json')}}
`,
  );
});

afterEach(() => tmp.cleanup());

const env = () => ({HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state')});

describe('oncall deploys over several contexts, one history unreadable', () => {
  it('says that context\'s history is unavailable with the error, never "0 deploys"; exit 3', async () => {
    const {code, out, err} = await run(['deploys', '--config', join(tmp.dir, 'config.yaml'), '--context', 'prod-eu,prod-us'], env());
    expect(code).toBe(3);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('context prod-eu: 1 deploy, 0 suspect');
    expect(lines[1]).toMatch(/^ +api {2}v7 {2}success {2}production {2}30m ago$/);
    expect(lines[2]).toMatch(/^context prod-us: deploy history unavailable \(.+missing\.json.*\)$/);
    expect(lines).toHaveLength(3);
    expect(out).not.toMatch(/prod-us: 0 deploys/);
    expect(err).toContain('deploys: context prod-us:');
  });

  it('--json is one document whose sources mark prod-us\' deploy source failed, with the error; exit 3', async () => {
    const {code, out} = await run(['deploys', '--json', '--config', join(tmp.dir, 'config.yaml'), '--context', 'prod-eu,prod-us'], env());
    expect(code).toBe(3);
    const doc = JSON.parse(out) as {contexts: string[]; context: string; sources: Array<{name: string; context: string; ok: boolean; state: string; error: string | null}>; deploys: Array<{context: string; service: string}>};
    expect(doc.contexts).toEqual(['prod-eu', 'prod-us']);
    expect(doc.context).toBe('prod-eu,prod-us');
    const us = doc.sources.filter((s) => s.context === 'prod-us');
    expect(us).toHaveLength(1);
    expect(us[0]).toMatchObject({ok: false, state: 'error'});
    expect(us[0]!.error).toContain('missing.json');
    expect(doc.sources.filter((s) => s.context === 'prod-eu').map((s) => s.ok)).toEqual([true]);
    expect(doc.deploys.map((d) => [d.context, d.service])).toEqual([['prod-eu', 'api']]);
  });
});
