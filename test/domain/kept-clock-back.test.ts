/**
 * The keeper's outcomes read back from the action log (`status --json` / `alerts --json` `kept`).
 * The log is append-only, so its order is the order things happened; the entries' own times are
 * the writer's wall clock, which steps back (NTP correction, a VM resumed, two hosts sharing a
 * home over NFS). keptFromLog picks the "latest" by time, so a failure written after an extension
 * but stamped earlier is hidden, and the ack reads as kept.
 */
import {describe, expect, it} from 'vitest';
import type {ActionLogEntry} from '../../src/domain/action-log.ts';
import {keptFromLog} from '../../src/domain/kept-log.ts';

const target = {alertname: 'DiskFull'};
const extended: ActionLogEntry = {at: '2026-05-04T10:00:00.000Z', action: 'ack-extend', phase: 'success', context: 'prod', source: 'am', target, silenceId: 'sil-2', details: {previousId: 'sil-1'}};
// Written after the extension above (the next keeper run, 45 s later by a clock stepped back 2 min).
const failedLater: ActionLogEntry = {at: '2026-05-04T09:58:45.000Z', action: 'ack-extend', phase: 'failure', context: 'prod', source: 'am', target, silenceId: 'sil-2', error: 'HTTP 503'};

describe('keptFromLog after the clock stepped back', () => {
  it('the outcome written last (the failure) is the one reported', () => {
    const kept = keptFromLog([extended, failedLater])('prod', 'sil-2');
    expect(kept?.status).toBe('failed');
  });

  it('an ack made anew (logged after) clears an old keeper failure even when its time is earlier', () => {
    const failed: ActionLogEntry = {...failedLater, at: '2026-05-04T10:00:00.000Z'};
    // The user acks anew (Alertmanager updates the silence in place, keeping its id), clock stepped back.
    const ackAgain: ActionLogEntry = {at: '2026-05-04T09:59:00.000Z', action: 'ack', phase: 'success', context: 'prod', source: 'am', target, silenceId: 'sil-2'};
    expect(keptFromLog([failed, ackAgain])('prod', 'sil-2')).toBeUndefined();
  });
});
