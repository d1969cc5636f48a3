import {QueryObserver, type QueryClient} from '@tanstack/query-core';
import {describe, expect, it, vi} from 'vitest';
import {deployKey, deployQueryOptions} from '../../src/queries/deploy-queries.ts';
import {toHealth} from '../../src/queries/source-outcome.ts';
import {SourceFailure} from '../../src/sources/capabilities.ts';
import {healthText} from '../../src/view/components/Header.tsx';
import {createDemoEnvironment} from '../../src/sources/demo/demo-environment.ts';
import {emptyServices, fakeDeploySource, makeDeploy, T0} from './fakes.ts';
import {freshQueryClientEachTest} from './query-harness.ts';

let client: QueryClient;
const now = () => Date.now();

freshQueryClientEachTest((c) => (client = c));

describe('deployQueryOptions', () => {
  it('sorts deploys newest first whatever order the source answers in, with the source outcome, read in part when it warns', async () => {
    const source = fakeDeploySource(() => ({
      value: [makeDeploy({id: 'old', startedAt: T0 - 3_600_000}), makeDeploy({id: 'new', startedAt: T0 - 60_000}), makeDeploy({id: 'mid', startedAt: T0 - 600_000})],
      warnings: ['only 100 of 240 runs read'],
    }));
    const services = emptyServices({deploySource: {name: 'github', kind: 'deploys', capabilities: source.capabilities}});
    const snap = await client.fetchQuery(deployQueryOptions(services, {intervalMs: false, now}));
    expect(snap.deploys.map((d) => d.id)).toEqual(['new', 'mid', 'old']);
    expect(snap.at).toBe(T0);
    // A deploy provider warns only of what it left out: read in part, so the header draws `◐`
    // where `status` says PARTIAL, never `✔` beside it.
    // A provider that does not say which of its warnings may hide a deploy: every one may, so a
    // rollback planned from this answer warns (and `--yes` without `--to` refuses).
    expect(snap.outcome).toEqual({name: 'github', kind: 'deploys', ok: true, error: null, warnings: ['only 100 of 240 runs read'], partial: ['only 100 of 240 runs read'], hiding: ['only 100 of 240 runs read']});
    expect(healthText(toHealth(snap.outcome, snap.at), T0)).toBe('github ◐ 0s');
  });

  it('keeps a provider\'s own word on which warnings may hide a deploy, none included', async () => {
    const said = (hiding: string[]) => ({listDeploys: async () => ({value: [makeDeploy({id: 'a', startedAt: T0})], warnings: ['ignored 1 sha field'], hiding})});
    const none = await client.fetchQuery(deployQueryOptions(emptyServices({deploySource: {name: 'json', kind: 'deploys', capabilities: said([])}}), {intervalMs: false, now}));
    expect(none.outcome.hiding).toBeUndefined();
    expect(none.outcome.partial).toEqual(['ignored 1 sha field']);
  });

  it('is disabled without a deploy source, and says so if fetched anyway', async () => {
    const opts = deployQueryOptions(emptyServices(), {intervalMs: 60_000, now});
    expect(opts.enabled).toBe(false);
    expect(opts.queryKey).toEqual(deployKey('test'));
    await expect(client.fetchQuery(opts)).rejects.toThrow('no deploy source configured');
  });

  it('fails with the source failure', async () => {
    const source = fakeDeploySource(() => ({error: new SourceFailure('auth', 'token rejected')}));
    const services = emptyServices({deploySource: {name: 'ci', kind: 'deploys', capabilities: source.capabilities}});
    await expect(client.fetchQuery(deployQueryOptions(services, {intervalMs: false, now}))).rejects.toMatchObject({kind: 'auth', message: 'token rejected'});
  });

  it('lists the twelve demo deploys, the bad checkout release first', async () => {
    const env = createDemoEnvironment({now});
    const snap = await client.fetchQuery(deployQueryOptions(env.services, {intervalMs: false, now}));
    expect(snap.deploys).toHaveLength(12);
    expect(snap.deploys[0]).toMatchObject({id: 'demo-deploy-1187', service: 'checkout', version: 'v2.14.0', environment: 'production', status: 'success'});
    const starts = snap.deploys.map((d) => d.startedAt);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
  });

  it('polls at its interval and not at all when paused', async () => {
    const source = fakeDeploySource(() => ({value: [makeDeploy({id: 'd1'})]}));
    const services = emptyServices({deploySource: {name: 'ci', kind: 'deploys', capabilities: source.capabilities}});
    const observer = new QueryObserver(client, deployQueryOptions(services, {intervalMs: 60_000, now}));
    const stop = observer.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(source.calls).toBe(3);
    observer.setOptions(deployQueryOptions(services, {intervalMs: false, now}));
    await vi.advanceTimersByTimeAsync(600_000);
    expect(source.calls).toBe(3);
    stop();
  });
});
