/**
 * Which failures give up a round's queued reads (a backend down: timed out, refused, reset; not
 * one that answers with an error), what those reads say, and that no round outlives its reads.
 */
import {describe, expect, it} from 'vitest';
import {HttpFailure, transportFailure} from '../../../src/sources/http/http-errors.ts';
import {createReadRounds} from '../../../src/sources/http/read-round.ts';

const WHERE = 'POST http://prom.test/api/v1/query';
const transport = (code: string) => transportFailure(Object.assign(new Error(code), {code}), WHERE, 2000, []);

describe('read rounds', () => {
  it.each([
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout', 'timed out'],
    ['ECONNREFUSED', 'unavailable', 'refused the connection'],
    ['ECONNRESET', 'unavailable', 'reset the connection'],
  ])('a transport failure %s gives up the queued reads of its round, with its cause', (code, kind, down) => {
    const rounds = createReadRounds();
    const sent = rounds.join();
    const queued = rounds.join();
    sent.failed(transport(code));
    expect(queued.signal.aborted).toBe(true);
    const given = queued.notSent(WHERE);
    expect(given).toMatchObject({kind, notSent: true, message: `${WHERE}: not sent: the backend ${down} on an earlier read of this refresh`});
    expect(rounds.gaveUp(given)).toBe(true);
    // The read that failed is its own failure, not one given up.
    expect(rounds.gaveUp(transport(code))).toBe(false);
  });

  it('an error answer (the backend answers) and a failure not of HTTP give up nothing', () => {
    const rounds = createReadRounds();
    const sent = rounds.join();
    const queued = rounds.join();
    sent.failed(new HttpFailure('unavailable', `${WHERE}: HTTP 503`, 503, 'too many queries'));
    sent.failed(transport('ENOTFOUND'));
    sent.failed(new Error('decode failed'));
    expect(queued.signal.aborted).toBe(false);
  });

  it('a round that gave up takes no new read, and one whose reads all settled ends: the next refresh tries again', () => {
    const rounds = createReadRounds();
    const first = rounds.join();
    first.failed(transport('ECONNREFUSED'));
    const next = rounds.join();
    expect(next.signal.aborted).toBe(false);
    expect(next.signal).not.toBe(first.signal);
    // Reads pending together share a round; once none is pending, a new read starts another.
    const together = rounds.join();
    expect(together.signal).toBe(next.signal);
    next.leave();
    together.leave();
    together.leave();
    const later = rounds.join();
    expect(later.signal).not.toBe(next.signal);
  });
});
