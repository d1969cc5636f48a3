/**
 * A cluster's try that ends in a failure for good on the last peer is still retried when an
 * earlier peer only blipped (503, a timeout): that peer may answer later, so the ack is not left
 * `ACK FAILED` with no automatic retry. Only the Alertmanager's own refusal makes it final, since
 * every peer would refuse it again.
 */
import {describe, expect, it} from 'vitest';
import {tryPeers} from '../../src/queries/lost-answer.ts';
import type {SilenceResult} from '../../src/queries/silence-results.ts';

const down = (source: string): SilenceResult => ({source, ok: false, retryable: true, attempts: 1, error: 'unavailable'});
const blocked = (source: string): SilenceResult => ({source, ok: false, retryable: false, attempts: 1, error: 'an HTML page'});
const refused = (source: string): SilenceResult => ({source, ok: false, retryable: false, refused: true, attempts: 1, error: 'start time must be before end time'});
const answering = (answers: Record<string, SilenceResult>) => async (name: string) => answers[name]!;

describe('tryPeers retryability across peers', () => {
  it('is retryable when an earlier peer was down and the last one failed for good', async () => {
    const result = await tryPeers(['ha-1', 'ha-2'], undefined, answering({'ha-1': down('ha-1'), 'ha-2': blocked('ha-2')}), {afterUnknownWrite: 'stop'});
    expect(result).toEqual({...blocked('ha-2'), retryable: true});
  });

  it('stays final when the Alertmanager refused the write, whatever the peers before it said', async () => {
    const result = await tryPeers(['ha-1', 'ha-2'], undefined, answering({'ha-1': down('ha-1'), 'ha-2': refused('ha-2')}), {afterUnknownWrite: 'stop'});
    expect(result).toEqual(refused('ha-2'));
  });

  it('stays final when every peer failed for good', async () => {
    const result = await tryPeers(['ha-1', 'ha-2'], undefined, answering({'ha-1': blocked('ha-1'), 'ha-2': blocked('ha-2')}), {afterUnknownWrite: 'next'});
    expect(result).toEqual(blocked('ha-2'));
  });
});
