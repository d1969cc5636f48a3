import {describe, expect, it} from 'vitest';
import {gitlabDeploymentStatus, gitlabPipelineStatus} from '../../../src/sources/gitlab/gitlab-wire.ts';

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
      canceling: 'cancelled',
      skipped: 'cancelled',
    };
    for (const [status, deploy] of Object.entries(want)) expect([status, gitlabPipelineStatus(status)]).toEqual([status, deploy]);
    for (const other of ['blocked', 'toString', '__proto__', 'new', null]) expect(gitlabPipelineStatus(other)).toBe('unknown');
  });
});
