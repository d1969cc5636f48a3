import {describe, expect, it} from 'vitest';
import {findSuspects} from '../../../src/domain/correlation.ts';
import {createGitlabDeploySource, type GitlabDeploysConfig} from '../../../src/sources/gitlab/gitlab-deploys.ts';
import {gitlabDeployment, type GitlabDeploymentFields} from '../../helpers/fake-ci-bodies.ts';
import {closeFakeAfterEach, startFakeCi, type FakeCi, type FakeRequest} from '../../helpers/fake-ci.ts';

const SHA = 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d';
const DEPLOYMENTS = '/api/v4/projects/{id}/deployments';
let fake: FakeCi;
closeFakeAfterEach(() => fake);

function config(): GitlabDeploysConfig {
  return {provider: 'gitlab', apiUrl: `${fake.url}/api/v4`, project: 'acme/shop', environment: 'production', services: {shop: 'checkout'}, timeout: '2s'};
}

/** A deployment of a manual `deploy:production` job: created with its pipeline, run (clicked) later. */
function manual(id: number, createdAt: string, ranAt: string | null, status: GitlabDeploymentFields['status']): Record<string, unknown> {
  const d = gitlabDeployment({id, ref: 'main', sha: SHA, status, createdAt, username: 'alice', environment: 'production'});
  d['updated_at'] = ranAt ?? createdAt;
  d['deployable'] = {...(d['deployable'] as object), created_at: createdAt, started_at: ranAt, finished_at: null, status: status === 'created' ? 'manual' : status};
  return d;
}

describe('deploys: GitLab manual deploy jobs', () => {
  it('a manual job run at 14:00 (its pipeline made at 10:00) is placed at 14:00 and is suspect for an alert at 14:05', async () => {
    fake = await startFakeCi({flavor: 'gitlab'});
    fake.route('GET', DEPLOYMENTS, {body: [manual(50, '2026-05-04T10:00:00Z', '2026-05-04T14:00:00Z', 'running')]});
    const source = createGitlabDeploySource(config(), {});
    const {value} = await source.listDeploys();
    await source.close();
    const suspects = findSuspects(value, [{service: 'checkout', startedAt: Date.parse('2026-05-04T14:05:00Z'), kind: 'alert', name: 'CheckoutHighErrorRate'}]);
    // Dated by the deployment's created_at (10:00), AGE said 4h and the deploy that went out 5
    // minutes before the alert was not suspect.
    expect(value[0]?.startedAt).toBe(Date.parse('2026-05-04T14:00:00Z'));
    expect([...suspects.keys()]).toEqual(['50']);
  });

  it('a manual job not run yet is queued at its creation, and the list is ordered by when each started', async () => {
    fake = await startFakeCi({flavor: 'gitlab'});
    fake.route('GET', DEPLOYMENTS, {body: [manual(51, '2026-05-04T12:00:00Z', null, 'created'), manual(50, '2026-05-04T10:00:00Z', '2026-05-04T14:00:00Z', 'success')]});
    const source = createGitlabDeploySource(config(), {});
    const {value} = await source.listDeploys();
    await source.close();
    expect(value.map((d) => [d.id, d.status, d.startedAt])).toEqual([
      ['50', 'success', Date.parse('2026-05-04T14:00:00Z')],
      ['51', 'queued', Date.parse('2026-05-04T12:00:00Z')],
    ]);
  });

  it('the deployment that ran last is listed even when 20 newer pipelines made deployments not run yet (GitLab pages by the order asked)', async () => {
    fake = await startFakeCi({flavor: 'gitlab'});
    const all = [
      manual(50, '2026-05-04T10:00:00Z', '2026-05-04T14:00:00Z', 'success'),
      ...Array.from({length: 20}, (_, i) => manual(60 + i, `2026-05-04T11:${String(i).padStart(2, '0')}:00Z`, null, 'created')),
    ];
    // GitLab honours order_by/sort/per_page/page.
    fake.route('GET', DEPLOYMENTS, (req: FakeRequest) => {
      const q = Object.fromEntries(req.query) as Record<string, string>;
      const field = q['order_by'] ?? 'id';
      const key = (d: Record<string, unknown>) => (field === 'id' ? Number(d['id']) : Date.parse(String(d[field])));
      const sorted = [...all].sort((a, b) => (q['sort'] === 'desc' ? key(b) - key(a) : key(a) - key(b)));
      const per = Number(q['per_page'] ?? 20);
      const page = Number(q['page'] ?? 1);
      return {body: sorted.slice((page - 1) * per, page * per)};
    });
    const source = createGitlabDeploySource(config(), {});
    const {value} = await source.listDeploys();
    await source.close();
    expect(value.map((d) => d.id)).toContain('50');
  });

  it('the live deployment and the one before it are listed when 20 pipelines made since the last one ran fill the page', async () => {
    fake = await startFakeCi({flavor: 'gitlab'});
    const all = [
      manual(40, '2026-05-03T09:00:00Z', '2026-05-03T09:30:00Z', 'success'),
      manual(50, '2026-05-04T09:00:00Z', '2026-05-04T09:30:00Z', 'success'),
      ...Array.from({length: 20}, (_, i) => manual(60 + i, `2026-05-04T11:${String(i).padStart(2, '0')}:00Z`, null, 'created')),
    ];
    fake.route('GET', DEPLOYMENTS, (req: FakeRequest) => {
      const status = req.query.get('status');
      const rows = all.filter((d) => status === null || d['status'] === status).sort((a, b) => Date.parse(String(b['updated_at'])) - Date.parse(String(a['updated_at'])));
      return {body: rows.slice(0, Number(req.query.get('per_page') ?? 20))};
    });
    const source = createGitlabDeploySource(config(), {});
    const {value, wholeSince} = await source.listDeploys();
    await source.close();
    expect(value.filter((d) => d.status === 'success').map((d) => d.id)).toEqual(['50', '40']);
    // Whole only since the oldest deployment of the first page: what happened before is in part.
    expect(wholeSince).toBe(Date.parse('2026-05-04T11:00:00Z'));
  });
});

describe('deploys: when a GitLab deployment ended', () => {
  it('a finished deployment ends when its job finished; a running one, or one made without a job, as its status says', async () => {
    fake = await startFakeCi({flavor: 'gitlab'});
    // A 40-minute deploy job run at 13:20 finished at 13:58, two minutes before the burn.
    const done = manual(50, '2026-05-04T10:00:00Z', '2026-05-04T13:20:00Z', 'success');
    done['updated_at'] = '2026-05-04T13:58:00Z';
    done['deployable'] = {...(done['deployable'] as object), finished_at: '2026-05-04T13:58:00Z'};
    const failed = manual(49, '2026-05-04T09:00:00Z', '2026-05-04T09:10:00Z', 'failed');
    failed['deployable'] = {...(failed['deployable'] as object), finished_at: '2026-05-04T09:15:00Z'};
    const running = manual(51, '2026-05-04T11:00:00Z', '2026-05-04T13:30:00Z', 'running');
    // Made through the API, no job: its status was last set at its updated_at.
    const api = gitlabDeployment({id: 48, ref: 'main', sha: SHA, status: 'success', createdAt: '2026-05-04T08:00:00Z', username: 'bot', environment: 'production'});
    api['updated_at'] = '2026-05-04T08:20:00Z';
    api['deployable'] = null;
    fake.route('GET', DEPLOYMENTS, {body: [running, done, failed, api]});
    const source = createGitlabDeploySource(config(), {});
    const {value} = await source.listDeploys();
    await source.close();
    expect(value.map((d) => [d.id, d.status, d.startedAt, d.finishedAt])).toEqual([
      ['51', 'in_progress', Date.parse('2026-05-04T13:30:00Z'), undefined],
      ['50', 'success', Date.parse('2026-05-04T13:20:00Z'), Date.parse('2026-05-04T13:58:00Z')],
      ['49', 'failure', Date.parse('2026-05-04T09:10:00Z'), Date.parse('2026-05-04T09:15:00Z')],
      ['48', 'success', Date.parse('2026-05-04T08:00:00Z'), Date.parse('2026-05-04T08:20:00Z')],
    ]);
  });
});
