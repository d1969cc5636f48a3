/**
 * A deploy history whose provider skipped an entry it could not read (the JSON feed here; GitHub,
 * GitLab, Argo CD and workflow runs mark theirs the same way, `hiding`): `oncall deploys` and
 * `status` say it was read in part (exit 3), but `oncall timeline` drops the warning: no Missing
 * line, exit 0 — the skipped deploy (which may be the one that broke things) vanishes from the
 * postmortem timeline, which presents itself as whole.
 */
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import {tempDir} from './cli-fixtures.ts';

const NOW = Date.parse('2026-05-04T10:00:00Z');
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
  mkdirSync(join(tmp.dir, 'state', 'oncall'), {recursive: true});
});
afterEach(() => tmp.cleanup());

function setup() {
  const deploys = [
    {id: 'd1', service: 'checkout', version: 'v41', status: 'success', startedAt: new Date(NOW - 90 * 60_000).toISOString(), finishedAt: new Date(NOW - 88 * 60_000).toISOString()},
    // The deploy at the start of the incident, with a start the feed wrote badly: skipped by the provider.
    {id: 'd2', service: 'checkout', version: 'v42', status: 'success', startedAt: 'half past nine'},
  ];
  const file = tmp.write('deploys.json', JSON.stringify(deploys));
  const config = tmp.write('config.yaml', `current-context: prod\ncontexts:\n  - name: prod\n    deploys: {provider: json, file: ${JSON.stringify(file)}}\n`);
  const env = {USER: 'tester', LANG: 'C.UTF-8', HOME: tmp.dir, XDG_CONFIG_HOME: join(tmp.dir, 'xdg'), XDG_STATE_HOME: join(tmp.dir, 'state')};
  return {config, env};
}

async function run(args: string[]) {
  const {config, env} = setup();
  let out = '';
  let err = '';
  const code = await main([...args, '--config', config], env, {out: (t) => (out += t), err: (t) => (err += t)}, {now: () => NOW});
  return {code, out, err};
}

describe('timeline over a deploy history read in part (an entry skipped)', () => {
  it('`oncall timeline --format json` lists the deploys part as missing and exits 3', async () => {
    // Baseline: `oncall deploys` on the same feed says it was read in part, exit 3.
    const d = await run(['deploys']);
    expect(d.err).toMatch(/skipped 1 entry/);
    expect(d.code).toBe(3);
    const r = await run(['timeline', '--since', '2h', '--format', 'json']);
    const doc = JSON.parse(r.out) as {events: Array<{kind: string}>; missing: Array<{part: string; reason: string}>};
    // The readable deploy is shown...
    expect(doc.events.filter((e) => e.kind === 'deploy-started')).toHaveLength(1);
    // ...but the skipped one must not vanish in silence.
    expect(doc.missing.filter((m) => m.part === 'deploys')).toHaveLength(1);
    expect(r.code).toBe(3);
  });

  it('`oncall timeline` Markdown has a Missing line for the deploys', async () => {
    const r = await run(['timeline', '--since', '2h']);
    expect(r.out).toMatch(/> \*\*Missing:\*\* deploys/);
  });
});
