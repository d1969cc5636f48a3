import {describe, expect, it, vi} from 'vitest';
import type {Silence, SilenceDraft} from '../../src/domain/alert.ts';
import {SilenceMayExist, SourceFailure} from '../../src/sources/capabilities.ts';
import {landedLook, readBack, settledResult, tryPeers, type ReadBack} from '../../src/queries/lost-answer.ts';
import type {SilenceResult} from '../../src/queries/silence-results.ts';
import {T0} from './fakes.ts';

const MIN = 60_000;
const lostAnswer = new SilenceMayExist('timeout', 'am-1: the request timed out after it was sent');
const draft: SilenceDraft = {matchers: [{name: 'alertname', value: 'X', isRegex: false, isEqual: true}], startsAt: T0, endsAt: T0 + 30 * MIN, createdBy: 'me', comment: 'ACK! x'};
const silence = (over: Partial<Silence>): Silence => ({...draft, id: 's1', state: 'active', ...over});

// A source whose listing answers `silences`, or throws `error`; it remembers how it was asked.
function lister(answer: Silence[] | Error) {
  const listSilences = vi.fn(async (_read?: {forAction?: boolean}) => {
    if (answer instanceof Error) throw answer;
    return {value: answer, warnings: []};
  });
  return {name: 'am-1', capabilities: {listSilences}};
}

describe('readBack', () => {
  it('reads the silences by a request of its own, and says the write landed when the look finds it', async () => {
    const source = lister([silence({id: 's7'})]);
    const back = await readBack({source, error: lostAnswer, mayHave: 'the silence may exist', look: landedLook(draft, 'ACK!', 'not there')});
    expect(back).toEqual({outcome: 'landed', found: 's7'});
    expect(source.capabilities.listSilences).toHaveBeenCalledWith({forAction: true});
  });

  it('says the write failed, after the lost answer, when the look does not find it', async () => {
    // An earlier ack of the same alert ends at another time: not this write.
    const back = await readBack({source: lister([silence({endsAt: T0 + 5 * MIN})]), error: lostAnswer, mayHave: 'the silence may exist', look: landedLook(draft, 'ACK!', 'the silence is not there')});
    expect(back).toEqual({outcome: 'failed', error: 'timeout: am-1: the request timed out after it was sent; read back, the silence is not there'});
  });

  it('says unknown, never failed, when the silences cannot be read, and why', async () => {
    const back = await readBack({source: lister(new SourceFailure('unavailable', 'connection refused')), error: lostAnswer, mayHave: 'the silence may exist', look: () => ({found: 'never'})});
    expect(back).toEqual({
      outcome: 'unknown',
      error: 'timeout: am-1: the request timed out after it was sent; the silence may exist (reading the silences back failed too: unavailable: connection refused)',
    });
  });

  it('says unknown when the source cannot list silences at all', async () => {
    const back = await readBack({source: {name: 'am-9', capabilities: {}}, error: lostAnswer, mayHave: 'the expiry may have landed', look: () => ({found: 'never'})});
    expect(back.outcome).toBe('unknown');
    expect(back).toMatchObject({error: expect.stringContaining('am-9 cannot list silences')});
  });
});

describe('settledResult', () => {
  const lost: SilenceResult = {source: 'am-1', ok: false, retryable: false, attempts: 2, error: 'bad-response: 500'};
  const settle = async (back: ReadBack<string>) => {
    const record = vi.fn(async () => {});
    const landed = vi.fn(async (id: string): Promise<SilenceResult> => ({source: 'am-1', ok: true, retryable: false, attempts: 2, silenceId: id}));
    return {result: await settledResult(lost, back, landed, record), record, landed};
  };

  it('is what `landed` makes of the write found, and logs nothing of its own', async () => {
    const {result, record} = await settle({outcome: 'landed', found: 's7'});
    expect(result).toMatchObject({ok: true, silenceId: 's7'});
    expect(record).not.toHaveBeenCalled();
  });

  it('is unknown and retried when the silences could not be read, logged unknown', async () => {
    const {result, record} = await settle({outcome: 'unknown', error: 'why'});
    expect(result).toEqual({...lost, unknown: true, retryable: true, error: 'why'});
    expect(record).toHaveBeenCalledWith('unknown', 'why');
  });

  it('is failed, retried as the lost answer says, when read back it is not there, logged a failure', async () => {
    const {result, record} = await settle({outcome: 'failed', error: 'not there'});
    expect(result).toEqual({...lost, error: 'not there'});
    expect(record).toHaveBeenCalledWith('failure', 'not there');
  });
});

describe('tryPeers', () => {
  const ok = (source: string): SilenceResult => ({source, ok: true, retryable: false, attempts: 1});
  const down = (source: string): SilenceResult => ({source, ok: false, retryable: true, attempts: 1, error: 'unavailable'});
  // The Alertmanager's own refusal of the write: every peer would give it.
  const refused = (source: string): SilenceResult => ({source, ok: false, retryable: false, refused: true, attempts: 1, error: 'start time must be before end time'});
  // One peer's way in failing for good (a sign-in page, a 403): says nothing of the next peer.
  const blocked = (source: string): SilenceResult => ({source, ok: false, retryable: false, attempts: 1, error: 'an HTML page'});
  const unknown = (source: string): SilenceResult => ({source, ok: false, retryable: true, unknown: true, attempts: 1, error: 'lost'});

  // Peers answering as given; `sent` says which of them got the write.
  function peers(answers: Record<string, SilenceResult>, sent: string[] = []) {
    const asked: string[] = [];
    const tryOne = async (name: string, write: {sent: boolean}) => {
      asked.push(name);
      write.sent = sent.includes(name);
      return answers[name]!;
    };
    return {asked, tryOne};
  }

  it('never asks the next peer after a POST whose outcome is unknown', async () => {
    const p = peers({a: unknown('a'), b: ok('b')}, ['a']);
    expect(await tryPeers(['a', 'b'], undefined, p.tryOne, {afterUnknownWrite: 'stop'})).toEqual(unknown('a'));
    expect(p.asked).toEqual(['a']);
  });

  it('asks the next peer after an expiry whose outcome is unknown', async () => {
    const p = peers({a: unknown('a'), b: ok('b')}, ['a']);
    expect(await tryPeers(['a', 'b'], undefined, p.tryOne, {afterUnknownWrite: 'next'})).toEqual(ok('b'));
    expect(p.asked).toEqual(['a', 'b']);
  });

  it('asks the next peer when an unknown peer could not even be read (nothing sent), and keeps the unknown', async () => {
    const p = peers({a: unknown('a'), b: down('b')});
    expect(await tryPeers(['a', 'b'], undefined, p.tryOne, {afterUnknownWrite: 'stop'})).toEqual(unknown('a'));
    expect(p.asked).toEqual(['a', 'b']);
  });

  it('stops at a refusal, and goes on past a peer that is down', async () => {
    const refusal = peers({a: refused('a'), b: ok('b')});
    expect(await tryPeers(['a', 'b'], undefined, refusal.tryOne, {afterUnknownWrite: 'stop'})).toEqual(refused('a'));
    expect(refusal.asked).toEqual(['a']);
    const outage = peers({a: down('a'), b: ok('b')});
    expect(await tryPeers(['a', 'b'], undefined, outage.tryOne, {afterUnknownWrite: 'stop'})).toEqual(ok('b'));
  });

  it("goes on past a peer whose way in fails for good (not the Alertmanager's refusal), for a POST and an expiry alike", async () => {
    for (const afterUnknownWrite of ['stop', 'next'] as const) {
      const p = peers({a: blocked('a'), b: ok('b')});
      expect(await tryPeers(['a', 'b'], undefined, p.tryOne, {afterUnknownWrite})).toEqual(ok('b'));
      expect(p.asked).toEqual(['a', 'b']);
    }
  });

  it('asks first the peer an earlier write may have landed on; another peer refusing does not replace its unknown', async () => {
    const p = peers({a: refused('a'), b: unknown('b')});
    expect(await tryPeers(['a', 'b'], unknown('b'), p.tryOne, {afterUnknownWrite: 'next'})).toEqual(unknown('b'));
    expect(p.asked).toEqual(['b', 'a']);
  });
});
