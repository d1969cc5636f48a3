import {createHash} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {createAlertDecoder, elementKey, volatileRanges} from '../../../src/sources/alertmanager/alert-decode.ts';
import {HttpFailure} from '../../../src/sources/http/http-errors.ts';
import type {JsonStream} from '../../../src/sources/http/http-client.ts';
import {failureOf} from '../../helpers/failure.ts';

/** A body delivered in chunks of `size` bytes, as the HTTP client streams it. */
function body(value: unknown, size = 97): JsonStream {
  const bytes = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  return {
    read: async (each) => {
      for (let i = 0; i < bytes.length; i += size) each(bytes.subarray(i, i + size));
    },
    invalid: (head) => new HttpFailure('bad-response', `invalid JSON (${head.slice(0, 20)})`, 200, null),
  };
}

const wire = (fp: string, extra: Record<string, unknown> = {}) => ({
  labels: {alertname: `Alert${fp}`, service: 'checkout', severity: 'critical'},
  annotations: {summary: `summary ${fp}`},
  fingerprint: fp,
  startsAt: '2026-11-22T03:00:00Z',
  endsAt: '2026-11-22T07:00:00Z',
  updatedAt: '2026-11-22T03:00:00Z',
  receivers: [{name: 'x'}],
  status: {state: 'active', silencedBy: [], inhibitedBy: []},
  ...extra,
});

describe('createAlertDecoder', () => {
  it('decodes a body arriving in chunks into the alerts, in order', async () => {
    const d = createAlertDecoder('am');
    const alerts = await d.decode(body([wire('a'), wire('b'), wire('c')], 5), 'am /api/v2/alerts');
    expect(alerts.map((a) => [a.fingerprint, a.name, a.severity, a.seenBy])).toEqual([
      ['a', 'Alerta', 'critical', ['am']],
      ['b', 'Alertb', 'critical', ['am']],
      ['c', 'Alertc', 'critical', ['am']],
    ]);
    expect(d.stats()).toEqual({parsed: 3, reused: 0, sameBody: false, whole: true});
  });

  it('skips a byte-identical body: nothing is parsed and the previous list itself comes back', async () => {
    const d = createAlertDecoder('am');
    const list = [wire('a'), wire('b')];
    const first = await d.decode(body(list), 'w');
    // The second poll is the first with something to compare with: it keys every alert.
    const second = await d.decode(body(list, 13), 'w');
    expect(second).toBe(first);
    expect(d.stats()).toEqual({parsed: 2, reused: 0, sameBody: true, whole: false});
    const third = await d.decode(body(list, 7), 'w');
    expect(third).toBe(first);
    expect(d.stats()).toEqual({parsed: 0, reused: 2, sameBody: true, whole: false});
  });

  it('interns a first poll\'s alerts only when a later poll keeps them (a one-shot command, with one poll, never pays for it)', async () => {
    const d = createAlertDecoder('am');
    const shared = (a: {seenBy: string[]; silencedBy: string[]}) => Object.isFrozen(a.seenBy) && Object.isFrozen(a.silencedBy);
    const [a1, b1] = await d.decode(body([wire('a'), wire('b')]), 'w');
    expect([shared(a1!), shared(b1!)]).toEqual([false, false]);
    // The same body: the same objects, still as decoded.
    expect(await d.decode(body([wire('a'), wire('b')]), 'w')).toEqual([a1, b1]);
    const [a3, , c3] = await d.decode(body([wire('a'), wire('b'), wire('c')]), 'w');
    expect(a3).toBe(a1);
    expect([shared(a3!), shared(c3!)]).toEqual([true, true]);
    expect(a3!.seenBy).toBe(c3!.seenBy);
    expect(a3).toEqual({...a1, seenBy: ['am'], silencedBy: [], inhibitedBy: []});
  });

  it('parses only what changed and keeps every other alert as the same object', async () => {
    const d = createAlertDecoder('am');
    await d.decode(body([wire('a'), wire('b'), wire('c')]), 'w');
    const first = await d.decode(body([wire('a'), wire('b'), wire('c')], 31), 'w');
    // Alertmanager rewrites updatedAt and endsAt on every resend: not a change for the dashboard.
    const resent = [wire('a', {updatedAt: '2026-11-22T03:01:00Z', endsAt: '2026-11-22T07:01:00Z'}), wire('b', {status: {state: 'suppressed', silencedBy: ['s1'], inhibitedBy: []}}), wire('d')];
    const second = await d.decode(body(resent), 'w');
    expect(d.stats()).toEqual({parsed: 2, reused: 1, sameBody: false, whole: false});
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect([second[1]!.state, second[1]!.silencedBy, second[2]!.fingerprint]).toEqual(['suppressed', ['s1'], 'd']);
  });

  it('names the element and field of a wrong shape, counted across chunks', async () => {
    const d = createAlertDecoder('am');
    const failure = await failureOf(d.decode(body([wire('a'), wire('b'), {...wire('c'), fingerprint: 7}], 11), 'am /api/v2/alerts'));
    expect([failure.kind, failure.message]).toEqual(['bad-response', 'am /api/v2/alerts: unexpected response shape at 2.fingerprint: Invalid input: expected string, received number']);
  });

  it('fails a body that is not an array as the whole-body decode did, and invalid JSON as invalid', async () => {
    const d = createAlertDecoder('am');
    expect((await failureOf(d.decode(body({error: 'x'}), 'w'))).message).toBe('w: unexpected response shape: Invalid input: expected array, received object');
    expect((await failureOf(d.decode(body(''), 'w'))).message).toBe('w: unexpected response shape: Invalid input: expected array, received null');
    expect((await failureOf(d.decode(body('[{"a": 1}, {oops}]'), 'w'))).message).toBe('invalid JSON ([{"a": 1}, {oops}])');
    expect((await failureOf(d.decode(body('[{"a": 1}'), 'w'))).message).toBe('invalid JSON ([{"a": 1})');
  });

  it('after a failed poll, the next good body is compared with the last good one', async () => {
    const d = createAlertDecoder('am');
    const first = await d.decode(body([wire('a')]), 'w');
    await failureOf(d.decode(body('[{"x"'), 'w'));
    expect(await d.decode(body([wire('a')]), 'w')).toBe(first);
  });
});

describe('createAlertDecoder, read once (a one-shot command)', () => {
  // Bodies whose decoding both ways must agree: values, the same failure, the same message.
  const cases: Array<[string, unknown]> = [
    ['alerts of every state and odd values', [wire('a'), wire('b', {status: {state: 'suppressed', silencedBy: ['s1'], inhibitedBy: ['i']}}), wire('c', {labels: {alertname: 'X\u001b[2J', severity: 'page'}, annotations: {}, endsAt: '0001-01-01T00:00:00Z'})]],
    ['an empty list', []],
    ['a wrong shape at an index', [wire('a'), wire('b'), {...wire('c'), fingerprint: 7}]],
    ['not an array', {error: 'x'}],
    ['an empty body', ''],
    ['invalid JSON after a good element', '[{"a": 1}, {oops}]'],
    ['a truncated body', '[{"a": 1}'],
    ['a wrong shape before invalid JSON', `[${JSON.stringify({...wire('a'), fingerprint: 7})}, {oops}]`],
  ];

  it.each(cases)('decodes %s as a poll does, walked or gathered', async (_name, value) => {
    const settle = (p: Promise<unknown>) => p.then((v) => ({ok: v}), (e: unknown) => ({failed: e instanceof Error ? [e.constructor.name, e.message] : e}));
    // Walked element by element (a first poll above the size parsed whole, or any later poll).
    const walked = createAlertDecoder('am', {firstWholeUpTo: 0});
    const polled = await settle(walked.decode(body(value, 13), 'am /api/v2/alerts'));
    const gathered = await settle(createAlertDecoder('am').decode(body(value, 13), 'am /api/v2/alerts'));
    const once = await settle(createAlertDecoder('am').decode(body(value, 13), 'am /api/v2/alerts', true));
    expect(once).toEqual(polled);
    expect(gathered).toEqual(polled);
  });
});

describe('createAlertDecoder, a first poll', () => {
  const list = Array.from({length: 40}, (_, i) => wire(`f${i}`));
  const size = Buffer.byteLength(JSON.stringify(list));

  it('is parsed in one piece while it is small, walked once it grows past the size, the same alerts either way', async () => {
    const small = createAlertDecoder('am', {firstWholeUpTo: size});
    const large = createAlertDecoder('am', {firstWholeUpTo: size - 1});
    const a = await small.decode(body(list, 211), 'w');
    const b = await large.decode(body(list, 211), 'w');
    expect([small.stats().whole, large.stats().whole]).toEqual([true, false]);
    expect(a).toEqual(b);
    expect(a.map((x) => x.fingerprint)).toEqual(list.map((x) => x.fingerprint));
  });

  it('after one parsed whole, the next poll compares, keys and reuses as after a walked one', async () => {
    const d = createAlertDecoder('am');
    const first = await d.decode(body(list), 'w');
    expect(d.stats().whole).toBe(true);
    // The same bytes: the list itself back, each alert keyed for the poll after.
    expect(await d.decode(body(list, 50), 'w')).toBe(first);
    expect(d.stats()).toEqual({parsed: 40, reused: 0, sameBody: true, whole: false});
    const changed = [...list.slice(1), wire('new')];
    const third = await d.decode(body(changed), 'w');
    expect(d.stats()).toEqual({parsed: 1, reused: 39, sameBody: false, whole: false});
    expect(third[0]).toBe(first[1]);
  });

  it('a failed one leaves nothing behind: the next good body is still a first poll', async () => {
    const d = createAlertDecoder('am');
    await failureOf(d.decode(body('[{"x"'), 'w'));
    await failureOf(d.decode(body([{...wire('a'), fingerprint: 7}]), 'w'));
    expect(await d.decode(body(list), 'w')).toHaveLength(40);
    expect(d.stats()).toEqual({parsed: 40, reused: 0, sameBody: false, whole: true});
  });

  it('keeps nothing for a later poll, which decodes every element again', async () => {
    const d = createAlertDecoder('am');
    const first = await d.decode(body([wire('a'), wire('b')]), 'w', true);
    expect(d.stats()).toEqual({parsed: 2, reused: 0, sameBody: false, whole: true});
    const second = await d.decode(body([wire('a'), wire('b')]), 'w');
    expect(second).toEqual(first);
    expect(second[0]).not.toBe(first[0]);
    // A first poll again (small: parsed whole).
    expect(d.stats()).toEqual({parsed: 2, reused: 0, sameBody: false, whole: true});
  });
});

describe('elementKey', () => {
  const key = (v: unknown) => elementKey(Buffer.from(JSON.stringify(v)));
  it('ignores only the fields Alertmanager rewrites on every resend, wherever they are', () => {
    const a = wire('a');
    expect(key({...a, updatedAt: '2026-11-22T03:09:00Z', endsAt: '2026-11-22T09:00:00.123Z'})).toBe(key(a));
    // Moved to the end: the same bytes around them.
    const {updatedAt, endsAt, ...rest} = a;
    expect(key({...rest, updatedAt: 'x', endsAt: 'y'})).toBe(key({...rest, endsAt: 'z', updatedAt: 'w'}));
    expect(updatedAt && endsAt).toBeTruthy();
    for (const changed of [{startsAt: '2026-11-22T03:00:01Z'}, {labels: {...a.labels, pod: 'b'}}, {status: {state: 'suppressed', silencedBy: ['s'], inhibitedBy: []}}, {fingerprint: 'b'}]) {
      expect(key({...a, ...changed})).not.toBe(key(a));
    }
    expect(key(a)).toHaveLength(16);
  });

  it('is the first 96 bits of the SHA-256 of the bytes without those fields, for elements of any size in any order', () => {
    // The bytes are gathered in a scratch buffer that grows and is reused: a long element after
    // short ones, then a short one again, must each hash exactly their own bytes.
    const sized = (n: number) => ({...wire('a'), annotations: {summary: 'x'.repeat(n)}});
    for (const v of [sized(1), sized(40_000), sized(3), sized(100_000), sized(0)]) {
      const bytes = Buffer.from(JSON.stringify(v));
      const kept: Buffer[] = [];
      let from = 0;
      for (const [start, end] of volatileRanges(bytes)) {
        kept.push(bytes.subarray(from, start));
        from = end;
      }
      kept.push(bytes.subarray(from));
      expect(elementKey(bytes)).toBe(createHash('sha256').update(Buffer.concat(kept)).digest().toString('base64', 0, 12));
    }
  });

  it('leaves a value with an escape, and the same words inside a string, in the key', () => {
    const bytes = Buffer.from(JSON.stringify({labels: {note: '"updatedAt":"x"'}, updatedAt: 'a\\b', endsAt: 'e'}));
    const text = bytes.toString();
    expect(volatileRanges(bytes).map(([from, to]) => text.slice(from, to))).toEqual(['"endsAt":"e"']);
    const other = Buffer.from(JSON.stringify({labels: {note: '"updatedAt":"y"'}, updatedAt: 'a\\b', endsAt: 'e'}));
    expect(elementKey(other)).not.toBe(elementKey(bytes));
  });
});
