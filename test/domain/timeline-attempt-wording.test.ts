/**
 * A rollback attempt with no answer logged may be one being sent right now (the dashboard's own
 * R, another terminal): the timeline must not say its process stopped, only that it may have.
 */
import {describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {actionEvents} from '../../src/domain/timeline-actions.ts';

describe('timeline: a rollback attempt with no answer logged yet', () => {
  it('reads "no answer logged (yet, or its process stopped)"', () => {
    const at = new Date(Date.now() - 1000).toISOString();
    const attempt = {at, action: 'rollback', phase: 'attempt', context: 'prod', source: 'gha', target: {service: 'checkout', environment: 'production', from: 'v2', to: 'v1', idempotencyKey: 'k'}};
    const events = actionEvents([attempt] as unknown as ActionLogEntry[], {context: 'prod', source: 'action log'});
    expect(events.map((e) => e.text)).toEqual(['rollback checkout v2 → v1 sent, outcome unknown: no answer logged (yet, or its process stopped)']);
  });
});
