import {describe, expect, it} from 'vitest';
import type {Deploy} from '../../src/domain/deploy.ts';
import {buildStatusDocument} from '../../src/domain/status-document.ts';

const T = Date.parse('2026-05-04T12:00:00Z');
const MIN = 60_000;
const base = {service: 'checkout', environment: 'production', author: 'ci', url: null} as const;

describe('status --json deploys say when they finished', () => {
  // A canary started 40 minutes before the burn and finished 2 minutes before it is suspect by its
  // end: without `finishedAt` in the document a script saw "started 40m ago, suspect" and no why.
  const deploys: Deploy[] = [
    {...base, id: '2', version: 'v2.14.0', status: 'success', startedAt: T - 40 * MIN, finishedAt: T - 2 * MIN},
    {...base, id: '1', version: 'v2.13.0', status: 'success', startedAt: T - 2 * 24 * 60 * MIN},
  ];
  const doc = buildStatusDocument({context: 'prod', now: T, sources: [], slos: [], alerts: [], deploys, suspectWindowMs: 30 * MIN});

  it('as ISO 8601 where the history gives it, absent otherwise', () => {
    expect(doc.deploys[0]).toHaveProperty('finishedAt', new Date(T - 2 * MIN).toISOString());
    expect(doc.deploys[1]).not.toHaveProperty('finishedAt');
  });
});
