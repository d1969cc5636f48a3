/**
 * A busy day's deploy history, against a real Prometheus and a fake GitHub answering one page
 * of 20 deployments, all from the last 100 minutes. A 12 h timeline and `status --at 6h` must
 * say the deploys before the oldest one read are missing, never show those hours as "no deploy".
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {prodConfigText, runIn, tempDir} from '../cli/cli-fixtures.ts';
import {githubDeployment} from '../helpers/fake-ci-bodies.ts';
import {startFakeCi, type FakeCi} from '../helpers/fake-ci.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';

const MIN = 60;
const iso = (sec: number) => new Date(sec * 1000).toISOString();

type Timeline = {events: Array<{kind: string}>; missing: Array<{part: string; reason: string}>};
type Status = {deploys: unknown[]; sources: Array<{name: string; warnings: string[]; partial: boolean; readSince?: string}>};

describe('deploy history that does not reach back far enough', () => {
  let backends: Backends;
  let ci: FakeCi;
  const tmp = tempDir();
  const cli = runIn(tmp);
  const now = Math.floor(Date.now() / 1000);
  const oldest = now - 100 * MIN;
  let config = '';

  beforeAll(async () => {
    [backends, ci] = await Promise.all([startTestBackends({alertmanager: false}), startFakeCi({flavor: 'github'})]);
    const ids = Array.from({length: 20}, (_, i) => 500 + i);
    // Every 5 minutes back from now: the oldest 100 minutes ago.
    ci.route('GET', '/repos/{owner}/{repo}/deployments', {body: ids.map((id, i) => githubDeployment({id, sha: `${'a'.repeat(38)}${String(i).padStart(2, '0')}`, ref: `v${id}`, environment: 'production', createdAt: iso(now - (i + 1) * 5 * MIN), login: 'ci'}))});
    for (const id of ids) ci.route('GET', `/repos/{owner}/{repo}/deployments/${id}/statuses`, {body: []});
    config = tmp.write('prod.yaml', `${prodConfigText(backends.prometheusUrl!)}    deploys: {provider: github, apiUrl: ${ci.url}, repo: acme/checkout, environment: production}\n`);
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled([backends?.stop(), ci?.close()]);
    tmp.cleanup();
  });

  it('a 12 h timeline shows the 20 deploys read and a missing part for those before the oldest, exit 3', async () => {
    const {code, out} = await cli('timeline', '--since', '12h', '--format', 'json', '--config', config);
    const doc = JSON.parse(out) as Timeline;
    expect(doc.events.filter((e) => e.kind === 'deploy-started')).toHaveLength(20);
    expect(doc.missing.filter((g) => g.part === 'deploys')).toEqual([{part: 'deploys', context: 'prod', source: 'github', reason: `deploys before ${iso(oldest)} not read (the history lists the newest 20)`}]);
    expect(code).toBe(3);
  }, 60_000);

  it('status --at 6h: no deploy listed, and the source says why none is known', async () => {
    const {out} = await cli('status', '--json', '--at', '6h', '--config', config);
    const doc = JSON.parse(out) as Status;
    expect(doc.deploys).toEqual([]);
    expect(doc.sources.find((s) => s.name === 'github')?.warnings).toEqual([`deploys before ${iso(oldest)} not read (the history lists the newest 20)`]);
    // Read in part, back to the oldest deploy read: a script need not parse the warning.
    expect(doc.sources.find((s) => s.name === 'github')).toMatchObject({ok: true, partial: true, readSince: iso(oldest)});
  }, 60_000);

  it('status --at 6h in text: the deploys then are unknown, never "0 recent"', async () => {
    const {code, out} = await cli('status', '--at', '6h', '--config', config);
    expect(out).toContain(`Deploys: UNKNOWN, the history reaches back to ${iso(oldest).slice(0, 10)} ${iso(oldest).slice(11, 16)}Z only\n`);
    expect(out).not.toMatch(/Deploys: 0 recent/);
    expect(code).toBe(3);
  }, 60_000);
});
