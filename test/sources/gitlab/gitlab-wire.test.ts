import {describe, expect, it} from 'vitest';
import {argocdAppUrl} from '../../../src/sources/argocd/argocd-deploys.ts';
import {gitlabDeploymentStatus, gitlabPipelineStatus, gitlabWebUrl} from '../../../src/sources/gitlab/gitlab-wire.ts';
import {grafanaBaseUrl} from '../../../src/sources/grafana/grafana-alerts.ts';
import {randomRun} from '../../helpers/fake-tokens.ts';

describe('GitLab statuses', () => {
  it('maps every deployment status, and anything else to unknown', () => {
    const want = {success: 'success', failed: 'failure', running: 'in_progress', created: 'queued', blocked: 'queued', canceled: 'cancelled', skipped: 'cancelled'};
    for (const [status, deploy] of Object.entries(want)) expect([status, gitlabDeploymentStatus(status)]).toEqual([status, deploy]);
    for (const other of ['manual', 'pending', 'canceling', 'toString', '__proto__', 'new', null]) expect(gitlabDeploymentStatus(other)).toBe('unknown');
  });

  it('maps every pipeline status (manual waits for a person: queued), and anything else to unknown', () => {
    const want = {
      success: 'success',
      failed: 'failure',
      running: 'in_progress',
      created: 'queued',
      waiting_for_resource: 'queued',
      preparing: 'queued',
      pending: 'queued',
      scheduled: 'queued',
      manual: 'queued',
      canceled: 'cancelled',
      // Its jobs are still being stopped (their after_script runs): not finished yet.
      canceling: 'in_progress',
      skipped: 'cancelled',
    };
    for (const [status, deploy] of Object.entries(want)) expect([status, gitlabPipelineStatus(status)]).toEqual([status, deploy]);
    for (const other of ['blocked', 'toString', '__proto__', 'new', null]) expect(gitlabPipelineStatus(other)).toBe('unknown');
  });
});

// Links are drawn, copied and opened: none carries what rides in the configured API URL.
describe('links built from a configured API URL', () => {
  it('leave out credentials, the query string and the fragment', () => {
    const token = randomRun(24, 13);
    expect(gitlabWebUrl(`https://gitlab.example/api/v4/?private_token=${token}`)).toBe('https://gitlab.example');
    expect(argocdAppUrl(`https:ci:${token}@argocd.example/?token=${token}#${token}`, 'shop')).toBe('https://argocd.example/applications/shop');
    expect(grafanaBaseUrl({url: `https://grafana.example/?auth=${token}`, pathPrefix: '/grafana'})).toBe('https://grafana.example/grafana');
  });
});
